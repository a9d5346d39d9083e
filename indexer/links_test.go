package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

// hostileURLs are links that run script, or carry a page, where they
// are clicked.
var hostileURLs = []string{"javascript:alert(5)", "data:text/html,<script>alert(5)</script>", "vbscript:msgbox(5)", "JaVaScRiPt:alert(5)", " javascript:alert(5)", "java\tscript:alert(5)"}

// TestHostileLinksDropped ingests a JSON Lines file and an RSS feed whose
// items link to javascript:, data: and vbscript: URLs: each article is
// indexed, without its link, and its result carries a warning naming it.
func TestHostileLinksDropped(t *testing.T) {
	dir := t.TempDir()
	var jl, rss strings.Builder
	for i, u := range hostileURLs {
		fmt.Fprintf(&jl, `{"id":"j%d","title":"Hostile link %d","body":"Zinc prices rose.","url":%q}`+"\n", i, i, u)
		fmt.Fprintf(&rss, `<item><title>Feed item %d</title><description>Copper prices fell sharply in London trading on Tuesday as stocks grew and demand from builders slowed across the region.</description><link>%s</link><guid isPermaLink="false">tag:example.com,2024:%d</guid></item>`, i, xmlEscape(u), i)
	}
	fmt.Fprintf(&jl, `{"id":"ok","title":"A web link","body":"Tin prices rose.","url":"http://example.com/tin"}`+"\n")
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>https://example.com/</link>` + rss.String() + `</channel></rss>`
	os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(jl.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "feed.xml"), []byte(feed), 0o644)

	ix := mustOpen(t, filepath.Join(dir, "data"))
	w := NewWriter(ix.Bleve(), nil, config.Defaults().Ingest, time.UTC)
	warned := map[string][]string{}
	sum, err := w.IngestPaths(context.Background(), []string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "feed.xml")}, RunOptions{
		OnResult: func(r pulse.ItemResult, _ []byte) {
			if r.Outcome != Indexed {
				t.Errorf("%s: %s %s", r.Item, r.Outcome, r.Reason)
			}
			warned[r.ID] = r.Warnings
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	n := len(hostileURLs)
	if sum.Indexed != 2*n+1 || sum.Warned != 2*n {
		t.Errorf("summary %s, warned %d; want %d indexed, %d warned", sum, sum.Warned, 2*n+1, 2*n)
	}
	if !strings.Contains(sum.String(), fmt.Sprintf("with warnings %d", 2*n)) {
		t.Errorf("summary line %q does not count the warnings", sum)
	}
	for i := range hostileURLs {
		for _, id := range []string{fmt.Sprintf("j%d", i), fmt.Sprintf("tag:example.com,2024:%d", i)} {
			if ws := warned[id]; len(ws) != 1 || !strings.Contains(ws[0], "not an http(s) link; dropped") {
				t.Errorf("%s: warnings %q", id, ws)
			}
		}
	}
	if ws := warned["ok"]; len(ws) != 0 {
		t.Errorf("a web link warned: %q", ws)
	}

	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100, 0, false)
	req.Fields = pulse.StoredFields
	res, err := ix.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		src, _ := h.Fields[pulse.FieldArticleJSON].(string)
		a, _, err := pulse.StoredArticle(h.ID, h.Fields)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case h.ID == "ok" && a.URL != "https://example.com/tin":
			t.Errorf("web link stored as %q", a.URL)
		case h.ID != "ok" && (a.URL != "" || strings.Contains(src, "script:")):
			t.Errorf("%s: stored link %q, source %s", h.ID, a.URL, src)
		}
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\t", "&#9;").Replace(s)
}

// TestHostilePageLinkWarned: an HTML page whose canonical link is a
// javascript: URL is indexed without a URL, and its result says why.
func TestHostilePageLinkWarned(t *testing.T) {
	dir := t.TempDir()
	page := `<!doctype html><html><head><title>Zinc smelter reopens</title><link rel="canonical" href="javascript:alert(5)"><meta property="og:url" content="data:text/html,x"></head>` +
		`<body><article><h1>Zinc smelter reopens</h1><p>The zinc smelter in the valley reopened on Monday after a month of repairs, its owners said, and will run at full capacity by the end of the year as ore stocks recover.</p><p>Workers returned to the site in the morning.</p></article></body></html>`
	os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644)
	ix := mustOpen(t, filepath.Join(dir, "data"))
	w := NewWriter(ix.Bleve(), nil, config.Defaults().Ingest, time.UTC)
	var got []pulse.ItemResult
	if _, err := w.IngestPaths(context.Background(), []string{filepath.Join(dir, "page.html")}, RunOptions{
		OnResult: func(r pulse.ItemResult, _ []byte) { got = append(got, r) },
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Outcome != Indexed || len(got[0].Warnings) != 2 ||
		!strings.Contains(got[0].Warnings[0], `canonical link "javascript:alert(5)": not an http(s) link; dropped`) {
		t.Fatalf("results %+v", got)
	}
}
