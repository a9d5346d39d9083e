package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/pulsesearch/pulse/bench/queryset"
)

// CapacityOptions configure a capacity search.
type CapacityOptions struct {
	Start     float64       // first rate
	MaxRate   float64       // no step above this
	SLO       time.Duration // p99 of all requests must be within this
	Precision float64       // stop bisecting when (fail − pass) ≤ Precision × pass
	Pause     time.Duration // between steps, so the server settles
	// MaxBackground, if positive, reruns (up to Reruns times) a step
	// during which the rest of the machine used more than this many
	// cores: on a shared machine such a step measures the neighbours.
	// It needs Options.PID.
	MaxBackground float64
	Reruns        int
}

// Step is one run of a capacity search.
type Step struct {
	Rate   float64 `json:"rate"`
	Pass   bool    `json:"pass"`
	Reason string  `json:"reason,omitempty"`
	// Discarded steps were run again because the machine was busy.
	Discarded bool    `json:"discarded,omitempty"`
	Result    *Result `json:"result"`
}

// Capacity is the outcome of a capacity search.
type Capacity struct {
	SLOms float64 `json:"slo_p99_ms"`
	// Rate is the highest rate that passed, 0 if none did; FailedAt the
	// lowest that failed above it, 0 if none did up to MaxRate.
	Rate     float64 `json:"capacity_rate"`
	FailedAt float64 `json:"failed_at_rate"`
	Steps    []Step  `json:"steps"`
}

// verdict says whether a run meets the capacity criterion: every request
// served (no non-2xx, transport error, timeout or unsent request) and p99
// of all within slo; the reason says why not.
func verdict(r *Result, slo time.Duration) (bool, string) {
	if e := r.Errors(); e > 0 {
		return false, fmt.Sprintf("%d of %d not served", e, r.Requests)
	}
	if r.All.P99 > ms(slo) {
		return false, fmt.Sprintf("p99 %.1f ms > %.0f ms", r.All.P99, ms(slo))
	}
	return true, ""
}

// FindCapacity runs o at Start, 2×Start, 4×Start, … until a rate fails
// (or MaxRate is passed), then bisects between the last rate that passed
// and the first that failed. Each step is logged to progress as it ends.
//
// It returns the steps so far with ctx's error if ctx ends, and Run's
// error for a run that cannot start.
func FindCapacity(ctx context.Context, o Options, co CapacityOptions, qs []queryset.Query, progress io.Writer) (*Capacity, error) {
	c := &Capacity{SLOms: ms(co.SLO)}
	try := func(rate float64) (*Step, error) {
		if len(c.Steps) > 0 && co.Pause > 0 {
			select {
			case <-time.After(co.Pause):
			case <-ctx.Done():
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o := o
		o.Rate = rate
		o.MaxInFlight = 0
		r, err := Run(ctx, o, qs)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pass, why := verdict(r, co.SLO)
		c.Steps = append(c.Steps, Step{Rate: rate, Pass: pass, Reason: why, Result: r})
		mark := "pass"
		if !pass {
			mark = "FAIL: " + why
		}
		cpu := fmt.Sprintf("machine %.2f cores", r.Machine.BusyCores)
		if r.Server != nil {
			cpu = fmt.Sprintf("server %.2f cores, rest of machine %.2f", r.Server.CPUCores, r.Machine.BackgroundCores)
		}
		fmt.Fprintf(progress, "rate %6.0f/s  p50 %6.1f  p99 %7.1f  max %7.1f ms  served %d/%d  %s  %s\n",
			rate, r.All.P50, r.All.P99, r.All.Max, r.Status200, r.Requests, cpu, mark)
		return &c.Steps[len(c.Steps)-1], nil
	}
	step := func(rate float64) (bool, error) {
		for i := 0; ; i++ {
			s, err := try(rate)
			if err != nil {
				return false, err
			}
			bg := s.Result.Machine.BackgroundCores
			if co.MaxBackground <= 0 || s.Result.Server == nil || bg <= co.MaxBackground || i >= co.Reruns {
				return s.Pass, nil
			}
			s.Discarded = true
			fmt.Fprintf(progress, "  discarded: the rest of the machine used %.2f cores (-max-background %.2f); running it again\n", bg, co.MaxBackground)
		}
	}

	lo, hi := 0.0, 0.0
	for rate := co.Start; rate <= co.MaxRate; rate *= 2 {
		pass, err := step(rate)
		if err != nil {
			return c, err
		}
		if !pass {
			hi = rate
			break
		}
		lo = rate
	}
	if hi == 0 {
		c.Rate = lo
		return c, nil
	}
	for hi-lo > math.Max(1, co.Precision*lo) {
		mid := math.Round((lo + hi) / 2)
		if mid <= lo || mid >= hi {
			break
		}
		pass, err := step(mid)
		if err != nil {
			c.Rate, c.FailedAt = lo, hi
			return c, err
		}
		if pass {
			lo = mid
		} else {
			hi = mid
		}
	}
	c.Rate, c.FailedAt = lo, hi
	return c, nil
}
