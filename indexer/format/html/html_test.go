package html

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
		{"doctype", "page", "<!DOCTYPE html>\n<html>", true},
		{"html tag", "x.dat", "  <html lang=en>", true},
		{"comment first", "x", "<!-- saved -->\n<html><head>", true},
		{"extension", "story.htm", "just text", true},
		{"xhtml", "story.xhtml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", true},
		{"rss", "feed.html", "<?xml version=\"1.0\"?><rss version=\"2.0\">", false},
		{"atom", "x", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", false},
		{"sgml", "reut2-000.sgm", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS>", false},
		{"text", "page.txt", "Headline\n\nBody", false},
		{"json", "a.json", `{"uri": "x"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Reader{}).Detect(tt.file, []byte(tt.head)); got != tt.want {
				t.Fatalf("Detect(%q, %q) = %v, want %v", tt.file, tt.head, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two.</p>\n<p>Three&nbsp;four.</p>", "One two.\n\nThree four."},
		{"line break", "First line<br>second line", "First line\n\nsecond line"},
		{"entities only", "Fish &amp; chips &#8212; cheap", "Fish & chips — cheap"},
		{"plain paragraphs", "One.\n\n\n  Two   words.\r\n", "One.\n\nTwo words."},
		{"script dropped", "<p>Text.</p><script>var x = 1;</script><style>p{}</style>", "Text."},
		{"list", "<ul><li>a</li><li>b</li></ul>", "a\n\nb"},
		{"control and zero width", "a\u200bb\x00c\u00a0d", "a b c d"},
		{"invalid utf-8", "caf\xe9 au lait", "caf au lait"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Fatalf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseURL(t *testing.T) {
	page := `<html><head><link rel="canonical" href="/news/story-1"><meta property="og:title" content="A Story"></head>
<body><article><p>The council said on Monday that the bridge would reopen next week after repairs.</p></article></body></html>`
	tests := []struct {
		name, pageURL, want string
	}{
		{"relative canonical resolved", "https://example.com/news/story-1?utm_source=x", "https://example.com/news/story-1"},
		{"no base", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Reader{}.Parse([]byte(page), tt.pageURL, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tt.want {
				t.Fatalf("URL = %q, want %q", a.URL, tt.want)
			}
		})
	}
}

func TestParseContentTypeCharset(t *testing.T) {
	page := []byte("<html><body><article><h1>Caf\xe9s</h1><p>The caf\xe9s on the square said on Monday that they would stay open all summer.</p></article></body></html>")
	a, err := Reader{}.Parse(page, "", "text/html; charset=ISO-8859-1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Body, "cafés") {
		t.Fatalf("Body = %q, want it decoded from Latin-1", a.Body)
	}
}

// TestDatelineWithoutYear checks that a page dated only by its dateline
// gets that day before the time of ingest as its publication date,
// marked inferred.
func TestDatelineWithoutYear(t *testing.T) {
	page := []byte("<html><body><article><h1>Saudi Arabia raises oil output</h1>" +
		"<p>RIYADH, April 9 — Saudi Arabia said on Wednesday it would raise crude output in May, the energy ministry said in a statement carried by the state news agency.</p>" +
		"<p>Officials said the decision followed talks with other producers and would be reviewed next month, according to the statement.</p></article></body></html>")
	rd := Reader{Now: func() time.Time { return time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC) }}
	a, err := rd.Parse(page, "", "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.PublishedAt.Format("2006-01-02"); got != "2025-04-09" || !a.DateInferred {
		t.Fatalf("published %s, inferred %v; want 2025-04-09, true (dateline %q)", got, a.DateInferred, a.Dateline)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name  string
		rd    Reader
		data  string
		cause error
	}{
		{"too large", Reader{MaxBytes: 64}, "<html><body>" + strings.Repeat("<p>word</p>", 20) + "</body></html>", format.ErrTooLarge},
		{"binary", testReader, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", format.ErrBinary},
		{"empty", testReader, "", format.ErrNoBody},
		{"menu only", testReader, "<html><body><nav><a>Home</a> <a>News</a></nav></body></html>", format.ErrNoBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []format.Item
			err := tt.rd.Read(strings.NewReader(tt.data), "p.html", func(it format.Item) error {
				items = append(items, it)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || !errors.Is(items[0].Err, tt.cause) {
				t.Fatalf("items = %+v, want one with Err %v", items, tt.cause)
			}
			if pulse.ErrorCode(items[0].Err) != pulse.EInvalid {
				t.Fatalf("ErrorCode = %s, want %s", pulse.ErrorCode(items[0].Err), pulse.EInvalid)
			}
		})
	}
}

// FuzzRead checks that any input gives one item that is a valid article
// or a clear error, and never a panic.
func FuzzRead(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, in := range inputs {
		if b, err := os.ReadFile(in); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<script type="application/ld+json">{"@type":"NewsArticle","headline":{"@id":"x"},"author":[[{"name":1}]],"articleBody":"A b c.\n\nD e f."}</script>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := testReader.Read(bytes.NewReader(data), "fuzz.html", func(it format.Item) error {
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
