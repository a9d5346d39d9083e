package qlang

import "testing"

// TestAllWords: what a search widened when few articles have all
// the words asks of Build — whether two or more words typed side by side
// must all match — counted as Build counts them, stop words aside.
func TestAllWords(t *testing.T) {
	long := func(o *Options) { o.LongMatch = 0.01 }
	or := func(o *Options) { o.DefaultOperator = Or }
	for _, c := range []struct {
		query string
		set   []func(*Options)
		want  bool
	}{
		{"coffee quotas", nil, true},
		{"coffee with the quotas", []func(*Options){long}, true}, // five words, two of them not stop words
		{"material properties of photoelastic materials", []func(*Options){long}, true},
		{"coffee export quotas talks resumed", []func(*Options){long}, false}, // beyond four: LongMatch
		{"coffee export quotas talks resumed", nil, true},                     // no LongMatch: all of them
		{"coffee", nil, false},
		{"the coffee", nil, false},
		{"coffee AND quotas", nil, false},
		{"coffee OR quotas", nil, false},
		{`"coffee quotas"`, nil, false},
		{"coffee quotas", []func(*Options){or}, false},
		{"coffee -(export quotas)", nil, false},
		{"tin (coffee quotas)", nil, true},
	} {
		pq, err := Parse(c.query, defaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		b, err := pq.Compile(defaultOptions(c.set...))
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if b.AllWords != c.want {
			t.Errorf("%q: AllWords %v, want %v", c.query, b.AllWords, c.want)
		}
	}
}
