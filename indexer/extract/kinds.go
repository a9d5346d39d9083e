package extract

import (
	"fmt"
	"sort"

	"github.com/pulsesearch/pulse"
)

// TwoKinds lists the places in an extracted article's text given spans
// of two kinds: a person, place or organisation span that overlaps a span
// of another kind in the same field ("Bank of France" an organisation and
// "France" inside it a place). Extract gives none (one span, one kind: a
// highlight or a click lands on one entity); the evaluation harness and
// the tests count them with this. Each clash is written once, as
// `field kind1 name1 "text1" / kind2 name2 "text2"`, in the order the
// spans start.
func TwoKinds(a *pulse.Article) []string {
	type owned struct {
		kind, name string
		sp         pulse.Span
	}
	var all []owned
	for _, g := range []struct {
		kind string
		es   []pulse.Entity
	}{{"person", a.Persons}, {"place", a.Places}, {"org", a.Orgs}} {
		for _, e := range g.es {
			for _, sp := range e.Spans {
				all = append(all, owned{g.kind, e.Name, sp})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].sp.Field != all[j].sp.Field {
			return all[i].sp.Field < all[j].sp.Field
		}
		return all[i].sp.Start < all[j].sp.Start
	})
	var out []string
	for i, p := range all {
		for _, q := range all[i+1:] {
			if q.sp.Field != p.sp.Field || q.sp.Start >= p.sp.End {
				break
			}
			if q.kind != p.kind {
				out = append(out, fmt.Sprintf("%s %s %s %q / %s %s %q", p.sp.Field, p.kind, p.name, p.sp.Text, q.kind, q.name, q.sp.Text))
			}
		}
	}
	return out
}
