package rawpage

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

// mustRead runs the reader over the file at path and records the items.
func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var g goldenFile
	err = Reader{}.Read(bytes.NewReader(data), filepath.Base(path), func(it format.Item) error {
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

func checkGolden(t *testing.T, input, golden string) {
	t.Helper()
	got := mustRead(t, input)
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
		t.Errorf("%s: output differs from %s (run go test -update and read the diff)\ngot:\n%s", input, golden, got)
	}
}

// TestGolden reads every page in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/*.txt inputs")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			checkGolden(t, in, strings.TrimSuffix(in, ".txt")+".golden")
		})
	}
}

// TestSamplePage reads the shared sample page.
func TestSamplePage(t *testing.T) {
	if _, err := os.Stat(samplePage); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared sample page missing in CI: %v", err)
		}
		t.Skipf("shared sample page not found at %s (../shared beside the repository): %v", samplePage, err)
	}
	checkGolden(t, samplePage, filepath.Join("testdata", "sample-page.golden"))
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
