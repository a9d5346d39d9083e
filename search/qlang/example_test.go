package qlang_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/search/qlang"
)

func ExampleParse() {
	// The parser's limits are used as given; these are config's.
	cfg := config.Defaults().Search
	lim := qlang.Limits{MaxLength: 4 * cfg.MaxQueryLength, MaxDepth: cfg.MaxDepth, MaxClauses: cfg.MaxClauses}
	q, err := qlang.Parse(`Shaibani OR "foreign  minister" Baghdad NOT org:Daesh published:2024-01..2024-06`, lim)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q)
	for _, t := range q.Terms() {
		fmt.Printf("%q phrase=%v\n", t.Text, t.Phrase)
	}
	fmt.Println(q.WordCount(), q.ImplicitOperator())
	// Output:
	// Shaibani OR "foreign minister" Baghdad -org:Daesh published:2024-01..2024-06
	// "Shaibani" phrase=false
	// "foreign minister" phrase=true
	// "Baghdad" phrase=false
	// 2 true
}

func ExampleParse_error() {
	// The parser's limits are used as given; these are config's.
	cfg := config.Defaults().Search
	lim := qlang.Limits{MaxLength: 4 * cfg.MaxQueryLength, MaxDepth: cfg.MaxDepth, MaxClauses: cfg.MaxClauses}
	_, err := qlang.Parse(`oil (gas OR "iran"`, lim)
	fmt.Println(err)
	var se *qlang.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Offset, se.Column, errors.Is(err, qlang.ErrSyntax))
	}
	// Output:
	// at position 19: expected ")" to close "(" opened at position 5, found end of query
	// 18 19 true
}

// ExampleQuery_Build shows the retries of the search service: parse once,
// then build with AND, with OR, and with fuzziness 1 until something is
// found.
func ExampleQuery_Build() {
	dir, err := os.MkdirTemp("", "pulse-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	idx, err := bleve.New(filepath.Join(dir, "index"), m)
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	_ = idx.Index("a", map[string]any{"title": "Minister visits Baghdad"})
	_ = idx.Index("b", map[string]any{"body": "The budget was rejected."})

	// Limits and options are used as given; these are config's.
	cfg := config.Defaults().Search
	lim := qlang.Limits{MaxLength: 4 * cfg.MaxQueryLength, MaxDepth: cfg.MaxDepth, MaxClauses: cfg.MaxClauses}
	q, err := qlang.Parse("baghdat budgat", lim)
	if err != nil {
		log.Fatal(err)
	}
	and := qlang.Options{TitleBoost: cfg.TitleBoost, MaxExpansion: cfg.MaxExpansions, K1: cfg.BM25K1, B: cfg.BM25B}
	tries := []qlang.Options{and}
	if q.ImplicitOperator() {
		or := and
		or.DefaultOperator = qlang.Or
		tries = append(tries, or)
	}
	if q.WordCount() > 0 {
		fuzzy := and
		fuzzy.DefaultOperator, fuzzy.Fuzziness = qlang.Or, 1
		tries = append(tries, fuzzy)
	}
	for _, opts := range tries {
		bq, err := q.Build(opts)
		if err != nil {
			log.Fatal(err)
		}
		res, err := idx.Search(bleve.NewSearchRequest(bq))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("operator %v, fuzziness %d: %d hits\n", opts.DefaultOperator, opts.Fuzziness, res.Total)
		if res.Total > 0 {
			break
		}
	}
	// Output:
	// operator AND, fuzziness 0: 0 hits
	// operator OR, fuzziness 0: 0 hits
	// operator OR, fuzziness 1: 2 hits
}
