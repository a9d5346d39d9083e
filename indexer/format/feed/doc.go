// Package feed reads RSS (0.9x, 1.0/RDF, 2.0), Atom and JSON Feed with
// gofeed, from a file or, with Fetcher, from a URL polled with conditional
// requests.
//
// In: a whole feed, in any encoding its XML declaration names.
//
// Out: one format.Item per feed item, at Pos "item N" (1-based):
//   - Title: the item's title, as text.
//   - Body: the item's content (content:encoded, atom:content), else its
//     description or summary, HTML rendered to text ("\n\n" between
//     paragraphs), without feed trailers ("Read more", "The post …
//     appeared first on …").
//   - Summary: the description, when the body is the full content and
//     the description says something else.
//   - URL: the item's link (resolved against the feed's link), else a
//     guid that is a web URL. ID: the guid only when it is a global,
//     non-web identifier (tag:, urn:); the pipeline derives other ids
//     from the canonical URL, so that a story read from a feed and from
//     its page is one article.
//   - Author: the item's authors (or dc:creator). Tags: its categories.
//   - PublishedAt, UpdatedAt: in UTC; an item with only an update date
//     is published then.
//   - Source: the feed's title; OriginalSource: an RSS <source> naming
//     another feed, else the agency of a dateline. Language: the feed's.
//
// An item with neither a title nor any text gets an Err wrapping
// format.ErrNoText; a date that cannot be read, ErrBadDate. A feed that cannot
// be parsed at all is a file-level error wrapping ErrMalformed (or
// format.ErrTooLarge).
//
// An item carries only a summary when its text is short (under
// SummaryWords words) or visibly cut ("…", "Read more"): its Summary
// then equals its Body, SummaryOnly reports it, and Fetcher's entries
// flag it, so that the watcher fetches the linked page for the text.
package feed
