package indexer

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
)

// TestReadersTakeIngestCaps sets each ingest.max_*_bytes key low and
// reads an input over it with the reader the key is for: the reader must
// reject it with format.ErrTooLarge, the one sentinel every reader wraps,
// whether it fails the item or the whole input.
func TestReadersTakeIngestCaps(t *testing.T) {
	const capBytes = 1024
	para := strings.Repeat("The council met on Monday and agreed the budget for the year. ", 40)
	cases := []struct {
		key    string
		set    func(*config.Ingest)
		reader string
		name   string
		input  string
	}{
		{"ingest.max_page_bytes", func(c *config.Ingest) { c.MaxPageBytes = capBytes }, "html", "p.html",
			"<html><body><article><h1>Budget agreed</h1><p>" + para + "</p></article></body></html>"},
		{"ingest.max_text_bytes", func(c *config.Ingest) { c.MaxTextBytes = capBytes }, "rawpage", "p.txt",
			"Budget agreed\n\n" + para + "\n"},
		{"ingest.max_feed_bytes", func(c *config.Ingest) { c.MaxFeedBytes = capBytes }, "feed", "f.xml",
			`<rss version="2.0"><channel><title>Council</title><item><title>Budget agreed</title><description>` + para + `</description></item></channel></rss>`},
		{"ingest.max_file_bytes", func(c *config.Ingest) { c.MaxFileBytes = capBytes }, "ninjs", "n.json",
			`[{"uri": "urn:1", "type": "text", "headline": "Budget agreed", "body_text": "` + para + `"}]`},
		{"ingest.max_line_bytes (ninjs)", func(c *config.Ingest) { c.MaxLineBytes = capBytes }, "ninjs", "n.ndjson",
			`{"uri": "urn:1", "type": "text", "headline": "Budget agreed", "body_text": "` + para + `"}` + "\n"},
		{"ingest.max_line_bytes (jsonl)", func(c *config.Ingest) { c.MaxLineBytes = capBytes }, "jsonl", "a.jsonl",
			`{"title": "Budget agreed", "body": "` + para + `"}` + "\n"},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			cfg := config.Defaults().Ingest
			c.set(&cfg)
			r, err := ReaderByName(c.reader, cfg, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			var itemErr error
			readErr := r.Read(bytes.NewReader([]byte(c.input)), c.name, func(it format.Item) error {
				if it.Err != nil && itemErr == nil {
					itemErr = it.Err
				}
				return nil
			})
			if !errors.Is(readErr, format.ErrTooLarge) && !errors.Is(itemErr, format.ErrTooLarge) {
				t.Errorf("%d-byte input over %s = %d: read error %v, item error %v; want format.ErrTooLarge", len(c.input), c.key, capBytes, readErr, itemErr)
			}

			// The shipped caps take the same input.
			r, _ = ReaderByName(c.reader, config.Defaults().Ingest, time.UTC)
			readErr = r.Read(bytes.NewReader([]byte(c.input)), c.name, func(it format.Item) error {
				if errors.Is(it.Err, format.ErrTooLarge) {
					t.Errorf("shipped caps: item rejected as too large: %v", it.Err)
				}
				return nil
			})
			if errors.Is(readErr, format.ErrTooLarge) {
				t.Errorf("shipped caps: input rejected as too large: %v", readErr)
			}
		})
	}
}
