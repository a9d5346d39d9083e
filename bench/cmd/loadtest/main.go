package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pulsesearch/pulse/bench/queryset"
)

const defaultQueries = "../shared/bench/queries.txt"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("url", "http://127.0.0.1:8080", "the server's base URL; several, comma-separated, take the requests in turn (a round robin)")
	rate := fs.Float64("rate", 0, "requests per second (required unless -find-capacity)")
	duration := fs.Duration("duration", 20*time.Second, "length of a run (of each step with -find-capacity)")
	queries := fs.String("queries", "", "query file (default "+defaultQueries+" beside the repository)")
	clients := fs.Int("clients", 0, "spread requests over this many X-Forwarded-For addresses (0: send none; counts only if the server trusts the proxy)")
	timeout := fs.Duration("timeout", 5*time.Second, "per-request timeout, counted from when the request was due")
	maxInFlight := fs.Int("max-inflight", 0, "cap on requests in flight (0: 4 × rate × timeout, between 16 and 10000); requests over it are not sent and count as errors")
	warmup := fs.Duration("warmup", 0, "send the load this long before each measured run, recording nothing")
	pid := fs.Int("pid", 0, "the server's process id: report its peak RSS (VmHWM) and CPU")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	byQuery := fs.Bool("by-query", false, "also report each query's served latency")
	findCap := fs.Bool("find-capacity", false, "find the highest rate with p99 ≤ -slo and no errors")
	start := fs.Float64("start", 50, "-find-capacity: first rate; it doubles until a step fails, then bisects")
	maxRate := fs.Float64("max-rate", 20000, "-find-capacity: highest rate to try")
	slo := fs.Duration("slo", 50*time.Millisecond, "-find-capacity: the p99 latency a step must meet")
	precision := fs.Float64("precision", 0.05, "-find-capacity: bisect until the failing rate is within this fraction above the passing one")
	pause := fs.Duration("pause", 3*time.Second, "-find-capacity: idle time between steps")
	maxBG := fs.Float64("max-background", 0, "-find-capacity with -pid: run a step again (up to -reruns times) if the rest of the machine used more than this many cores during it (0: never)")
	reruns := fs.Int("reruns", 3, "-find-capacity: see -max-background")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	var bases []string
	for _, b := range strings.Split(*base, ",") {
		u, err := url.Parse(b)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: -url: want http://HOST:PORT, or several comma-separated (taking the requests in turn), got %q", errUsage, *base)
		}
		bases = append(bases, strings.TrimRight(b, "/"))
	}
	bad := func(flag string, v any, why string) error {
		return fmt.Errorf("%w: -%s: %s, got %v", errUsage, flag, why, v)
	}
	switch {
	case !*findCap && *rate <= 0:
		return bad("rate", *rate, "must be a positive number of requests per second")
	case *duration <= 0:
		return bad("duration", *duration, "must be positive")
	case *timeout <= 0:
		return bad("timeout", *timeout, "must be positive")
	case *warmup < 0:
		return bad("warmup", *warmup, "must not be negative")
	case *clients < 0 || *clients > 1<<24-2:
		return bad("clients", *clients, "must be between 0 and 16777214")
	case *maxInFlight < 0:
		return bad("max-inflight", *maxInFlight, "must not be negative")
	case *pid < 0:
		return bad("pid", *pid, "must be a process id")
	case *findCap && (*start <= 0 || *maxRate < *start):
		return bad("start", *start, "must be positive and at most -max-rate")
	case *findCap && *slo <= 0:
		return bad("slo", *slo, "must be positive")
	case *findCap && (*precision <= 0 || *precision >= 1):
		return bad("precision", *precision, "must be between 0 and 1")
	case *maxBG < 0 || (*maxBG > 0 && *pid == 0):
		return bad("max-background", *maxBG, "must not be negative, and needs -pid")
	case *reruns < 0:
		return bad("reruns", *reruns, "must not be negative")
	}
	qpath := *queries
	if qpath == "" {
		var err error
		if qpath, err = findQueries(); err != nil {
			return err
		}
	}
	qs, err := queryset.Load(qpath)
	if err != nil {
		return err
	}
	o := Options{
		URL: strings.Join(bases, ","), Rate: *rate, Duration: *duration, Timeout: *timeout,
		Warmup: *warmup, Clients: *clients, MaxInFlight: *maxInFlight, PID: *pid, ByQuery: *byQuery,
	}
	if *findCap {
		progress := stdout
		if *asJSON {
			progress = stderr
		}
		fmt.Fprintf(progress, "capacity search on %s: %d queries from %s, %s a step, p99 ≤ %s and no errors\n", o.URL, len(qs), qpath, o.Duration, *slo)
		c, err := FindCapacity(ctx, o, CapacityOptions{
			Start: *start, MaxRate: *maxRate, SLO: *slo, Precision: *precision, Pause: *pause, MaxBackground: *maxBG, Reruns: *reruns,
		}, qs, progress)
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, c)
		}
		printCapacity(stdout, c)
		return nil
	}
	r, err := Run(ctx, o, qs)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, r)
	}
	printResult(stdout, r)
	return nil
}

// findQueries looks for ../shared/bench/queries.txt beside the working
// directory or any of its parents (the repository root's sibling).
func findQueries() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, defaultQueries)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: -queries: no %s beside this directory or its parents; give the file", errUsage, defaultQueries)
		}
		dir = parent
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printResult(w io.Writer, r *Result) {
	fmt.Fprintf(w, "%s/api/search: offered %.0f/s for %.0f s", r.URL, r.OfferedRate, r.DurationS)
	if r.Clients > 0 {
		fmt.Fprintf(w, " from %d X-Forwarded-For clients", r.Clients)
	}
	fmt.Fprintf(w, " (in-flight cap %d, timeout %gs)\n", r.MaxInFlight, r.TimeoutS)
	fmt.Fprintf(w, "  requests %d, sent %d, answered %.1f/s, served (2xx) %.1f/s over %.1f s; largest send delay %.1f ms\n",
		r.Requests, r.Sent, r.AchievedRate, r.ServedRate, r.ElapsedS, r.MaxSendLagMs)
	codes := make([]string, 0, len(r.Status))
	for k := range r.Status {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	var parts []string
	for _, k := range codes {
		parts = append(parts, fmt.Sprintf("%s: %d", k, r.Status[k]))
	}
	fmt.Fprintf(w, "  status %s; transport errors %d, timeouts %d, not sent (cap) %d\n", strings.Join(parts, ", "), r.TransportErrors, r.Timeouts, r.NotSent)
	if r.FirstError != "" {
		fmt.Fprintf(w, "  first error: %s\n", r.FirstError)
	}
	lat := func(name string, l Latency) {
		fmt.Fprintf(w, "  latency %-6s n %6d  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms\n", name, l.N, l.P50, l.P95, l.P99, l.Max)
	}
	lat("served", r.Served)
	lat("all", r.All)
	if s := r.Server; s != nil {
		fmt.Fprintf(w, "  server pid %d: peak RSS (VmHWM) %.1f MiB, highest RSS seen in the run %.1f MiB, CPU %.2f cores\n", s.PID, s.PeakRSSMiB, s.RunPeakRSSMiB, s.CPUCores)
	}
	m := r.Machine
	fmt.Fprintf(w, "  machine: busy %.2f cores (this tool %.2f", m.BusyCores, m.ToolCores)
	if r.Server != nil {
		fmt.Fprintf(w, ", others %.2f", m.BackgroundCores)
	}
	fmt.Fprintf(w, "); load average %s → %s\n", m.LoadavgStart, m.LoadavgEnd)
	for _, q := range r.ByQuery {
		fmt.Fprintf(w, "  %-5s n %5d  p50 %7.2f  p99 %7.2f  max %8.2f ms  errors %d\n", q.ID, q.N, q.P50, q.P99, q.Max, q.Errors)
	}
}

func printCapacity(w io.Writer, c *Capacity) {
	switch {
	case c.Rate == 0:
		fmt.Fprintf(w, "capacity: no rate passed (p99 ≤ %.0f ms, no errors)", c.SLOms)
	case c.FailedAt == 0:
		fmt.Fprintf(w, "capacity: at least %.0f/s (every step passed; raise -max-rate)", c.Rate)
	default:
		fmt.Fprintf(w, "capacity: %.0f/s (p99 ≤ %.0f ms, no errors); %.0f/s failed", c.Rate, c.SLOms, c.FailedAt)
	}
	discarded := 0
	for _, s := range c.Steps {
		if s.Discarded {
			discarded++
		}
	}
	fmt.Fprintf(w, " after %d steps (%d discarded for a busy machine)\n", len(c.Steps), discarded)
	for _, s := range c.Steps {
		if s.Rate == c.Rate && !s.Discarded {
			printResult(w, s.Result)
			break
		}
	}
}
