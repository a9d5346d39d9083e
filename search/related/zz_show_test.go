package related

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/pulsesearch/pulse"
)

func TestZZShow(t *testing.T) {
	if os.Getenv("SHOW") == "" {
		t.Skip()
	}
	idx := mustIndex(t, t.TempDir(), mustCorpus(t))
	f := New(idx, Options{})
	for _, id := range []string{"lohan-rehab", "lohan-leaves", "aceh-quake", "fed-rates"} {
		st, _ := f.Related(context.Background(), id, Query{})
		fmt.Println(id)
		for _, s := range st {
			fmt.Printf("  %-20s %.4f %s\n", s.ID, s.Score, s.Reason)
		}
	}
	st, err := f.RelatedTo(context.Background(), &pulse.Article{Title: "Lohan to stay in Malibu rehab"}, Query{})
	fmt.Println(st, err)
}
