package indexer

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// batchParts is how many bleve batches one write may be split into. bleve
// builds a batch's segment on one core after analysing it on all of them;
// two half batches, committed at once, build their segments side by side,
// so neither core waits for the other while a segment is built.
const batchParts = 2

// splitUnderSegments is the most segments the index may have for a write
// to be split. Split writes make segments twice as fast, and with both
// cores building them bleve's merger can fall behind: splitting every
// write of a million articles under bleve's default merge policy left 7.9
// GB on disk at the end instead of 4.6, and searches were three times
// slower until the backlog was merged. Above this many segments a write
// goes whole, leaving the merger a core.
//
// Pulse's merge policy (runtimeConfig) keeps up to 15 segments in each of
// two or three tiers while a large ingest runs, so 40 means the merger is
// behind. With 16, the limit set for bleve's default policy, that policy
// split few writes: a million articles took 755 s instead of 565.
const splitUnderSegments = 40

// minSplitPart is the fewest documents a half may get: a smaller batch's
// segment is quick to build on one core, and a split write's two segments
// are introduced in whichever order their builds finish, which reorders
// the documents that tie on score.
const minSplitPart = 500

// splitBatch is one write, spread over batchParts bleve batches by id: an
// id's operations all land in one part, in order, so a later one still
// replaces an earlier one as in a single batch.
type splitBatch struct {
	idx   bleve.Index
	parts [batchParts]*bleve.Batch
	n     int // parts in use
}

var idSeed = maphash.MakeSeed()

// newSplitBatch returns the batch for a write of about docs documents;
// whole keeps it in one part, for a write that must commit atomically.
func (w *Writer) newSplitBatch(docs int, whole bool) *splitBatch {
	b := &splitBatch{idx: w.idx, n: 1}
	if !whole && docs >= batchParts*minSplitPart {
		if n, ok := rootSegments(w.idx); ok && n <= splitUnderSegments {
			b.n = batchParts
		}
	}
	for i := range b.n {
		b.parts[i] = w.idx.NewBatch()
	}
	return b
}

// part returns the batch that takes id's operations.
func (b *splitBatch) part(id string) *bleve.Batch {
	return b.parts[maphash.String(idSeed, id)%uint64(b.n)]
}

// commit writes every part at once and returns when all are persisted.
// bleve waits for each batch to be persisted (fsync) before returning,
// unless unsafe_batch is set, which Pulse never does: an acknowledged
// article must survive a crash. When a part fails the others may still
// have been written; none of the write is acknowledged, and writing it
// again is harmless (unchanged articles are recognised by their hash).
func (b *splitBatch) commit() error {
	var wg sync.WaitGroup
	errs := make([]error, b.n)
	for i, p := range b.parts[:b.n] {
		if p.Size() == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.idx.Batch(p)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// rootSegments returns how many segments the index's current snapshot has.
func rootSegments(idx bleve.Index) (int, bool) {
	adv, err := idx.Advanced()
	if err != nil {
		return 0, false
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, false
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, false
	}
	return len(snap.Segments()), true
}
