package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"

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
