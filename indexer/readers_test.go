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
		{"ingest.max_story_bytes", func(c *config.Ingest) { c.MaxStoryBytes = capBytes }, "reuters", "r.sgm",
			`<REUTERS NEWID="1"><TEXT><TITLE>BUDGET AGREED</TITLE><BODY>` + para + `</BODY></TEXT></REUTERS>`},
		{"ingest.max_file_bytes (reuters)", func(c *config.Ingest) { c.MaxFileBytes = capBytes }, "reuters", "r.sgm",
			`<REUTERS NEWID="1"><TEXT><TITLE>BUDGET AGREED</TITLE><BODY>` + para + `</BODY></TEXT></REUTERS>`},
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

// TestReutersTakesStoryCap sets ingest.max_story_bytes through the
// configuration: a story of exactly that many bytes is read, one a byte
// longer is refused with format.ErrTooLarge, and the story after it is
// still read.
func TestReutersTakesStoryCap(t *testing.T) {
	cfg, err := config.Load(config.Options{Environ: []string{"PULSE_INGEST_MAX_STORY_BYTES=2048"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ReaderByName("reuters", cfg.Ingest, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	story := func(id string, size int) string {
		s := `<REUTERS NEWID="` + id + `"><TEXT><TITLE>BUDGET AGREED</TITLE><BODY>`
		tail := `</BODY></TEXT></REUTERS>`
		return s + strings.Repeat("x", size-len(s)-len(tail)) + tail
	}
	in := story("1", 2048) + "\n" + story("2", 2049) + "\n" + story("3", 100)
	var got []string
	err = r.Read(strings.NewReader(in), "r.sgm", func(it format.Item) error {
		switch {
		case it.Err == nil:
			got = append(got, it.Article.ID)
		case errors.Is(it.Err, format.ErrTooLarge):
			got = append(got, "too large")
		default:
			got = append(got, it.Err.Error())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "reuters-1,too large,reuters-3"; strings.Join(got, ",") != want {
		t.Errorf("items %s, want %s", strings.Join(got, ","), want)
	}
}
