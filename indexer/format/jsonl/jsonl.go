package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Reader reads JSON Lines.
type Reader struct {
	// Location is the zone of dates without one; nil means UTC.
	Location *time.Location
	// MaxLineBytes bounds one line (ingest.max_line_bytes); a longer line
	// is rejected with format.ErrTooLarge, and reading goes on after it.
	MaxLineBytes int64
}

// Name implements format.Reader.
func (Reader) Name() string { return "jsonl" }

// Detect implements format.Reader: a .jsonl or .ndjson file, or a .json
// file or stream whose first line is an object with a title or body.
func (Reader) Detect(name string, head []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return true
	}
	first, _, _ := bytes.Cut(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("\n"))
	if len(first) == 0 || first[0] != '{' {
		return false
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(first, &probe); err != nil {
		// A first line cut short by the 4 KiB head still names its keys.
		return bytes.Contains(first, []byte(`"title"`)) || bytes.Contains(first, []byte(`"body"`))
	}
	_, t := probe["title"]
	_, b := probe["body"]
	return t || b
}

// Read implements format.Reader.
func (r Reader) Read(in io.Reader, name string, emit func(format.Item) error) error {
	br := bufio.NewReaderSize(in, 64<<10)
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, r.MaxLineBytes)
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			it := format.Item{Pos: "line " + strconv.Itoa(n), Raw: line}
			if tooLong {
				it.Err = &pulse.Error{Code: pulse.EInvalid, Err: format.ErrTooLarge,
					Message: fmt.Sprintf("line longer than %d bytes", r.MaxLineBytes)}
			} else {
				it.Article, it.Err = r.Decode(line)
			}
			if e := emit(it); e != nil {
				if e == format.ErrStop {
					return nil
				}
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s, line %d: %w", name, n, err)
		}
	}
}

// readLine returns the next line without its newline; past max bytes it
// skips the rest of the line and reports it too long.
func readLine(br *bufio.Reader, max int64) ([]byte, bool, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if int64(len(line)+len(chunk)) <= max {
			line = append(line, chunk...)
		} else {
			line = line[:0]
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			return nil, true, err
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), false, err
	}
}

// input mirrors pulse.Article with the loose forms the format accepts.
type input struct {
	ID             json.RawMessage `json:"id"`
	URL            string          `json:"url"`
	Title          string          `json:"title"`
	Body           string          `json:"body"`
	Summary        string          `json:"summary"`
	Author         string          `json:"author"`
	Source         string          `json:"source"`
	OriginalSource string          `json:"original_source"`
	Section        string          `json:"section"`
	Language       string          `json:"language"`
	PublishedAt    string          `json:"published_at"`
	UpdatedAt      string          `json:"updated_at"`
	Dateline       string          `json:"dateline"`
	Tags           []string        `json:"tags"`
	Persons        []entityInput   `json:"persons"`
	Places         []entityInput   `json:"places"`
	Orgs           []entityInput   `json:"orgs"`
	Topics         []entityInput   `json:"topics"`
}

type entityInput struct{ pulse.Entity }

func (e *entityInput) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		e.Entity = pulse.Entity{ID: slug(s), Name: strings.TrimSpace(s)}
		return nil
	}
	var obj struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Country string `json:"country"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("entity must be a name or an {id, name} object, got %s", abbrev(b))
	}
	if obj.ID == "" {
		obj.ID = slug(obj.Name)
	}
	if obj.Name == "" {
		obj.Name = obj.ID
	}
	e.Entity = pulse.Entity{ID: obj.ID, Name: obj.Name, Country: strings.ToUpper(obj.Country)}
	return nil
}

// Decode reads one line's article.
func (r Reader) Decode(line []byte) (pulse.Article, error) {
	if !utf8.Valid(line) {
		// The message is the sentinel's own: "not valid UTF-8".
		return pulse.Article{}, fmt.Errorf("%w", format.ErrNotUTF8)
	}
	var in input
	if err := json.Unmarshal(line, &in); err != nil {
		return pulse.Article{}, fmt.Errorf("invalid JSON: %w", err)
	}
	a := pulse.Article{
		URL: in.URL, Title: in.Title, Body: in.Body, Summary: in.Summary,
		Author: in.Author, Source: in.Source, OriginalSource: in.OriginalSource,
		Section: in.Section, Language: in.Language, Dateline: in.Dateline, Tags: in.Tags,
	}
	id, err := decodeID(in.ID)
	if err != nil {
		return a, err
	}
	a.ID = id
	if a.PublishedAt, err = r.date("published_at", in.PublishedAt); err != nil {
		return a, err
	}
	if a.UpdatedAt, err = r.date("updated_at", in.UpdatedAt); err != nil {
		return a, err
	}
	conv := func(es []entityInput) []pulse.Entity {
		var out []pulse.Entity
		for _, e := range es {
			if e.ID != "" {
				out = append(out, e.Entity)
			}
		}
		return out
	}
	a.Persons, a.Places, a.Orgs, a.Topics = conv(in.Persons), conv(in.Places), conv(in.Orgs), conv(in.Topics)
	return a, nil
}

func (r Reader) date(field, s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	t, err := pulse.ParseTime(s, loc)
	if err != nil {
		return t, fmt.Errorf("%s: %w", field, err)
	}
	return t, nil
}

func decodeID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("id must be a string or a number, got %s", abbrev(raw))
}

// slug turns a name into an id: folded, spaces as hyphens.
func slug(s string) string {
	return strings.ReplaceAll(pulse.NormalizeKey(s), " ", "-")
}

func abbrev(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
