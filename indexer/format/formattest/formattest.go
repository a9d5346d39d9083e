// Package formattest holds what the input readers' tests share: golden
// files (input → the items a reader emits, as JSON, rewritten with
// -update), the invariants every item must keep, and the shared sample
// page. Only tests import it.
package formattest

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
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// goldenItem is one item as a golden file records it.
type goldenItem struct {
	Pos         string         `json:"pos"`
	SummaryOnly bool           `json:"summary_only,omitempty"`
	Article     *pulse.Article `json:"article,omitempty"`
	Err         string         `json:"error,omitempty"`
}

// SummaryOnly, when set (by the feed reader's tests), records whether
// each article carries only a summary.
var SummaryOnly func(*pulse.Article) bool

// Structured, when set by a reader's tests, is for a reader of
// structured input (JSON Lines, Reuters SGML): its entity fields are the
// input's own, and its body is passed on as the input lays it out, for
// the indexer to clean (indexer.Prepare). CheckItem then checks neither.
var Structured bool

type goldenFile struct {
	Items   []goldenItem `json:"items"`
	ReadErr string       `json:"read_error,omitempty"`
}

// Record runs r over data, checks every item with CheckItem, and returns
// the items as a golden file holds them.
func Record(tb testing.TB, r format.Reader, name string, data []byte) []byte {
	tb.Helper()
	var g goldenFile
	err := r.Read(bytes.NewReader(data), name, func(it format.Item) error {
		CheckItem(tb, it)
		gi := goldenItem{Pos: it.Pos}
		if it.Err != nil {
			gi.Err = it.Err.Error()
		} else {
			a := it.Article
			gi.Article = &a
			if SummaryOnly != nil {
				gi.SummaryOnly = SummaryOnly(&a)
			}
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

// Golden compares what r makes of data with the golden file (or rewrites
// it with -update).
func Golden(t *testing.T, r format.Reader, name string, data []byte, golden string) {
	t.Helper()
	got := Record(t, r, name, data)
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

// GoldenDir runs Golden on every input in testdata (every file but the
// .golden ones), each against its .golden file.
func GoldenDir(t *testing.T, r format.Reader) {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".golden") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			Golden(t, r, name, data, filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden"))
		})
	}
	if n == 0 {
		t.Fatal("no testdata inputs")
	}
}

// SamplePage returns the shared raw sample page (../shared/seed), or
// skips (fails in CI) when it is absent.
func SamplePage(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(sharedtest.Path(tb, "seed", "sample-page.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Blocks splits the sample page into its blank-line separated blocks.
func Blocks(text string) []string {
	var blocks []string
	for _, b := range strings.Split(text, "\n\n") {
		if b = strings.TrimSpace(b); b != "" {
			blocks = append(blocks, b)
		}
	}
	return blocks
}

// SourceBlock returns the index of the sample page's "Original Source"
// block, which the body precedes and the author's name, bio and the
// comment form follow.
func SourceBlock(tb testing.TB, blocks []string) int {
	tb.Helper()
	for i, b := range blocks {
		if strings.HasPrefix(b, "Original Source") && i > 3 && i+3 < len(blocks) {
			return i
		}
	}
	tb.Fatalf("sample page layout changed: want site, tagline, headline, body, \"Original Source\", author, bio, comment form; got %d blocks", len(blocks))
	return 0
}

// CheckItem asserts what every item must be: a clear error, or an
// article with text, valid UTF-8, normalised paragraphs, UTC dates and no
// entities (extraction fills those, not readers); see Structured for the
// readers of structured input.
func CheckItem(tb testing.TB, it format.Item) {
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
		if !Structured && a.Body != "" && (p == "" || p != strings.Join(strings.Fields(p), " ")) {
			tb.Errorf("%s: body paragraph not normalised: %q", it.Pos, p)
		}
	}
	for _, d := range []time.Time{a.PublishedAt, a.UpdatedAt} {
		if !d.IsZero() && d.Location() != time.UTC {
			tb.Errorf("%s: date %v not in UTC", it.Pos, d)
		}
	}
	if !Structured && (a.Persons != nil || a.Places != nil || a.Orgs != nil || a.Topics != nil) {
		tb.Errorf("%s: reader filled entity fields", it.Pos)
	}
}
