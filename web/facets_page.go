package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
)

// facetPageLimit is the number of values the facet page lists.
const facetPageLimit = 200

// facetsView is what the facet page shows: every value of one facet for
// a search, optionally narrowed to those with a word starting with a
// prefix.
type facetsView struct {
	frame
	Error    string
	Facet    string
	Label    string
	Singular string
	Prefix   string
	Values   []facetValueView
	Limit    int
	Back     string
	// FormHidden keeps the search when the prefix form is sent.
	FormHidden []hidden
}

// facets answers GET /search/facets/:facet?<search>&prefix=: the no-JS
// "more" of a long facet list.
func (p *Pages) facets(c *gin.Context) {
	facet := c.Param("facet")
	if !pulse.IsFacet(facet) {
		p.fail(c, pulse.Errorf(pulse.ENotFound, "%q is not a facet; known: %s", abbrev(facet), strings.Join(pulse.Facets, ", ")))
		return
	}
	raw := c.Request.URL.Query()
	prefix := strings.TrimSpace(raw.Get("prefix"))
	params := tidy(raw, "prefix")
	base := without(params)
	v := facetsView{
		frame: searchFrame(facetLabels[facet], "/search", base),
		Facet: facet, Label: facetLabels[facet], Singular: strings.ToLower(facetSingular[facet]),
		Prefix: prefix, Limit: facetPageLimit, Back: link("/search", base),
		FormHidden: hiddenFields(base),
	}
	v.Title = facetLabels[facet] + " – Search"
	if !utf8.ValidString(prefix) || len(prefix) > 200 {
		v.Error = pulse.ParamError("prefix", "must be valid text of at most 200 bytes, got %d bytes", len(prefix)).Error()
		p.render(c, http.StatusBadRequest, "facets.html", v)
		return
	}
	req, err := p.parse(params)
	if err != nil {
		v.Error = err.Error()
		p.render(c, http.StatusBadRequest, "facets.html", v)
		return
	}
	vals, err := p.searcher.FacetValues(c.Request.Context(), req, facet, prefix, facetPageLimit)
	if err != nil {
		if pulse.ErrorCode(err) == pulse.EInvalid {
			v.Error = err.Error()
			p.render(c, http.StatusBadRequest, "facets.html", v)
			return
		}
		p.fail(c, err)
		return
	}
	for _, val := range vals {
		v.Values = append(v.Values, facetValueView{FacetValue: val, URL: toggle(base, facet, val)})
	}
	p.render(c, http.StatusOK, "facets.html", v)
}

// abbrev shortens s for a message.
func abbrev(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
