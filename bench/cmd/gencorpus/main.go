package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pulsesearch/pulse/bench/corpus"
)

const defaultSource = "../shared/data/reuters21578/reuters-dev.jsonl.gz"

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.Int("size", 18000, "number of articles to generate")
	seed := fs.Uint64("seed", 1, "random seed: the same seed, size and source give the same file")
	out := fs.String("o", "", "output file (.jsonl or .jsonl.gz; - for standard output)")
	source := fs.String("source", "", "source corpus, JSON Lines (default: "+defaultSource+" beside the repository)")
	report := fs.String("report", "", "also write the report as JSON to this file")
	start := fs.String("start", "1980-01-01", "first date (YYYY-MM-DD)")
	end := fs.String("end", "2025-12-31", "last date (YYYY-MM-DD)")
	growth := fs.Float64("growth", 3, "articles in the last year ÷ articles in the first")
	measure := fs.String("measure", "", "only measure this JSON Lines corpus and print its statistics as JSON")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if *measure != "" {
		st, err := corpus.Measure(*measure)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	if *out == "" {
		return fmt.Errorf("%w: -o: an output file is required", errUsage)
	}
	opt := corpus.Options{Size: *size, Seed: *seed, Growth: *growth}
	var err error
	if opt.Start, err = time.Parse(time.DateOnly, *start); err != nil {
		return fmt.Errorf("%w: -start: want YYYY-MM-DD, got %q", errUsage, *start)
	}
	if opt.End, err = time.Parse(time.DateOnly, *end); err != nil {
		return fmt.Errorf("%w: -end: want YYYY-MM-DD, got %q", errUsage, *end)
	}
	src := *source
	if src == "" {
		if src, err = findSource(); err != nil {
			return err
		}
	}
	t0 := time.Now()
	m, err := corpus.LearnFile(src)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "learned %s in %.1f s; generating %d articles\n", src, time.Since(t0).Seconds(), *size)
	cpu0 := cpuSeconds()
	rep, err := corpus.WriteFile(*out, m, src, opt)
	if err != nil {
		return err
	}
	if cpu := cpuSeconds(); cpu > 0 {
		rep.CPUSeconds = cpu - cpu0
	}
	table := stdout
	if *out == "-" {
		table = stderr
	}
	if err := rep.WriteTable(table); err != nil {
		return err
	}
	if *report != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*report, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// findSource looks for the Reuters development corpus in ../shared beside
// the module root, from the working directory up.
func findSource() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared", "data", "reuters21578", "reuters-dev.jsonl.gz")
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("-source: not given, and %s: %w", p, err)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: -source: not given, and no module root above the working directory", errUsage)
		}
		dir = parent
	}
}
