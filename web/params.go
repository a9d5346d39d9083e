package web

import (
	"net/url"
	"slices"
	"sort"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// parse validates a search's parameters; the page's own parameters must
// have been removed first, since ParseRequest refuses unknown ones.
// Pages move through results with page=, so a cursor (the API's way) is
// refused rather than ignored.
func (p *Pages) parse(v url.Values) (search.Request, error) {
	if _, ok := v["cursor"]; ok {
		return search.Request{}, pulse.ParamError("cursor", "pages and downloads do not take a cursor; use page= to move through the results")
	}
	return search.ParseRequest(v, p.cfg.Search, p.cfg.Location)
}

// tidy returns a copy of v without the keys drop and without empty values
// (an empty date field of a submitted form), so links stay short.
func tidy(v url.Values, drop ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if slices.Contains(drop, k) {
			continue
		}
		for _, s := range vs {
			if s != "" {
				out[k] = append(out[k], s)
			}
		}
	}
	return out
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// link is path with v as its query string.
func link(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// hiddenFields lists v's values, but for the keys skip, as hidden form
// fields in key order, so that a form keeps the rest of the search.
func hiddenFields(v url.Values, skip ...string) []hidden {
	keys := make([]string, 0, len(v))
	for k := range v {
		if !slices.Contains(skip, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []hidden
	for _, k := range keys {
		for _, s := range v[k] {
			out = append(out, hidden{k, s})
		}
	}
	return out
}

// sameValue reports whether two filter values name the same thing once
// folded, as the index matches them.
func sameValue(a, b string) bool { return pulse.NormalizeKey(a) == pulse.NormalizeKey(b) }

// hasValue reports whether the filter values vals hold id or name.
func hasValue(vals []string, id, name string) bool {
	for _, v := range vals {
		if sameValue(v, id) || (name != "" && sameValue(v, name)) {
			return true
		}
	}
	return false
}

// withFilter returns the search URL of base with one more value of a
// facet selected (values of one facet are ORed) and back on page one.
func withFilter(base url.Values, facet, id string) string {
	u := clone(base)
	u.Del("page")
	if !hasValue(u[facet], id, "") {
		u.Add(facet, id)
	}
	return link("/search", u)
}

// toggle returns the search URL with a facet value added or, when it is
// selected, removed (matching the request's value by id or name).
func toggle(base url.Values, facet string, val search.FacetValue) string {
	u := clone(base)
	u.Del("page")
	if !val.Selected {
		u.Add(facet, val.ID)
		return link("/search", u)
	}
	var keep []string
	for _, s := range u[facet] {
		if !sameValue(s, val.ID) && !sameValue(s, val.Value) {
			keep = append(keep, s)
		}
	}
	u[facet] = keep
	if len(keep) == 0 {
		u.Del(facet)
	}
	return link("/search", u)
}

// without returns base without the keys, back on page one.
func without(base url.Values, keys ...string) url.Values {
	u := clone(base)
	u.Del("page")
	for _, k := range keys {
		u.Del(k)
	}
	return u
}

// boundParam formats a range bound for a from or to parameter: a plain
// date when it falls on a day boundary in loc (to is inclusive, so its
// last instant is the end of a day), an RFC 3339 time otherwise.
func boundParam(t time.Time, end bool, loc *time.Location) string {
	l := t.In(loc)
	if end {
		next := l.Add(time.Nanosecond)
		if next.Hour() == 0 && next.Minute() == 0 && next.Second() == 0 && next.Nanosecond() == 0 {
			return l.Format("2006-01-02")
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.Format("2006-01-02")
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// periodURL is the search of base narrowed to [start, end), intersected
// with the request's own range.
func periodURL(path string, base url.Values, req search.Request, start, end time.Time, loc *time.Location) string {
	last := end.Add(-time.Nanosecond)
	if !req.From.IsZero() && req.From.After(start) {
		start = req.From
	}
	if !req.To.IsZero() && req.To.Before(last) {
		last = req.To
	}
	u := without(base, "from", "to", "histogram")
	u.Set("from", boundParam(start, false, loc))
	u.Set("to", boundParam(last, true, loc))
	return link(path, u)
}
