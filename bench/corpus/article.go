package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Label kinds, in the order of Article's lists and of every report.
const (
	Topics = iota
	Places
	People
	Orgs
	numKinds
)

// KindNames are the JSON field names of the label kinds.
var KindNames = [numKinds]string{"topics", "places", "people", "orgs"}

// Article is one news article of a source or generated corpus.
type Article struct {
	ID       string
	Date     time.Time // zero when the source has none
	Title    string
	Dateline string
	Body     string
	Labels   [numKinds][]string // topics, places, people, orgs
}

// ErrSource is returned (wrapped) for a source line that cannot be read.
var ErrSource = errors.New("bad source article")

// sourceLine is the loose shape read from a JSON Lines source: the peers'
// shape (date, people) and Pulse's (published_at, persons, tags).
type sourceLine struct {
	ID          json.RawMessage   `json:"id"`
	Date        string            `json:"date"`
	PublishedAt string            `json:"published_at"`
	Title       string            `json:"title"`
	Dateline    string            `json:"dateline"`
	Body        string            `json:"body"`
	Topics      []json.RawMessage `json:"topics"`
	Tags        []string          `json:"tags"`
	Category    string            `json:"category"`
	Places      []json.RawMessage `json:"places"`
	People      []json.RawMessage `json:"people"`
	Persons     []json.RawMessage `json:"persons"`
	Orgs        []json.RawMessage `json:"orgs"`
}

// ReadArticles calls fn for each article of a JSON Lines stream, gzipped or
// not (detected from the first bytes). Labels may be strings or {id, name}
// objects; topics fall back to tags, then to a category string. It returns
// an error wrapping ErrSource naming the line of the first unreadable
// article, or fn's error.
func ReadArticles(r io.Reader, fn func(*Article) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	var a Article
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			if perr := parseLine(b, &a); perr != nil {
				return fmt.Errorf("line %d: %w: %w", line, ErrSource, perr)
			}
			if ferr := fn(&a); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

// ReadFile is ReadArticles on a file.
func ReadFile(path string, fn func(*Article) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := ReadArticles(f, fn); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func parseLine(b []byte, a *Article) error {
	var in sourceLine
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*a = Article{Title: in.Title, Dateline: in.Dateline, Body: in.Body}
	var id string
	if err := json.Unmarshal(in.ID, &id); err != nil {
		id = strings.Trim(string(in.ID), `"`)
	}
	a.ID = id
	date := in.Date
	if date == "" {
		date = in.PublishedAt
	}
	if date != "" {
		t, err := time.Parse(time.RFC3339Nano, date)
		if err != nil {
			if t, err = time.Parse("2006-01-02", date); err != nil {
				return fmt.Errorf("date %q: not RFC 3339", date)
			}
		}
		a.Date = t.UTC()
	}
	var err error
	if a.Labels[Topics], err = labelList(in.Topics); err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	if len(in.Topics) == 0 {
		a.Labels[Topics] = in.Tags
		if len(in.Tags) == 0 && in.Category != "" {
			a.Labels[Topics] = []string{in.Category}
		}
	}
	if a.Labels[Places], err = labelList(in.Places); err != nil {
		return fmt.Errorf("places: %w", err)
	}
	people := in.People
	if len(people) == 0 {
		people = in.Persons
	}
	if a.Labels[People], err = labelList(people); err != nil {
		return fmt.Errorf("people: %w", err)
	}
	if a.Labels[Orgs], err = labelList(in.Orgs); err != nil {
		return fmt.Errorf("orgs: %w", err)
	}
	return nil
}

// labelList reads a list of names or {id, name} objects, keeping the id.
func labelList(raw []json.RawMessage) ([]string, error) {
	var out []string
	for _, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err == nil {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
			continue
		}
		var obj struct{ ID, Name string }
		if err := json.Unmarshal(r, &obj); err != nil {
			return nil, fmt.Errorf("label must be a name or an {id, name} object, got %.40s", r)
		}
		if obj.ID == "" {
			obj.ID = obj.Name
		}
		if obj.ID != "" {
			out = append(out, obj.ID)
		}
	}
	return out, nil
}
