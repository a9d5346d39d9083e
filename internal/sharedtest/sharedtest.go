// Package sharedtest finds the research corpora in ../shared beside the
// repository for tests and benchmarks. Where the folder is absent (a
// user's fresh clone) the test is skipped with a message; in CI (CI=true)
// it fails instead, so those tests always run there.
package sharedtest

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Path returns the absolute path of rel inside ../shared, skipping or
// failing tb when it does not exist.
func Path(tb testing.TB, rel ...string) string {
	tb.Helper()
	p, err := find(filepath.Join(rel...))
	if err != nil {
		msg := "needs ../shared/" + filepath.Join(rel...) + " beside the repository (the research corpora): " + err.Error()
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return p
}

// find looks for shared/rel in the parent of the module root.
func find(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared", rel)
			_, err := os.Stat(p)
			return p, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// OpenGzip opens the gzipped file rel inside ../shared (skipping or
// failing tb as Path does) and returns its decompressed content; the file
// is closed when the test ends.
func OpenGzip(tb testing.TB, rel ...string) io.Reader {
	tb.Helper()
	f, err := os.Open(Path(tb, rel...))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("%s: %v", f.Name(), err)
	}
	return z
}
