package corpus

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// rng is the generator's source of randomness: a PCG stream, called
// directly rather than through rand.Rand's interface because it sits in the
// innermost loop.
type rng struct{ pcg *rand.PCG }

func newRNG(seed, stream uint64) *rng {
	return &rng{pcg: rand.NewPCG(seed, stream^0x9e3779b97f4a7c15)}
}

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 {
	return float64(r.pcg.Uint64()>>11) * (1.0 / (1 << 53))
}

// intn returns a uniform int in [0, n); n must be positive. Lemire's
// multiply-shift: the bias is below 2^-32 for the sizes used here.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.pcg.Uint64(), uint64(n))
	return int(hi)
}

// int63n is intn for int64 ranges.
func (r *rng) int63n(n int64) int64 {
	hi, _ := bits.Mul64(r.pcg.Uint64(), uint64(n))
	return int64(hi)
}

// norm returns a standard normal variate (Box–Muller, one of the pair).
func (r *rng) norm() float64 {
	u := r.float()
	for u == 0 {
		u = r.float()
	}
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// cdfPick returns the index i with cdf[i-1] <= u < cdf[i] for a cumulative
// table ending in 1.
func cdfPick(cdf []float64, u float64) int {
	lo, hi := 0, len(cdf)-1
	for lo < hi {
		m := (lo + hi) / 2
		if u < cdf[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// cumulative turns non-negative weights into a cumulative table ending in
// 1; all-zero weights give a uniform table.
func cumulative(w []float64) []float64 {
	cdf := make([]float64, len(w))
	var sum float64
	for _, x := range w {
		sum += x
	}
	var acc float64
	for i, x := range w {
		if sum == 0 {
			acc = float64(i+1) / float64(len(w))
		} else {
			acc += x / sum
		}
		cdf[i] = acc
	}
	if len(cdf) > 0 {
		cdf[len(cdf)-1] = 1
	}
	return cdf
}
