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

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // RFC 3339, or "" for not a date
	}{
		{"rfc3339", "2025-03-14T09:30:00+01:00", "2025-03-14T08:30:00Z"},
		{"iso date", "2025-03-14", "2025-03-14T00:00:00Z"},
		{"iso no colon zone", "2025-03-14T09:30:00+0100", "2025-03-14T08:30:00Z"},
		{"http date", "Fri, 14 Mar 2025 09:30:00 GMT", "2025-03-14T09:30:00Z"},
		{"month day year", "March 12, 2025", "2025-03-12T00:00:00Z"},
		{"abbrev with dot", "Mar. 12, 2025", "2025-03-12T00:00:00Z"},
		{"sept", "Sept. 5, 2024", "2024-09-05T00:00:00Z"},
		{"day month year", "12 March 2025", "2025-03-12T00:00:00Z"},
		{"weekday ordinal at", "Wednesday 12th March 2025 at 10:30 a.m. GMT", "2025-03-12T10:30:00Z"},
		{"label published", "Published: 3 April 2025, 14:05 BST", "2025-04-03T13:05:00Z"},
		{"label updated", "Updated on March 3, 2025 8:02 pm", "2025-03-03T20:02:00Z"},
		{"et in summer", "Sep. 5, 2024 3:15 PM ET", "2024-09-05T19:15:00Z"},
		{"et in winter", "Jan 5, 2024 3:15 PM ET", "2024-01-05T20:15:00Z"},
		{"numeric zone", "12 Mar 2025 10:00 GMT+3", "2025-03-12T07:00:00Z"},
		{"wat", "March 3, 2025 9:00 AM WAT", "2025-03-03T08:00:00Z"},
		{"dotted european", "25.03.2025", "2025-03-25T00:00:00Z"},
		{"slash day first", "25/03/2025", "2025-03-25T00:00:00Z"},
		{"slash month first", "03/25/2025", "2025-03-25T00:00:00Z"},
		{"slash ambiguous", "03/04/2025", ""},
		{"year alone", "2025", ""},
		{"relative", "2 hours ago", ""},
		{"words", "Council approves sea wall", ""},
		{"far year", "March 3, 2525", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Fatalf("ParseDate(%q) = %v, want not a date", tt.in, got)
				}
				return
			}
			if !ok {
				t.Fatalf("ParseDate(%q): not a date, want %s", tt.in, tt.want)
			}
			if got.Location() != time.UTC || got.Format(time.RFC3339) != tt.want {
				t.Fatalf("ParseDate(%q) = %v, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitDateline(t *testing.T) {
	tests := []struct {
		name, in, dateline, agency string
	}{
		{"reuters", "BAGHDAD (Reuters) - Iraqi forces killed", "BAGHDAD", "Reuters"},
		{"with date", "LONDON, March 3 (Reuters) - Shares fell", "LONDON, March 3", "Reuters"},
		{"country", "GROSSETO, Italy (AP) -- The trial", "GROSSETO, Italy", "AP"},
		{"em dash", "WASHINGTON — The Senate passed", "WASHINGTON", ""},
		{"two words", "NEW YORK, Feb 26 - U.S. stocks", "NEW YORK, Feb 26", ""},
		{"colon", "NEW DELHI: The government said", "NEW DELHI", ""},
		{"mixed case with agency", "Lagos, March 3 (AFP) - The bridge", "Lagos, March 3", "AFP"},
		{"mixed case without agency", "Lagos - The bridge reopened", "", ""},
		{"label not place", "UPDATE: The minister resigned", "", ""},
		{"breaking", "BREAKING - Markets fall", "", ""},
		{"ordinary sentence", "The minister said on Monday that", "", ""},
		{"acronym", "US - talks resume", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, a := SplitDateline(tt.in)
			if d != tt.dateline || a != tt.agency {
				t.Fatalf("SplitDateline(%q) = %q, %q; want %q, %q", tt.in, d, a, tt.dateline, tt.agency)
			}
		})
	}
}

func TestIsBoilerplate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Share | Tweet | Email", true},
		{"Advertisement", true},
		{"Read more: Syria's foreign minister visits Baghdad", true},
		{"We use cookies to improve your experience. By continuing you accept our use of cookies.", true},
		{"Your email address will not be published. Required fields are marked *", true},
		{"© 2025 Global Wire. All rights reserved.", true},
		{"5 min read", true},
		{"Sign up for our morning newsletter", true},
		{"(AP Photo/Jane Doe)", true},
		{"The bakery's cookies won first prize at the county fair on Saturday.", false},
		{"The council said the harbour would stay open throughout the work.", false},
		{"Read more about the plan in the council's report, which was published on Monday.", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsBoilerplate(tt.in); got != tt.want {
				t.Fatalf("IsBoilerplate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

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

func TestParseDateIn(t *testing.T) {
	lagos := time.FixedZone("WAT", 3600)
	tests := []struct {
		name, in, want string
	}{
		{"no zone uses location", "March 3, 2025 9:00 AM", "2025-03-03T08:00:00Z"},
		{"date only uses location", "2025-03-03", "2025-03-02T23:00:00Z"},
		{"zone wins", "March 3, 2025 9:00 AM GMT", "2025-03-03T09:00:00Z"},
		{"rfc 3339 wins", "2025-03-03T09:00:00Z", "2025-03-03T09:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDateIn(tt.in, lagos)
			if !ok || got.Format(time.RFC3339) != tt.want {
				t.Fatalf("ParseDateIn(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
			}
		})
	}
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
