package corpus

// urn holds the counts of the generator's invented word types and draws
// one of them with probability proportional to count − d, the reuse rule
// of a Pitman–Yor (two-parameter Chinese restaurant) process of discount
// d: frequent types get more frequent, and the counts take the process's
// power-law shape.
//
// Sampling in proportion to count_i − d is split as (count_i − 1) + (1 − d):
// a Fenwick tree over count_i − 1, or a uniform item.
type urn struct {
	d     float64
	count []int64
	tree  []int64 // Fenwick tree over count-1, 1-based, len = capacity+1
	n     int64   // sum of counts
	extra int64   // sum of count-1
}

func newURN(d float64) *urn {
	return &urn{d: d, tree: make([]int64, 1+64)}
}

// drawOld returns an item with probability ∝ count − d; the urn must not
// be empty.
func (u *urn) drawOld(r *rng) int {
	k := len(u.count)
	uniform := (1 - u.d) * float64(k)
	if u.extra == 0 || r.float()*(float64(u.extra)+uniform) < uniform {
		return r.intn(k)
	}
	return u.find(r.int63n(u.extra))
}

// add counts one more draw of item i.
func (u *urn) add(i int) {
	u.count[i]++
	u.n++
	u.extra++
	for j := i + 1; j < len(u.tree); j += j & -j {
		u.tree[j]++
	}
}

// push adds a new item with count c ≥ 1 and returns its index.
func (u *urn) push(c int64) int {
	i := len(u.count)
	if i+1 >= len(u.tree) {
		u.grow()
	}
	u.count = append(u.count, c)
	u.n += c
	u.extra += c - 1
	for j := i + 1; j < len(u.tree); j += j & -j {
		u.tree[j] += c - 1
	}
	return i
}

// grow doubles the tree's capacity, rebuilding it in linear time.
func (u *urn) grow() {
	t := make([]int64, 2*(len(u.tree)-1)+1)
	for i, c := range u.count {
		t[i+1] = c - 1
	}
	for i := 1; i < len(t); i++ {
		if p := i + i&-i; p < len(t) {
			t[p] += t[i]
		}
	}
	u.tree = t
}

// find returns the item whose cumulative count-1 range holds x.
func (u *urn) find(x int64) int {
	pos := 0
	step := 1
	for step*2 < len(u.tree) {
		step *= 2
	}
	for ; step > 0; step /= 2 {
		if nxt := pos + step; nxt < len(u.tree) && u.tree[nxt] <= x {
			pos = nxt
			x -= u.tree[nxt]
		}
	}
	return pos
}
