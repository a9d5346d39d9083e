// Package web serves Pulse's pages: the search page, the article page and
// the journalist's desk around a search (coverage over time, a comparison
// of up to four queries, who and where), and lets a search be taken away
// (CSV or JSON Lines) or followed (Atom).
//
// In: a Searcher (search.Searcher in production), the validated
// configuration, and optionally a Relater for related stories and a
// Suggester for "did you mean". Every page reads its whole state from the
// URL, validated by search.ParseRequest, so any view can be bookmarked,
// shared or opened without JavaScript.
//
// Out: server-rendered HTML from embedded html/template templates (so
// every value is escaped), charts drawn on the server as SVG with a table
// beside them, a stylesheet, and downloads. Pages send a strict Content
// Security Policy: no script, no inline style, nothing from another
// origin. Register adds every route to a Gin router.
package web
