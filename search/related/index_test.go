package related

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// corpusDoc is an article of a test corpus and the copy cluster the
// indexer's near-duplicate detection must put it in.
type corpusDoc struct {
	Article pulse.Article `json:"article"`
	Cluster string        `json:"cluster,omitempty"`
}

// mustIndex indexes docs through the indexer, as `pulse ingest` does
// without extraction, into a new data directory under dir, in batches of
// 1000, and checks that the copies the corpus names were clustered
// together. The caller closes the index.
func mustIndex(tb testing.TB, dir string, docs []corpusDoc) *indexer.Index {
	tb.Helper()
	arts := make([]pulse.Article, len(docs))
	for i := range docs {
		arts[i] = docs[i].Article
	}
	ix, err := testindex.Write(filepath.Join(dir, "data"), arts, 1000)
	if err != nil {
		tb.Fatal(err)
	}
	if err := checkClusters(ix.Bleve(), docs); err != nil {
		ix.Close()
		tb.Fatal(err)
	}
	return ix
}

// checkClusters reports an error unless the articles the corpus puts in
// one copy cluster share the index's cluster.
func checkClusters(idx bleve.Index, docs []corpusDoc) error {
	byCluster := map[string][]string{}
	for _, d := range docs {
		if d.Cluster != "" {
			byCluster[d.Cluster] = append(byCluster[d.Cluster], d.Article.ID)
		}
	}
	for want, ids := range byCluster {
		req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
		req.Fields = []string{pulse.FieldCluster}
		res, err := idx.Search(req)
		if err != nil {
			return err
		}
		got := map[string]bool{}
		for _, h := range res.Hits {
			c, _ := h.Fields[pulse.FieldCluster].(string)
			got[c] = true
		}
		if len(res.Hits) != len(ids) || len(got) != 1 || got[""] {
			return fmt.Errorf("copies %v (cluster %q in the corpus) were not clustered together: clusters %v", ids, want, got)
		}
	}
	return nil
}
