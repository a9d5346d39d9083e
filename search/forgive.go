package search

import (
	"fmt"
	"strings"

	"github.com/pulsesearch/pulse/search/qlang"
)

// Forgiven says that a query could not be read as written and what was
// searched instead, as a search box should rather than refuse a reader's
// typo: Query is the reading searched, Why what was changed and why, and
// Message says both in a sentence for the reader.
type Forgiven struct {
	Query   string   `json:"query"`
	Why     []string `json:"why"`
	Message string   `json:"message"`
}

// limits are the parser's bounds: the configured length is in characters,
// the parser's in bytes, hence the factor (at most 4 bytes a character).
func (s *Searcher) limits() qlang.Limits {
	return qlang.Limits{MaxLength: s.cfg.MaxQueryLength * 4, MaxDepth: s.cfg.MaxDepth, MaxClauses: s.cfg.MaxClauses}
}

// parseRequest parses the request's query: strictly when it asks, else
// forgiving syntax errors (qlang.Forgive). Limits refuse either way.
//
// It returns a pulse.Error with code EInvalid naming q for a limit
// exceeded, or for a syntax error in a strict request.
func (s *Searcher) parseRequest(r Request) (*qlang.Query, *Forgiven, error) {
	if r.Strict {
		pq, err := s.parse(r.Query)
		return pq, nil, err
	}
	pq, read, why, err := qlang.Forgive(r.Query, s.limits())
	if err != nil {
		return nil, nil, queryError(err)
	}
	if len(why) == 0 {
		return pq, nil, nil
	}
	f := &Forgiven{Query: read, Why: why}
	reading := "all articles"
	if strings.TrimSpace(read) != "" {
		reading = read
	}
	f.Message = fmt.Sprintf("Showing results for %s (%s).", reading, strings.Join(why, "; "))
	return pq, f, nil
}

// on marks res as the result of the forgiven reading, and returns it.
func (f *Forgiven) on(res *Result) *Result {
	if f != nil && res != nil {
		res.Forgiven = f
	}
	return res
}
