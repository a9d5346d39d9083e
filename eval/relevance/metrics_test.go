package relevance

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	// log2(3) = 1.5849625007211562, log2(5) = 2.321928094887362,
	// log2(6) = 2.584962500721156.
	binary := map[string]int{"a": 1, "b": 1, "c": 1}
	graded := map[string]int{"d1": 3, "d3": 2, "d5": 1, "d2": 0, "d4": 0}
	tests := []struct {
		name    string
		ranking []string
		judged  map[string]int
		k       int
		ap      float64
		p       float64
		recall  float64
		ndcg    float64
	}{
		{
			name:    "perfect",
			ranking: []string{"a", "b", "c", "x"},
			judged:  binary, k: 3,
			ap: 1, p: 1, recall: 1, ndcg: 1,
		},
		{
			name:    "nothing retrieved",
			ranking: nil,
			judged:  binary, k: 10,
			ap: 0, p: 0, recall: 0, ndcg: 0,
		},
		{
			// Relevant at ranks 2 and 4; c never retrieved still counts
			// in AP's denominator: (1/2 + 2/4) / 3.
			name:    "relevant missing from the ranking",
			ranking: []string{"x", "a", "y", "b"},
			judged:  binary, k: 4,
			ap: (0.5 + 0.5) / 3, p: 2.0 / 4, recall: 2.0 / 3,
			// DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3) + 1/log2(4).
			ndcg: (1/1.5849625007211562 + 1/2.321928094887362) / (1 + 1/1.5849625007211562 + 0.5),
		},
		{
			// P@k divides by k even when fewer were retrieved.
			name:    "short ranking",
			ranking: []string{"a"},
			judged:  binary, k: 10,
			ap: 1.0 / 3, p: 0.1, recall: 1.0 / 3,
			ndcg: 1 / (1 + 1/1.5849625007211562 + 0.5),
		},
		{
			// Grades 3, 0, 2, 0, 1: DCG = 3 + 2/log2(4) + 1/log2(6);
			// ideal 3, 2, 1 = 3 + 2/log2(3) + 1/2. Grade 0 is judged, not
			// relevant.
			name:    "graded",
			ranking: []string{"d1", "d2", "d3", "d4", "d5"},
			judged:  graded, k: 10,
			ap: (1 + 2.0/3 + 3.0/5) / 3, p: 0.3, recall: 1,
			ndcg: (3 + 1 + 1/2.584962500721156) / (3 + 2/1.5849625007211562 + 0.5),
		},
		{
			// Cut at 2: DCG = 3; ideal = 3 + 2/log2(3).
			name:    "graded, cut at 2",
			ranking: []string{"d1", "d2", "d3", "d4", "d5"},
			judged:  graded, k: 2,
			ap: (1 + 2.0/3 + 3.0/5) / 3, p: 0.5, recall: 1.0 / 3,
			ndcg: 3 / (3 + 2/1.5849625007211562),
		},
		{
			name:    "unjudged documents are not relevant",
			ranking: []string{"u1", "u2"},
			judged:  binary, k: 2,
			ap: 0, p: 0, recall: 0, ndcg: 0,
		},
		{
			name:    "no relevant judgment",
			ranking: []string{"d2"},
			judged:  map[string]int{"d2": 0}, k: 1,
			ap: 0, p: 0, recall: 0, ndcg: 0,
		},
		{
			name:    "k zero",
			ranking: []string{"a"},
			judged:  binary, k: 0,
			ap: 1.0 / 3, p: 0, recall: 0, ndcg: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(metric string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 1e-12 {
					t.Errorf("%s = %.15f, want %.15f", metric, got, want)
				}
			}
			check("AveragePrecision", AveragePrecision(tt.ranking, tt.judged), tt.ap)
			check("PrecisionAt", PrecisionAt(tt.ranking, tt.judged, tt.k), tt.p)
			check("RecallAt", RecallAt(tt.ranking, tt.judged, tt.k), tt.recall)
			check("NDCGAt", NDCGAt(tt.ranking, tt.judged, tt.k), tt.ndcg)
		})
	}
}
