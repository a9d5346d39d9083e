package indexer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
)

// IndexDir is the index's directory inside the data directory.
const IndexDir = "index"

// versionKey is the internal key holding the mapping version.
var versionKey = []byte("pulse:mapping_version")

// ErrIncompatible is returned (wrapped) when an index was built with
// another mapping version.
var ErrIncompatible = errors.New("index built with an incompatible mapping")

// Index is an open index together with the data directory's lock.
type Index struct {
	idx  bleve.Index
	dir  string
	lock *Lock
	// archive holds the persons' and organisations' names the index's
	// articles taught, loaded from ArchiveFile.
	archive *archiveKeeper

	closeOnce sync.Once
	closeErr  error
}

// Open locks the data directory and opens its index, creating an empty one
// when there is none. command names the caller in the lock, for messages
// to other processes.
//
// The index's archive is loaded from ArchiveFile; a missing or damaged
// snapshot is logged by name and the archive starts empty.
//
// It returns an EConflict error when another process holds the directory,
// and an error wrapping ErrIncompatible when the index needs a reindex.
func Open(dataDir, command string) (*Index, error) {
	lock, err := AcquireLock(dataDir, command)
	if err != nil {
		return nil, err
	}
	if err := recoverSwap(dataDir); err != nil {
		lock.Release()
		return nil, err
	}
	idx, err := openLocked(dataDir, true)
	if err != nil {
		lock.Release()
		return nil, err
	}
	// A process stopped during a purge leaves its placeholder document.
	if err := dropPlaceholder(idx); err != nil {
		idx.Close()
		lock.Release()
		return nil, fmt.Errorf("open index: %w", err)
	}
	return &Index{idx: idx, dir: dataDir, lock: lock, archive: openArchive(dataDir)}, nil
}

func openLocked(dataDir string, checkVersion bool) (idx bleve.Index, err error) {
	path := filepath.Join(dataDir, IndexDir)
	defer func() {
		// A damaged index can make bleve panic while opening it; the
		// operator gets the way out, not a stack trace.
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("open index %s: damaged (%v): restore a backup with `pulse restore BACKUP`, or move the directory aside and ingest again", path, r)
		}
	}()
	idx, err = bleve.OpenUsing(path, runtimeConfig())
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return create(path)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w: restore a backup with `pulse restore BACKUP`, or move the directory aside and ingest again", path, err)
	}
	if checkVersion {
		v, err := storedVersion(idx)
		if err != nil {
			idx.Close()
			return nil, err
		}
		if v != MappingVersion {
			idx.Close()
			return nil, fmt.Errorf("%w: %s has mapping version %d, this pulse needs %d: run `pulse reindex`", ErrIncompatible, path, v, MappingVersion)
		}
	}
	return idx, nil
}

// runtimeConfig is the scorch configuration of every index Pulse opens or
// creates: its segment merge policy.
//
// bleve's default policy merges ten segments at a time into tiers ten
// times larger. At a million articles written in batches of 500, that
// rewrites each article about 2.7 times, and while one merge of half the
// index runs (merges run one at a time) the small segments of the batches
// written meanwhile pile up by the hundred. Fifteen segments per merge and
// per tier rewrite each article about 1.9 times and keep fewer segments
// waiting: TestMergePolicy runs bleve's planner over the ingest of a
// million articles at the ingest and merge speeds measured here. A merge
// costs about a quarter of building the segment in the first place
// (BenchmarkSegmentMerge, BenchmarkSegmentBuild); bench/README.md has the
// ingest runs.
func runtimeConfig() map[string]interface{} {
	return map[string]interface{}{
		"scorchMergePlanOptions": map[string]interface{}{
			"MaxSegmentsPerTier":   15,
			"SegmentsPerMergeTask": 15,
			"TierGrowth":           15.0,
		},
	}
}

func create(path string) (bleve.Index, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing(path, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	if err := idx.SetInternal(versionKey, []byte(strconv.Itoa(MappingVersion))); err != nil {
		idx.Close()
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return idx, nil
}

func storedVersion(idx bleve.Index) (int, error) {
	b, err := idx.GetInternal(versionKey)
	if err != nil {
		return 0, fmt.Errorf("read mapping version: %w", err)
	}
	if len(b) == 0 {
		return 0, nil
	}
	v, err := strconv.Atoi(string(b))
	if err != nil {
		return 0, fmt.Errorf("read mapping version: %q is not a number", b)
	}
	return v, nil
}

// Dir returns the data directory.
func (ix *Index) Dir() string { return ix.dir }

// Lock returns the data directory's lock.
func (ix *Index) Lock() *Lock { return ix.lock }

// Close writes the archive's snapshot if it has learnt since the last
// one, closes the index and releases the lock; later calls do nothing.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		aerr := ix.archive.close()
		ix.closeErr = errors.Join(ix.idx.Close(), aerr)
		if lerr := ix.lock.Release(); ix.closeErr == nil {
			ix.closeErr = lerr
		}
	})
	return ix.closeErr
}

// SizeBytes returns the bytes the index takes on disk.
func (ix *Index) SizeBytes() int64 {
	var n int64
	filepath.WalkDir(filepath.Join(ix.dir, IndexDir), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// Bleve returns the open bleve index, which cmd hands to search.
func (ix *Index) Bleve() bleve.Index { return ix.idx }

// errNoText is the reason an article with neither title nor body is refused.
var errNoText = pulse.Errorf(pulse.EInvalid, "no title and no body")
