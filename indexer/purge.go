package indexer

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/pulsesearch/pulse"
)

// purger rewrites the index's segments so that deleted articles leave
// the disk: bleve marks a deleted document obsolete but keeps its bytes
// (stored source included) until its segment is merged away, and a legal
// takedown must not linger there. Purges are serialised; a request made
// while one runs is folded into the next.
type purger struct {
	mu      sync.Mutex
	running bool
	again   bool
	done    chan struct{} // closed when the running purges end
}

// purgePlaceholder is the id of the document Purge adds for the length
// of a merge. A copy of the index made meanwhile (a backup, a cluster
// snapshot) or a process stopped half way keeps it: dropPlaceholder
// removes it where such an index is opened.
const purgePlaceholder = "_pulse_purge_placeholder"

// dropPlaceholder deletes Purge's placeholder document from idx if it is
// there: left in, it would count as an article, and a replica restored
// from a snapshot taken during a purge would hold one document more than
// the others.
func dropPlaceholder(idx bleve.Index) error {
	d, err := idx.Document(purgePlaceholder)
	if err != nil || d == nil {
		return err
	}
	return idx.Delete(purgePlaceholder)
}

// Purge merges the index's segments into one, dropping the bytes of
// deleted articles. It blocks until done.
func (w *Writer) Purge(ctx context.Context) error {
	adv, err := w.idx.Advanced()
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("purge: the index is not a scorch index")
	}
	// A merge needs two segments; an index already in one segment (with
	// the deleted article in it) would be left as it is. A placeholder
	// document makes a second, and is deleted after the merge: what it
	// leaves on disk is the placeholder's, not an article's.
	const placeholder = purgePlaceholder
	if err := w.idx.Index(placeholder, map[string]any{"_type": docType, pulse.FieldTitle: "purge"}); err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	if err := s.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("purge deleted articles from disk: %w", err)
	}
	if err := w.idx.Delete(placeholder); err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	if w.OnWrite != nil {
		// A search made while the placeholder was in the index counted
		// it; its cached result must go with it.
		w.OnWrite([]string{placeholder})
	}
	// Scorch keeps the previous snapshot (and its segment files) for
	// rollback until newer ones are persisted: two small writes push the
	// pre-merge snapshot out, so its files are removed.
	for i := 0; i < 2; i++ {
		stamp := []byte(time.Now().UTC().Format(time.RFC3339Nano))
		if err := w.idx.SetInternal([]byte("pulse:purged_at"), stamp); err != nil {
			return fmt.Errorf("purge: %w", err)
		}
	}
	return nil
}

// PurgeLater runs Purge in the background, once more after the running
// one if asked again meanwhile, logging a failure through report.
func (w *Writer) PurgeLater(report func(error)) {
	p := &w.purge
	p.mu.Lock()
	if p.running {
		p.again = true
		p.mu.Unlock()
		return
	}
	p.running = true
	p.done = make(chan struct{})
	p.mu.Unlock()
	go func() {
		for {
			err := w.Purge(context.Background())
			if err != nil && report != nil {
				report(err)
			}
			p.mu.Lock()
			if !p.again {
				p.running = false
				close(p.done)
				p.mu.Unlock()
				return
			}
			p.again = false
			p.mu.Unlock()
		}
	}()
}

// WaitPurges blocks until the background purges started by PurgeLater
// have ended, so that the index can be closed without cutting one off
// half way (its placeholder document still in the index).
func (w *Writer) WaitPurges() {
	p := &w.purge
	p.mu.Lock()
	done := p.done
	running := p.running
	p.mu.Unlock()
	if running {
		<-done
	}
}
