package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// textQuery turns the query text into a bleve query: every word or
// "quoted phrase" must occur in the title, summary or body (title
// boosted); a word or phrase prefixed with "-" must not. An empty query
// matches everything.
func (s *Searcher) textQuery(q string) (query.Query, error) {
	var must, not []query.Query
	for _, tok := range tokenize(q) {
		neg := strings.HasPrefix(tok, "-") && len(tok) > 1
		if neg {
			tok = tok[1:]
		}
		phrase := strings.HasPrefix(tok, `"`)
		tok = strings.Trim(tok, `"`)
		if strings.TrimSpace(tok) == "" {
			continue
		}
		var fields []query.Query
		for _, f := range []string{pulse.FieldTitle, pulse.FieldSummary, pulse.FieldBody} {
			var fq query.Query
			if phrase {
				mq := bleve.NewMatchPhraseQuery(tok)
				mq.SetField(f)
				if f == pulse.FieldTitle {
					mq.SetBoost(s.cfg.TitleBoost)
				}
				fq = mq
			} else {
				mq := bleve.NewMatchQuery(tok)
				mq.SetField(f)
				mq.SetOperator(query.MatchQueryOperatorAnd)
				if f == pulse.FieldTitle {
					mq.SetBoost(s.cfg.TitleBoost)
				}
				fq = mq
			}
			fields = append(fields, fq)
		}
		clause := bleve.NewDisjunctionQuery(fields...)
		if neg {
			not = append(not, clause)
		} else {
			must = append(must, clause)
		}
	}
	if len(must) == 0 && len(not) == 0 {
		return bleve.NewMatchAllQuery(), nil
	}
	b := bleve.NewBooleanQuery()
	if len(must) > 0 {
		b.AddMust(must...)
	} else {
		b.AddMust(bleve.NewMatchAllQuery())
	}
	if len(not) > 0 {
		b.AddMustNot(not...)
	}
	return b, nil
}

// tokenize splits on spaces, keeping "quoted phrases" (with an optional
// leading "-") whole.
func tokenize(q string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	for _, r := range q {
		switch {
		case r == '"':
			cur.WriteRune(r)
			if inQuote {
				out = append(out, cur.String())
				cur.Reset()
			}
			inQuote = !inQuote
		case !inQuote && (r == ' ' || r == '\t' || r == '\n'):
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
