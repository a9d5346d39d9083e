package cli

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

func (a *app) searchCmd() *cobra.Command {
	var asJSON bool
	var server string
	var page, perPage int
	var sortBy, from, to string
	var strict bool
	filters := map[string]*[]string{}
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search the archive from the terminal",
		Long: `Search the archive. The query and filters are those of the API's
/api/search; --json prints the API's JSON.

  pulse search oil --place iraq --place iran --sort newest`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			v := url.Values{}
			if len(args) == 1 {
				v.Set("q", args[0])
			}
			if cmd.Flags().Changed("page") {
				v.Set("page", strconv.Itoa(page))
			}
			if cmd.Flags().Changed("per-page") {
				v.Set("per_page", strconv.Itoa(perPage))
			}
			if sortBy != "" {
				v.Set("sort", sortBy)
			}
			if from != "" {
				v.Set("from", from)
			}
			if to != "" {
				v.Set("to", to)
			}
			if strict {
				v.Set("strict", "true")
			}
			for f, vals := range filters {
				for _, val := range *vals {
					v.Add(f, val)
				}
			}
			var res search.Result
			var raw json.RawMessage
			if server != "" {
				c, err := newClient(server, "")
				if err != nil {
					return err
				}
				if err := c.do(cmd.Context(), "GET", "/api/search", v, nil, "", &raw); err != nil {
					return err
				}
				if err := json.Unmarshal(raw, &res); err != nil {
					return err
				}
			} else {
				req, err := search.ParseRequest(v, cfg.Search, cfg.Location())
				if err != nil {
					return err
				}
				n, err := openNode(cfg, "pulse search")
				if err != nil {
					return err
				}
				defer n.ix.Close()
				r, err := n.searcher.Search(cmd.Context(), req)
				if err != nil {
					return err
				}
				res = *r
				raw, _ = json.Marshal(r)
			}
			if asJSON {
				var pretty any
				json.Unmarshal(raw, &pretty)
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(pretty)
			}
			printResult(a, &res)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the API's JSON")
	f.StringVar(&server, "server", "", "search through a running server's API")
	f.IntVar(&page, "page", 1, "result page")
	f.IntVar(&perPage, "per-page", 10, "results per page")
	f.StringVar(&sortBy, "sort", "", "relevance, newest or oldest")
	f.StringVar(&from, "from", "", "published on or after (date or RFC 3339)")
	f.StringVar(&to, "to", "", "published on or before (date or RFC 3339)")
	f.BoolVar(&strict, "strict", false, "refuse a query with a syntax error instead of searching its closest reading")
	for _, name := range pulse.Facets {
		vals := []string{}
		filters[name] = &vals
		f.StringArrayVar(&vals, name, nil, "filter by "+name+" (id, name or alias; repeat for OR)")
	}
	return cmd
}

func printResult(a *app, r *search.Result) {
	if r.Forgiven != nil {
		fmt.Fprintln(a.stdout, r.Forgiven.Message)
	}
	if r.Notice != "" {
		fmt.Fprintln(a.stdout, r.Notice)
	}
	fmt.Fprintf(a.stdout, "%d results (%.1f ms), page %d\n", r.Total, r.TookMs, r.Page)
	for i, h := range r.Hits {
		n := (r.Page-1)*r.PerPage + i + 1
		fmt.Fprintf(a.stdout, "\n%3d. %s\n", n, h.Title)
		var meta []string
		if !h.PublishedAt.IsZero() {
			meta = append(meta, h.PublishedAt.Format("2006-01-02"))
		}
		if h.Source != "" {
			meta = append(meta, h.Source)
		}
		meta = append(meta, "id "+h.ID, fmt.Sprintf("score %.2f", h.Score))
		fmt.Fprintf(a.stdout, "     %s\n", strings.Join(meta, " · "))
		fmt.Fprintf(a.stdout, "     %s\n", plainSnippet(h.Snippet))
	}
	for _, f := range pulse.Facets {
		vals := r.Facets[f]
		if len(vals) == 0 {
			continue
		}
		var parts []string
		for _, v := range vals[:min(len(vals), 8)] {
			mark := ""
			if v.Selected {
				mark = "*"
			}
			parts = append(parts, fmt.Sprintf("%s%s (%d)", mark, v.Value, v.Count))
		}
		fmt.Fprintf(a.stdout, "\n%s: %s", f, strings.Join(parts, ", "))
	}
	fmt.Fprintln(a.stdout)
}

// plainSnippet turns a snippet's HTML into terminal text, matches in
// [brackets].
func plainSnippet(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "[")
	s = strings.ReplaceAll(s, "</mark>", "]")
	return html.UnescapeString(s)
}
