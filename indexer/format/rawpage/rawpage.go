package rawpage

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Reader reads raw page text.
type Reader struct {
	// Location is the zone of dates printed without one; nil means UTC.
	Location *time.Location
	// MaxBytes caps a page's size (ingest.max_text_bytes); a larger page
	// is rejected with format.ErrTooLarge.
	MaxBytes int64
	// Now is the clock a dateline's day without a year ("RIYADH, April
	// 9") is read against, the time of ingest; nil means time.Now.
	Now func() time.Time
}

var _ format.Reader = Reader{}

// Name returns "rawpage".
func (Reader) Name() string { return "rawpage" }

// Detect reports whether name is a .txt or .text file, or has no
// extension, and head is text that does not open like markup or JSON.
// Raw text is what is left when no other format claims a file, so the
// indexer should try it last.
func (Reader) Detect(name string, head []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text", "":
	default:
		return false
	}
	if binaryAt(head) >= 0 || !validUTF8Head(head) {
		return false
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(t) == 0 || bytes.ContainsAny(t[:1], "<{[") {
		return false
	}
	// Plain text is a page only if it has prose: a list, a log or a
	// one-line note in a directory is skipped, not rejected.
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(string(t), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, strings.Join(strings.Fields(p), " "))
		}
	}
	return HasProse(paras)
}

// Read reads one page from r and emits it as one item at Pos "page". The
// item's Err wraps format.ErrTooLarge, format.ErrBinary, format.ErrNotUTF8 or format.ErrNoBody. Read
// returns an error only when r fails or emit does (format.ErrStop is not
// an error).
func (rd Reader) Read(r io.Reader, name string, emit func(format.Item) error) error {
	limit := rd.MaxBytes
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	it := format.Item{Pos: "page", Raw: data}
	if int64(len(data)) > limit {
		it.Raw = nil
		it.Err = &pulse.Error{Code: pulse.EInvalid, Err: format.ErrTooLarge,
			Message: fmt.Sprintf("page too large: over the %d-byte limit", limit)}
	} else {
		it.Article, it.Err = rd.Parse(data)
	}
	if err := emit(it); err != format.ErrStop {
		return err
	}
	return nil
}

// Parse checks that data is UTF-8 text and extracts its article. The
// error is a *pulse.Error (code invalid_parameter) wrapping format.ErrBinary,
// format.ErrNotUTF8 or format.ErrNoBody.
func (rd Reader) Parse(data []byte) (pulse.Article, error) {
	if i := binaryAt(data); i >= 0 {
		return pulse.Article{}, &pulse.Error{Code: pulse.EInvalid, Err: format.ErrBinary,
			Message: fmt.Sprintf("binary data, not text: control byte 0x%02x at offset %d", data[i], i)}
	}
	if !utf8.Valid(data) {
		i := invalidUTF8At(data)
		return pulse.Article{}, &pulse.Error{Code: pulse.EInvalid, Err: format.ErrNotUTF8,
			Message: fmt.Sprintf("not valid UTF-8: byte 0x%02x at offset %d (convert the page to UTF-8 first)", data[i], i)}
	}
	a, err := Extract(string(bytes.TrimPrefix(data, []byte("\ufeff"))), rd.Location, rd.now())
	if err != nil {
		return a, &pulse.Error{Code: pulse.EInvalid, Err: err, Message: err.Error()}
	}
	return a, nil
}

// now returns the time of ingest from rd.Now, or time.Now.
func (rd Reader) now() time.Time {
	if rd.Now != nil {
		return rd.Now()
	}
	return time.Now()
}

// binaryAt returns the offset of the first NUL or other control byte
// that text does not contain, or -1.
func binaryAt(b []byte) int {
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return i
		}
		if c == 0x7f {
			return i
		}
	}
	return -1
}

// validUTF8Head reports whether head is UTF-8, allowing a rune cut off at
// its end.
func validUTF8Head(head []byte) bool {
	for i := 0; i < utf8.UTFMax && len(head) > 0; i++ {
		if utf8.Valid(head) {
			return true
		}
		head = head[:len(head)-1]
	}
	return utf8.Valid(head)
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}
