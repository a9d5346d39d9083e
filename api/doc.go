// Package api serves Pulse's JSON API with Gin: search, articles, the
// protected write endpoints, health and stats. Handlers parse and validate,
// call one method of the interfaces declared here, and render; errors get
// their status from the one table of error codes, pulse.HTTPStatus, which
// the page uses too.
package api
