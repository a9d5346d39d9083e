// Package format defines what every input reader produces: a stream of
// Items, each an article or the reason one could not be read. One
// subpackage per input format implements Reader; the indexer picks one by
// Detect, or by name when the user forces --format.
package format

import (
	"context"
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

// Causes of an item's Err (or of a whole input's error) shared by the
// readers, so that errors.Is tells them apart whatever the format. The
// readers wrap them with messages that name the item and the limit.
var (
	// ErrTooLarge: the page, line, file or feed is over its byte cap.
	ErrTooLarge = errors.New("too large")
	// ErrBinary: the input is binary data, not text.
	ErrBinary = errors.New("binary data")
	// ErrNotUTF8: the input declares or implies UTF-8 and is not.
	ErrNotUTF8 = errors.New("not valid UTF-8")
	// ErrNoBody: a page has no paragraph of article text.
	ErrNoBody = errors.New("no article text found")
	// ErrNoText: an item has neither a title nor any text.
	ErrNoText = errors.New("no text")
)

// Sink writes a batch of items, names[i] naming items[i] in messages
// ("reut2-003.sgm, story 1714"), and returns one result per item.
// indexer.Writer.Write is one; a client sending items to a running server
// is another. The file reader and the feed watcher both write through one.
type Sink func(ctx context.Context, items []Item, names []string) ([]pulse.ItemResult, error)

// ErrStop may be returned by emit to end a read early without an error.
var ErrStop = errors.New("stop reading")
