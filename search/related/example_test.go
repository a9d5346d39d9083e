package related

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// ExampleFinder_Related indexes three articles as `pulse ingest` would and
// asks for the stories related to one article.
func ExampleFinder_Related() {
	dir, err := os.MkdirTemp("", "related-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	day := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	ix, err := testindex.Write(filepath.Join(dir, "data"), []pulse.Article{
		{ID: "quake", PublishedAt: day(1), Title: "Earthquake strikes Aceh province",
			Body: "A strong earthquake struck Aceh province on Friday, damaging houses and injuring dozens, the disaster agency said."},
		{ID: "toll", PublishedAt: day(4), Title: "Aceh earthquake death toll rises",
			Body: "The death toll from Friday's earthquake in Aceh rose to twelve as rescuers searched collapsed houses."},
		{ID: "rates", PublishedAt: day(6), Title: "Central bank holds rates",
			Body: "The central bank kept interest rates unchanged on Wednesday."},
	}, 100)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	idx := ix.Bleve()

	f := New(idx, FromConfig(config.Defaults().Related))
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
