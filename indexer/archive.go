package indexer

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/extract"
)

// ArchiveFile is the file of the data directory that holds the snapshot
// of the index's archive (extract.Archive): the full names of the persons
// and the long names of the organisations its articles name, by which a
// surname named alone ("Yeutter said") resolves to the one full name
// that owns it archive-wide. It sits beside the index directory, not in
// bleve's internal storage, because scorch writes every internal value
// again with each snapshot it persists, that is after every batch; this
// file is written only every ArchiveSaveEvery and at Close.
const ArchiveFile = "archive.snap"

// ArchiveSaveEvery is the least time between two snapshots of the archive
// written after write batches. The archive learns as articles are
// extracted; a crash loses at most this much of its learning, never the
// index's articles, and `pulse reindex` learns it all again.
const ArchiveSaveEvery = 10 * time.Second

// ExtractorFor returns an Extractor whose extractions resolve surnames
// with ar and learn into it; ar nil means no archive.
type ExtractorFor func(ar *extract.Archive) Extractor

// archiveKeeper holds an index's archive and writes its snapshot after
// write batches, at most every ArchiveSaveEvery, and at close.
type archiveKeeper struct {
	path string
	ar   *extract.Archive

	mu     sync.Mutex
	dirty  bool
	saved  time.Time
	timer  *time.Timer
	closed bool
}

// openArchive loads the data directory's archive. A missing, unreadable
// or damaged snapshot is logged by name and the archive starts empty: it
// is derived from the articles, and must not keep the index shut.
func openArchive(dataDir string) *archiveKeeper {
	path := filepath.Join(dataDir, ArchiveFile)
	// A save a crash interrupted leaves its temporary file; the lock is
	// held, so no save is under way now.
	left, _ := filepath.Glob(path + ".tmp-*")
	for _, f := range left {
		os.Remove(f)
	}
	ar, err := readArchiveFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		slog.Info("no archive snapshot yet: the archive starts empty and learns as articles are written; `pulse reindex` learns it from every stored article", "file", path)
		ar = extract.NewArchive()
	case err != nil:
		slog.Warn("archive snapshot not used: the archive starts empty; `pulse reindex` learns it from every stored article", "file", path, "err", err)
		ar = extract.NewArchive()
	}
	return &archiveKeeper{path: path, ar: ar}
}

// readArchiveFile reads the archive snapshot at path. Its errors name the
// file; a damaged or truncated one wraps extract.ErrBadSnapshot, a
// missing one fs.ErrNotExist.
func readArchiveFile(path string) (*extract.Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read archive snapshot: %w", err)
	}
	defer f.Close()
	ar, err := extract.ReadArchive(f)
	if err != nil {
		return nil, fmt.Errorf("read archive snapshot %s: %w", path, err)
	}
	return ar, nil
}

// writeArchiveFile writes ar's snapshot to path atomically: to a
// temporary file beside it, synced, then renamed over it, so a crash
// leaves the old snapshot or the new one, never a part.
func writeArchiveFile(path string, ar *extract.Archive) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write archive snapshot %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("write archive snapshot %s: %w", path, err)
		}
	}()
	if _, err := ar.WriteTo(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// learnt records that a batch was extracted with the archive, and writes
// the snapshot unless one was written less than ArchiveSaveEvery ago; then
// a save is scheduled for when that time is up, so the learning of a last
// batch is not left for Close alone.
func (k *archiveKeeper) learnt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return
	}
	k.dirty = true
	wait := ArchiveSaveEvery - time.Since(k.saved)
	if wait <= 0 {
		k.saveLocked()
		return
	}
	if k.timer == nil {
		k.timer = time.AfterFunc(wait, func() {
			k.mu.Lock()
			defer k.mu.Unlock()
			k.timer = nil
			if !k.closed {
				k.saveLocked()
			}
		})
	}
}

// saveLocked writes the snapshot when the archive has learnt since the
// last one. A failure is logged, not returned: the batch that taught the
// archive is committed, and the next save tries again.
func (k *archiveKeeper) saveLocked() error {
	if !k.dirty {
		return nil
	}
	if err := writeArchiveFile(k.path, k.ar); err != nil {
		slog.Error("archive snapshot not saved", "err", err)
		return err
	}
	k.dirty, k.saved = false, time.Now()
	return nil
}

// close writes the last snapshot and stops the scheduled one.
func (k *archiveKeeper) close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.timer != nil {
		k.timer.Stop()
		k.timer = nil
	}
	k.closed = true
	return k.saveLocked()
}

// Archive returns the index's archive, loaded at Open from ArchiveFile.
func (ix *Index) Archive() *extract.Archive { return ix.archive.ar }

// NewWriter returns a Writer into the index (see the package's NewWriter)
// whose extractor, made by newExtractor, resolves surnames with the
// index's archive and learns into it; the archive's snapshot is written
// after its batches, at most every ArchiveSaveEvery, and at Close.
func (ix *Index) NewWriter(newExtractor ExtractorFor, cfg config.Ingest, loc *time.Location) *Writer {
	w := NewWriter(ix.idx, newExtractor(ix.archive.ar), cfg, loc)
	w.archive = ix.archive
	return w
}
