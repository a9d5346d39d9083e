package ninjs

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
		{"object 1.x", "a.json", `{"uri": "http://x/1", "headline": "H", "body_text": "B"}`, true},
		{"object 2.x", "a.json", `{"uri": "urn:x", "headlines": [{"value": "H"}]}`, true},
		{"array", "a.json", `[{"uri": "urn:x", "versioncreated": "2025-01-01T00:00:00Z"}]`, true},
		{"ndjson", "a.ndjson", "{\"uri\":\"urn:1\",\"byline\":\"A\"}\n{\"uri\":\"urn:2\"}", true},
		{"standard", "a.json", `{"uri": "urn:x", "standard": {"name": "ninjs"}}`, true},
		{"pulse jsonl", "a.jsonl", `{"id": "1", "title": "T", "body": "B", "url": "https://x"}`, false},
		{"bbc jsonl", "bbc.jsonl", `{"id": "business/001", "category": "business", "title": "T", "body": "B"}`, false},
		{"json feed", "feed.json", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, false},
		{"only uri", "a.json", `{"uri": "urn:x", "title": "T"}`, false},
		{"xml", "a.xml", `<rss>`, false},
		{"empty", "a.json", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Reader{}).Detect(tt.file, []byte(tt.head)); got != tt.want {
				t.Fatalf("Detect(%q, %q) = %v, want %v", tt.file, tt.head, got, tt.want)
			}
		})
	}
}

// mustItems reads data and returns the items and Read's error.
func mustItems(tb testing.TB, rd Reader, data string) ([]format.Item, error) {
	tb.Helper()
	var items []format.Item
	err := rd.Read(strings.NewReader(data), "in.json", func(it format.Item) error {
		items = append(items, it)
		return nil
	})
	return items, err
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		rd    Reader
		data  string
		cause error
		code  string
	}{
		{"empty", testReader, "", ErrMalformed, pulse.EInvalid},
		{"blank", testReader, "  \n\t\n", ErrMalformed, pulse.EInvalid},
		{"not json", testReader, "<html>", ErrMalformed, pulse.EInvalid},
		{"binary", testReader, "\x00\x01\x02", ErrMalformed, pulse.EInvalid},
		{"array too large", Reader{MaxBytes: 40}, `[{"uri": "urn:1", "headline": "A headline that is long enough"}]`, format.ErrTooLarge, pulse.ETooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mustItems(t, tt.rd, tt.data)
			if !errors.Is(err, tt.cause) || pulse.ErrorCode(err) != tt.code {
				t.Fatalf("Read = %v (code %s), want %v (%s)", err, pulse.ErrorCode(err), tt.cause, tt.code)
			}
			if !strings.HasPrefix(err.Error(), "in.json: ") {
				t.Fatalf("error %q does not name the file", err)
			}
		})
	}
}

func TestReadLongLine(t *testing.T) {
	long := `{"uri":"urn:1","headline":"Long","body_text":"` + strings.Repeat("word ", 100) + `"}`
	data := long + "\n" + `{"uri":"urn:2","headline":"Short","body_text":"Fine."}` + "\n"
	items, err := mustItems(t, Reader{MaxBytes: testReader.MaxBytes, MaxItemBytes: 200}, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || !errors.Is(items[0].Err, format.ErrTooLarge) || items[0].Pos != "line 1" || items[1].Err != nil || items[1].Article.ID != "urn:2" {
		t.Fatalf("items = %+v, want line 1 too large and line 2 read", items)
	}
}

func TestWithdrawnKeepsID(t *testing.T) {
	a, err := Reader{}.Parse([]byte(`{"uri": "urn:gone", "pubstatus": "withheld", "headline": "H"}`))
	if !errors.Is(err, ErrNotUsable) || a.ID != "urn:gone" {
		t.Fatalf("Parse = %+v, %v; want ID urn:gone and ErrNotUsable", a, err)
	}
}

func TestRawIsTheObject(t *testing.T) {
	line := `{"uri":"urn:1","headline":"H","body_text":"B."}`
	items, err := mustItems(t, testReader, line+"\n"+line+"\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if string(it.Raw) != line {
			t.Fatalf("%s: Raw = %q, want the line", it.Pos, it.Raw)
		}
	}
}

func TestReadStopsOnEmitError(t *testing.T) {
	for _, data := range []string{
		"{\"uri\":\"urn:1\",\"headline\":\"A\"}\n{\"uri\":\"urn:2\",\"headline\":\"B\"}\n",
		`[{"uri":"urn:1","headline":"A"},{"uri":"urn:2","headline":"B"}]`,
	} {
		full := errors.New("queue full")
		for _, tt := range []struct {
			stop, want error
		}{{format.ErrStop, nil}, {full, full}} {
			n := 0
			err := testReader.Read(strings.NewReader(data), "in.json", func(format.Item) error {
				n++
				return tt.stop
			})
			if err != tt.want || n != 1 {
				t.Fatalf("emit returning %v: Read = %v after %d items, want %v after 1", tt.stop, err, n, tt.want)
			}
		}
	}
}

// FuzzRead checks that any input is rejected whole with a clear error or
// gives items that are valid articles or clear errors.
func FuzzRead(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".golden") {
			if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Reader{MaxBytes: testReader.MaxBytes, MaxItemBytes: 4096}.Read(bytes.NewReader(data), "fuzz.json", func(it format.Item) error {
			formattest.CheckItem(t, it)
			return nil
		})
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, format.ErrTooLarge) {
			t.Fatalf("Read returned an unclassified error: %v", err)
		}
	})
}

func TestReaderLocation(t *testing.T) {
	rd := Reader{Location: time.FixedZone("CET", 3600)}
	a, err := rd.Parse([]byte(`{"uri": "urn:1", "headline": "H", "versioncreated": "2025-03-03T09:00:00", "firstcreated": "2025-03-03T08:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if a.PublishedAt.Format(time.RFC3339) != "2025-03-03T08:00:00Z" || !a.UpdatedAt.IsZero() {
		t.Fatalf("PublishedAt %v, UpdatedAt %v; want 08:00Z and no update (09:00 CET is 08:00Z)", a.PublishedAt, a.UpdatedAt)
	}
}
