package web

import (
	"log/slog"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// articleView is what the article template shows.
type articleView struct {
	frame
	Article  *pulse.Article
	Entities []facetView
	// Related is shown when the page has a Relater; RelatedError says the
	// list could not be made, without failing the page.
	HasRelated   bool
	Related      []storyView
	RelatedError bool
}

type storyView struct {
	Story
	Link string
}

func (p *Pages) article(c *gin.Context) {
	ctx := c.Request.Context()
	a, err := p.searcher.Article(ctx, c.Param("id"))
	if err != nil {
		p.fail(c, err)
		return
	}
	v := articleView{frame: newFrame(a.Title, ""), Article: a}
	if v.Title == "" {
		v.Title = "Article " + a.ID
	}
	for _, f := range pulse.EntityFacets {
		es := a.Entities(f)
		if len(es) == 0 {
			continue
		}
		fv := facetView{Name: f, Label: facetLabels[f]}
		for _, e := range es {
			name := e.Name
			if name == "" {
				name = e.ID
			}
			fv.Values = append(fv.Values, facetValueView{FacetValue: search.FacetValue{ID: e.ID, Value: name}, URL: link("/search", url.Values{f: {e.ID}})})
		}
		v.Entities = append(v.Entities, fv)
	}
	if p.Related != nil {
		v.HasRelated = true
		stories, err := p.Related.Related(ctx, a.ID, p.cfg.Related.PageLimit)
		if err != nil {
			// The article is worth showing without its related stories.
			slog.WarnContext(ctx, "related stories", "id", a.ID, "err", err)
			v.RelatedError = true
		}
		for _, s := range stories {
			if s.ID == a.ID {
				continue
			}
			v.Related = append(v.Related, storyView{Story: s, Link: ArticleURL(s.ID)})
		}
	}
	p.render(c, http.StatusOK, "article.html", v)
}

func (p *Pages) help(c *gin.Context) {
	p.render(c, http.StatusOK, "help.html", newFrame("Search syntax", ""))
}
