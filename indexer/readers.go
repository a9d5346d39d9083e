package indexer

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/feed"
	"github.com/pulsesearch/pulse/indexer/format/html"
	"github.com/pulsesearch/pulse/indexer/format/jsonl"
	"github.com/pulsesearch/pulse/indexer/format/ninjs"
	"github.com/pulsesearch/pulse/indexer/format/rawpage"
	"github.com/pulsesearch/pulse/indexer/format/reuters"
)

// Readers returns every input reader, most specific first: detection tries
// them in this order (ninjs and feeds before our JSON Lines, which would
// take any JSON object with a title; raw page text last, since it takes
// any plain text). cfg's byte caps are used as given; loc is the zone of
// dates given without one.
func Readers(cfg config.Ingest, loc *time.Location) []format.Reader {
	return []format.Reader{
		reuters.Reader{Location: loc, MaxBytes: cfg.MaxFileBytes, MaxStoryBytes: cfg.MaxStoryBytes},
		feed.Reader{Location: loc, MaxBytes: cfg.MaxFeedBytes},
		html.Reader{Location: loc, MaxBytes: cfg.MaxPageBytes},
		ninjs.Reader{Location: loc, MaxBytes: cfg.MaxFileBytes, MaxItemBytes: cfg.MaxLineBytes},
		jsonl.Reader{Location: loc, MaxLineBytes: cfg.MaxLineBytes},
		rawpage.Reader{Location: loc, MaxBytes: cfg.MaxTextBytes},
	}
}

// ReaderByName returns the reader for --format, or an error listing the
// known names.
func ReaderByName(name string, cfg config.Ingest, loc *time.Location) (format.Reader, error) {
	var names []string
	for _, r := range Readers(cfg, loc) {
		if r.Name() == name {
			return r, nil
		}
		names = append(names, r.Name())
	}
	sort.Strings(names)
	return nil, fmt.Errorf("format %q: unknown, want one of %s", name, strings.Join(names, ", "))
}

// detect picks the reader for a file from its name and first bytes.
func detect(readers []format.Reader, name string, head []byte) format.Reader {
	for _, r := range readers {
		if r.Detect(name, head) {
			return r
		}
	}
	return nil
}
