package main

import "github.com/pulsesearch/pulse/indexer"

// newExtractor returns the entity extractor used on ingest and reindex;
// nil keeps the entity fields the input gives.
func newExtractor() indexer.Extractor { return nil }
