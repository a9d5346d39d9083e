package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/pulsesearch/pulse"
)

// The headers of JetStream's atomic batch publish (nats-server 2.12 and
// later): every message of a batch carries the batch's id and its place
// in it, and the last one the commit. The stream stores none of the
// batch until the commit, then all of it at once, or refuses the lot.
const (
	batchIDHeader     = "Nats-Batch-Id"
	batchSeqHeader    = "Nats-Batch-Sequence"
	batchCommitHeader = "Nats-Batch-Commit"
)

// DefaultMaxBatch is the most messages nats-server takes in one atomic
// batch unless its jetstream.limits.max_batch_size says otherwise.
const DefaultMaxBatch = 1000

// JetStream's error codes for an atomic batch, from the server's
// errors.json.
const (
	errCodeAtomicDisabled  jetstream.ErrorCode = 10174 // the stream does not allow atomic publish
	errCodeBatchIncomplete jetstream.ErrorCode = 10176 // a message of the batch was lost, or the batch timed out
	errCodeBatchTooLarge   jetstream.ErrorCode = 10199 // over the server's max_batch_size
	errCodeBatchDuplicate  jetstream.ErrorCode = 10201 // a message id seen within the dedup window
	errCodeMsgIDInProcess  jetstream.ErrorCode = 10158 // a message id proposed by an earlier batch, not yet committed
)

// batchAckEvery is how often a message inside a batch asks for the
// server's answer: the first one, which tells at once that the stream's
// leader took the batch, then every this many, so that a large batch
// does not outrun the server's ingest queue unawares.
const batchAckEvery = 100

// duplicateRounds bounds how often publishBatch sends a batch again
// after JetStream refused it for a message id it had seen: once the ids
// carry each subject's last sequence they are new, so one more round
// settles it unless other writers keep writing the same articles.
const duplicateRounds = 3

// errDuplicate is a batch refused whole because one of its message ids
// is within the dedup window.
var errDuplicate = errors.New("the batch repeats a message id the log has seen")

// batchAck is JetStream's answer to a batch's commit.
type batchAck struct {
	Stream string              `json:"stream"`
	Seq    uint64              `json:"seq"`
	Batch  string              `json:"batch"`
	Count  uint64              `json:"count"`
	Error  *jetstream.APIError `json:"error,omitempty"`
}

// publishBatch writes arts, whose messages are data, to the log as one
// atomic batch and returns their sequences: all are in the log or none.
//
// A message id the log has seen (the batch committed by an earlier
// attempt whose answer was lost, the same articles written by another
// node, or an article changed and changed back within the dedup window)
// makes JetStream refuse the whole batch. The articles whose subject
// already ends with that very message are then written, and the others
// are sent again, as a new batch, with their subject's last sequence in
// their message id, as publish does for one article.
func (l *Log) publishBatch(ctx context.Context, arts []*pulse.Article, data [][]byte) ([]uint64, error) {
	seqs := make([]uint64, len(arts))
	ids := batchMsgIDs(arts)
	todo := make([]int, len(arts)) // the articles still to write
	for i := range todo {
		todo[i] = i
	}
	for round := 0; ; round++ {
		sent, err := l.sendBatch(ctx, arts, data, ids, todo)
		if err == nil {
			for k, i := range todo {
				seqs[i] = sent[k]
			}
			return seqs, nil
		}
		if !errors.Is(err, errDuplicate) {
			return nil, err
		}
		if round == duplicateRounds {
			return nil, unavailable(fmt.Sprintf("write of %d articles", len(todo)), fmt.Errorf("%w, %d times over", err, round+1))
		}
		todo, err = l.settleDuplicates(ctx, arts, ids, todo, seqs)
		if err != nil {
			return nil, err
		}
		if len(todo) == 0 {
			return seqs, nil
		}
	}
}

// batchMsgIDs returns the message id of each article: its subject's
// token and content hash, as publish gives one article. JetStream
// refuses a batch holding the same id twice, so an article repeated in
// the batch with the same content after another version (A, B, A) gets
// its place in the batch in its id; the same batch sent again gets the
// same ids.
func batchMsgIDs(arts []*pulse.Article) []string {
	ids := make([]string, len(arts))
	seen := make(map[string]bool, len(arts))
	for i, a := range arts {
		id := SubjectFor(a.ID)[len(subjectPrefix):] + ":" + a.ContentHash()
		if seen[id] {
			id += ":b" + strconv.Itoa(i)
		}
		seen[id] = true
		ids[i] = id
	}
	return ids
}

// settleDuplicates finds, for each article of todo, whether its
// subject's last message is the one it would write (ids[i]) and no
// earlier version of it in todo is still to be written: that article is
// written, its sequence set in seqs. It returns the others, whose ids
// now carry their subject's last sequence.
func (l *Log) settleDuplicates(ctx context.Context, arts []*pulse.Article, ids []string, todo []int, seqs []uint64) ([]int, error) {
	var rest []int
	writing := map[string]bool{} // ids of articles of rest
	for _, i := range todo {
		subj := SubjectFor(arts[i].ID)
		last, err := l.stream.GetLastMsgForSubject(ctx, subj)
		switch {
		case err == nil && last.Header.Get(jetstream.MsgIDHeader) == ids[i] && !writing[arts[i].ID]:
			seqs[i] = last.Sequence
			continue
		case err == nil:
			ids[i] += ":" + strconv.FormatUint(last.Sequence, 10)
		case errors.Is(err, jetstream.ErrMsgNotFound):
			ids[i] += ":0"
		default:
			return nil, unavailable(fmt.Sprintf("write of article %q", arts[i].ID), err)
		}
		rest = append(rest, i)
		writing[arts[i].ID] = true
	}
	return rest, nil
}

// sendBatch sends the articles of todo as one atomic batch, with a new
// batch id at each attempt, until JetStream answers or ctx ends, and
// returns their sequences. A batch is contiguous in the stream: the
// commit's sequence is its last.
//
// It returns errDuplicate when JetStream refuses a message id it has
// seen, an ETooLarge error for a message or a batch over the servers'
// limits, an EUnavailable one wrapping ErrNotAcknowledged when no
// attempt is answered before ctx ends.
func (l *Log) sendBatch(ctx context.Context, arts []*pulse.Article, data [][]byte, ids []string, todo []int) ([]uint64, error) {
	what := fmt.Sprintf("write of %d articles as one atomic batch", len(todo))
	for {
		ack, err := l.sendBatchOnce(ctx, arts, data, ids, todo)
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode == errCodeMsgIDInProcess {
			// An earlier attempt reached the stream's leader, which
			// proposed it to the others and awaits their quorum: say so,
			// since it may still be written (whole) once they answer.
			what = fmt.Sprintf("write of %d articles as one atomic batch (an earlier attempt awaits the servers' quorum and may still be written, whole)", len(todo))
		}
		if err == nil {
			seqs := make([]uint64, len(todo))
			for k := range seqs {
				seqs[k] = ack.Seq - uint64(len(todo)-1-k)
			}
			return seqs, nil
		}
		switch {
		case errors.As(err, &apiErr) && apiErr.ErrorCode == errCodeBatchDuplicate:
			return nil, errDuplicate
		case errors.As(err, &apiErr) && apiErr.ErrorCode == errCodeBatchTooLarge:
			return nil, &pulse.Error{Code: pulse.ETooLarge, Message: fmt.Sprintf("%s: %d articles, over the servers' batch limit (jetstream max_batch_size): lower cluster.max_batch to it", what, len(todo)), Err: err}
		case errors.As(err, &apiErr) && apiErr.ErrorCode == errCodeAtomicDisabled:
			// Another node's Pulse, older, may have set the stream's
			// configuration back: nothing was written, and waiting
			// will not change that.
			return nil, unavailable(what, fmt.Errorf("the stream %s does not allow atomic publish (restart a node of this version to set it): %w", StreamName, err))
		case errors.Is(err, nats.ErrMaxPayload):
			return nil, &pulse.Error{Code: pulse.ETooLarge, Message: fmt.Sprintf("%s: an article is over the log's message limit", what), Err: err}
		}
		select {
		case <-ctx.Done():
			return nil, unavailable(what, err)
		case <-time.After(reconnectWait):
		}
	}
}

// sendBatchOnce makes one attempt at sending a batch, bounded by
// attemptWait for each answer awaited.
func (l *Log) sendBatchOnce(ctx context.Context, arts []*pulse.Article, data [][]byte, ids []string, todo []int) (*batchAck, error) {
	batch := nuid.Next()
	for k, i := range todo {
		m := nats.NewMsg(SubjectFor(arts[i].ID))
		m.Data = data[i]
		m.Header.Set(jetstream.MsgIDHeader, ids[i])
		m.Header.Set(jetstream.ExpectedStreamHeader, StreamName)
		m.Header.Set(batchIDHeader, batch)
		m.Header.Set(batchSeqHeader, strconv.Itoa(k+1))
		last := k == len(todo)-1
		if last {
			m.Header.Set(batchCommitHeader, "1")
		}
		if !last && k%batchAckEvery != 0 {
			if err := l.nc.PublishMsg(m); err != nil {
				return nil, err
			}
			continue
		}
		actx, cancel := context.WithTimeout(ctx, attemptWait)
		resp, err := l.nc.RequestMsgWithContext(actx, m)
		cancel()
		if err != nil {
			return nil, err
		}
		if !last {
			// An empty answer: the server holds the message until the
			// commit.
			if len(resp.Data) > 0 {
				var ack batchAck
				if json.Unmarshal(resp.Data, &ack) == nil && ack.Error != nil {
					return nil, ack.Error
				}
			}
			continue
		}
		var ack batchAck
		if err := json.Unmarshal(resp.Data, &ack); err != nil {
			return nil, fmt.Errorf("the log's answer to a batch: %w", err)
		}
		if ack.Error != nil {
			return nil, ack.Error
		}
		if ack.Batch != batch || ack.Count != uint64(len(todo)) || ack.Seq < uint64(len(todo)) {
			return nil, fmt.Errorf("the log's answer to batch %s is for batch %q of %d messages at sequence %d, want %d messages", batch, ack.Batch, ack.Count, ack.Seq, len(todo))
		}
		return &ack, nil
	}
	return nil, errors.New("empty batch")
}
