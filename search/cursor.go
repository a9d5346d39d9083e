package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
)

// cursor is what an opaque cursor token holds: the sort values of the
// last hit shown (for bleve's SearchAfter) and a fingerprint of the
// search, so a cursor cannot be replayed against another search.
//
// Articles without a date sort last by date, under a sentinel that
// SearchAfter cannot take back; once a date-sorted walk reaches them the
// cursor says so (Undated) and the walk goes on by id among them alone.
type cursor struct {
	After   []string `json:"a"`
	Of      string   `json:"f"`
	Undated bool     `json:"u,omitempty"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(token, fingerprint string) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	var c cursor
	if err != nil || json.Unmarshal(b, &c) != nil || len(c.After) == 0 {
		return c, pulse.ParamError("cursor", "not a cursor from this server; start with cursor=* and follow next_cursor")
	}
	if c.Of != fingerprint {
		return c, pulse.ParamError("cursor", "belongs to another search (query, filters or sort changed); start again with cursor=*")
	}
	return c, nil
}

// fingerprint identifies what a cursor pages through: everything but the
// position.
func (r Request) fingerprint() string {
	v := r.Values()
	v.Del("cursor")
	v.Del("page")
	v.Del("explain")
	sum := sha256.Sum256([]byte(strings.ToLower(v.Encode())))
	return hex.EncodeToString(sum[:8])
}

// nextCursor is the cursor after the last hit of a page.
func nextCursor(last *bsearch.DocumentMatch, r Request) string {
	c := cursor{Of: r.fingerprint()}
	// SearchAfter takes the decoded sort values (dates as text, not
	// prefix-coded), and the score as a number.
	c.After = append([]string(nil), last.DecodedSort...)
	if len(c.After) == 0 {
		c.After = append([]string(nil), last.Sort...)
	}
	if r.Sort == SortRelevance && len(c.After) > 0 {
		c.After[0] = strconv.FormatFloat(last.Score, 'g', -1, 64)
	}
	if r.Sort != SortRelevance {
		if src, _ := last.Fields[pulse.FieldArticleJSON].(string); !strings.Contains(src, `"published_at"`) {
			c = cursor{Of: c.Of, After: []string{last.ID}, Undated: true}
		}
	}
	return c.encode()
}

// sortID sorts by article id, read from doc values.
func sortID() *bsearch.SortField {
	return &bsearch.SortField{Field: pulse.FieldSortID, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast}
}

// sortOrder is the bleve sort of a request. Cursors need a unique
// tie-breaker (the id, read from doc values) so that SearchAfter neither
// skips nor repeats articles of equal score or date; page-based requests
// do without it, to read no doc values they need not.
func sortOrder(s string, cursor bool) bsearch.SortOrder {
	date := func(desc bool) *bsearch.SortField {
		return &bsearch.SortField{Field: pulse.FieldPublishedAt, Desc: desc, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast}
	}
	var order bsearch.SortOrder
	switch s {
	case SortNewest:
		order = bsearch.SortOrder{date(true)}
	case SortOldest:
		order = bsearch.SortOrder{date(false)}
	default:
		order = bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
	}
	if cursor {
		order = append(order, sortID())
	}
	return order
}
