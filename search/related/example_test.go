package related

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
)

// ExampleFinder_Related builds a small index with Pulse's layout and
// asks for the stories related to one article.
func ExampleFinder_Related() {
	dir, err := os.MkdirTemp("", "related-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	idx, err := bleve.New(filepath.Join(dir, "index"), testMapping())
	if err != nil {
		panic(err)
	}
	defer idx.Close()
	day := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	for _, a := range []pulse.Article{
		{ID: "quake", PublishedAt: day(1), Title: "Earthquake strikes Aceh province",
			Body: "A strong earthquake struck Aceh province on Friday, damaging houses and injuring dozens, the disaster agency said."},
		{ID: "toll", PublishedAt: day(4), Title: "Aceh earthquake death toll rises",
			Body: "The death toll from Friday's earthquake in Aceh rose to twelve as rescuers searched collapsed houses."},
		{ID: "rates", PublishedAt: day(6), Title: "Central bank holds rates",
			Body: "The central bank kept interest rates unchanged on Wednesday."},
	} {
		src, _ := json.Marshal(a)
		doc := map[string]any{
			pulse.FieldTitle: a.Title, pulse.FieldBody: a.Body, pulse.FieldSource: string(src),
			pulse.FieldPublishedAt: a.PublishedAt.Format(time.RFC3339),
		}
		if err := idx.Index(a.ID, doc); err != nil {
			panic(err)
		}
	}

	f := New(idx, Options{})
	stories, err := f.Related(context.Background(), "quake", Query{Limit: 3})
	if err != nil {
		panic(err)
	}
	for _, s := range stories {
		fmt.Printf("%s: %s (%s)\n", s.ID, s.Title, s.Reason)
	}
	// Output:
	// toll: Aceh earthquake death toll rises (terms: aceh, earthquake, friday)
}
