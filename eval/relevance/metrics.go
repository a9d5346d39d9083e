package relevance

import (
	"math"
	"sort"
)

// The metric functions take a ranking (document ids, best first, each at
// most once) and the judgments of one query (id → grade; grade 1 or more
// is relevant; an id absent from the map is not relevant). They follow
// trec_eval's definitions.

// AveragePrecision is the mean, over every document judged relevant, of
// the precision at its rank; a relevant document not retrieved adds 0.
// So it divides by all relevant documents, not only those retrieved. It
// is 0 when no document is judged relevant.
func AveragePrecision(ranking []string, judged map[string]int) float64 {
	r := relevantTotal(judged)
	if r == 0 {
		return 0
	}
	found, sum := 0, 0.0
	for i, id := range ranking {
		if judged[id] >= 1 {
			found++
			sum += float64(found) / float64(i+1)
		}
	}
	return sum / float64(r)
}

// PrecisionAt is the share of the first k ranks given to relevant
// documents; ranks beyond the end of a short ranking count as not
// relevant, so it always divides by k. It is 0 for k ≤ 0.
func PrecisionAt(ranking []string, judged map[string]int, k int) float64 {
	if k <= 0 {
		return 0
	}
	return float64(relevantIn(ranking, judged, k)) / float64(k)
}

// RecallAt is the share of the relevant documents found in the first k
// ranks. It is 0 when no document is judged relevant.
func RecallAt(ranking []string, judged map[string]int, k int) float64 {
	r := relevantTotal(judged)
	if r == 0 {
		return 0
	}
	return float64(relevantIn(ranking, judged, k)) / float64(r)
}

// NDCGAt is the normalised discounted cumulative gain at k: the sum over
// the first k ranks of grade / log2(rank + 1), divided by the same sum
// for the ideal ranking, the judged grades sorted from the highest. The
// gain is the grade itself (trec_eval's ndcg), so grade 2 counts twice
// grade 1. It is 0 when no document is judged relevant or k ≤ 0.
func NDCGAt(ranking []string, judged map[string]int, k int) float64 {
	if k <= 0 {
		return 0
	}
	dcg := 0.0
	for i, id := range ranking[:min(k, len(ranking))] {
		if g := judged[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	grades := make([]int, 0, len(judged))
	for _, g := range judged {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	ideal := 0.0
	for i, g := range grades[:min(k, len(grades))] {
		ideal += float64(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// relevantIn counts the relevant documents in the first k ranks.
func relevantIn(ranking []string, judged map[string]int, k int) int {
	n := 0
	for _, id := range ranking[:max(0, min(k, len(ranking)))] {
		if judged[id] >= 1 {
			n++
		}
	}
	return n
}

func relevantTotal(judged map[string]int) int {
	n := 0
	for _, g := range judged {
		if g >= 1 {
			n++
		}
	}
	return n
}
