package jsonl

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
)

// testReader is the reader as indexer.Readers builds it from the shipped
// configuration.
var testReader = Reader{MaxLineBytes: config.Defaults().Ingest.MaxLineBytes}

func readAll(t *testing.T, r Reader, in string) []format.Item {
	t.Helper()
	var items []format.Item
	if err := r.Read(strings.NewReader(in), "t.jsonl", func(it format.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return items
}

func TestRead(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	in := `{"id": 7, "title": "T", "body": "B", "published_at": "2024-07-01", "places": ["Iraq", {"id": "us", "name": "United States", "country": "us"}], "extra": true}

{"title": "bad date", "published_at": "yesterday"}
not json
{"id": {"x": 1}, "title": "bad id"}
{"title": "U", "updated_at": "2024-03-01T10:00:00+02:00", "persons": [1]}
`
	items := readAll(t, Reader{Location: london, MaxLineBytes: testReader.MaxLineBytes}, in)
	if len(items) != 5 {
		t.Fatalf("got %d items, want 5 (blank lines skipped)", len(items))
	}
	a := items[0].Article
	if items[0].Err != nil || a.ID != "7" || a.Title != "T" || a.Body != "B" {
		t.Errorf("item 1: %+v %v", a, items[0].Err)
	}
	// A plain date is read in the reader's zone: midnight in London in
	// July is 23:00 UTC the day before.
	if got := a.PublishedAt.Format(time.RFC3339); got != "2024-06-30T23:00:00Z" {
		t.Errorf("published_at: got %s", got)
	}
	if len(a.Places) != 2 || a.Places[0].ID != "iraq" || a.Places[0].Name != "Iraq" || a.Places[1].Country != "US" {
		t.Errorf("places: %+v", a.Places)
	}
	wantErrs := []struct {
		pos, msg string
	}{
		{"line 3", "published_at"},
		{"line 4", "invalid JSON"},
		{"line 5", "id must be a string or a number"},
		{"line 6", "entity must be a name or an {id, name} object"},
	}
	for i, w := range wantErrs {
		it := items[i+1]
		if it.Pos != w.pos || it.Err == nil || !strings.Contains(it.Err.Error(), w.msg) {
			t.Errorf("item %d: pos %q err %v, want %s with %q", i+2, it.Pos, it.Err, w.pos, w.msg)
		}
	}
}

func TestLongLine(t *testing.T) {
	in := `{"title": "` + strings.Repeat("x", 2048) + `"}` + "\n" + `{"title": "after"}` + "\n"
	items := readAll(t, Reader{MaxLineBytes: 2048}, in)
	if len(items) != 2 || !errors.Is(items[0].Err, format.ErrTooLarge) || items[1].Article.Title != "after" {
		t.Fatalf("long line: %d items, first err %v", len(items), items[0].Err)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       bool
	}{
		{"a.jsonl", "", true},
		{"a.ndjson", "", true},
		{"stdin", `{"title": "x", "body": "y"}` + "\n", true},
		{"a.json", `{"uri": "x", "headline": "y"}`, false},
		{"a.txt", "plain text", false},
	} {
		if got := (Reader{}).Detect(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Detect(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"title": "T", "body": "B", "published_at": "2024"}`)
	f.Add(`{"id": 1.5, "persons": [{"name": "X"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		testReader.Read(strings.NewReader(in), "fuzz", func(it format.Item) error {
			if it.Err != nil {
				if it.Pos == "" {
					t.Fatal("error without position")
				}
				return nil
			}
			a := it.Article
			for _, s := range []string{a.ID, a.Title, a.Body} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in a valid item: %q", s)
				}
			}
			return nil
		})
	})
}
