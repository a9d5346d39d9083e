package ninjs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Causes of errors, for errors.Is.
var (
	ErrMalformed = errors.New("malformed JSON")
	ErrField     = errors.New("bad field")
	ErrNotText   = errors.New("not a text item")
	ErrNotUsable = errors.New("not usable")
)

// Reader reads IPTC ninjs files.
type Reader struct {
	// Location is the zone of dates given without one; nil means UTC.
	Location *time.Location
	// MaxBytes caps a file read as one JSON array or as a stream of
	// objects (ingest.max_file_bytes). NDJSON files are read line by
	// line and have no overall cap.
	MaxBytes int64
	// MaxItemBytes caps one NDJSON line (ingest.max_line_bytes).
	MaxItemBytes int64
}

var _ format.Reader = Reader{}

// Name returns "ninjs".
func (Reader) Name() string { return "ninjs" }

var (
	reNinjsKey    = regexp.MustCompile(`"(uri|versioncreated|firstcreated|contentcreated|headlines|bodies|body_text|body_html|body_xhtml|byline|located|pubstatus|urgency|descriptions|description_text|representationtype|copyrightnotice|copyrightholder|\$standard|infosources?|altids)"\s*:`)
	reNinjsSchema = regexp.MustCompile(`"[^"]*ninjs[^"]*"`)
)

// Detect reports whether head is JSON (an object, an array or NDJSON)
// whose keys are ninjs's: at least two distinct ninjs properties (uri,
// versioncreated, headlines, body_text, …) or a schema or standard naming
// ninjs. The name is not used: ninjs comes as .json, .ndjson or .jsonl,
// which Pulse's own JSON Lines share, so the indexer should try this
// reader before the JSON Lines one.
func (Reader) Detect(_ string, head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(h) == 0 || (h[0] != '{' && h[0] != '[') {
		return false
	}
	seen := map[string]bool{}
	for _, m := range reNinjsKey.FindAllSubmatch(h, -1) {
		seen[string(m[1])] = true
	}
	return len(seen) >= 2 || (seen["uri"] && reNinjsSchema.Match(h))
}

// Read reads the ninjs items of r: one object, an array of objects, or
// one object per line (NDJSON). It emits one item per object, at Pos
// "line N" for NDJSON and "entry N" otherwise. An item's Err wraps
// ErrMalformed, format.ErrTooLarge, format.ErrNotUTF8, ErrField, format.ErrNoText, ErrNotText
// or ErrNotUsable; after a malformed entry in an array or object stream
// the rest of the file cannot be found and the read ends there. Read
// returns an error when the file is empty or not JSON, when it is over
// MaxBytes, when r fails, or when emit does (format.ErrStop is not an
// error).
func (rd Reader) Read(r io.Reader, name string, emit func(format.Item) error) error {
	maxItem, maxFile := rd.MaxItemBytes, rd.MaxBytes
	br := bufio.NewReaderSize(r, 1<<20)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	first, err := skipSpace(br)
	if err == io.EOF {
		return fileError(name, ErrMalformed, "empty file, no ninjs items")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	switch first {
	case '[':
		err = rd.readStream(br, name, maxFile, true, emit)
	case '{':
		if isNDJSON(br) {
			err = rd.readLines(br, name, maxItem, emit)
		} else {
			err = rd.readStream(br, name, maxFile, false, emit)
		}
	default:
		return fileError(name, ErrMalformed, fmt.Sprintf("not ninjs JSON: starts with %q, want an object, an array or one object per line", first))
	}
	if err == format.ErrStop {
		return nil
	}
	return err
}

// skipSpace discards white space and returns the next byte, unread.
func skipSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			br.UnreadByte()
			return b, nil
		}
	}
}

// isNDJSON reports whether the file holds one object per line: one of
// its first lines (as far as the buffer holds them) starts with "{" at
// the left margin and is a whole JSON value. Pretty-printed objects open
// with a line that is not, and indent what they nest.
func isNDJSON(br *bufio.Reader) bool {
	buf, _ := br.Peek(br.Size())
	for n := 0; n < 5; n++ {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			return false
		}
		line := bytes.TrimRight(buf[:i], "\r")
		if len(line) > 0 && line[0] == '{' && json.Valid(line) {
			return true
		}
		buf = buf[i+1:]
	}
	return false
}

// readLines reads NDJSON: one object per line, blank lines skipped.
func (rd Reader) readLines(br *bufio.Reader, name string, maxItem int64, emit func(format.Item) error) error {
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, maxItem)
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s, line %d: %w", name, n, err)
		}
		pos := fmt.Sprintf("line %d", n)
		switch {
		case tooLong:
			if e := emit(format.Item{Pos: pos, Err: itemError(format.ErrTooLarge, fmt.Sprintf("line longer than %d bytes", maxItem))}); e != nil {
				return e
			}
		case len(bytes.TrimSpace(line)) > 0:
			it := convertItem(line, rd.Location)
			it.Pos = pos
			if e := emit(it); e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line without its end, or reports that it was
// longer than max (and skips it).
func readLine(br *bufio.Reader, max int64) ([]byte, bool, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(chunk)) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, err
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readStream reads a JSON array of objects, or objects one after
// another, with a decoder.
func (rd Reader) readStream(br *bufio.Reader, name string, max int64, array bool, emit func(format.Item) error) error {
	cr := &countingReader{r: io.LimitReader(br, max+1)}
	dec := json.NewDecoder(cr)
	tooLarge := func() error {
		return fileError(name, format.ErrTooLarge, fmt.Sprintf("file too large: over the %d-byte limit", max))
	}
	if array {
		if _, err := dec.Token(); err != nil {
			return fileError(name, ErrMalformed, fmt.Sprintf("malformed JSON: %v", err))
		}
	}
	for n := 1; ; n++ {
		if array && !dec.More() {
			break
		}
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !array {
			return nil
		}
		pos := fmt.Sprintf("entry %d", n)
		if err == io.EOF {
			// Inside an array, the end of input is a truncation.
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			if cr.n > max {
				return tooLarge()
			}
			var se *json.SyntaxError
			if !errors.As(err, &se) && !errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%s, %s: %w", name, pos, err)
			}
			// The decoder cannot find the next entry after a syntax
			// error, so this is the last item of the file.
			return emit(format.Item{Pos: pos, Err: itemError(ErrMalformed, fmt.Sprintf("malformed JSON, rest of file skipped: %v", err))})
		}
		it := convertItem(raw, rd.Location)
		it.Pos = pos
		if e := emit(it); e != nil {
			return e
		}
	}
	if _, err := dec.Token(); err != nil {
		if cr.n > max {
			return tooLarge()
		}
		return emit(format.Item{Pos: "end of array", Err: itemError(ErrMalformed, fmt.Sprintf("malformed JSON after the last entry: %v", err))})
	}
	return nil
}

// convertItem turns one raw object into an item.
func convertItem(raw []byte, loc *time.Location) format.Item {
	it := format.Item{Raw: bytes.Clone(raw)}
	if !utf8.Valid(raw) {
		it.Err = itemError(format.ErrNotUTF8, fmt.Sprintf("not valid UTF-8 at byte %d", invalidUTF8At(raw)))
		return it
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] != '{' {
		it.Err = itemError(ErrField, fmt.Sprintf("want a ninjs object, got %s", jsonKind(raw)))
		return it
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		it.Err = itemError(ErrMalformed, "malformed JSON: "+err.Error())
		return it
	}
	it.Article, it.Err = convert(obj, loc)
	return it
}

func fileError(name string, cause error, msg string) error {
	code := pulse.EInvalid
	if cause == format.ErrTooLarge {
		code = pulse.ETooLarge
	}
	return &pulse.Error{Code: code, Err: cause, Message: name + ": " + msg}
}

func itemError(cause error, msg string) error {
	return &pulse.Error{Code: pulse.EInvalid, Err: cause, Message: msg}
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

// jsonKind names the JSON type of a raw value.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
