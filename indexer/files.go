package indexer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Skipped is a file that was not read, and why.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Summary counts what an ingest run did.
type Summary struct {
	Files     int       `json:"files"`
	Read      int       `json:"read"`
	Indexed   int       `json:"indexed"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Rejected  int       `json:"rejected"`
	Skipped   []Skipped `json:"skipped,omitempty"`
	// Resumed are files a previous run finished, not read again.
	Resumed []Skipped `json:"resumed,omitempty"`
	// FailedFiles are inputs that could not be read at all.
	FailedFiles []Skipped     `json:"failed_files,omitempty"`
	Elapsed     time.Duration `json:"-"`

	// Warned counts items indexed with something dropped (ItemResult.Warnings).
	Warned int `json:"warned,omitempty"`
}

// Add counts one item's outcome.
func (s *Summary) Add(r pulse.ItemResult) {
	s.Read++
	if len(r.Warnings) > 0 {
		s.Warned++
	}
	switch r.Outcome {
	case Indexed:
		s.Indexed++
	case Updated:
		s.Updated++
	case Unchanged:
		s.Unchanged++
	case Rejected:
		s.Rejected++
	}
}

// Failed reports whether anything was rejected or could not be read.
func (s *Summary) Failed() bool { return s.Rejected > 0 || len(s.FailedFiles) > 0 }

func (s Summary) String() string {
	out := fmt.Sprintf("read %d, indexed %d, updated %d, unchanged %d, rejected %d", s.Read, s.Indexed, s.Updated, s.Unchanged, s.Rejected)
	if s.Warned > 0 {
		out += fmt.Sprintf(", with warnings %d", s.Warned)
	}
	if len(s.Skipped) > 0 {
		out += fmt.Sprintf(", skipped files %d", len(s.Skipped))
	}
	if len(s.Resumed) > 0 {
		out += fmt.Sprintf(", files already ingested %d", len(s.Resumed))
	}
	if len(s.FailedFiles) > 0 {
		out += fmt.Sprintf(", unreadable files %d", len(s.FailedFiles))
	}
	if s.Elapsed > 0 && s.Read > 0 {
		out += fmt.Sprintf(" in %s (%.0f articles/s)", s.Elapsed.Round(time.Millisecond), float64(s.Read)/s.Elapsed.Seconds())
	}
	return out
}

// RunOptions tune an ingest run from files.
type RunOptions struct {
	// Format forces a reader by name; empty means detect per file.
	Format string
	// Readers are the readers to detect from: IngestPaths uses the
	// Writer's (Writer.Readers) when empty; ReadPaths needs them.
	Readers []format.Reader
	// Stdin is read for the path "-".
	Stdin io.Reader
	// OnResult is called for every item, in order.
	OnResult func(pulse.ItemResult, []byte)
	// OnFile is called as each file starts.
	OnFile func(name string)
	// OnRead is called with the bytes read from input files as reading
	// goes (compressed bytes for archives), for progress.
	OnRead func(n int)
	// Journal, when set, skips files it records as fully ingested and
	// records each file once all its articles are committed.
	Journal *Journal
}

// IngestPaths reads files, directories (recursively), "-" for standard
// input, .gz and .zip archives, and writes their articles. In a directory,
// files of no known format are skipped and listed; a named file of no
// known format is reported as failed. A file that breaks half-way keeps
// the articles read before the break.
//
// The error is for a failure of the index; the summary says what happened
// to every item.
func (w *Writer) IngestPaths(ctx context.Context, paths []string, opts RunOptions) (Summary, error) {
	if len(opts.Readers) == 0 {
		opts.Readers = w.Readers()
	}
	return ReadPaths(ctx, paths, opts, w.batchSize*max(4, w.workers), w.Write)
}

// ReadPaths reads paths as IngestPaths does and hands their items to sink
// in chunks of up to chunk items. It returns an error at once when
// opts.Readers is empty: the readers carry the configured byte caps, and
// there are no others to fall back on.
func ReadPaths(ctx context.Context, paths []string, opts RunOptions, chunk int, sink format.Sink) (Summary, error) {
	start := time.Now()
	var sum Summary
	readers := opts.Readers
	if len(readers) == 0 {
		return sum, errors.New("indexer: no readers given (build them with Readers)")
	}
	var forced format.Reader
	if opts.Format != "" {
		for _, r := range readers {
			if r.Name() == opts.Format {
				forced = r
			}
		}
		if forced == nil {
			return sum, fmt.Errorf("format %q: unknown", opts.Format)
		}
	}
	b := &batcher{sink: sink, chunk: max(1, chunk), ctx: ctx, sum: &sum, onResult: opts.OnResult, journal: opts.Journal, onRead: opts.OnRead}
	for _, p := range paths {
		if p == "-" {
			in := opts.Stdin
			if in == nil {
				in = os.Stdin
			}
			if err := b.file(ctx, "stdin", io.NopCloser(in), nil, readers, forced, true); err != nil {
				return sum, err
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			sum.FailedFiles = append(sum.FailedFiles, Skipped{Path: p, Reason: err.Error()})
			continue
		}
		if !fi.IsDir() {
			if err := b.path(ctx, p, readers, forced, true, opts.OnFile); err != nil {
				return sum, err
			}
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				sum.FailedFiles = append(sum.FailedFiles, Skipped{Path: path, Reason: err.Error()})
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				sum.Skipped = append(sum.Skipped, Skipped{Path: path, Reason: "hidden file"})
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		sort.Strings(files)
		for _, f := range files {
			if err := b.path(ctx, f, readers, forced, false, opts.OnFile); err != nil {
				return sum, err
			}
		}
	}
	err := b.flush()
	sum.Elapsed = time.Since(start)
	return sum, err
}

// batcher gathers items from the files into batches.
type batcher struct {
	sink     format.Sink
	chunk    int
	ctx      context.Context
	sum      *Summary
	onResult func(pulse.ItemResult, []byte)
	items    []itemWithName
	journal  *Journal
	onRead   func(int)
	// pending are files read to the end whose last articles are not yet
	// committed; a flush commits them, then the journal records them.
	pending []fileKey
}

type itemWithName struct {
	it   format.Item
	name string
}

func (b *batcher) add(it format.Item, name string) error {
	b.items = append(b.items, itemWithName{it, name})
	if len(b.items) >= b.chunk {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if len(b.items) == 0 {
		return nil
	}
	items := make([]format.Item, len(b.items))
	names := make([]string, len(b.items))
	for i, x := range b.items {
		items[i], names[i] = x.it, x.name
	}
	res, err := b.sink(b.ctx, items, names)
	for i, r := range res {
		b.sum.Add(r)
		if b.onResult != nil {
			b.onResult(r, items[i].Raw)
		}
	}
	b.items = b.items[:0]
	if err != nil {
		return err
	}
	return b.commitPending()
}

func (b *batcher) commitPending() error {
	err := b.journal.record(b.pending)
	b.pending = b.pending[:0]
	return err
}

func (b *batcher) path(ctx context.Context, path string, readers []format.Reader, forced format.Reader, named bool, onFile func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: path, Reason: err.Error()})
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: path, Reason: err.Error()})
		return nil
	}
	if at, done := b.journal.Done(path, fi); done {
		b.sum.Resumed = append(b.sum.Resumed, Skipped{Path: path, Reason: "already ingested on " + at.Format(time.RFC3339) + " and unchanged since"})
		if b.onRead != nil {
			b.onRead(int(fi.Size()))
		}
		return nil
	}
	if onFile != nil {
		onFile(path)
	}
	var rc io.ReadCloser = f
	if b.onRead != nil {
		rc = countingReader{f, b.onRead}
	}
	if err := b.file(ctx, path, rc, f, readers, forced, named); err != nil {
		return err
	}
	if b.journal != nil {
		b.pending = append(b.pending, keyOf(path, fi))
		if len(b.items) == 0 {
			// Nothing of the file waits for a batch: record it now.
			return b.commitPending()
		}
	}
	return nil
}

// countingReader reports the bytes read through it.
type countingReader struct {
	*os.File
	n func(int)
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	c.n(n)
	return n, err
}

// file reads one input, decompressing .gz and opening .zip archives.
func (b *batcher) file(ctx context.Context, name string, rc io.ReadCloser, f *os.File, readers []format.Reader, forced format.Reader, named bool) error {
	br := bufio.NewReaderSize(rc, 64<<10)
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: name, Reason: "bad gzip: " + err.Error()})
			return nil
		}
		inner := strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".GZ")
		return b.read(ctx, name, inner, bufio.NewReaderSize(zr, 64<<10), readers, forced, named)
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")) && f != nil:
		return b.zip(ctx, name, f, readers, forced)
	}
	return b.read(ctx, name, name, br, readers, forced, named)
}

func (b *batcher) zip(ctx context.Context, name string, f *os.File, readers []format.Reader, forced format.Reader) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: name, Reason: "bad zip: " + err.Error()})
		return nil
	}
	for _, zf := range zr.File {
		entry := name + "!" + zf.Name
		if zf.FileInfo().IsDir() {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: entry, Reason: err.Error()})
			continue
		}
		err = b.file(ctx, entry, rc, nil, readers, forced, false)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// read detects the format of one decompressed input and reads its items.
func (b *batcher) read(ctx context.Context, name, inner string, br *bufio.Reader, readers []format.Reader, forced format.Reader, named bool) error {
	b.sum.Files++
	r := forced
	if r == nil {
		head, _ := br.Peek(4096)
		r = detect(readers, inner, head)
		if r == nil {
			if named {
				b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: name, Reason: "unknown format (give --format)"})
			} else {
				b.sum.Skipped = append(b.sum.Skipped, Skipped{Path: name, Reason: "unknown format"})
			}
			return nil
		}
	}
	var indexErr error
	err := r.Read(br, filepath.Base(name), func(it format.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.add(it, name+", "+it.Pos); err != nil {
			indexErr = err
			return err
		}
		return nil
	})
	if indexErr != nil {
		return indexErr
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		// The file broke part-way: what was read before stays indexed.
		b.sum.FailedFiles = append(b.sum.FailedFiles, Skipped{Path: name, Reason: err.Error()})
	}
	return nil
}
