package indexer

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
)

// Backup writes a consistent copy of the live index to w as a gzipped
// tar, while the index keeps serving and taking writes: bleve copies one
// snapshot of it (CopyTo), which only the process holding the index can
// do — so a running server does it for `pulse backup`. The archive's
// snapshot, as it is in memory after the copy, goes in as ArchiveFile.
func (ix *Index) Backup(w io.Writer) error {
	c, ok := ix.idx.(bleve.IndexCopyable)
	if !ok {
		return errors.New("backup: this index cannot be copied online")
	}
	tmp, err := os.MkdirTemp(ix.dir, "backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := c.CopyTo(bleve.FileSystemDirectory(tmp)); err != nil {
		return fmt.Errorf("backup: copy the index: %w", err)
	}
	var snap bytes.Buffer
	if _, err := ix.archive.ar.WriteTo(&snap); err != nil {
		return fmt.Errorf("backup: copy the archive: %w", err)
	}
	return writeTarGz(w, tmp, snap.Bytes())
}

// writeTarGz writes the index directory dir under IndexDir and the
// archive's snapshot as ArchiveFile.
func writeTarGz(w io.Writer, dir string, archive []byte) error {
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == "." {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		hdr, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(filepath.Join(IndexDir, rel))
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err == nil {
		err = tw.WriteHeader(&tar.Header{Name: ArchiveFile, Mode: 0o644, Size: int64(len(archive)), ModTime: time.Now(), Typeflag: tar.TypeReg})
	}
	if err == nil {
		_, err = tw.Write(archive)
	}
	if err != nil {
		return fmt.Errorf("backup: write archive: %w", err)
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// BackupOffline writes a backup of a data directory no process holds.
func BackupOffline(dataDir string, w io.Writer) error {
	ix, err := Open(dataDir, "pulse backup")
	if err != nil {
		return err
	}
	defer ix.Close()
	return ix.Backup(w)
}

// Restore replaces the data directory's index with the one in a backup
// archive (as Backup writes). The directory must not be in use. The
// backup is unpacked beside the index and checked to open before it
// takes the index's place; the replaced index is kept as index.old until
// the swap is done, as reindex does.
//
// The backup's ArchiveFile replaces the data directory's; a backup
// without one (made before Pulse kept an archive) removes it, so the
// restored index starts with an empty archive rather than another
// index's, and `pulse reindex` learns it again.
//
// It returns an error naming the problem when the archive is not a Pulse
// backup or the index in it does not open.
func Restore(dataDir string, r io.Reader) (uint64, error) {
	lock, err := AcquireLock(dataDir, "pulse restore")
	if err != nil {
		return 0, err
	}
	defer lock.Release()
	if err := recoverSwap(dataDir); err != nil {
		return 0, err
	}
	staging := filepath.Join(dataDir, "restore.tmp")
	os.RemoveAll(staging)
	defer os.RemoveAll(staging)
	if err := readTarGz(r, staging); err != nil {
		return 0, err
	}
	unpacked := filepath.Join(staging, IndexDir)
	idx, err := bleve.Open(unpacked)
	if err != nil {
		return 0, pulse.Errorf(pulse.EInvalid, "restore: the backup's index does not open: %v", err)
	}
	v, verr := storedVersion(idx)
	// A backup made while a takedown's purge ran holds its placeholder.
	derr := dropPlaceholder(idx)
	n, _ := idx.DocCount()
	idx.Close()
	if verr != nil {
		return 0, verr
	}
	if derr != nil {
		return 0, fmt.Errorf("restore: %w", derr)
	}
	if v != MappingVersion {
		return 0, pulse.Errorf(pulse.EInvalid, "restore: the backup has mapping version %d, this pulse needs %d: restore it with the pulse that made it, then run `pulse reindex`", v, MappingVersion)
	}
	os.RemoveAll(filepath.Join(dataDir, newDir))
	if err := os.Rename(unpacked, filepath.Join(dataDir, newDir)); err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, IndexDir)); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Join(dataDir, IndexDir), 0o755); err != nil {
			return 0, err
		}
	}
	if err := swap(dataDir); err != nil {
		return 0, err
	}
	snap := filepath.Join(dataDir, ArchiveFile)
	if err := os.Rename(filepath.Join(staging, ArchiveFile), snap); errors.Is(err, fs.ErrNotExist) {
		if err := os.Remove(snap); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("restore: %w", err)
		}
	} else if err != nil {
		return n, fmt.Errorf("restore: %w", err)
	}
	syncDir(dataDir)
	return n, nil
}

func readTarGz(r io.Reader, dest string) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return pulse.Errorf(pulse.EInvalid, "restore: not a gzipped backup: %v", err)
	}
	tr := tar.NewReader(zr)
	seen := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return pulse.Errorf(pulse.EInvalid, "restore: broken archive: %v", err)
		}
		name := filepath.Clean(filepath.FromSlash(hdr.Name))
		// A path that climbs out of the destination is refused.
		if name != ArchiveFile && !strings.HasPrefix(name, IndexDir) || strings.Contains(name, "..") || filepath.IsAbs(name) {
			return pulse.Errorf(pulse.EInvalid, "restore: unexpected entry %q: not a Pulse backup", hdr.Name)
		}
		target := filepath.Join(dest, name)
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Sync(); err == nil {
				err = cerr
			}
			f.Close()
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			seen = seen || name != ArchiveFile
		default:
			return pulse.Errorf(pulse.EInvalid, "restore: unexpected entry type in %q", hdr.Name)
		}
	}
	if !seen {
		return pulse.Errorf(pulse.EInvalid, "restore: the archive holds no index")
	}
	return nil
}
