package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/cmd/cli"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

// runBenchCmd runs pulsebench with args and returns the exit status and
// the two outputs.
func runBenchCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.RunCommand(context.Background(), benchCmd, args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestFlags checks that pulsebench takes every flag `pulse bench` took,
// pulse's global flags among them.
func TestFlags(t *testing.T) {
	code, out, errs := runBenchCmd("--help")
	if code != 0 {
		t.Fatalf("--help: exit %d: %s", code, errs)
	}
	for _, f := range []string{"size", "seed", "reps", "secs", "json", "reuse", "peers", "work", "source", "cpuprofile", "queries", "config", "data-dir", "timezone"} {
		t.Run(f, func(t *testing.T) {
			if !strings.Contains(out, "--"+f+" ") {
				t.Errorf("--help does not list --%s:\n%s", f, out)
			}
		})
	}
}

// TestErrors checks the exit statuses and messages, which are pulse's:
// 2 for a flag error, 1 for the rest.
func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad size", []string{"--size", "x"}, 2, `pulsebench: invalid argument "x" for "--size" flag`},
		{"unknown flag", []string{"--bogus"}, 2, "pulsebench: unknown flag: --bogus (see pulsebench --help)"},
		{"argument", []string{"extra"}, 1, `pulsebench: unknown command "extra" for "pulsebench"`},
		{"bad config", []string{"--timezone", "Nowhere/Nothing"}, 1, `pulsebench: config: timezone: must be an IANA time zone`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runBenchCmd(append(c.args, "--work", t.TempDir())...)
			if code != c.code {
				t.Errorf("exit %d, want %d (out %q, err %q)", code, c.code, out, errs)
			}
			if !strings.HasPrefix(errs, c.want) {
				t.Errorf("stderr %q, want it to start with %q", errs, c.want)
			}
		})
	}
}

// TestSmallRun runs the whole benchmark on 200 generated articles and
// checks that the report holds each part.
func TestSmallRun(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and indexes a corpus")
	}
	source := sharedtest.Path(t, "data", "reuters21578", "reuters-dev.jsonl.gz")
	queries := sharedtest.Path(t, "bench", "queries.txt")
	code, out, errs := runBenchCmd("--size", "200", "--reps", "1", "--secs", "1", "--json",
		"--work", t.TempDir(), "--source", source, "--queries", queries)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r benchReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, out)
	}
	if r.Corpus.Size != 200 || r.Corpus.Articles == 0 || r.Corpus.Reused {
		t.Errorf("corpus: %+v", r.Corpus)
	}
	if r.Ingest.Reused || r.Ingest.PerSecond <= 0 || r.Ingest.IndexBytes <= 0 {
		t.Errorf("ingest: %+v", r.Ingest)
	}
	kinds := map[string]bool{}
	for _, l := range r.Latency {
		kinds[l.Kind+" "+l.Where] = true
	}
	for _, k := range []string{"peer queries in-process", "peer queries http", "deep cursor page http", "related cold in-process", "related warm http"} {
		if !kinds[k] {
			t.Errorf("no latency for %q in %v", k, kinds)
		}
	}
	if len(r.QPS) != 2 || r.QPS[0].Clients != 2 || r.QPS[1].Clients != 16 {
		t.Errorf("throughput runs: %+v", r.QPS)
	}
	if r.Versions["pulse"] == "" || r.Versions["index_mapping"] == "" {
		t.Errorf("versions: %v", r.Versions)
	}
}

// TestBusyDataDir checks that a fresh run refuses a data directory another
// process holds, naming it, and leaves that index alone.
func TestBusyDataDir(t *testing.T) {
	work := t.TempDir()
	// A corpus of the size asked for, so the run goes straight to the index.
	if err := os.WriteFile(filepath.Join(work, "gen-10-seed1.jsonl.gz"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(work, "data-10-seed1")
	l, err := indexer.AcquireLock(data, "pulse serve")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	keep := filepath.Join(data, "index_meta.json")
	if err := os.WriteFile(keep, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runBenchCmd("--size", "10", "--work", work)
	if code != 1 || !strings.Contains(errs, "pulse serve") {
		t.Errorf("exit %d, stderr %q; want 1 and the holder named", code, errs)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("the held index was touched: %v", err)
	}
}
