package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/search/related"
	"github.com/pulsesearch/pulse/web"
)

// relatedService serves the API: a draft is extracted as ingest would
// before its entities can be matched.
type relatedService struct {
	f *related.Finder
	x interface{ Extract(*pulse.Article) }
}

func (s relatedService) Related(ctx context.Context, id string, q related.Query) ([]related.Story, error) {
	return s.f.Related(ctx, id, q)
}

func (s relatedService) RelatedTo(ctx context.Context, a *pulse.Article, q related.Query) ([]related.Story, error) {
	if s.x != nil {
		s.x.Extract(a)
	}
	return s.f.RelatedTo(ctx, a, q)
}

var _ api.Relater = relatedService{}

// relatedPages serves the article page and the widget.
type relatedPages struct{ f *related.Finder }

func (r relatedPages) Related(ctx context.Context, id string, limit int) ([]web.Story, error) {
	ss, err := r.f.Related(ctx, id, related.Query{Limit: limit})
	out := make([]web.Story, len(ss))
	for i, s := range ss {
		out[i] = web.Story{ID: s.ID, Title: s.Title, URL: s.URL, PublishedAt: s.PublishedAt, Source: s.Source, Score: s.Score, Reason: s.Reason}
	}
	return out, err
}

func (a *app) relatedCmd() *cobra.Command {
	var limit int
	var asJSON bool
	var server string
	cmd := &cobra.Command{
		Use:   "related ID",
		Short: "List the stories related to an article, with the reasons",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			v := url.Values{}
			if cmd.Flags().Changed("limit") {
				v.Set("limit", strconv.Itoa(limit))
			}
			q, err := api.ParseRelatedQuery(v, cfg.Related, cfg.Location())
			if err != nil {
				return err
			}
			var stories []related.Story
			if server != "" {
				c, err := newClient(server, "")
				if err != nil {
					return err
				}
				var resp struct {
					Related []related.Story `json:"related"`
				}
				if err := c.do(cmd.Context(), "GET", "/api/articles/"+url.PathEscape(args[0])+"/related", v, nil, "", &resp); err != nil {
					return err
				}
				stories = resp.Related
			} else {
				n, err := openNode(cfg, "pulse related")
				if err != nil {
					return err
				}
				defer n.ix.Close()
				if stories, err = n.related.Related(cmd.Context(), args[0], q); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"related": stories})
			}
			if len(stories) == 0 {
				fmt.Fprintln(a.stdout, "no related stories")
			}
			for i, s := range stories {
				date := ""
				if !s.PublishedAt.IsZero() {
					date = s.PublishedAt.Format("2006-01-02") + " · "
				}
				fmt.Fprintf(a.stdout, "%d. %s\n   %s%s · id %s · score %.3f\n   %s\n", i+1, s.Title, date, s.Source, s.ID, s.Score, s.Reason)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 5, "number of stories")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON")
	cmd.Flags().StringVar(&server, "server", "", "ask a running server")
	return cmd
}
