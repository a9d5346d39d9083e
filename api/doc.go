// Package api serves Pulse's JSON API with Gin: search, articles, the
// protected write endpoints, health and stats. Handlers parse and validate,
// call one method of the interfaces declared here, and render; errors go
// through the one table in errors.go that maps error codes to statuses.
package api
