package pulse

import (
	"net/url"
	"strings"
)

// WebURL reports whether s is an absolute http or https URL with a host:
// the only links Pulse stores or emits. Any other scheme (javascript:,
// data:, vbscript:) can run script where the link is clicked, on Pulse's
// pages or on a site that embeds the widget; a relative URL would point
// into whichever site shows it.
func WebURL(s string) bool {
	// url.Parse refuses control characters, so "java\tscript:" (which a
	// browser reads as javascript:) is not a web URL either.
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return (scheme == "http" || scheme == "https") && u.Host != ""
}
