// Package web serves the search page and the article page: server-rendered
// HTML from embedded html/template templates (so everything is escaped),
// with embedded static assets and no JavaScript required. Every state of
// the page is in its URL, so any view can be bookmarked or shared.
package web
