package search

import (
	"errors"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/qlang"
)

// parse reads the query text with the configured limits.
//
// It returns an EInvalid error naming q, with the position and what was
// expected, or the limit exceeded and its value.
func (s *Searcher) parse(q string) (*qlang.Query, error) {
	pq, err := qlang.Parse(q, s.limits())
	if err != nil {
		return nil, queryError(err)
	}
	return pq, nil
}

// queryError turns the parser's and the expansion's errors into the
// API's: a 400 naming q.
func queryError(err error) error {
	var le *qlang.LimitError
	if errors.As(err, &le) {
		key := map[string]string{
			"max_length": "search.max_query_length", "max_depth": "search.max_depth",
			"max_clauses": "search.max_clauses", "max_expansion": "search.max_expansions",
		}[le.Limit]
		return pulse.ParamError("q", "%v (limit %s = %d)", err, key, le.Max)
	}
	var se *qlang.SyntaxError
	if errors.As(err, &se) {
		return pulse.ParamError("q", "%v", err)
	}
	return err
}

// options are the build options for a request, with the retries'
// operator and fuzziness.
func (s *Searcher) options(op qlang.Operator, fuzziness int) qlang.Options {
	return qlang.Options{
		DefaultOperator: op,
		LongMatch:       s.cfg.LongQueryMatch,
		Fuzziness:       fuzziness,
		TitleBoost:      s.cfg.TitleBoost,
		K1:              s.cfg.BM25K1,
		B:               s.cfg.BM25B,
		Proximity:       s.cfg.ProximityWeight,
		Location:        s.loc,
		MaxExpansion:    s.cfg.MaxExpansions,
		Overflow:        qlang.KeepFrequent,
		EntityAliases:   true,
		Mapping:         s.idx.Mapping(),
	}
}

// defaultOperator is the configured operator between words.
func (s *Searcher) defaultOperator() qlang.Operator {
	if s.cfg.DefaultOperator == "OR" {
		return qlang.Or
	}
	return qlang.And
}
