package ninjs

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/formattest"

	xhtml "golang.org/x/net/html"
)

// testReader is the reader as indexer.Readers builds it from the shipped
// configuration.
var testReader = Reader{MaxBytes: config.Defaults().Ingest.MaxFileBytes, MaxItemBytes: config.Defaults().Ingest.MaxLineBytes}

// TestGolden reads every feed in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) { formattest.GoldenDir(t, testReader) }

// TestSamplePage reads the shared sample page as a ninjs 2.x object, the
// way an agency would deliver it.
func TestSamplePage(t *testing.T) {
	formattest.Golden(t, testReader, "sample-page.json", samplePageNinjs(t, formattest.SamplePage(t)), filepath.Join("testdata", "sample-page.golden"))
}

// samplePageNinjs lays out the sample page's blocks as a ninjs object.
func samplePageNinjs(tb testing.TB, text string) []byte {
	tb.Helper()
	var blocks []string
	for _, b := range strings.Split(text, "\n\n") {
		if b = strings.TrimSpace(b); b != "" {
			blocks = append(blocks, b)
		}
	}
	src := formattest.SourceBlock(tb, blocks)
	var body strings.Builder
	for _, p := range blocks[3:src] {
		body.WriteString("<p>" + xhtml.EscapeString(p) + "</p>")
	}
	origin := strings.TrimSpace(strings.TrimPrefix(blocks[src], "Original Source:"))
	v := map[string]any{
		"uri":             "urn:pulse-test:sample-page",
		"type":            "text",
		"versioncreated":  "2025-03-14T12:00:00Z",
		"language":        "en",
		"copyrightholder": blocks[0],
		"headlines":       []map[string]string{{"role": "main", "value": blocks[2]}},
		"bodies":          []map[string]string{{"role": "main", "contenttype": "text/html", "value": body.String()}},
		"by":              blocks[src+1],
		"infosources":     []map[string]string{{"name": blocks[0], "role": "publisher"}, {"name": origin, "role": "originator"}},
	}
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
