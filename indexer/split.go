package indexer

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// batchParts is how many bleve batches one write is split into. bleve
// builds a batch's segment on one core after analysing it on all of them;
// two half batches, committed at once, build their segments side by side,
// so neither core waits for the other while a segment is built.
const batchParts = 2

// splitBatch is one write, spread over batchParts bleve batches by id: an
// id's operations all land in one part, in order, so a later one still
// replaces an earlier one as in a single batch.
type splitBatch struct {
	idx   bleve.Index
	parts [batchParts]*bleve.Batch
}

var idSeed = maphash.MakeSeed()

func (w *Writer) newSplitBatch() *splitBatch {
	b := &splitBatch{idx: w.idx}
	for i := range b.parts {
		b.parts[i] = w.idx.NewBatch()
	}
	return b
}

// part returns the batch that takes id's operations.
func (b *splitBatch) part(id string) *bleve.Batch {
	return b.parts[maphash.String(idSeed, id)%batchParts]
}

// commit writes every part at once and returns when all are persisted.
// bleve waits for each batch to be persisted (fsync) before returning,
// unless unsafe_batch is set, which Pulse never does: an acknowledged
// article must survive a crash. When a part fails the others may still
// have been written; none of the write is acknowledged, and writing it
// again is harmless (unchanged articles are recognised by their hash).
func (b *splitBatch) commit() error {
	var wg sync.WaitGroup
	errs := make([]error, batchParts)
	for i, p := range b.parts {
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
