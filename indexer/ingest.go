package indexer

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/bits-and-blooms/bloom/v3"
	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Extractor fills an article's language and entity fields from its text.
// It must be safe for concurrent use.
type Extractor interface {
	Extract(a *pulse.Article)
}

// Outcomes, re-exported for brevity inside the package.
const (
	Indexed   = pulse.Indexed
	Updated   = pulse.Updated
	Unchanged = pulse.Unchanged
	Rejected  = pulse.Rejected
)

// Writer writes articles into an index in batches. One Writer serialises
// its writes; it is safe for concurrent use.
type Writer struct {
	idx       bleve.Index
	extractor Extractor
	batchSize int
	ingest    config.Ingest
	workers   int
	loc       *time.Location

	build *builder
	// archive, when set, is the index's archive the extractor learns
	// into: its snapshot is written after batches (Index.NewWriter).
	archive *archiveKeeper

	mu    sync.Mutex
	purge purger
	// bands holds, approximately, the near-duplicate band terms of every
	// indexed article (see loadBands); guarded by mu.
	bands      *bloom.BloomFilter
	bandsAdded uint
	bandsCap   uint
	// OnWrite, when set, is called after each committed batch with the ids
	// written or deleted, so caches can be invalidated.
	OnWrite func(ids []string)
}

// NewWriter returns a Writer. A nil extractor keeps the entity fields the
// input gave. cfg is used as given (config.Defaults().Ingest is the
// shipped one): cfg.Workers 0 means one per CPU, as ingest.workers says;
// loc is the zone of input dates without one.
//
// NewWriter panics when cfg.BatchSize is below 1, which config.Validate
// rejects: there is no batch size to fall back on but the configured one.
func NewWriter(idx bleve.Index, extractor Extractor, cfg config.Ingest, loc *time.Location) *Writer {
	batchSize, workers := cfg.BatchSize, cfg.Workers
	if batchSize < 1 {
		panic(fmt.Sprintf("indexer: ingest.batch_size must be at least 1, got %d (validate the configuration first)", batchSize))
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if loc == nil {
		loc = time.UTC
	}
	b, err := newBuilder(idx.Mapping())
	if err != nil {
		// The mapping is Pulse's own (NewMapping): its analysers exist.
		panic(err)
	}
	return &Writer{idx: idx, extractor: extractor, batchSize: batchSize, ingest: cfg, workers: workers, loc: loc, build: b}
}

// index adds one article's document to a batch.
func (w *Writer) index(b *splitBatch, d *Document) error {
	doc, err := w.build.bleveDoc(d)
	if err != nil {
		return err
	}
	return b.part(d.ID).IndexAdvanced(doc)
}

// WriteDocuments indexes ds as given, in one commit, without the cleaning,
// checks and clustering of Write: for tests that need an index as an
// older Pulse may have written it.
//
// It returns the first document bleve cannot build, or the commit's error.
func (w *Writer) WriteDocuments(ds []Document) error {
	b := w.newSplitBatch(len(ds))
	for i := range ds {
		if err := w.index(b, &ds[i]); err != nil {
			return err
		}
	}
	return b.commit()
}

// Readers returns the input readers, reading dates in the writer's zone.
func (w *Writer) Readers() []format.Reader { return Readers(w.ingest, w.loc) }

// BatchSize is the number of items written per commit.
func (w *Writer) BatchSize() int { return w.batchSize }

// prepared is an item ready to be written, or the reason it cannot be.
type prepared struct {
	item   string
	id     string
	doc    Document
	hash   string
	err    error
	reject bool
	sig    signature
	hasSig bool
	// warnings go to the item's result whatever its outcome.
	warnings []string
}

// prepare cleans, checks and extracts items in parallel, keeping order.
func (w *Writer) prepare(items []format.Item, names []string) []prepared {
	out := make([]prepared, len(items))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(w.workers, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = w.prepareOne(&items[i], names[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func (w *Writer) prepareOne(it *format.Item, name string) (p prepared) {
	p.item = name
	defer func() {
		// One bad article must not take the batch down with it.
		if r := recover(); r != nil {
			p = prepared{item: name, id: it.Article.ID, reject: true, err: fmt.Errorf("internal error while preparing: %v", r)}
		}
	}()
	if it.Err != nil {
		return prepared{item: name, id: it.Article.ID, reject: true, err: it.Err}
	}
	a := it.Article
	warnings := it.Warnings
	if w := dropUnsafeURL(&a); w != "" {
		warnings = append(warnings[:len(warnings):len(warnings)], w)
	}
	if err := Prepare(&a); err != nil {
		return prepared{item: name, id: a.ID, reject: true, err: err}
	}
	// The hash covers the cleaned input, before extraction, so that an
	// unchanged article is recognised whatever the extractor's version.
	hash := a.ContentHash()
	src, err := SourceJSON(&a)
	if err != nil {
		return prepared{item: name, id: a.ID, reject: true, err: err}
	}
	if w.extractor != nil {
		w.extractor.Extract(&a)
	}
	p = prepared{item: name, id: a.ID, doc: NewDocument(&a, src, hash), hash: hash}
	p.warnings = warnings
	p.sig, p.hasSig = minhash(a.Title + "\n" + a.Body)
	if p.hasSig {
		p.doc.MinHash = p.sig.encode()
		p.doc.DupBands = p.sig.bands()
	}
	return p
}

// Write prepares and writes items, names[i] naming items[i] in reports,
// and returns one result per item. An item's failure is in its result; the
// error is for a failure of the index itself, after which nothing of the
// current batch is acknowledged.
//
// Preparation (cleaning, extraction, signatures) of the next batch runs
// while the current one is written, so both cores stay busy: extraction
// needs no index state, and everything that does (existing hashes,
// copy clusters) is looked up by the writing stage, batch after batch.
func (w *Writer) Write(ctx context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
	results := make([]pulse.ItemResult, 0, len(items))
	batches := make(chan []prepared, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		for start := 0; start < len(items); start += w.batchSize {
			end := min(start+w.batchSize, len(items))
			select {
			case batches <- w.prepare(items[start:end], names[start:end]):
			case <-stop:
				return
			}
		}
	}()
	for ps := range batches {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		res, err := w.writeBatch(ps)
		results = append(results, res...)
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// writeBatch commits one batch. Within a batch an id seen twice keeps its
// last version, as if the items had been written one by one.
func (w *Writer) writeBatch(ps []prepared) ([]pulse.ItemResult, error) {
	w.mu.Lock()
	defer w.mu.Unlock()

	results := make([]pulse.ItemResult, len(ps))
	last := map[string]int{}
	var ids []string
	for i, p := range ps {
		results[i] = pulse.ItemResult{Item: p.item, ID: p.id, Warnings: p.warnings}
		if p.reject {
			results[i].Outcome = Rejected
			results[i].Err = p.err
			results[i].Reason = p.err.Error()
			continue
		}
		if _, ok := last[p.id]; !ok {
			ids = append(ids, p.id)
		}
		last[p.id] = i
	}
	existing, err := w.lookup(ids)
	if err != nil {
		return nil, err
	}
	b := w.newSplitBatch(len(ps))
	var written []string
	var toWrite []*prepared
	for i := range ps {
		p := &ps[i]
		if p.reject || last[p.id] != i {
			continue
		}
		if old, had := existing[p.id]; had && old.hash == p.hash {
			continue
		}
		toWrite = append(toWrite, p)
	}
	marks, err := w.cluster(toWrite, existing)
	if err != nil {
		return nil, err
	}
	w.addBands(toWrite)
	for _, m := range marks {
		if err := w.index(b, &m.doc); err != nil {
			return nil, fmt.Errorf("mark %s as having copies: %w", m.id, err)
		}
		written = append(written, m.id)
	}
	for i, p := range ps {
		if p.reject {
			continue
		}
		ex, had := existing[p.id]
		old := ex.hash
		switch {
		case last[p.id] != i:
			// A later item of this batch replaces this one.
			results[i].Outcome = Updated
			continue
		case had && old == p.hash:
			results[i].Outcome = Unchanged
			continue
		case had:
			results[i].Outcome = Updated
		default:
			results[i].Outcome = Indexed
		}
		if err := w.index(b, &p.doc); err != nil {
			results[i].Outcome = Rejected
			results[i].Err = err
			results[i].Reason = err.Error()
			continue
		}
		written = append(written, p.id)
	}
	if err := b.commit(); err != nil {
		return nil, fmt.Errorf("write batch: %w", err)
	}
	if w.archive != nil && w.extractor != nil && len(ps) > 0 {
		w.archive.learnt()
	}
	if len(written) > 0 && w.OnWrite != nil {
		w.OnWrite(written)
	}
	return results, nil
}

// stored is what the writer needs to know of an article already indexed.
type stored struct {
	hash    string
	cluster string
}

// lookup returns the stored content hash and cluster of each id already
// indexed.
func (w *Writer) lookup(ids []string) (map[string]stored, error) {
	out := map[string]stored{}
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{pulse.FieldContentHash, pulse.FieldCluster}
	res, err := w.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("look up existing articles: %w", err)
	}
	for _, h := range res.Hits {
		var s stored
		s.hash, _ = h.Fields[pulse.FieldContentHash].(string)
		s.cluster, _ = h.Fields[pulse.FieldCluster].(string)
		out[h.ID] = s
	}
	return out, nil
}

// Delete removes articles by id and returns, for each, whether it existed.
func (w *Writer) Delete(ids []string) (map[string]bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	existing, err := w.lookup(ids)
	if err != nil {
		return nil, err
	}
	b := w.idx.NewBatch()
	found := map[string]bool{}
	var gone []string
	for _, id := range ids {
		_, ok := existing[id]
		found[id] = ok
		if ok {
			b.Delete(id)
			gone = append(gone, id)
		}
	}
	if b.Size() > 0 {
		if err := w.idx.Batch(b); err != nil {
			return nil, fmt.Errorf("delete: %w", err)
		}
	}
	if len(gone) > 0 && w.OnWrite != nil {
		w.OnWrite(gone)
	}
	return found, nil
}

// ErrRejected is wrapped by the error an ingest run returns when any item
// was rejected, so the CLI can exit non-zero.
var ErrRejected = errors.New("some items were rejected")
