package indexer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/jsonl"
)

// IngestJSON writes the articles of a request body: one JSON object, a
// JSON array of objects, or JSON Lines, each in the article shape. It
// returns one result per item; a bad item is reported, the rest written.
//
// It returns a pulse.Error with code EInvalid when the body as a whole is
// not JSON of those shapes.
func (w *Writer) IngestJSON(ctx context.Context, body []byte) ([]pulse.ItemResult, error) {
	dec := jsonl.Reader{Location: w.loc, MaxLineBytes: w.ingest.MaxLineBytes}
	var items []format.Item
	var names []string
	trimmed := bytes.TrimLeft(body, " \t\r\n\ufeff")
	switch {
	case len(trimmed) == 0:
		return nil, pulse.Errorf(pulse.EInvalid, "empty body: send a JSON article, an array of them, or JSON Lines")
	case trimmed[0] == '[':
		var raws []json.RawMessage
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			return nil, pulse.Errorf(pulse.EInvalid, "body: not a JSON array of articles: %v", err)
		}
		for i, raw := range raws {
			a, err := dec.Decode(raw)
			items = append(items, format.Item{Article: a, Err: err, Raw: raw})
			names = append(names, "item "+strconv.Itoa(i+1))
		}
	default:
		err := dec.Read(bytes.NewReader(trimmed), "body", func(it format.Item) error {
			items = append(items, it)
			names = append(names, it.Pos)
			return nil
		})
		if err != nil {
			return nil, pulse.Errorf(pulse.EInvalid, "body: %v", err)
		}
		// A single pretty-printed object spans many lines: read it whole.
		if len(items) > 1 && items[0].Err != nil && json.Valid(trimmed) {
			a, err := dec.Decode(trimmed)
			items = []format.Item{{Article: a, Err: err}}
			names = []string{"item 1"}
		}
	}
	out, err := w.Write(ctx, items, names)
	if err != nil {
		return out, fmt.Errorf("write: %w", err)
	}
	return out, nil
}

// DeleteID removes one article; found is false when there was none. Its
// bytes are purged from disk in the background (see Purge).
func (w *Writer) DeleteID(ctx context.Context, id string) (bool, error) {
	found, err := w.Delete([]string{id})
	if err != nil {
		return false, err
	}
	if found[id] {
		w.PurgeLater(func(err error) { slog.Error("purge after delete failed", "id", id, "err", err) })
	}
	return found[id], nil
}
