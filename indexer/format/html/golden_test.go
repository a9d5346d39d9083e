package html

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/formattest"

	xhtml "golang.org/x/net/html"
)

// testReader is the reader as indexer.Readers builds it from the shipped
// configuration.
var testReader = Reader{MaxBytes: config.Defaults().Ingest.MaxPageBytes}

// TestGolden reads every page in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) { formattest.GoldenDir(t, testReader) }

// TestSamplePage reads the shared sample page laid out as a typical
// WordPress page: site header, headline, paragraphs, source line, author
// bio and comment form.
func TestSamplePage(t *testing.T) {
	formattest.Golden(t, testReader, "sample-page.html", samplePageHTML(t, formattest.SamplePage(t)), filepath.Join("testdata", "sample-page.golden"))
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
	src := formattest.SourceBlock(tb, blocks)
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
