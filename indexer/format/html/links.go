package html

import (
	"fmt"
	"strings"

	xhtml "golang.org/x/net/html"
)

// linkWarnings names the links a page declares for itself (its canonical
// link, og:url) that are not http(s) URLs and so were not taken as the
// article's URL: a javascript: or data: link must never reach a page, and
// the ingest report says what was dropped. It parses the page again, so
// Read calls it only for a page that came out without a URL.
func linkWarnings(data []byte) []string {
	text, err := decode(data, "")
	if err != nil {
		return nil
	}
	doc, err := xhtml.Parse(strings.NewReader(text))
	if err != nil {
		return nil
	}
	pm := readMeta(doc)
	var out []string
	for _, l := range []struct{ name, url string }{{"canonical link", pm.canonical}, {"og:url", pm.meta["og:url"]}} {
		if u := strings.TrimSpace(l.url); u != "" && pickURL(nil, u) == "" {
			if len(u) > 80 {
				u = u[:80] + "…"
			}
			out = append(out, fmt.Sprintf("%s %q: not an http(s) link; dropped", l.name, u))
		}
	}
	return out
}
