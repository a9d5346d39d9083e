package indexer

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/pulsesearch/pulse"
)

// LockFile is the name of the lock file in the data directory.
const LockFile = "pulse.lock"

// Holder describes the process holding a data directory.
type Holder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Addr    string    `json:"addr,omitempty"`
	Since   time.Time `json:"since"`
}

func (h Holder) String() string {
	s := fmt.Sprintf("pid %d (%s", h.PID, h.Command)
	if h.Addr != "" {
		s += ", serving http://" + h.Addr
	}
	return s + ", since " + h.Since.Format(time.RFC3339) + ")"
}

// Lock is an exclusive, advisory lock on a data directory. The operating
// system releases it when the process dies, however it dies, so a crash
// never leaves a stale lock behind.
type Lock struct {
	f      *os.File
	holder Holder
}

// AcquireLock takes the data directory's lock without waiting.
//
// When another process holds it, the error (code EConflict) names that
// process and what to do instead.
func AcquireLock(dir, command string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		return nil, heldError(dir, f)
	}
	l := &Lock{f: f, holder: Holder{PID: os.Getpid(), Command: command, Since: time.Now().UTC().Truncate(time.Second)}}
	if err := l.write(); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// SetAddr records the address the holder serves on, so that a second
// process can be told where to send its requests.
func (l *Lock) SetAddr(addr string) error {
	l.holder.Addr = addr
	return l.write()
}

// Release drops the lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Empty the file first so a reader never sees a dead holder's details.
	_ = l.f.Truncate(0)
	err := l.f.Close()
	l.f = nil
	return err
}

func (l *Lock) write() error {
	b, _ := json.Marshal(l.holder)
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	if _, err := l.f.WriteAt(append(b, '\n'), 0); err != nil {
		return fmt.Errorf("lock %s: %w", l.f.Name(), err)
	}
	return nil
}

func heldError(dir string, f *os.File) error {
	var h Holder
	b := make([]byte, 4096)
	n, _ := f.ReadAt(b, 0)
	msg := fmt.Sprintf("data directory %s is in use by another pulse process", dir)
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(b[:n]))), &h); err == nil && h.PID != 0 {
		msg = fmt.Sprintf("data directory %s is in use by %s", dir, h)
	}
	hint := "; stop it, or give --server URL to work through its API"
	if h.Addr != "" {
		hint = fmt.Sprintf("; stop it, or add --server http://%s to work through it", h.Addr)
	}
	return &pulse.Error{Code: pulse.EConflict, Message: msg + hint}
}
