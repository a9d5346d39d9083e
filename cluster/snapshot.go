package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// SnapshotBucket is the object store holding the newest snapshot of the
// index, under the object name snapshotObject.
const SnapshotBucket = "PULSE_SNAPSHOTS"

const snapshotObject = "index"

// snapshotChunk is the size of the snapshot's messages, well below the
// 1 MiB message limit of a NATS server's default configuration.
//
// The object store sends what each Read of its reader returns as one
// message, and stops with "stalled with too many outstanding async
// published messages" when 4,000 are unacknowledged: the tarball's own
// writes (a few KiB each, from gzip) made the snapshot of a
// 100,000-article index (470 MB) fail every time. fullReader fills each
// chunk.
const snapshotChunk = 512 << 10

// fullReader reads whole buffers from r, short only at its end.
type fullReader struct{ r io.Reader }

func (f fullReader) Read(p []byte) (int, error) {
	n, err := io.ReadFull(f.r, p)
	if err == io.ErrUnexpectedEOF {
		err = nil // the last, short chunk; io.EOF comes at the next Read
	}
	return n, err
}

// seqMeta is the snapshot's metadata key for the sequence it covers.
const seqMeta = "seq"

// Snapshot describes the newest snapshot in the object store.
type Snapshot struct {
	// Seq is the log sequence the snapshot's index holds at least (its
	// own applied sequence, recorded inside it, may be higher: the index
	// went on applying while it was copied).
	Seq   uint64
	Bytes uint64
}

func (l *Log) snapshots(ctx context.Context) (jetstream.ObjectStore, error) {
	os, err := l.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      SnapshotBucket,
		Description: "Pulse's newest index snapshot, for a new node to start from",
		Storage:     jetstream.FileStorage,
		Replicas:    l.stream.CachedInfo().Config.Replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot bucket %s: %w", SnapshotBucket, err)
	}
	return os, nil
}

// PublishSnapshot stores the backup tarball that write writes as the
// newest snapshot, covering the log up to seq, in place of the one
// before. The tarball streams from write into the store; when write
// fails, the earlier snapshot stays.
//
// It returns an error when write fails or the store does not take it.
func (l *Log) PublishSnapshot(ctx context.Context, seq uint64, write func(io.Writer) error) (Snapshot, error) {
	os, err := l.snapshots(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(write(pw)) }()
	// The store sends what each Read returns as one message: read whole
	// chunks, not each of the tarball's small writes.
	info, err := os.Put(ctx, jetstream.ObjectMeta{
		Name:     snapshotObject,
		Metadata: map[string]string{seqMeta: strconv.FormatUint(seq, 10)},
		Opts:     &jetstream.ObjectMetaOptions{ChunkSize: snapshotChunk},
	}, fullReader{pr})
	// Put stops reading on its own errors: unblock the writer.
	pr.CloseWithError(errors.New("snapshot not stored"))
	if err != nil {
		return Snapshot{}, fmt.Errorf("publish the snapshot at sequence %d: %w", seq, err)
	}
	return Snapshot{Seq: seq, Bytes: info.Size}, nil
}

// LatestSnapshot describes the newest snapshot; ok is false when there
// is none.
//
// It returns an error when the store cannot be read or the snapshot's
// sequence is not a number.
func (l *Log) LatestSnapshot(ctx context.Context) (s Snapshot, ok bool, err error) {
	os, err := l.snapshots(ctx)
	if err != nil {
		return Snapshot{}, false, err
	}
	info, err := os.GetInfo(ctx, snapshotObject)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return Snapshot{}, false, nil
	}
	if err != nil {
		return Snapshot{}, false, fmt.Errorf("read the snapshot's description: %w", err)
	}
	seq, err := strconv.ParseUint(info.Metadata[seqMeta], 10, 64)
	if err != nil {
		return Snapshot{}, false, fmt.Errorf("snapshot in %s: sequence %q is not a number", SnapshotBucket, info.Metadata[seqMeta])
	}
	return Snapshot{Seq: seq, Bytes: info.Size}, true, nil
}

// OpenSnapshot returns the newest snapshot's tarball, checked against
// its digest as it is read; the caller closes it. Reading it must end
// within snapshotReadWait of its size.
//
// It returns an error when there is none or the store cannot be read.
func (l *Log) OpenSnapshot(ctx context.Context) (io.ReadCloser, error) {
	os, err := l.snapshots(ctx)
	if err != nil {
		return nil, err
	}
	info, err := os.GetInfo(ctx, snapshotObject)
	if err != nil {
		return nil, fmt.Errorf("read the snapshot's description: %w", err)
	}
	// The store bounds a read without a deadline by the client's default
	// request timeout (5 s) for the whole object: a 300 MB snapshot failed
	// with "read pipe: i/o timeout" half-way, and the node did not start.
	rctx, cancel := context.WithTimeout(ctx, snapshotReadWait(info.Size))
	r, err := os.Get(rctx, snapshotObject)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("read the snapshot: %w", err)
	}
	return &snapshotReader{ReadCloser: r, cancel: cancel}, nil
}

// snapshotReadWait bounds the reading of a snapshot of size bytes: five
// minutes, and a second more for every 2 MB.
func snapshotReadWait(size uint64) time.Duration {
	return 5*time.Minute + time.Duration(size/2e6)*time.Second
}

type snapshotReader struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (r *snapshotReader) Close() error {
	err := r.ReadCloser.Close()
	r.cancel()
	return err
}

// FirstSeq returns the sequence of the first message the stream still
// holds.
//
// It returns an error when the stream's state cannot be read.
func (l *Log) FirstSeq(ctx context.Context) (uint64, error) {
	st, err := l.State(ctx)
	return st.FirstSeq, err
}
