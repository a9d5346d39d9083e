package search

import (
	"strings"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
)

func locs(field string, text string, words ...string) bsearch.FieldTermLocationMap {
	tl := bsearch.TermLocationMap{}
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			tl[w] = append(tl[w], &bsearch.Location{Start: uint64(i + j), End: uint64(i + j + len(w))})
			i += j + len(w)
		}
	}
	return bsearch.FieldTermLocationMap{field: tl}
}

func TestSnippet(t *testing.T) {
	body := "Intro words here. " + strings.Repeat("filler text ", 40) + "The <b>oil</b> price & the oil market rose. " + strings.Repeat("more filler ", 40)
	a := &pulse.Article{Title: "T", Body: body}
	got := snippet(a, locs(pulse.FieldBody, body, "oil"), nil, 120)
	if !strings.Contains(got, "&lt;b&gt;<mark>oil</mark>&lt;/b&gt;") || !strings.Contains(got, "&amp; the <mark>oil</mark> market") {
		t.Errorf("snippet does not mark and escape: %q", got)
	}
	if !strings.HasPrefix(got, "… ") || !strings.HasSuffix(got, " …") {
		t.Errorf("snippet should show it is cut: %q", got)
	}
	if strings.Count(got, "<mark>") != 2 || strings.Contains(got, "<b>") {
		t.Errorf("unexpected markup: %q", got)
	}
	// No match: the start of the body, escaped.
	plain := snippet(&pulse.Article{Body: "<script>alert(1)</script> text"}, nil, nil, 100)
	if plain != "&lt;script&gt;alert(1)&lt;/script&gt; text" {
		t.Errorf("plain snippet: %q", plain)
	}
	// A title-only match marks the title.
	tm := snippet(&pulse.Article{Title: "Gold rush", Body: "nothing"}, locs(pulse.FieldTitle, "Gold rush", "Gold"), nil, 100)
	if tm != "<mark>Gold</mark> rush" {
		t.Errorf("title snippet: %q", tm)
	}
	// Multi-byte text is never cut inside a character.
	mb := strings.Repeat("é", 200)
	if s := snippet(&pulse.Article{Body: mb}, nil, nil, 51); !strings.HasPrefix(s, "é") || strings.ContainsRune(s, '\uFFFD') {
		t.Errorf("multi-byte cut: %q", s)
	}
}
