package rawpage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/indexer/format/formattest"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             bool
	}{
		{"text file", "page.txt", "nigeriapulse.com\n\nHeadline\n\nThe minister visited the capital on Tuesday to discuss security, and officials said the talks went well.\n", true},
		{"no extension", "pages/page-17", "Headline\n\nThe minister visited the capital on Tuesday to discuss security, and officials said the talks went well.", true},
		{"bom", "page.txt", "\ufeffHeadline\n\nThe minister visited the capital on Tuesday to discuss security, and officials said the talks went well.", true},
		{"a note, not a page", "notes.txt", "buy milk\nnot an article format", false},
		{"html", "page.txt", "<!DOCTYPE html><html>", false},
		{"json", "page.txt", `{"title": "x"}`, false},
		{"other extension", "page.html", "Headline", false},
		{"jsonl", "a.jsonl", "Headline", false},
		{"binary", "page.txt", "Head\x00line", false},
		{"latin1", "page.txt", "Caf\xe9 owners", false},
		{"cut rune", "page.txt", "The minister visited the capital on Tuesday to discuss security, and officials said the talks went well.\n\nCaf\xc3", true},
		{"empty", "page.txt", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Reader{}).Detect(tt.file, []byte(tt.head)); got != tt.want {
				t.Fatalf("Detect(%q, %q) = %v, want %v", tt.file, tt.head, got, tt.want)
			}
		})
	}
}

// mustReadAll runs rd over data and returns the items.
func mustReadAll(tb testing.TB, rd Reader, data []byte) []format.Item {
	tb.Helper()
	var items []format.Item
	if err := rd.Read(bytes.NewReader(data), "page.txt", func(it format.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return items
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name  string
		rd    Reader
		data  []byte
		cause error
	}{
		{"too large", Reader{MaxBytes: 100}, bytes.Repeat([]byte("word "), 100), format.ErrTooLarge},
		{"binary", testReader, []byte("PK\x03\x04\x14\x00\x00\x00"), format.ErrBinary},
		{"not utf-8", testReader, []byte("Caf\xe9 owners protest.\n\nThe caf\xe9 is closing."), format.ErrNotUTF8},
		{"empty", testReader, nil, format.ErrNoBody},
		{"menu only", testReader, []byte("Home\nNews\nSport\nContact\n"), format.ErrNoBody},
		{"too many lines", testReader, bytes.Repeat([]byte("ab\n"), MaxLines), format.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := mustReadAll(t, tt.rd, tt.data)
			if len(items) != 1 {
				t.Fatalf("got %d items, want 1", len(items))
			}
			it := items[0]
			if !errors.Is(it.Err, tt.cause) {
				t.Fatalf("Err = %v, want %v", it.Err, tt.cause)
			}
			if pulse.ErrorCode(it.Err) != pulse.EInvalid {
				t.Fatalf("ErrorCode = %s, want %s", pulse.ErrorCode(it.Err), pulse.EInvalid)
			}
			if it.Pos != "page" {
				t.Fatalf("Pos = %q, want page", it.Pos)
			}
		})
	}
}

func TestReadStopsOnEmitError(t *testing.T) {
	full := errors.New("queue full")
	for _, tt := range []struct {
		stop, want error
	}{{format.ErrStop, nil}, {full, full}} {
		err := testReader.Read(strings.NewReader("Headline Of The Day\n\nA paragraph of prose that ends here."), "p.txt", func(format.Item) error { return tt.stop })
		if err != tt.want {
			t.Fatalf("emit returning %v: Read = %v, want %v", tt.stop, err, tt.want)
		}
	}
}

func TestReadKeepsRaw(t *testing.T) {
	data := []byte("Headline Of The Day\n\nA paragraph of prose that ends here.")
	items := mustReadAll(t, testReader, data)
	if !bytes.Equal(items[0].Raw, data) {
		t.Fatalf("Raw = %q, want the input", items[0].Raw)
	}
}

// FuzzRead checks that any input gives one item that is a valid article
// or a clear error, and never a panic.
func FuzzRead(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, in := range inputs {
		if b, err := os.ReadFile(in); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "seed", "sample-page.txt")); err == nil {
		f.Add(b) // a seed when it is there; the fuzz test does not need it
	}
	f.Add([]byte("BAGHDAD (Reuters) - x\n\nBy A B | March 3, 2025"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := testReader.Read(bytes.NewReader(data), "fuzz.txt", func(it format.Item) error {
			n++
			formattest.CheckItem(t, it)
			if it.Err == nil && it.Article.Body == "" {
				t.Errorf("article without a body: %+v", it.Article)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Read returned %v for in-memory input", err)
		}
		if n != 1 {
			t.Fatalf("got %d items, want 1", n)
		}
	})
}

func TestReaderLocation(t *testing.T) {
	page := "Bridge Reopens After Long Repairs\n\nPublished: March 3, 2025 9:00 AM\n\nThe bridge reopened to traffic on Monday after six weeks of repairs, officials said."
	a, err := Reader{Location: time.FixedZone("WAT", 3600)}.Parse([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.PublishedAt.Format(time.RFC3339); got != "2025-03-03T08:00:00Z" {
		t.Fatalf("PublishedAt = %s, want 2025-03-03T08:00:00Z", got)
	}
}

func TestClean(t *testing.T) {
	paras := []string{
		"By Jane Doe | March 3, 2025",
		"The council approved the plan on Monday after a long debate.",
		"Advertisement",
		"Work will start in the autumn, the council said.",
		"Tags: council, harbour",
		"Original Source: www.example.org",
		"Leave a Reply",
		"Great news for the town, finally something is being done about it.",
	}
	got, l := Clean(paras, nil)
	want := []string{paras[1], paras[3]}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Clean paragraphs = %q, want %q", got, want)
	}
	if l.Author != "Jane Doe" || l.OriginalSource != "example.org" || strings.Join(l.Tags, ",") != "council,harbour" || l.Published.Format("2006-01-02") != "2025-03-03" {
		t.Fatalf("Clean labels = %+v", l)
	}
}
