// Package format defines what every input reader produces: a stream of
// Items, each an article or the reason one could not be read. One
// subpackage per input format implements Reader; the indexer picks one by
// Detect, or by name when the user forces --format.
package format

import (
	"errors"
	"io"

	"github.com/pulsesearch/pulse"
)

// Item is one article read from an input, or the reason it could not be.
type Item struct {
	Article pulse.Article
	// Pos locates the item in its file for messages: "line 12",
	// "story 1714", "entry 3".
	Pos string
	// Raw is the item's input as read, kept for the rejects file.
	Raw []byte
	// Err, when not nil, says why the item is not a valid article; the
	// reader goes on with the next item.
	Err error
	// Warnings name what the reader dropped from an item it still
	// returns, such as a link that is not http(s); they reach the item's
	// ingest result.
	Warnings []string
}

// Reader reads one input format.
type Reader interface {
	// Name is the format's name for --format and messages ("jsonl").
	Name() string
	// Detect reports whether a file with this name, starting with head (up
	// to 4 KiB, already decompressed), is in this format.
	Detect(name string, head []byte) bool
	// Read calls emit for each item of r, in order. It returns an error
	// only when the whole input is unreadable, or when emit returns one
	// (which stops the read).
	Read(r io.Reader, name string, emit func(Item) error) error
}

// ErrStop may be returned by emit to end a read early without an error.
var ErrStop = errors.New("stop reading")
