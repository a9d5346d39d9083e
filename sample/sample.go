// Package sample embeds the small corpus Pulse loads into an empty index
// on first `pulse serve`, so a newcomer sees a working archive with no
// other step: 342 Reuters-21578 stories in Pulse's JSON Lines shape (see
// NOTICE for the collection's terms).
package sample

import (
	"bytes"
	_ "embed"
	"io"
)

// Name is the name under which the sample is reported during ingest.
const Name = "sample/reuters-sample.jsonl"

//go:embed reuters-sample.jsonl
var corpus []byte

//go:embed NOTICE
var notice string

// Open returns the sample corpus as JSON Lines.
func Open() io.Reader { return bytes.NewReader(corpus) }

// Notice returns the collection's copyright notice.
func Notice() string { return notice }
