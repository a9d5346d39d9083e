package qlang

import "github.com/pulsesearch/pulse/config"

// defaultLimits are the limits the product passes with config's defaults
// (search/forgive.go), then set changes what a test varies.
func defaultLimits(set ...func(*Limits)) Limits {
	c := config.Defaults().Search
	l := Limits{MaxLength: 4 * c.MaxQueryLength, MaxDepth: c.MaxDepth, MaxClauses: c.MaxClauses}
	for _, f := range set {
		f(&l)
	}
	return l
}

// defaultOptions are the options with no usable zero value as config's
// defaults set them (search/text.go); the rest are zero (AND, no
// proximity, no fuzziness) until set changes what a test varies.
func defaultOptions(set ...func(*Options)) Options {
	c := config.Defaults().Search
	o := Options{TitleBoost: c.TitleBoost, MaxExpansion: c.MaxExpansions, K1: c.BM25K1, B: c.BM25B}
	for _, f := range set {
		f(&o)
	}
	return o
}
