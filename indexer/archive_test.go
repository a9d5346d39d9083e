package indexer

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/extract"
)

// archiveExtractor is what cmd passes: the real extractor, resolving
// surnames with an archive and learning into it.
type archiveExtractor struct {
	x  *extract.Extractor
	ar *extract.Archive
}

func (e archiveExtractor) Extract(a *pulse.Article) { e.x.Extract(a, extract.Options{Archive: e.ar}) }

var (
	testExtractorOnce sync.Once
	testExtractor     *extract.Extractor
	testExtractorErr  error
)

func mustExtractorFor(tb testing.TB) ExtractorFor {
	tb.Helper()
	testExtractorOnce.Do(func() { testExtractor, testExtractorErr = extract.New() })
	if testExtractorErr != nil {
		tb.Fatal(testExtractorErr)
	}
	return func(ar *extract.Archive) Extractor { return archiveExtractor{x: testExtractor, ar: ar} }
}

// mustIngest writes each article in a write of its own, as separate
// ingests or API calls would, so each learns from the ones before.
func mustIngest(tb testing.TB, ix *Index, arts ...pulse.Article) {
	tb.Helper()
	w := ix.NewWriter(mustExtractorFor(tb), config.Ingest{BatchSize: 10, Workers: 2}, time.UTC)
	for _, a := range arts {
		its, names := items(a)
		res, err := w.Write(context.Background(), its, names)
		if err != nil || len(res) != 1 || res[0].Outcome == Rejected {
			tb.Fatalf("write %s: %+v %v", a.ID, res, err)
		}
	}
}

// personsOf returns the person ids the index holds for the article id,
// in order: the ids of the person facet's labels, counted over the
// article alone.
func personsOf(tb testing.TB, ix *Index, id string) []string {
	tb.Helper()
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id}))
	req.AddFacet("persons", bleve.NewFacetRequest(pulse.LabelField(pulse.FacetPerson), 100))
	res, err := ix.Bleve().Search(req)
	if err != nil || res.Total != 1 {
		tb.Fatalf("article %s: %v %v", id, res, err)
	}
	ids := []string{}
	for _, t := range res.Facets["persons"].Terms.Terms() {
		id, _, _ := strings.Cut(t.Term, pulse.LabelSep)
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func art(id, body string) pulse.Article {
	return pulse.Article{ID: id, Title: "Trade story " + id, Body: body}
}

var (
	yeutterInFull = []pulse.Article{
		art("a1", "WASHINGTON - U.S. Trade Representative Clayton Yeutter said the talks with Japan would resume on Monday."),
		art("a2", "GENEVA - Clayton Yeutter told the GATT council that farm subsidies had to go."),
	}
	yeutterAlone = art("b", "TOKYO - Yeutter said the semiconductor accord was being honoured, and Japanese officials disagreed.")
)

func TestArchiveResolvesLoneSurname(t *testing.T) {
	tests := []struct {
		name  string
		first []pulse.Article
		lone  pulse.Article
		want  []string
	}{
		{"one full name owns the surname", yeutterInFull, yeutterAlone, []string{"clayton-yeutter"}},
		{"no archive yet", nil, yeutterAlone, []string{}},
		{"two people share the surname", []pulse.Article{
			art("j1", "Treasury Secretary James Baker said the dollar had fallen far enough."),
			art("j2", "James Baker told Congress that the deficit must be cut."),
			art("h1", "White House chief of staff Howard Baker said the president would veto the bill."),
			art("h2", "Howard Baker told reporters the budget talks had stalled."),
		}, art("lone", "Baker said the talks with the Group of Seven would go on."), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustOpen(t, t.TempDir())
			mustIngest(t, ix, append(slices.Clone(tt.first), tt.lone)...)
			if got := personsOf(t, ix, tt.lone.ID); !slices.Equal(got, tt.want) {
				t.Errorf("persons of %q = %v, want %v", tt.lone.Body, got, tt.want)
			}
		})
	}
}

func TestArchivePersists(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	mustIngest(t, ix, append(slices.Clone(yeutterInFull), yeutterAlone)...)
	if got := personsOf(t, ix, "b"); !slices.Equal(got, []string{"clayton-yeutter"}) {
		t.Fatalf("persons of b = %v", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ArchiveFile)); err != nil {
		t.Fatalf("no snapshot after close: %v", err)
	}

	ix = mustOpen(t, dir)
	mustIngest(t, ix, art("c", "BRUSSELS - Yeutter told European Community ministers that Washington would retaliate."))
	if got := personsOf(t, ix, "c"); !slices.Equal(got, []string{"clayton-yeutter"}) {
		t.Errorf("after reopening, persons of c = %v, want clayton-yeutter", got)
	}

	// A backup carries the archive, and a restore brings it back.
	var backup bytes.Buffer
	if err := ix.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	other := t.TempDir()
	if _, err := Restore(other, bytes.NewReader(backup.Bytes())); err != nil {
		t.Fatal(err)
	}
	restored := mustOpen(t, other)
	if got := restored.Archive().Lookup("yeutter"); got != "Clayton Yeutter" {
		t.Errorf("restored archive: Lookup(yeutter) = %q", got)
	}
	mustIngest(t, restored, art("d", "PARIS - Yeutter said the OECD meeting would discuss farm trade."))
	if got := personsOf(t, restored, "d"); !slices.Equal(got, []string{"clayton-yeutter"}) {
		t.Errorf("after restore, persons of d = %v", got)
	}
}

func TestRestoreWithoutArchiveDropsTheOldOne(t *testing.T) {
	// A backup made before Pulse kept an archive: the index alone.
	src := mustOpen(t, t.TempDir())
	mustIngest(t, src, art("x", "Nothing of note happened."))
	var backup bytes.Buffer
	if err := src.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	src.Close()
	old := mustTarWithout(t, backup.Bytes(), ArchiveFile)

	dir := t.TempDir()
	ix, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	mustIngest(t, ix, append(slices.Clone(yeutterInFull), yeutterAlone)...)
	ix.Close()
	if _, err := Restore(dir, bytes.NewReader(old)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ArchiveFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the replaced index's archive is still there: %v", err)
	}
	if mustOpen(t, dir).Archive().Known("yeutter") {
		t.Error("the restored index resolves with the replaced index's archive")
	}
}

func TestDamagedArchiveSnapshot(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	mustIngest(t, ix, yeutterInFull...)
	ix.Close()
	path := filepath.Join(dir, ArchiveFile)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", whole[:len(whole)*2/3], "truncated"},
		{"empty", nil, "truncated"},
		{"damaged", append(bytes.Clone(whole[:len(whole)-1]), whole[len(whole)-1]^1), "checksum"},
		{"not a snapshot", []byte("{\"persons\": []}\n"), "not a Pulse archive snapshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := readArchiveFile(path)
			if !errors.Is(err, extract.ErrBadSnapshot) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("read %s snapshot: %v, want an ErrBadSnapshot naming %s and saying %q", tt.name, err, path, tt.want)
			}
			log := mustCaptureLog(t)
			ix, err := Open(dir, "test")
			if err != nil {
				t.Fatalf("the index does not open: %v", err)
			}
			defer ix.Close()
			if ix.Archive().Known("yeutter") {
				t.Error("the archive is not empty")
			}
			if !strings.Contains(log.String(), path) || !strings.Contains(log.String(), tt.want) {
				t.Errorf("the log does not name the snapshot and the problem: %q", log.String())
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		os.Remove(path)
		log := mustCaptureLog(t)
		ix, err := Open(dir, "test")
		if err != nil {
			t.Fatalf("the index does not open: %v", err)
		}
		ix.Close()
		if !strings.Contains(log.String(), path) {
			t.Errorf("the log does not name the missing snapshot: %q", log.String())
		}
	})
	t.Run("a save cut short", func(t *testing.T) {
		if err := os.WriteFile(path, whole, 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := path + ".tmp-123"
		if err := os.WriteFile(tmp, whole[:10], 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir, "test")
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if ix.Archive().Lookup("yeutter") != "Clayton Yeutter" {
			t.Error("the whole snapshot beside a cut temporary file was not read")
		}
		if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the temporary file of a cut save is left: %v", err)
		}
	})
	t.Run("unreadable", func(t *testing.T) {
		os.Remove(path)
		// A directory where the file should be cannot be read as one.
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		log := mustCaptureLog(t)
		ix, err := Open(dir, "test")
		if err != nil {
			t.Fatalf("the index does not open: %v", err)
		}
		defer ix.Close()
		if !strings.Contains(log.String(), path) {
			t.Errorf("the log does not name the unreadable snapshot: %q", log.String())
		}
	})
}

func TestReindexResolvesWhateverTheOrder(t *testing.T) {
	// The lone surname comes first: at ingest, nothing resolves it.
	dir := t.TempDir()
	ix, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	lone := yeutterAlone
	lone.ID = "0-first"
	mustIngest(t, ix, append([]pulse.Article{lone}, yeutterInFull...)...)
	if got := personsOf(t, ix, lone.ID); len(got) != 0 {
		t.Fatalf("at ingest, persons of the first article = %v, want none", got)
	}
	ix.Close()

	var passes []string
	sum, err := Reindex(context.Background(), dir, mustExtractorFor(t), config.Ingest{BatchSize: 2, Workers: 2}, time.UTC, func(pass string, done, total uint64) {
		if done == total {
			passes = append(passes, pass)
		}
	})
	if err != nil || sum.Indexed != 3 {
		t.Fatalf("reindex: %s %v", sum, err)
	}
	if !slices.Equal(passes, []string{"learn", "write"}) {
		t.Errorf("passes reported: %v", passes)
	}
	ix = mustOpen(t, dir)
	if got := personsOf(t, ix, lone.ID); !slices.Equal(got, []string{"clayton-yeutter"}) {
		t.Errorf("after reindex, persons of the first article = %v, want clayton-yeutter", got)
	}
	// The write pass learnt nothing more: the archive counts each
	// article once, and a reindex of the same articles gives the same.
	first, err := os.ReadFile(filepath.Join(dir, ArchiveFile))
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := Reindex(context.Background(), dir, mustExtractorFor(t), config.Ingest{BatchSize: 2, Workers: 2}, time.UTC, nil); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, ArchiveFile)); !bytes.Equal(again, first) {
		t.Error("a second reindex learnt another archive")
	}

	// The same articles with the lone surname last, in the ingest and in
	// the order reindex reads them (by id), on one worker so that the
	// learn pass sees them in that order: the same archive, and the lone
	// surname resolved. An archive that resolved while it learnt would
	// count the lone surname for Clayton Yeutter here, not above.
	for _, workers := range []int{1, 2} {
		dir := t.TempDir()
		ix := mustOpen(t, dir)
		lone := yeutterAlone
		lone.ID = "z-last"
		mustIngest(t, ix, append(slices.Clone(yeutterInFull), lone)...)
		ix.Close()
		if _, err := Reindex(context.Background(), dir, mustExtractorFor(t), config.Ingest{BatchSize: 2, Workers: workers}, time.UTC, nil); err != nil {
			t.Fatal(err)
		}
		ix = mustOpen(t, dir)
		if got := personsOf(t, ix, lone.ID); !slices.Equal(got, []string{"clayton-yeutter"}) {
			t.Errorf("%d workers, lone surname last: after reindex, persons = %v, want clayton-yeutter", workers, got)
		}
		ix.Close()
		if last, _ := os.ReadFile(filepath.Join(dir, ArchiveFile)); !bytes.Equal(last, first) {
			t.Errorf("%d workers: the lone surname last, reindex learnt another archive than with it first", workers)
		}
	}
}

// mustCaptureLog sends slog's default logger to a buffer until the test
// ends.
func mustCaptureLog(tb testing.TB) *bytes.Buffer {
	tb.Helper()
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	tb.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

// mustTarWithout returns the gzipped tar backup without the entry name.
func mustTarWithout(tb testing.TB, backup []byte, name string) []byte {
	tb.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(backup))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		if hdr.Name == name {
			continue
		}
		if err := tw.WriteHeader(hdr); err != nil {
			tb.Fatal(err)
		}
		if _, err := io.Copy(tw, tr); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// TestPurgePlaceholderNotRestored: a backup made while a takedown's purge
// ran holds Purge's placeholder document (a cluster snapshot is such a
// backup); restored, and an index left with it by a process stopped
// during a purge, reopened, count only the articles — a replica rebuilt
// from that snapshot held one document more than the others.
func TestPurgePlaceholderNotRestored(t *testing.T) {
	src := mustOpen(t, t.TempDir())
	mustIngest(t, src, art("x", "Nothing of note happened."), art("y", "Nothing happened again."))
	if err := src.Bleve().Index(purgePlaceholder, map[string]any{"_type": docType, pulse.FieldTitle: "purge"}); err != nil {
		t.Fatal(err)
	}
	var backup bytes.Buffer
	if err := src.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	src.Close()

	dir := t.TempDir()
	n, err := Restore(dir, bytes.NewReader(backup.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("Restore reports %d articles, want 2", n)
	}
	ix := mustOpen(t, dir)
	if c, err := ix.Bleve().DocCount(); err != nil || c != 2 {
		t.Errorf("the restored index holds %d documents (%v), want 2", c, err)
	}

	// Left by a process stopped half way through a purge.
	if err := ix.Bleve().Index(purgePlaceholder, map[string]any{"_type": docType, pulse.FieldTitle: "purge"}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if c, err := mustOpen(t, dir).Bleve().DocCount(); err != nil || c != 2 {
		t.Errorf("reopened, the index holds %d documents (%v), want 2", c, err)
	}
}
