package html

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// samplePage is the shared raw page, beside the repository.
var samplePage = filepath.Join("..", "..", "..", "..", "shared", "seed", "sample-page.txt")

// goldenItem is one item as a golden file records it.
type goldenItem struct {
	Pos     string         `json:"pos"`
	Article *pulse.Article `json:"article,omitempty"`
	Err     string         `json:"error,omitempty"`
}

type goldenFile struct {
	Items   []goldenItem `json:"items"`
	ReadErr string       `json:"read_error,omitempty"`
}

// mustRead runs the reader over data and records the items.
func mustRead(tb testing.TB, name string, data []byte) []byte {
	tb.Helper()
	var g goldenFile
	err := Reader{}.Read(bytes.NewReader(data), name, func(it format.Item) error {
		checkItem(tb, it)
		gi := goldenItem{Pos: it.Pos}
		if it.Err != nil {
			gi.Err = it.Err.Error()
		} else {
			a := it.Article
			gi.Article = &a
		}
		g.Items = append(g.Items, gi)
		return nil
	})
	if err != nil {
		g.ReadErr = err.Error()
	}
	out, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return append(out, '\n')
}

func checkGolden(t *testing.T, name string, data []byte, golden string) {
	t.Helper()
	got := mustRead(t, name, data)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: output differs from %s (run go test -update and read the diff)\ngot:\n%s", name, golden, got)
	}
}

// TestGolden reads every page in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/*.html inputs")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Base(in), data, strings.TrimSuffix(in, ".html")+".golden")
		})
	}
}

// TestSamplePage reads the shared sample page laid out as a typical
// WordPress page: site header, headline, paragraphs, source line, author
// bio and comment form.
func TestSamplePage(t *testing.T) {
	text, err := os.ReadFile(samplePage)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared sample page missing in CI: %v", err)
		}
		t.Skipf("shared sample page not found at %s (../shared beside the repository): %v", samplePage, err)
	}
	checkGolden(t, "sample-page.html", samplePageHTML(t, string(text)), filepath.Join("testdata", "sample-page.golden"))
}

// samplePageHTML lays out the sample page's blocks as HTML.
func samplePageHTML(tb testing.TB, text string) []byte {
	tb.Helper()
	var blocks []string
	for _, b := range strings.Split(text, "\n\n") {
		if b = strings.TrimSpace(b); b != "" {
			blocks = append(blocks, xhtml.EscapeString(b))
		}
	}
	src := sourceBlock(tb, blocks)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + blocks[2] + " - " + blocks[0] + "</title></head><body>")
	b.WriteString("<header class=\"site-header\"><p class=\"site-title\"><a href=\"/\">" + blocks[0] + "</a></p><p class=\"site-description\">" + blocks[1] + "</p>")
	b.WriteString("<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/africa\">Africa</a></li></ul></nav></header>")
	b.WriteString("<main><article><h1 class=\"entry-title\">" + blocks[2] + "</h1><div class=\"entry-content\">")
	for _, p := range blocks[3 : src+1] {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString("</div></article>")
	b.WriteString("<div class=\"author-bio\"><h4 class=\"author-name\">" + blocks[src+1] + "</h4><p>" + blocks[src+2] + "</p></div>")
	b.WriteString("<div id=\"respond\" class=\"comment-respond\"><h3>" + blocks[src+3] + "</h3><form>")
	for _, p := range blocks[src+4:] {
		b.WriteString("<p class=\"comment-notes\">" + p + "</p>")
	}
	b.WriteString("<textarea name=\"comment\"></textarea></form></div>")
	b.WriteString("</main><footer><p>&copy; 2025 " + blocks[0] + "</p></footer></body></html>")
	return []byte(b.String())
}

// sourceBlock returns the index of the sample page's "Original Source"
// block, which the body precedes and the author's name, bio and the
// comment form follow.
func sourceBlock(tb testing.TB, blocks []string) int {
	tb.Helper()
	for i, b := range blocks {
		if strings.HasPrefix(b, "Original Source") && i > 3 && i+3 < len(blocks) {
			return i
		}
	}
	tb.Fatalf("sample page layout changed: want site, tagline, headline, body, \"Original Source\", author, bio, comment form; got %d blocks", len(blocks))
	return 0
}

// checkItem asserts what every item must be: a clear error, or an
// article with text, valid UTF-8, normalised paragraphs and UTC dates.
func checkItem(tb testing.TB, it format.Item) {
	tb.Helper()
	if it.Pos == "" {
		tb.Errorf("item without a position")
	}
	if it.Err != nil {
		if strings.TrimSpace(it.Err.Error()) == "" {
			tb.Errorf("%s: empty error", it.Pos)
		}
		if !utf8.ValidString(it.Err.Error()) {
			tb.Errorf("%s: error is not UTF-8: %q", it.Pos, it.Err.Error())
		}
		return
	}
	a := it.Article
	if !a.HasText() {
		tb.Errorf("%s: article with neither title nor body", it.Pos)
	}
	for _, f := range []struct{ name, v string }{
		{"title", a.Title}, {"body", a.Body}, {"summary", a.Summary}, {"author", a.Author},
		{"source", a.Source}, {"original_source", a.OriginalSource}, {"section", a.Section},
		{"dateline", a.Dateline}, {"url", a.URL}, {"id", a.ID}, {"language", a.Language},
	} {
		if !utf8.ValidString(f.v) {
			tb.Errorf("%s: %s is not valid UTF-8: %q", it.Pos, f.name, f.v)
		}
		if f.v != strings.TrimSpace(f.v) {
			tb.Errorf("%s: %s has surrounding space: %q", it.Pos, f.name, f.v)
		}
		if f.name != "body" && f.name != "summary" && strings.ContainsAny(f.v, "\n\r\t") {
			tb.Errorf("%s: %s has a line break or tab: %q", it.Pos, f.name, f.v)
		}
	}
	for _, p := range strings.Split(a.Body, "\n\n") {
		if a.Body != "" && (p == "" || p != strings.Join(strings.Fields(p), " ")) {
			tb.Errorf("%s: body paragraph not normalised: %q", it.Pos, p)
		}
	}
	for _, d := range []time.Time{a.PublishedAt, a.UpdatedAt} {
		if !d.IsZero() && d.Location() != time.UTC {
			tb.Errorf("%s: date %v not in UTC", it.Pos, d)
		}
	}
	if a.Persons != nil || a.Places != nil || a.Orgs != nil || a.Topics != nil {
		tb.Errorf("%s: reader filled entity fields", it.Pos)
	}
}
