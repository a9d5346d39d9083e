package qlang

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

var benchQueries = []struct{ name, q string }{
	{"words", "oil prices iran"},
	{"operators", `(person:Shaibani OR "foreign minister") "shaibani baghdad"~10 sanction* -org:daesh published:2024-01..2024-06 title:(iran OR iraq)`},
	{"long", strings.Repeat("reuters oil prices rose on monday as gas supplies tightened ", 6)},
}

// BenchmarkParseBuild measures turning a query string into a bleve query:
// parse, then build with entity aliases, as the search service does.
func BenchmarkParseBuild(b *testing.B) {
	for _, c := range benchQueries {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				q, err := Parse(c.q, defaultLimits())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := q.Build(defaultOptions(func(o *Options) { o.EntityAliases = true })); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearch measures parse, build and search on the test corpus, for
// the queries with searchers of this package (proximity, prefix, fuzzy)
// against bleve's own phrase query.
func BenchmarkSearch(b *testing.B) {
	idx := mustIndex(b)
	for _, c := range []struct{ name, q string }{
		{"phrase", `"foreign minister"`},
		{"proximity", `"shaibani baghdad"~10`},
		{"prefix", "sanct*"},
		{"fuzzy", "tanker~1"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				q, err := Parse(c.q, defaultLimits())
				if err != nil {
					b.Fatal(err)
				}
				bq, err := q.Build(defaultOptions())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := idx.Search(bleve.NewSearchRequest(bq)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
