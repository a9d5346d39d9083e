package indexer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// JournalFile is the name of the ingest journal in the data directory.
const JournalFile = "ingest-journal.jsonl"

// Journal remembers the input files whose every article is committed, so
// that an ingest killed half-way resumes without redoing finished files:
// a file is known by its absolute path, size and modification time, and
// recorded only after the batch holding its last article is persisted.
type Journal struct {
	mu   sync.Mutex
	path string
	done map[fileKey]time.Time
}

type fileKey struct {
	Path    string `json:"path"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime_ns"`
}

type journalEntry struct {
	fileKey
	At time.Time `json:"at"`
}

// OpenJournal reads the data directory's journal; a missing one is empty.
// Lines it cannot read (a write cut by a crash) are ignored.
func OpenJournal(dataDir string) (*Journal, error) {
	j := &Journal{path: filepath.Join(dataDir, JournalFile), done: map[fileKey]time.Time{}}
	f, err := os.Open(j.path)
	if os.IsNotExist(err) {
		return j, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ingest journal: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e journalEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Path != "" {
			j.done[e.fileKey] = e.At
		}
	}
	return j, nil
}

func keyOf(path string, fi os.FileInfo) fileKey {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return fileKey{Path: abs, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
}

// Done reports when a file, unchanged since, was fully ingested.
func (j *Journal) Done(path string, fi os.FileInfo) (time.Time, bool) {
	if j == nil {
		return time.Time{}, false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	at, ok := j.done[keyOf(path, fi)]
	return at, ok
}

// record appends finished files and syncs the journal.
func (j *Journal) record(keys []fileKey) error {
	if j == nil || len(keys) == 0 {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	f, err := os.OpenFile(j.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("ingest journal: %w", err)
	}
	defer f.Close()
	now := time.Now().UTC()
	w := bufio.NewWriter(f)
	for _, k := range keys {
		b, _ := json.Marshal(journalEntry{fileKey: k, At: now})
		w.Write(append(b, '\n'))
		j.done[k] = now
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("ingest journal: %w", err)
	}
	return f.Sync()
}
