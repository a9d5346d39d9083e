package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// entitiesSize is the number of values each list of "who and where"
// shows.
const entitiesSize = 25

// entitiesView is what the "who and where" page shows.
type entitiesView struct {
	frame
	Error  string
	Total  uint64
	Groups []entityGroup

	// Forgiven says the query was searched as its closest reading.
	Forgiven *search.Forgiven
}

type entityGroup struct {
	Facet string
	Label string
	Items []entityItem
	More  string
}

type entityItem struct {
	search.FacetValue
	URL string
	// Share is the count as a percentage of the matches.
	Share float64
}

// entities answers GET /entities?<search>: the people, places,
// organisations and topics of a search's matches, most frequent first,
// each a link that adds it as a filter.
func (p *Pages) entities(c *gin.Context) {
	params := tidy(c.Request.URL.Query())
	base := without(params, "per_page", "facet_size", "facets")
	v := entitiesView{frame: searchFrame("Who and where", "/entities", base)}
	req, err := p.parse(params)
	if err != nil {
		v.Error = err.Error()
		p.render(c, http.StatusBadRequest, "entities.html", v)
		return
	}
	req.PerPage, req.Page, req.Histogram = 1, 1, search.IntervalOff
	req.Facets, req.FacetSize = pulse.EntityFacets, entitiesSize
	res, err := p.searcher.Search(c.Request.Context(), req)
	if err != nil {
		if pulse.ErrorCode(err) == pulse.EInvalid {
			v.Error = err.Error()
			p.render(c, http.StatusBadRequest, "entities.html", v)
			return
		}
		p.fail(c, err)
		return
	}
	if req.Query != "" {
		v.Title = req.Query + " – Who and where"
	}
	v.Total = res.Total
	v.Forgiven = res.Forgiven
	links := without(base)
	for _, f := range []string{pulse.FacetPerson, pulse.FacetPlace, pulse.FacetOrg, pulse.FacetTopic} {
		g := entityGroup{Facet: f, Label: facetLabels[f]}
		for _, val := range res.Facets[f] {
			it := entityItem{FacetValue: val, URL: toggle(links, f, val)}
			if res.Total > 0 {
				it.Share = roundShare(float64(val.Count) / float64(res.Total) * 100)
			}
			g.Items = append(g.Items, it)
		}
		if len(g.Items) >= entitiesSize {
			g.More = link("/search/facets/"+f, links)
		}
		v.Groups = append(v.Groups, g)
	}
	p.render(c, http.StatusOK, "entities.html", v)
}
