package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestRun measures a small index with a query set of each kind and checks
// the report's lines, and the usage errors.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	ix, err := testindex.Write(data, []pulse.Article{
		{ID: "a", Title: "Oil prices rise", Body: "Crude oil prices rose as the central bank cut interest rates."},
		{ID: "b", Title: "Wheat exports", Body: "Wheat exports fell; tungsten prices held."},
	}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	queries := filepath.Join(dir, "queries.txt")
	set := "# comment\nq01\t-\tterm\toil\nq02\t-\tand\toil prices\nf03\tfacet\tphrase\tcentral bank\nq04\t-\trare\ttungsten\n"
	if err := os.WriteFile(queries, []byte(set), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-data", data, "-queries", queries, "-reps", "2"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"q01\tterm\t\"oil\"\ttotal 1", "f03\tphrase", "cpu term ", "cpu and ", "cpu phrase ", "cpu rare ", "cpu all "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	for _, args := range [][]string{{}, {"-data", data, "-reps", "0"}, {"-bogus"}} {
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code := run([]string{"-data", data, "-queries", filepath.Join(dir, "none.txt")}, &out, &errb); code != 1 {
		t.Errorf("missing query set: exit %d, want 1", code)
	}
}
