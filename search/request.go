package search

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// Request is a validated search request.
type Request struct {
	Query   string
	Page    int
	PerPage int
	Sort    string
	// Filters maps a facet name to the values selected in it: values of
	// one facet are ORed, facets are ANDed. A value may be an id, a name
	// or an alias, matched case-insensitively.
	Filters map[string][]string
	// From and To bound published_at, inclusive; zero means open.
	From, To time.Time
	// Facets lists the facets to count (all by default).
	Facets []string
	// FacetSize is the number of values returned per facet.
	FacetSize int
	// Histogram is the date histogram's interval (IntervalAuto by
	// default; IntervalOff for none).
	Histogram string
	// Recency blends relevance with age (sort=relevance only).
	Recency bool
	// Explain adds each hit's score explanation.
	Explain bool
	// Collapse shows one article per copy cluster (the best-matching) and
	// counts each cluster once.
	Collapse bool
	// Cluster restricts the search to the copies of one story (a hit's
	// Cluster), to list what collapse folded.
	Cluster string
	// Cursor pages with SearchAfter: CursorStart for the first page, then
	// the NextCursor of the previous response.
	Cursor string
	// Strict refuses a query with a syntax error (a 400 naming the
	// position) instead of searching its closest sensible reading.
	Strict bool
}

// CursorStart asks for the first page of a cursor-paged search.
const CursorStart = "*"

// Params are the query parameters ParseRequest reads, besides the facet
// names used as filters.
var Params = []string{"q", "page", "per_page", "sort", "from", "to", "facets", "facet_size", "histogram", "recency", "explain", "cursor", "collapse", "cluster", "strict"}

// ParseRequest reads a request from URL query parameters, as the API, the
// page and the CLI all give them, and validates it against the limits.
//
// It returns a pulse.Error with code EInvalid naming the first bad
// parameter; a bad value is never replaced by a default.
func ParseRequest(v url.Values, cfg config.Search, loc *time.Location) (Request, error) {
	r := Request{Page: 1, PerPage: cfg.DefaultPerPage, Sort: SortRelevance, FacetSize: cfg.FacetSize, Filters: map[string][]string{}, Histogram: IntervalAuto, Recency: true, Collapse: true}
	for key := range v {
		if !slices.Contains(Params, key) && !pulse.IsFacet(key) {
			return r, pulse.ParamError(key, "unknown parameter; known: %s, %s", strings.Join(Params, ", "), strings.Join(pulse.Facets, ", "))
		}
	}
	one := func(name string) (string, bool, error) {
		vals, ok := v[name]
		if !ok {
			return "", false, nil
		}
		if len(vals) > 1 {
			return "", false, pulse.ParamError(name, "given %d times, want once", len(vals))
		}
		return vals[0], true, nil
	}
	q, _, err := one("q")
	if err != nil {
		return r, err
	}
	if !utf8.ValidString(q) {
		return r, pulse.ParamError("q", "not valid UTF-8")
	}
	if n := utf8.RuneCountInString(q); n > cfg.MaxQueryLength {
		return r, pulse.ParamError("q", "must be at most %d characters, got %d", cfg.MaxQueryLength, n)
	}
	r.Query = strings.TrimSpace(q)

	intParam := func(name string, lo, hi int, dst *int) error {
		s, ok, err := one(name)
		if err != nil || !ok {
			return err
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return pulse.ParamError(name, "must be a whole number, got %q", abbrev(s))
		}
		if n < lo || n > hi {
			return pulse.ParamError(name, "must be between %d and %d, got %d", lo, hi, n)
		}
		*dst = n
		return nil
	}
	if err := intParam("per_page", 1, cfg.MaxPerPage, &r.PerPage); err != nil {
		return r, err
	}
	maxPage := max(1, cfg.MaxResultWindow/r.PerPage)
	if err := intParam("page", 1, maxPage, &r.Page); err != nil {
		if e, ok := err.(*pulse.Error); ok && r.Page >= 1 {
			e.Message += fmt.Sprintf(" (results beyond the first %d cannot be paged to; narrow the search)", cfg.MaxResultWindow)
		}
		return r, err
	}
	if err := intParam("facet_size", 1, 1000, &r.FacetSize); err != nil {
		return r, err
	}
	if s, ok, err := one("sort"); err != nil {
		return r, err
	} else if ok {
		switch s {
		case SortRelevance, SortNewest, SortOldest:
			r.Sort = s
		default:
			return r, pulse.ParamError("sort", "must be relevance, newest or oldest, got %q", abbrev(s))
		}
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
		end  bool
	}{{"from", &r.From, false}, {"to", &r.To, true}} {
		s, ok, err := one(p.name)
		if err != nil {
			return r, err
		}
		if !ok || strings.TrimSpace(s) == "" {
			continue
		}
		parse := pulse.ParseTime
		if p.end {
			parse = pulse.ParseTimeEnd
		}
		t, err := parse(s, loc)
		if err != nil {
			return r, pulse.ParamError(p.name, "%v", err)
		}
		*p.dst = t
	}
	if s, ok, err := one("histogram"); err != nil {
		return r, err
	} else if ok {
		switch s {
		case IntervalAuto, IntervalDay, IntervalWeek, IntervalMonth, IntervalYear, IntervalOff:
			r.Histogram = s
		default:
			return r, pulse.ParamError("histogram", "must be auto, day, week, month, year or off, got %q", abbrev(s))
		}
	}
	boolParam := func(name string, dst *bool) error {
		s, ok, err := one(name)
		if err != nil || !ok {
			return err
		}
		switch strings.ToLower(s) {
		case "on", "true", "1", "yes":
			*dst = true
		case "off", "false", "0", "no":
			*dst = false
		default:
			return pulse.ParamError(name, "must be on or off, got %q", abbrev(s))
		}
		return nil
	}
	if err := boolParam("recency", &r.Recency); err != nil {
		return r, err
	}
	if err := boolParam("explain", &r.Explain); err != nil {
		return r, err
	}
	if err := boolParam("collapse", &r.Collapse); err != nil {
		return r, err
	}
	if err := boolParam("strict", &r.Strict); err != nil {
		return r, err
	}
	if s, ok, err := one("cluster"); err != nil {
		return r, err
	} else if ok {
		if len(s) > 512 || !utf8.ValidString(s) {
			return r, pulse.ParamError("cluster", "not a cluster id")
		}
		r.Cluster = s
	}
	if s, ok, err := one("cursor"); err != nil {
		return r, err
	} else if ok {
		if _, paged := v["page"]; paged {
			return r, pulse.ParamError("cursor", "give either cursor or page, not both")
		}
		if len(s) > 4096 {
			return r, pulse.ParamError("cursor", "too long (%d bytes)", len(s))
		}
		r.Cursor = s
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return r, pulse.ParamError("to", "must not be before from (%s), got %s", r.From.Format(time.RFC3339), r.To.Format(time.RFC3339))
	}
	if fs, ok := v["facets"]; ok {
		for _, list := range fs {
			for _, f := range strings.Split(list, ",") {
				f = strings.TrimSpace(f)
				if f == "" {
					continue
				}
				if !pulse.IsFacet(f) {
					return r, pulse.ParamError("facets", "%q is not a facet; known: %s", abbrev(f), strings.Join(pulse.Facets, ", "))
				}
				if !slices.Contains(r.Facets, f) {
					r.Facets = append(r.Facets, f)
				}
			}
		}
	} else {
		r.Facets = slices.Clone(pulse.Facets)
	}
	for _, f := range pulse.Facets {
		vals := v[f]
		if len(vals) > cfg.MaxFilterValues {
			return r, pulse.ParamError(f, "at most %d values, got %d", cfg.MaxFilterValues, len(vals))
		}
		for _, val := range vals {
			val = strings.TrimSpace(val)
			if !utf8.ValidString(val) {
				return r, pulse.ParamError(f, "not valid UTF-8")
			}
			if len(val) > 200 {
				return r, pulse.ParamError(f, "a value must be at most 200 bytes, got %d", len(val))
			}
			if pulse.NormalizeKey(val) == "" {
				if val == "" {
					continue
				}
				return r, pulse.ParamError(f, "%q names nothing", abbrev(val))
			}
			if !slices.Contains(r.Filters[f], val) {
				r.Filters[f] = append(r.Filters[f], val)
			}
		}
	}
	return r, nil
}

// filtered reports whether the request narrows its query's matches by a
// facet value, a date or a cluster.
func (r Request) filtered() bool {
	if r.Cluster != "" || !r.From.IsZero() || !r.To.IsZero() {
		return true
	}
	for _, vals := range r.Filters {
		if len(vals) > 0 {
			return true
		}
	}
	return false
}

// Values returns the request as URL query parameters: the inverse of
// ParseRequest, used for links (pages, facet toggles) and --server.
func (r Request) Values() url.Values {
	v := url.Values{}
	if r.Query != "" {
		v.Set("q", r.Query)
	}
	if r.Page > 1 {
		v.Set("page", strconv.Itoa(r.Page))
	}
	if r.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(r.PerPage))
	}
	if r.Sort != "" && r.Sort != SortRelevance {
		v.Set("sort", r.Sort)
	}
	if !r.From.IsZero() {
		v.Set("from", r.From.Format(time.RFC3339))
	}
	if r.Histogram != "" && r.Histogram != IntervalAuto {
		v.Set("histogram", r.Histogram)
	}
	if !r.Recency {
		v.Set("recency", "off")
	}
	if r.Explain {
		v.Set("explain", "true")
	}
	if !r.Collapse {
		v.Set("collapse", "off")
	}
	if r.Cluster != "" {
		v.Set("cluster", r.Cluster)
	}
	if r.Strict {
		v.Set("strict", "true")
	}
	if r.Cursor != "" {
		v.Set("cursor", r.Cursor)
		v.Del("page")
	}
	if !r.To.IsZero() {
		v.Set("to", r.To.Format(time.RFC3339))
	}
	for _, f := range pulse.Facets {
		for _, val := range r.Filters[f] {
			v.Add(f, val)
		}
	}
	return v
}

func abbrev(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
