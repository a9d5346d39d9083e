package indexer

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// seqKey is the internal key holding the sequence of the last change of
// the replicated log that the index holds.
var seqKey = []byte("pulse:applied_seq")

func encodeSeq(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// AppliedSeq returns the sequence of the last log change the index holds,
// 0 when it holds none.
//
// It returns an error when the index cannot be read or the stored value
// is not a sequence.
func (w *Writer) AppliedSeq() (uint64, error) {
	b, err := w.idx.GetInternal(seqKey)
	if err != nil {
		return 0, fmt.Errorf("read the applied log sequence: %w", err)
	}
	switch len(b) {
	case 0:
		return 0, nil
	case 8:
		return binary.BigEndian.Uint64(b), nil
	}
	return 0, fmt.Errorf("read the applied log sequence: %d bytes stored, want 8", len(b))
}

// Apply writes changes of the replicated log, in order, through the same
// path as any other write (cleaning, extraction, copy clusters), and
// returns one result per upsert. Each bleve batch also records the
// sequence of its last change, so that a node killed at any moment holds
// exactly the changes up to the sequence it records and resumes after it.
//
// Changes at or below the applied sequence are skipped, so a change
// delivered twice is applied once. Consecutive upserts are written in
// batches of the writer's batch size, never split (see writeBatch), and
// the changes of one atomic batch of the log (Change.Batch) in one
// batch of the index, whatever their number;
// consecutive takedowns in one batch, whose bytes are then purged in the
// background. A rejected article is reported in its result and its
// sequence still counts as applied: applying it again would reject it
// again.
//
// It returns an error when the index fails, or for a change with an
// unknown operation or no sequence, after which nothing past the last
// recorded sequence is applied.
func (w *Writer) Apply(ctx context.Context, changes []pulse.Change) ([]pulse.ItemResult, error) {
	applied, err := w.AppliedSeq()
	if err != nil {
		return nil, err
	}
	var results []pulse.ItemResult
	for i := 0; i < len(changes); {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		c := changes[i]
		if c.Seq == 0 {
			return results, fmt.Errorf("apply change %d of %d: no sequence", i+1, len(changes))
		}
		if c.Seq <= applied {
			i++
			continue
		}
		// A run of changes of one operation, at most one batch long,
		// unless the log wrote it as one atomic batch: that one is
		// never split, whatever its length.
		j := i + 1
		for j < len(changes) && changes[j].Op == c.Op && changes[j].Seq > changes[j-1].Seq &&
			(j-i < w.batchSize || sameBatch(changes[j-1], changes[j])) {
			j++
		}
		run := changes[i:j]
		last := run[len(run)-1].Seq
		switch c.Op {
		case pulse.ChangeUpsert:
			items := make([]format.Item, len(run))
			names := make([]string, len(run))
			for k, rc := range run {
				if rc.Article != nil {
					items[k].Article = *rc.Article
				} else {
					items[k].Err = pulse.Errorf(pulse.EInvalid, "no article")
				}
				names[k] = "log sequence " + strconv.FormatUint(rc.Seq, 10)
			}
			res, err := w.writeBatch(w.prepare(items, names), last)
			results = append(results, res...)
			if err != nil {
				return results, fmt.Errorf("apply log sequences %d to %d: %w", run[0].Seq, last, err)
			}
		case pulse.ChangeTakedown:
			ids := make([]string, len(run))
			for k, rc := range run {
				ids[k] = rc.ID
			}
			found, err := w.delete(ids, last)
			if err != nil {
				return results, fmt.Errorf("apply log sequences %d to %d: %w", run[0].Seq, last, err)
			}
			for _, id := range ids {
				if found[id] {
					w.PurgeLater(func(err error) { slog.Error("purge after a takedown failed", "id", id, "err", err) })
					break
				}
			}
		default:
			return results, fmt.Errorf("apply log sequence %d: unknown operation %q", c.Seq, c.Op)
		}
		applied = last
		i = j
	}
	return results, nil
}

// sameBatch reports whether a and b were written in the same atomic
// batch of the log.
func sameBatch(a, b pulse.Change) bool { return a.Batch != "" && a.Batch == b.Batch }
