package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/format"
)

const (
	newDir      = IndexDir + ".new"
	oldDir      = IndexDir + ".old"
	newComplete = IndexDir + ".new.complete"
)

// Reindex rebuilds the data directory's index from the sources it
// stores, with the current mapping and extractor, then swaps it in. The
// old index serves no one meanwhile: the directory is locked throughout.
// A crash part-way leaves the old index in place (see recoverSwap).
//
// It reads the stored articles twice. The first pass extracts each one
// with a new archive, resolving nothing (extract.Archive.Learner), and
// keeps nothing but what the archive learns, which is so the same
// whatever the order of the articles and of the workers; the
// second extracts each again, with a frozen copy of that archive, and
// writes it. So every article is resolved against the names of the whole
// archive, and a lone surname resolves the same whatever order the
// articles came in. The learnt archive replaces ArchiveFile once the new
// index is in place.
//
// progress, when set, is called after each chunk of each pass with the
// pass ("learn" or "write") and the articles it has done.
func Reindex(ctx context.Context, dataDir string, newExtractor ExtractorFor, cfg config.Ingest, loc *time.Location, progress func(pass string, done, total uint64)) (Summary, error) {
	start := time.Now()
	var sum Summary
	lock, err := AcquireLock(dataDir, "pulse reindex")
	if err != nil {
		return sum, err
	}
	defer lock.Release()
	if err := recoverSwap(dataDir); err != nil {
		return sum, err
	}
	old, err := openLocked(dataDir, false)
	if err != nil {
		return sum, err
	}
	defer func() {
		if old != nil {
			old.Close()
		}
	}()
	total, _ := old.DocCount()
	report := func(pass string) func(uint64) {
		return func(done uint64) {
			if progress != nil {
				progress(pass, done, total)
			}
		}
	}

	// The learn pass resolves nothing (Learner): what an article teaches
	// must not hang on what the archive learnt from the articles before
	// it, whose order is that of the workers.
	learnt := extract.NewArchive()
	learner := newExtractor(learnt.Learner())
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if learner != nil {
		err = eachStored(ctx, old, report("learn"), func(items []format.Item, _ []string) error {
			learn(learner, items, workers)
			return nil
		})
		if err != nil {
			return sum, err
		}
	}

	newPath := filepath.Join(dataDir, newDir)
	os.RemoveAll(newPath)
	os.Remove(filepath.Join(dataDir, newComplete))
	fresh, err := create(newPath)
	if err != nil {
		return sum, err
	}
	w := NewWriter(fresh, newExtractor(learnt.Frozen()), cfg, loc)
	err = eachStored(ctx, old, report("write"), func(items []format.Item, names []string) error {
		results, err := w.Write(ctx, items, names)
		for _, r := range results {
			sum.Add(r)
		}
		return err
	})
	if err == nil {
		err = carrySeq(old, fresh)
	}
	if err != nil {
		fresh.Close()
		return sum, err
	}
	if err := fresh.Close(); err != nil {
		return sum, fmt.Errorf("close new index: %w", err)
	}
	if err := old.Close(); err != nil {
		return sum, fmt.Errorf("close old index: %w", err)
	}
	old = nil
	if err := swap(dataDir); err != nil {
		return sum, err
	}
	// After the swap: a crash before this leaves the old archive, which
	// still resolves, and the next write or reindex learns again.
	if err := writeArchiveFile(filepath.Join(dataDir, ArchiveFile), learnt); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// eachStored calls fn with every stored article of idx, as the items an
// ingest would read, a page at a time in the order of their ids, and
// done after each page with the articles read so far. It returns the
// first error of fn, of reading, or of ctx.
func eachStored(ctx context.Context, idx bleve.Index, done func(uint64), fn func(items []format.Item, names []string) error) error {
	var after []string
	var n uint64
	const page = 1000
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.Fields = sourceFields
		req.SortByCustom(bsearch.SortOrder{&bsearch.SortDocID{}})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("read stored articles: %w", err)
		}
		if len(res.Hits) == 0 {
			return nil
		}
		items := make([]format.Item, len(res.Hits))
		names := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			names[i] = "stored article " + h.ID
			a, err := storedSource(h.ID, h.Fields)
			if err != nil {
				items[i] = format.Item{Err: err}
				continue
			}
			items[i] = format.Item{Article: a}
		}
		if err := fn(items, names); err != nil {
			return err
		}
		n += uint64(len(res.Hits))
		done(n)
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// learn extracts items as the writer would prepare them, on workers
// goroutines, and keeps nothing: the extractor's archive learns their
// names. An item the writer would reject is skipped.
func learn(x Extractor, items []format.Item, workers int) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				learnOne(x, &items[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
}

func learnOne(x Extractor, it *format.Item) {
	// One article that makes extraction panic is rejected by the write
	// pass; here it only teaches nothing.
	defer func() { recover() }()
	if it.Err != nil {
		return
	}
	a := it.Article
	dropUnsafeURL(&a)
	if Prepare(&a) != nil {
		return
	}
	x.Extract(&a)
}

// swap puts the rebuilt index in place. The marker file says the new
// index is complete, so that recoverSwap knows which one to keep.
func swap(dataDir string) error {
	p := func(name string) string { return filepath.Join(dataDir, name) }
	if err := os.WriteFile(p(newComplete), []byte("ok\n"), 0o644); err != nil {
		return err
	}
	if err := syncDir(dataDir); err != nil {
		return err
	}
	os.RemoveAll(p(oldDir))
	if err := os.Rename(p(IndexDir), p(oldDir)); err != nil {
		return fmt.Errorf("swap index: %w", err)
	}
	if err := os.Rename(p(newDir), p(IndexDir)); err != nil {
		return fmt.Errorf("swap index: %w", err)
	}
	os.Remove(p(newComplete))
	syncDir(dataDir)
	return os.RemoveAll(p(oldDir))
}

// recoverSwap finishes or undoes a swap a crash interrupted: with no
// index in place, a complete new index is moved in, else the old one is
// moved back. A leftover incomplete new index is removed.
func recoverSwap(dataDir string) error {
	p := func(name string) string { return filepath.Join(dataDir, name) }
	exists := func(name string) bool { _, err := os.Stat(p(name)); return err == nil }
	if !exists(IndexDir) {
		switch {
		case exists(newDir) && exists(newComplete):
			if err := os.Rename(p(newDir), p(IndexDir)); err != nil {
				return fmt.Errorf("recover interrupted reindex: %w", err)
			}
		case exists(oldDir):
			if err := os.Rename(p(oldDir), p(IndexDir)); err != nil {
				return fmt.Errorf("recover interrupted reindex: %w", err)
			}
		}
	}
	if exists(IndexDir) {
		os.Remove(p(newComplete))
		if exists(newDir) {
			os.RemoveAll(p(newDir))
		}
		if exists(oldDir) {
			os.RemoveAll(p(oldDir))
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// sourceFields are the stored fields an article's cleaned input is read
// back from.
var sourceFields = []string{pulse.FieldArticleJSON, pulse.FieldTitle, pulse.FieldBody, pulse.FieldTitleAr, pulse.FieldBodyAr}

// storedSource rebuilds an article as it came in (before extraction) from
// its stored fields.
func storedSource(id string, fields map[string]any) (pulse.Article, error) {
	only := map[string]any{}
	for _, f := range sourceFields {
		only[f] = fields[f]
	}
	a, _, err := pulse.StoredArticle(id, only)
	if err != nil {
		return pulse.Article{}, err
	}
	return *a, nil
}

// carrySeq copies the replicated log's applied sequence (seqKey) from the
// old index to the new one. A replica's reindex rebuilds the same
// articles, so it holds the log up to the same change; without the
// sequence the node would replay the whole stream over the rebuilt
// index, or, behind a retention cut, replace it with a snapshot built
// with the old mapping.
func carrySeq(old, fresh bleve.Index) error {
	b, err := old.GetInternal(seqKey)
	if err != nil {
		return fmt.Errorf("read the applied log sequence: %w", err)
	}
	if len(b) == 0 {
		return nil
	}
	if err := fresh.SetInternal(seqKey, b); err != nil {
		return fmt.Errorf("keep the applied log sequence: %w", err)
	}
	return nil
}
