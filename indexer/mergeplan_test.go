package indexer

import (
	"encoding/json"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// simSegment is a segment of the merge simulation: only its size counts.
type simSegment struct {
	id   uint64
	size int64
}

func (s *simSegment) Id() uint64          { return s.id }
func (s *simSegment) FullSize() int64     { return s.size }
func (s *simSegment) LiveSize() int64     { return s.size }
func (s *simSegment) HasVector() bool     { return false }
func (s *simSegment) FileSize() int64     { return s.size << 12 }
func (s *simSegment) LiveFileSize() int64 { return s.size << 12 }

type simResult struct {
	passes          float64 // times each article is rewritten by merges
	endSegs, maxSeg int     // segments when ingest ends, and at most
}

// simulateIngest runs bleve's merge planner over the ingest of n articles
// in segments of batch, written at ingestRate articles a second, with
// merges done one at a time, as scorch does, at mergeRate articles a
// second: each plan's tasks run in turn, and the planner sees the segments
// of that moment when the merger is free again.
func simulateIngest(o *mergeplan.MergePlanOptions, n, batch int, ingestRate, mergeRate float64) simResult {
	type task struct {
		segs []*simSegment
		end  float64
	}
	var (
		segs     []*simSegment
		queue    []task
		id       uint64
		merged   int64
		now, off float64 // off: when the merger is free
		res      simResult
	)
	remove := func(s *simSegment) {
		for i, x := range segs {
			if x == s {
				segs = append(segs[:i], segs[i+1:]...)
				return
			}
		}
	}
	for written := 0; written < n; written += batch {
		now += float64(batch) / ingestRate
		id++
		segs = append(segs, &simSegment{id, int64(batch)})
		for len(queue) > 0 && queue[0].end <= now {
			var size int64
			for _, s := range queue[0].segs {
				size += s.size
				remove(s)
			}
			queue = queue[1:]
			id++
			segs = append(segs, &simSegment{id, size})
			merged += size
		}
		if len(queue) == 0 && off <= now {
			in := make([]mergeplan.Segment, len(segs))
			for i, s := range segs {
				in[i] = s
			}
			plan, err := mergeplan.Plan(in, o)
			if err != nil {
				panic(err)
			}
			off = now
			if plan != nil {
				for _, t := range plan.Tasks {
					var ss []*simSegment
					var size int64
					for _, s := range t.Segments {
						ss = append(ss, s.(*simSegment))
						size += s.LiveSize()
					}
					off += float64(size) / mergeRate
					queue = append(queue, task{ss, off})
				}
			}
		}
		res.maxSeg = max(res.maxSeg, len(segs))
	}
	res.passes = float64(merged) / float64(n)
	res.endSegs = len(segs)
	return res
}

// TestMergePolicy checks the merge policy Pulse gives scorch
// (runtimeConfig) against bleve's default over a simulated ingest of a
// million articles: each article must be rewritten fewer times, and fewer
// segments must pile up, at every ingest and merge speed tried. The rates
// bracket what `pulse bench` measured: 1,400–2,000 articles a second
// written, and a merge pass of 110–200 µs an article
// (BenchmarkSegmentMerge).
func TestMergePolicy(t *testing.T) {
	ours := mergeplan.DefaultMergePlanOptions
	b, err := json.Marshal(runtimeConfig()["scorchMergePlanOptions"])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ours); err != nil {
		t.Fatal(err)
	}
	if err := mergeplan.ValidateMergePlannerOptions(&ours); err != nil {
		t.Fatal(err)
	}
	def := mergeplan.DefaultMergePlanOptions
	for _, ingest := range []float64{1400, 2000} {
		for _, merge := range []float64{5000, 9000} {
			d := simulateIngest(&def, 1_000_000, 500, ingest, merge)
			o := simulateIngest(&ours, 1_000_000, 500, ingest, merge)
			t.Logf("ingest %4.0f/s, merge %4.0f/s: default %.2f passes, %d segments at end, %d at most; Pulse %.2f, %d, %d",
				ingest, merge, d.passes, d.endSegs, d.maxSeg, o.passes, o.endSegs, o.maxSeg)
			if o.passes >= d.passes || o.maxSeg > d.maxSeg {
				t.Errorf("ingest %.0f/s, merge %.0f/s: Pulse's policy rewrites each article %.2f times with up to %d segments, bleve's default %.2f with %d",
					ingest, merge, o.passes, o.maxSeg, d.passes, d.maxSeg)
			}
		}
	}
}
