package indexer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
)

// dropUnsafeURL clears an article's URL when it is not an http(s) link
// and returns the warning for the ingest report, or "". A javascript: or
// data: URL from a hostile feed item would otherwise reach every page,
// feed and widget that links to the article; the article itself is fine,
// so it is still indexed, without the link.
func dropUnsafeURL(a *pulse.Article) string {
	raw := strings.TrimSpace(a.URL)
	if raw == "" || pulse.WebURL(raw) {
		return ""
	}
	a.URL = ""
	if len(raw) > 80 {
		n := 80
		for n > 0 && !utf8.RuneStart(raw[n]) {
			n--
		}
		raw = raw[:n] + "…"
	}
	return fmt.Sprintf("url %q: not an http(s) link; dropped", raw)
}
