package feed

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
var testReader = Reader{MaxBytes: config.Defaults().Ingest.MaxFeedBytes}

// TestGolden reads every feed in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) { formattest.GoldenDir(t, testReader) }

func init() { formattest.SummaryOnly = SummaryOnly }

// TestSamplePage reads the shared sample page as an RSS item carrying
// its full text, the way a site's feed would publish it.
func TestSamplePage(t *testing.T) {
	formattest.Golden(t, testReader, "sample-page.xml", samplePageRSS(t, formattest.SamplePage(t)), filepath.Join("testdata", "sample-page.golden"))
}

// samplePageRSS lays out the sample page's blocks as an RSS 2.0 feed.
func samplePageRSS(tb testing.TB, text string) []byte {
	tb.Helper()
	var blocks []string
	for _, b := range strings.Split(text, "\n\n") {
		if b = strings.TrimSpace(b); b != "" {
			blocks = append(blocks, b)
		}
	}
	src := formattest.SourceBlock(tb, blocks)
	esc := xhtml.EscapeString
	var content strings.Builder
	for _, p := range blocks[3:src] {
		content.WriteString("<p>" + esc(p) + "</p>")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>`)
	b.WriteString("<title>" + esc(blocks[0]) + "</title><link>https://" + esc(blocks[0]) + "/</link><description>" + esc(blocks[1]) + "</description><language>en</language>")
	b.WriteString("<item><title>" + esc(blocks[2]) + "</title><link>https://" + esc(blocks[0]) + "/syria-iraq-cooperation/</link>")
	b.WriteString("<dc:creator>" + esc(blocks[src+1]) + "</dc:creator><category>World</category>")
	b.WriteString("<description>" + esc(esc(blocks[3])) + "</description>")
	b.WriteString("<content:encoded>" + esc(content.String()) + "</content:encoded></item></channel></rss>")
	return []byte(b.String())
}
