// Package watch polls news feeds and indexes what they publish.
//
// In: the feed URLs (feeds.urls), polled each on its own interval with
// conditional requests (ETag, Last-Modified), so that an unchanged feed
// costs a 304, and with exponential backoff on errors up to MaxBackoff
// (honouring Retry-After). An item that carries only a summary has its
// linked article page fetched and read as HTML for the full text. The
// timeout and the byte caps of feeds and pages are the feeds section's
// (feeds.timeout, feeds.max_bytes, feeds.max_page_bytes).
//
// Out: the items of each poll go to a format.Sink (an indexer Writer's
// Write), and a Report per poll says what was read, indexed and rejected.
// Feed state (validators, failures, the next poll) is kept in the data
// directory (StateFile), so a restart does not refetch everything.
package watch
