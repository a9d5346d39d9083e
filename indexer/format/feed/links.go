package feed

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
)

// linkWarning says when the item's own link is not an http(s) URL, even
// resolved against the feed's link: convert dropped it (a javascript: or
// data: link from a hostile feed must never reach a page), and the ingest
// report says so. It returns "" for an absent or usable link.
func linkWarning(f *gofeed.Feed, it *gofeed.Item) string {
	link := strings.TrimSpace(it.Link)
	if link == "" {
		return ""
	}
	base, _ := url.Parse(strings.TrimSpace(f.Link))
	if pickURL(base, link) != "" {
		return ""
	}
	return fmt.Sprintf("link %q: not an http(s) link; dropped", truncate(link, 80))
}
