package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/pulsesearch/pulse/bench/queryset"
	"github.com/pulsesearch/pulse/cmd/cli"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/search"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// kinds are the query kinds of the peers' set, in the order reported.
var kinds = []string{"term", "and", "phrase", "rare"}

// run parses args, measures and prints; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("querycpu", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory holding the index (required)")
	queries := fs.String("queries", "../shared/bench/queries.txt", "the peers' query set")
	reps := fs.Int("reps", 5, "measured passes over the queries, after one warm-up pass")
	only := fs.String("only", "", "comma-separated kinds to run (term, and, phrase, rare); empty: all")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the measured passes to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *data == "" || *reps < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "querycpu: -data is required, -reps must be at least 1, and there are no arguments")
		return 2
	}
	if err := measure(*data, *queries, *reps, *only, *profile, stdout); err != nil {
		fmt.Fprintf(stderr, "querycpu: %v\n", err)
		return 1
	}
	return 0
}

type query struct {
	id, kind string
	req      search.Request
}

// readQueries reads the peers' query set (bench/queryset), keeping the
// kinds in only, as the search requests loadtest would send, without
// the date histogram.
func readQueries(path, only string, cfg config.Search) ([]query, error) {
	set, err := queryset.Load(path)
	if err != nil {
		return nil, err
	}
	var qs []query
	for _, q := range set {
		if only != "" && !slices.Contains(strings.Split(only, ","), q.Kind) {
			continue
		}
		v := q.Values()
		v.Set("histogram", "off")
		r, err := search.ParseRequest(v, cfg, time.UTC)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.ID, err)
		}
		qs = append(qs, query{q.ID, q.Kind, r})
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries of the kinds %q", path, only)
	}
	return qs, nil
}

// clockProcessCPUTime is Linux's CLOCK_PROCESS_CPUTIME_ID.
const clockProcessCPUTime = 2

// cpuNow is the process's CPU time (Linux; 0 elsewhere).
func cpuNow() time.Duration {
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// measure opens the index in dataDir, runs the queries reps times after
// a warm-up pass, and prints each query's median wall time and total, and
// the CPU per query of each kind and of all.
func measure(dataDir, queriesPath string, reps int, only, profile string, w io.Writer) error {
	cli.TuneGCForWrites() // as pulsebench runs
	cfg := config.Defaults()
	cfg.DataDir = dataDir
	cfg.Limits.Enabled = false
	cfg.Search.CacheSize = 0
	cfg.Sample.Load = false
	cfg.Log.Level = "warn"
	qs, err := readQueries(queriesPath, only, cfg.Search)
	if err != nil {
		return err
	}
	n, err := cli.OpenNode(&cfg, "querycpu")
	if err != nil {
		return err
	}
	defer n.Index.Close()
	ctx := context.Background()
	if err := n.Searcher.Warm(ctx); err != nil {
		return err
	}
	totals := make([]uint64, len(qs))
	for i, q := range qs {
		res, err := n.Searcher.Search(ctx, q.req)
		if err != nil {
			return fmt.Errorf("%s: %w", q.id, err)
		}
		totals[i] = res.Total
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	wall := make([][]time.Duration, len(qs))
	cpu := map[string]time.Duration{}
	count := map[string]int{}
	var all time.Duration
	for range reps {
		for i, q := range qs {
			c0, t0 := cpuNow(), time.Now()
			if _, err := n.Searcher.Search(ctx, q.req); err != nil {
				return fmt.Errorf("%s: %w", q.id, err)
			}
			d, c := time.Since(t0), cpuNow()-c0
			wall[i] = append(wall[i], d)
			cpu[q.kind] += c
			count[q.kind]++
			all += c
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for i, q := range qs {
		slices.Sort(wall[i])
		fmt.Fprintf(w, "%s\t%s\t%q\ttotal %d\tmedian %.2f ms\n", q.id, q.kind, q.req.Query, totals[i], ms(wall[i][len(wall[i])/2]))
	}
	for _, k := range kinds {
		if count[k] > 0 {
			fmt.Fprintf(w, "cpu %s %.2f ms a query\n", k, ms(cpu[k])/float64(count[k]))
		}
	}
	fmt.Fprintf(w, "cpu all %.2f ms a query (%d queries × %d passes)\n", ms(all)/float64(len(qs)*reps), len(qs), reps)
	return nil
}
