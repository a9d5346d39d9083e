// Package search answers queries against the index: it parses and
// validates a search request (the same for the API, the page and the CLI),
// builds the bleve query, collects hits with highlighted snippets and
// facet counts, and reads whole articles back from their stored source.
//
// It owns bleve's read side and never imports the indexer: what it knows
// of the index layout comes from the field names in package pulse.
package search
