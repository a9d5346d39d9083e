package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pulsesearch/pulse"
)

// ErrNotAcknowledged is wrapped by the error of a write that JetStream
// did not acknowledge: it may or may not be in the log, and is in no
// index until it is.
var ErrNotAcknowledged = errors.New("the log did not acknowledge the write")

// dedupWindow is how long JetStream remembers a message id, so that a
// write retried within it (a client's retry after a lost response, the
// API's request timeout being 30 s) is not a second message.
const dedupWindow = 10 * time.Minute

// reconnectWait is the pause between attempts to reach a server again:
// short, since a restarted server is back within seconds and writes fail
// meanwhile.
const reconnectWait = 250 * time.Millisecond

// attemptWait bounds one request to JetStream's API made while the
// cluster may still be starting; the request is then made again.
const attemptWait = 2 * time.Second

// Log is a connection to the cluster's stream of writes.
type Log struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	opts   Options
}

// Options are a node's settings of the log besides its servers.
type Options struct {
	// User and Password, or Token, are the credentials given to the
	// servers (cluster.user, cluster.password, cluster.token).
	User, Password, Token string
	// MaxAge and MaxBytes bound the stream (cluster.stream_max_age,
	// cluster.stream_max_bytes): JetStream drops older messages, and
	// the oldest while over the size. 0 is no bound.
	MaxAge   time.Duration
	MaxBytes int64
	// MaxBatch is the most articles UpsertAll writes in one atomic
	// batch (cluster.max_batch): at most the servers' max_batch_size,
	// which StartServer sets to it. 0 is DefaultMaxBatch.
	MaxBatch int
	// TLS are the node's TLS files (cluster.tls_cert, tls_key, tls_ca):
	// the client shows the certificate and trusts that authority alone.
	// Empty: no TLS, unless a tls:// URL asks for it with the system's
	// authorities.
	TLS TLSFiles
}

// maxBatch is o.MaxBatch or its default.
func (o Options) maxBatch() int {
	if o.MaxBatch > 0 {
		return o.MaxBatch
	}
	return DefaultMaxBatch
}

// retains reports whether the stream drops messages by age or size.
func (o Options) retains() bool { return o.MaxAge > 0 || o.MaxBytes > 0 }

// connectOptions are the client's credentials as NATS options.
func (o Options) connectOptions() []nats.Option {
	switch {
	case o.Token != "":
		return []nats.Option{nats.Token(o.Token)}
	case o.User != "":
		return []nats.Option{nats.UserInfo(o.User, o.Password)}
	}
	return nil
}

// Open connects to the NATS servers at urls and makes sure the stream
// exists. A new stream gets three replicas when the cluster has three
// servers or more and one otherwise: servers says how many (the embedded
// cluster's routes), or 0 to count the URLs given and the servers the
// first one tells of (an existing cluster). An existing stream is used as
// it is, so that a node that counted fewer servers never scales it down.
// The stream's retention is set to o's, on a new stream and an existing
// one alike: set it the same on every node. With o.TLS, the connection
// is TLS, with the node's certificate, trusting o.TLS.CA alone. Open
// retries while the cluster's JetStream is still electing its leader,
// until ctx ends.
//
// It returns an error naming the URLs when no server answers or the
// credentials are refused, and the last refusal when the stream cannot
// be found, made or updated before ctx ends.
func Open(ctx context.Context, urls []string, servers int, o Options) (*Log, error) {
	if len(urls) == 0 {
		return nil, errors.New("open the log: no NATS URL")
	}
	joined := strings.Join(urls, ",")
	copts := append([]nats.Option{nats.Name("pulse"), nats.MaxReconnects(-1), nats.ReconnectWait(reconnectWait)}, o.connectOptions()...)
	if o.TLS.set() {
		secure, err := o.TLS.clientOption()
		if err != nil {
			return nil, fmt.Errorf("open the log: %w", err)
		}
		copts = append(copts, secure)
	}
	nc, err := nats.Connect(joined, copts...)
	if err != nil {
		return nil, fmt.Errorf("open the log: connect to %s: %w", joined, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(attemptWait))
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("open the log: %w", err)
	}
	replicas := 1
	cfg := jetstream.StreamConfig{
		Name:       StreamName,
		Subjects:   []string{subjectPrefix + ">"},
		Storage:    jetstream.FileStorage,
		Duplicates: dedupWindow,
		// Pulse's writes are its articles: none is dropped unless the
		// operator bounds the stream, and then only once a snapshot
		// (PublishSnapshot) covers them, which a node behind the
		// stream's first message starts from.
		Retention: jetstream.LimitsPolicy,
		MaxAge:    o.MaxAge,
		MaxBytes:  o.MaxBytes,
		// A request's articles are one atomic batch (UpsertAll).
		AllowAtomicPublish: true,
	}
	if o.MaxBytes == 0 {
		cfg.MaxBytes = -1
	}
	if o.MaxAge > 0 {
		// JetStream refuses a dedup window longer than the stream's age.
		cfg.Duplicates = min(dedupWindow, o.MaxAge)
	}
	for {
		// Counted at each attempt: a server tells its client of the
		// others only once its routes to them are up, which may be after
		// the connection, while the cluster starts.
		n := servers
		if n == 0 {
			n = max(len(urls), len(nc.Servers()))
		}
		if n >= 3 {
			replicas = 3
		}
		cfg.Replicas = replicas
		// A request sent before the cluster has elected its leader gets
		// no answer at all: each attempt gets its own bound.
		actx, cancel := context.WithTimeout(ctx, attemptWait)
		stream, err := js.Stream(actx, StreamName)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			stream, err = js.CreateStream(actx, cfg)
		} else if err == nil {
			stream, err = updateConfig(actx, js, stream, cfg)
		}
		cancel()
		if err == nil {
			return &Log{nc: nc, js: js, stream: stream, opts: o}, nil
		}
		select {
		case <-ctx.Done():
			nc.Close()
			return nil, fmt.Errorf("open the log: find or create stream %s (%d replicas): %w", StreamName, replicas, err)
		case <-time.After(reconnectWait):
		}
	}
}

// updateConfig updates an existing stream's age and size bounds, and
// its dedup window with them, to want's when they differ, and allows
// atomic publish on a stream made before Pulse used it; the rest of its
// configuration stays as it is.
func updateConfig(ctx context.Context, js jetstream.JetStream, stream jetstream.Stream, want jetstream.StreamConfig) (jetstream.Stream, error) {
	cfg := stream.CachedInfo().Config
	if cfg.MaxAge == want.MaxAge && cfg.MaxBytes == want.MaxBytes && cfg.Duplicates == want.Duplicates && cfg.AllowAtomicPublish {
		return stream, nil
	}
	if !cfg.AllowAtomicPublish {
		slog.Info("allowing atomic batch publish on the log's stream", "stream", cfg.Name)
	}
	if cfg.MaxAge != want.MaxAge || cfg.MaxBytes != want.MaxBytes {
		slog.Info("setting the log's retention", "max_age", want.MaxAge, "max_bytes", want.MaxBytes, "was_max_age", cfg.MaxAge, "was_max_bytes", cfg.MaxBytes)
	}
	cfg.MaxAge, cfg.MaxBytes, cfg.Duplicates = want.MaxAge, want.MaxBytes, want.Duplicates
	cfg.AllowAtomicPublish = true
	return js.UpdateStream(ctx, cfg)
}

// Close closes the connection.
func (l *Log) Close() { l.nc.Close() }

// Upsert writes an article to the log and returns its sequence once
// JetStream has acknowledged it. The article must have its final id
// (indexer.Prepare derives one). Its message id is the id and its content
// hash, so the same article sent again within the dedup window is one
// message.
//
// It returns an EInvalid error for an article without id, an ETooLarge
// one for an article over the servers' payload limit, and an EUnavailable
// one wrapping ErrNotAcknowledged when JetStream does not acknowledge it.
func (l *Log) Upsert(ctx context.Context, a *pulse.Article) (uint64, error) {
	if a.ID == "" {
		return 0, pulse.Errorf(pulse.EInvalid, "article without id: the log needs the final id")
	}
	data, err := json.Marshal(pulse.Change{Op: pulse.ChangeUpsert, Article: a})
	if err != nil {
		return 0, fmt.Errorf("article %q: %w", a.ID, err)
	}
	return l.publish(ctx, a.ID, data, a.ContentHash())
}

// UpsertAll writes articles to the log as Upsert does, in order, and
// returns their sequences once JetStream has acknowledged them. They go
// as one atomic batch of JetStream, all written or none, and each node
// applies a batch in one batch of its index. More articles than
// Options.MaxBatch (the servers' limit) go in several batches, one after
// the other, each all or nothing.
//
// It returns the errors Upsert returns. When a batch after the first
// fails, its error says how many articles the batches before it wrote.
func (l *Log) UpsertAll(ctx context.Context, arts []*pulse.Article) ([]uint64, error) {
	data := make([][]byte, len(arts))
	for i, a := range arts {
		if a.ID == "" {
			return nil, pulse.Errorf(pulse.EInvalid, "article without id: the log needs the final id")
		}
		b, err := json.Marshal(pulse.Change{Op: pulse.ChangeUpsert, Article: a})
		if err != nil {
			return nil, fmt.Errorf("article %q: %w", a.ID, err)
		}
		data[i] = b
	}
	seqs := make([]uint64, 0, len(arts))
	size := l.opts.maxBatch()
	for start := 0; start < len(arts); start += size {
		end := min(start+size, len(arts))
		s, err := l.publishBatch(ctx, arts[start:end], data[start:end])
		if err != nil {
			if start > 0 {
				return nil, partly(err, fmt.Sprintf("articles 1 to %d of %d are in the log (batches of cluster.max_batch, %d), none from article %d on", start, len(arts), size, start+1))
			}
			return nil, err
		}
		seqs = append(seqs, s...)
	}
	return seqs, nil
}

// partly adds to err's message what the batches before it wrote.
func partly(err error, written string) error {
	var pe *pulse.Error
	if errors.As(err, &pe) {
		c := *pe
		c.Message = written + ": " + pe.Message
		return &c
	}
	return fmt.Errorf("%s: %w", written, err)
}

// Takedown writes the removal of an article to the log and then purges
// the article's earlier messages from the stream, keeping the takedown
// itself so that every node, however far behind, removes the article. It
// returns the takedown's sequence once both are done; called again after
// a failure, it finishes the purge.
//
// It returns an EUnavailable error wrapping ErrNotAcknowledged when
// JetStream acknowledges neither.
func (l *Log) Takedown(ctx context.Context, id string) (uint64, error) {
	if id == "" {
		return 0, pulse.Errorf(pulse.EInvalid, "takedown without id")
	}
	data, err := json.Marshal(pulse.Change{Op: pulse.ChangeTakedown, ID: id})
	if err != nil {
		return 0, fmt.Errorf("takedown of %q: %w", id, err)
	}
	seq, err := l.publish(ctx, id, data, "takedown")
	if err != nil {
		return 0, err
	}
	err = l.stream.Purge(ctx, jetstream.WithPurgeSubject(SubjectFor(id)), jetstream.WithPurgeSequence(seq))
	if err != nil {
		return 0, unavailable(fmt.Sprintf("takedown of %q: written at sequence %d, but its earlier messages were not purged (take it down again)", id, seq), err)
	}
	return seq, nil
}

// publish sends one message on id's subject with the message id
// id:version and waits for JetStream's acknowledgement.
//
// JetStream drops a message whose id it saw within the dedup window.
// That is right for a retry, but wrong when the article changed in
// between and changed back (A, B, then A again: the third is the first's
// id): when the acknowledged duplicate is not the last message of the
// subject, the write is sent again with that last sequence in its id.
func (l *Log) publish(ctx context.Context, id string, data []byte, version string) (uint64, error) {
	subj := SubjectFor(id)
	msgID := subj[len(subjectPrefix):] + ":" + version
	// A request can go unanswered (sent to a server as it restarts, or
	// while the stream elects a leader): each attempt has its own bound
	// and the message is sent again, which its id makes harmless, until
	// ctx ends.
	send := func(msgID string) (*jetstream.PubAck, error) {
		for {
			actx, cancel := context.WithTimeout(ctx, attemptWait)
			ack, err := l.js.PublishMsg(actx, &nats.Msg{Subject: subj, Data: data}, jetstream.WithMsgID(msgID), jetstream.WithExpectStream(StreamName))
			cancel()
			switch {
			case err == nil:
				return ack, nil
			case errors.Is(err, nats.ErrMaxPayload):
				return nil, &pulse.Error{Code: pulse.ETooLarge, Message: fmt.Sprintf("article %q: %d bytes, over the log's message limit", id, len(data)), Err: err}
			}
			select {
			case <-ctx.Done():
				return nil, unavailable(fmt.Sprintf("write of article %q", id), err)
			case <-time.After(reconnectWait):
			}
		}
	}
	ack, err := send(msgID)
	if err != nil || !ack.Duplicate {
		return ackSeq(ack), err
	}
	last, err := l.stream.GetLastMsgForSubject(ctx, subj)
	switch {
	case err == nil && last.Sequence == ack.Sequence:
		return ack.Sequence, nil // a retry: the log already ends with it
	case err == nil:
		ack, err = send(msgID + ":" + strconv.FormatUint(last.Sequence, 10))
	case errors.Is(err, jetstream.ErrMsgNotFound):
		ack, err = send(msgID + ":0")
	default:
		return 0, unavailable(fmt.Sprintf("write of article %q", id), err)
	}
	return ackSeq(ack), err
}

func ackSeq(ack *jetstream.PubAck) uint64 {
	if ack == nil {
		return 0
	}
	return ack.Sequence
}

// unavailable is the EUnavailable error of a write the log refused or
// did not answer.
func unavailable(what string, err error) error {
	return &pulse.Error{
		Code:    pulse.EUnavailable,
		Message: fmt.Sprintf("%s: not acknowledged by the log (JetStream without a quorum, or no server reachable): %v", what, err),
		Err:     fmt.Errorf("%w: %w", ErrNotAcknowledged, err),
	}
}

// LastSeq returns the sequence of the last message in the stream.
//
// It returns an error when the stream's state cannot be read.
func (l *Log) LastSeq(ctx context.Context) (uint64, error) {
	st, err := l.State(ctx)
	return st.LastSeq, err
}

// State returns the stream's state: its messages, bytes, first and last
// sequences and replicas.
//
// It returns an error when the stream's state cannot be read.
func (l *Log) State(ctx context.Context) (pulse.StreamStats, error) {
	info, err := l.stream.Info(ctx)
	if err != nil {
		return pulse.StreamStats{}, fmt.Errorf("read the log's state: %w", err)
	}
	return pulse.StreamStats{
		Name: info.Config.Name, Messages: info.State.Msgs, Bytes: info.State.Bytes,
		FirstSeq: info.State.FirstSeq, LastSeq: info.State.LastSeq, Replicas: info.Config.Replicas,
	}, nil
}

// decode turns a message of the stream into the change it carries. A
// message that is not one (written by something else than Pulse, or an
// operation this Pulse does not know) becomes an upsert without article,
// which the index rejects and counts as applied: stopping on it would
// stop the node for good.
func decode(m jetstream.Msg) (pulse.Change, error) {
	meta, err := m.Metadata()
	if err != nil {
		return pulse.Change{}, fmt.Errorf("read a message of the log: %w", err)
	}
	var c pulse.Change
	err = json.Unmarshal(m.Data(), &c)
	known := c.Op == pulse.ChangeUpsert && c.Article != nil || c.Op == pulse.ChangeTakedown
	if err != nil || !known {
		slog.Error("a message of the log is not a change Pulse knows: skipped", "seq", meta.Sequence.Stream, "subject", m.Subject(), "err", err, "op", c.Op)
		return pulse.Change{Seq: meta.Sequence.Stream, Op: pulse.ChangeUpsert}, nil
	}
	if c.Op == pulse.ChangeTakedown && c.ID == "" {
		// The subject names the article: a takedown must not be lost.
		if id, err := idOf(m.Subject()); err == nil {
			c.ID = id
		}
	}
	c.Seq = meta.Sequence.Stream
	c.Batch = m.Headers().Get(batchIDHeader)
	return c, nil
}

// batchOpen reports whether m is a message of an atomic batch other
// than its last: more of the batch follows in the stream.
func batchOpen(m jetstream.Msg) bool {
	h := m.Headers()
	return h.Get(batchIDHeader) != "" && h.Get(batchCommitHeader) == ""
}
