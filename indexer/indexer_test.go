package indexer

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/format"
)

func TestCanonicalURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"HTTP://WWW.Example.COM/a/b/?utm_source=x&b=2&a=1#frag", "https://example.com/a/b?a=1&b=2"},
		{"https://example.com:443/x/", "https://example.com/x"},
		{"https://example.com:8443/x?fbclid=1", "https://example.com:8443/x"},
		{"https://user:pw@example.com/x?UTM_Medium=y&id=3", "https://example.com/x?id=3"},
	} {
		got, err := CanonicalURL(c.in)
		if err != nil || got != c.want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"ftp://x/y", "/relative", "not a url at all"} {
		if _, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q): no error", bad)
		}
	}
}

func TestPrepare(t *testing.T) {
	a := pulse.Article{URL: "http://www.example.com/story/?utm_campaign=z", Title: "  A   title ", Body: "body\xff", Tags: []string{"x", "X", " ", "y"}}
	if err := Prepare(&a); err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://example.com/story" || a.Title != "A title" || a.Body != "body\uFFFD" || strings.Join(a.Tags, ",") != "x,y" {
		t.Errorf("prepared: %+v", a)
	}
	b := pulse.Article{URL: "https://example.com/story", Title: "Other text"}
	Prepare(&b)
	if a.ID != b.ID || !strings.HasPrefix(a.ID, "u-") {
		t.Errorf("the same canonical URL must give the same id: %q %q", a.ID, b.ID)
	}
	c := pulse.Article{Title: "no url"}
	Prepare(&c)
	if !strings.HasPrefix(c.ID, "h-") {
		t.Errorf("content id: %q", c.ID)
	}
	empty := pulse.Article{ID: "x", Title: " ", Body: "\n"}
	if err := Prepare(&empty); err == nil || pulse.ErrorCode(err) != pulse.EInvalid {
		t.Errorf("an article without text: %v", err)
	}
}

func mustOpen(tb testing.TB, dir string) *Index {
	tb.Helper()
	ix, err := Open(dir, "test")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func items(arts ...pulse.Article) ([]format.Item, []string) {
	var its []format.Item
	var names []string
	for i, a := range arts {
		its = append(its, format.Item{Article: a})
		names = append(names, "item "+string(rune('1'+i)))
	}
	return its, names
}

func outcomes(rs []pulse.ItemResult) string {
	var s []string
	for _, r := range rs {
		s = append(s, string(r.Outcome))
	}
	return strings.Join(s, ",")
}

func TestWriterUpsert(t *testing.T) {
	ix := mustOpen(t, t.TempDir())
	w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 2}, time.UTC)
	ctx := context.Background()

	its, names := items(
		pulse.Article{ID: "a", Title: "First"},
		pulse.Article{ID: "b", Title: "Second"},
		pulse.Article{ID: "c"},
		pulse.Article{ID: "a", Title: "First, revised"},
	)
	res, err := w.Write(ctx, its, names)
	if err != nil {
		t.Fatal(err)
	}
	// Batches of two: the revised "a" lands in the second batch.
	if got := outcomes(res); got != "indexed,indexed,rejected,updated" {
		t.Errorf("outcomes: %s", got)
	}
	if res[2].Reason != "no title and no body" {
		t.Errorf("reason: %q", res[2].Reason)
	}
	its, names = items(pulse.Article{ID: "a", Title: "First, revised"}, pulse.Article{ID: "b", Title: "Second"})
	res, _ = w.Write(ctx, its, names)
	if got := outcomes(res); got != "unchanged,unchanged" {
		t.Errorf("re-ingest: %s", got)
	}
	if n, _ := ix.Bleve().DocCount(); n != 2 {
		t.Errorf("doc count %d, want 2", n)
	}
	found, err := w.Delete([]string{"a", "zzz"})
	if err != nil || !found["a"] || found["zzz"] {
		t.Errorf("delete: %v %v", found, err)
	}
	if n, _ := ix.Bleve().DocCount(); n != 1 {
		t.Errorf("doc count after delete %d, want 1", n)
	}
}

func TestIngestPaths(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(filepath.Join(in, "sub"), 0o755)
	os.WriteFile(filepath.Join(in, "a.jsonl"), []byte(`{"id":"1","title":"one"}`+"\n"+`{"id":"2"}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(in, "notes.txt"), []byte("not an article format"), 0o644)
	os.WriteFile(filepath.Join(in, ".hidden"), []byte("x"), 0o644)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"id":"3","title":"three"}` + "\n"))
	zw.Close()
	os.WriteFile(filepath.Join(in, "sub", "b.jsonl.gz"), gz.Bytes(), 0o644)
	var zb bytes.Buffer
	zz := zip.NewWriter(&zb)
	f, _ := zz.Create("inner/c.jsonl")
	f.Write([]byte(`{"id":"4","title":"four"}` + "\n"))
	zz.Close()
	os.WriteFile(filepath.Join(in, "sub", "c.zip"), zb.Bytes(), 0o644)

	ix := mustOpen(t, filepath.Join(dir, "data"))
	w := NewWriter(ix.Bleve(), nil, config.Defaults().Ingest, time.UTC)
	var rejected []string
	sum, err := w.IngestPaths(context.Background(), []string{in, filepath.Join(dir, "missing.jsonl")}, RunOptions{
		OnResult: func(r pulse.ItemResult, raw []byte) {
			if r.Outcome == Rejected {
				rejected = append(rejected, r.Item+": "+r.Reason+" ["+string(raw)+"]")
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 4 || sum.Indexed != 3 || sum.Rejected != 1 {
		t.Errorf("summary: %s", sum)
	}
	if len(rejected) != 1 || !strings.Contains(rejected[0], "a.jsonl, line 2: no title and no body") || !strings.Contains(rejected[0], `{"id":"2"}`) {
		t.Errorf("rejected: %v", rejected)
	}
	if len(sum.Skipped) != 2 {
		t.Errorf("skipped: %+v (want notes.txt and .hidden)", sum.Skipped)
	}
	if len(sum.FailedFiles) != 1 || !strings.Contains(sum.FailedFiles[0].Path, "missing.jsonl") {
		t.Errorf("failed files: %+v", sum.FailedFiles)
	}
	if !sum.Failed() {
		t.Error("a run with rejects must report failure")
	}
}

func TestLockAndVersion(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpen(t, dir)
	_, err := Open(dir, "second")
	if pulse.ErrorCode(err) != pulse.EConflict || !strings.Contains(err.Error(), "in use by pid") || !strings.Contains(err.Error(), "(test") {
		t.Fatalf("second open: %v", err)
	}
	ix.Lock().SetAddr("127.0.0.1:9999")
	_, err = Open(dir, "second")
	if err == nil || !strings.Contains(err.Error(), "--server http://127.0.0.1:9999") {
		t.Errorf("second open with a serving holder: %v", err)
	}
	ix.Bleve().SetInternal(versionKey, []byte("999"))
	ix.Close()
	_, err = Open(dir, "again")
	if !errors.Is(err, ErrIncompatible) || !strings.Contains(err.Error(), "pulse reindex") {
		t.Errorf("open with another mapping version: %v", err)
	}
}

func TestReindex(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 3}, time.UTC)
	var arts []pulse.Article
	for i := 0; i < 10; i++ {
		arts = append(arts, pulse.Article{ID: "id-" + string(rune('a'+i)), Title: "story " + string(rune('a'+i)), Places: []pulse.Entity{{ID: "fr", Name: "France"}}})
	}
	its, names := items(arts...)
	w.Write(context.Background(), its, names)
	// Pretend the index was built with an older mapping, by a replica
	// that had applied the log up to change 42.
	ix.Bleve().SetInternal(versionKey, []byte("0"))
	ix.Bleve().SetInternal(seqKey, encodeSeq(42))
	ix.Close()

	upper := extractorFunc(func(a *pulse.Article) { a.Persons = []pulse.Entity{{ID: "x", Name: "X"}} })
	sum, err := Reindex(context.Background(), dir, func(*extract.Archive) Extractor { return upper }, config.Ingest{BatchSize: 4}, time.UTC, nil)
	if err != nil || sum.Indexed != 10 {
		t.Fatalf("reindex: %s %v", sum, err)
	}
	ix = mustOpen(t, dir)
	if n, _ := ix.Bleve().DocCount(); n != 10 {
		t.Errorf("doc count %d", n)
	}
	if seq, err := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 4}, time.UTC).AppliedSeq(); err != nil || seq != 42 {
		t.Errorf("applied log sequence after reindex %d (%v), want 42 as before", seq, err)
	}
	q := bleve.NewTermQuery("x")
	q.SetField(pulse.KeyField(pulse.FacetPerson))
	res, _ := ix.Bleve().Search(bleve.NewSearchRequest(q))
	if res.Total != 10 {
		t.Errorf("re-extracted entity found in %d articles, want 10", res.Total)
	}
	// The rebuilt documents come from the same field table as ingest's,
	// so each records its title's length for BM25: 2 tokens, or 1 for
	// "story a" and "story i", whose letter is a stop word.
	for term, want := range map[string]uint64{pulse.PresentTerm(pulse.FieldTitle): 10, pulse.LengthTerm(pulse.FieldTitle, 1): 8, pulse.LengthTerm(pulse.FieldTitle, 0): 2} {
		q := bleve.NewTermQuery(term)
		q.SetField(pulse.FieldLengths)
		res, err := ix.Bleve().Search(bleve.NewSearchRequest(q))
		if err != nil || res.Total != want {
			t.Errorf("%s:%s after reindex: %d articles (%v), want %d", pulse.FieldLengths, term, res.Total, err, want)
		}
	}
	for _, leftover := range []string{newDir, oldDir, newComplete} {
		if _, err := os.Stat(filepath.Join(dir, leftover)); err == nil {
			t.Errorf("%s left behind", leftover)
		}
	}
}

func TestRecoverSwap(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpen(t, dir)
	w := NewWriter(ix.Bleve(), nil, config.Defaults().Ingest, time.UTC)
	its, names := items(pulse.Article{ID: "keep", Title: "kept"})
	w.Write(context.Background(), its, names)
	ix.Close()
	// A crash between the two renames of a swap: no index, the old one
	// aside, an incomplete new one.
	os.Rename(filepath.Join(dir, IndexDir), filepath.Join(dir, oldDir))
	os.MkdirAll(filepath.Join(dir, newDir), 0o755)
	ix = mustOpen(t, dir)
	if n, _ := ix.Bleve().DocCount(); n != 1 {
		t.Errorf("after recovery: %d articles, want the old index's 1", n)
	}
}

type extractorFunc func(*pulse.Article)

func (f extractorFunc) Extract(a *pulse.Article) { f(a) }

// TestDeletePurgesDisk checks that a deleted article's text leaves the
// index's files once purged: bleve keeps a deleted document's bytes
// (its stored source among them) in its segment until a merge, and a
// legal takedown must not linger on disk. The articles are written in one
// batch, one segment, which no background merge would touch.
func TestDeletePurgesDisk(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpen(t, dir)
	w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 100}, time.UTC)
	secret := "zqxjvkwpfyq" // shares no run with the other text, so compression keeps it whole
	var arts []pulse.Article
	for i := 0; i < 30; i++ {
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("keep-%d", i), Title: "kept story", Body: "ordinary words"})
	}
	arts = append(arts, pulse.Article{ID: "gone", Title: "to be taken down", Body: "the phrase " + secret + " must vanish"})
	its, names := items(arts...)
	if _, err := w.Write(context.Background(), its, names); err != nil {
		t.Fatal(err)
	}
	var where string
	onDisk := func() bool {
		found := false
		filepath.WalkDir(filepath.Join(dir, IndexDir), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				if bytes.Contains(b, []byte(secret)) {
					found, where = true, p
				}
			}
			return nil
		})
		return found
	}
	// Background merges rename files; look until the text is seen.
	eventually := func(want bool) bool {
		deadline := time.Now().Add(30 * time.Second)
		for onDisk() != want {
			if time.Now().After(deadline) {
				return false
			}
			time.Sleep(20 * time.Millisecond)
		}
		return true
	}
	if !eventually(true) {
		t.Fatal("the article's text never appears in the index files: the check below would prove nothing")
	}
	if _, err := w.Delete([]string{"gone"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !eventually(false) {
		t.Errorf("the deleted article's text is still in %s after a purge", where)
	}
	if n, _ := ix.Bleve().DocCount(); n != 30 {
		t.Errorf("%d articles after the purge, want 30", n)
	}
}
