// Package pulse holds the shapes every other package shares: the Article,
// its Entities, the names of the index fields and facets, and the error type
// whose codes the API maps to HTTP statuses.
//
// It imports only the standard library, so both the indexer (write side)
// and search (read side) can depend on it without depending on each other.
package pulse
