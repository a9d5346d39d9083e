package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/indexer"
)

// TestArchiveEndToEnd checks that every way an article reaches the index
// resolves a lone surname with the index's archive and teaches it: the
// ingest command, the API's write endpoint after a restart, and reindex.
func TestArchiveEndToEnd(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "full-names.jsonl")
	full := `{"id": "full-1", "title": "U.S. presses Japan on chips", "body": "WASHINGTON - U.S. Trade Representative Clayton Yeutter said the talks with Japan would resume on Monday."}
{"id": "full-2", "title": "GATT council meets", "body": "GENEVA - Clayton Yeutter told the GATT council that farm subsidies had to go."}
`
	// The lone surname comes in a later run: the articles of one batch
	// are extracted side by side, and learn from each other only at the
	// next batch.
	lone := filepath.Join(t.TempDir(), "lone.jsonl")
	if err := os.WriteFile(in, []byte(full), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lone, []byte(`{"id": "lone-1", "title": "Tokyo answers on semiconductors", "body": "TOKYO - Yeutter said the semiconductor accord was being honoured, and Japanese officials disagreed."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	for _, f := range []string{in, lone} {
		if code := run(context.Background(), []string{"ingest", f, "--data-dir", dir}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("ingest %s: exit %d: %s %s", f, code, out.String(), errb.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, indexer.ArchiveFile)); err != nil {
		t.Fatalf("no archive snapshot after ingest: %v", err)
	}

	s := startServerIn(t, dir)
	persons := func(q string) []string {
		t.Helper()
		var r searchResp
		if code := s.getJSON(t, "/api/search?facets=person&q="+q, &r); code != http.StatusOK || r.Total != 1 {
			t.Fatalf("search %s: %d, %d hits", q, code, r.Total)
		}
		var ids []string
		for _, v := range r.Facets["person"] {
			ids = append(ids, v.ID)
		}
		return ids
	}
	if got := persons("semiconductor"); strings.Join(got, ",") != "clayton-yeutter" {
		t.Errorf("ingested lone surname: persons %v, want clayton-yeutter", got)
	}
	body := []byte(`{"id": "lone-2", "title": "Brussels warned", "body": "BRUSSELS - Yeutter told European Community ministers that Washington would retaliate over pasta."}`)
	if code, b := s.post(t, "/api/articles", testToken, body); code != http.StatusOK || !bytes.Contains(b, []byte(`"indexed":1`)) {
		t.Fatalf("POST: %d %s", code, b)
	}
	if got := persons("pasta"); strings.Join(got, ",") != "clayton-yeutter" {
		t.Errorf("lone surname written through the API: persons %v, want clayton-yeutter", got)
	}
	s.stop()

	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"reindex", "--data-dir", dir}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("reindex: exit %d: %s %s", code, out.String(), errb.String())
	}
	ix, err := indexer.Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.Archive().Lookup("yeutter"); got != "Clayton Yeutter" {
		t.Errorf("after reindex, the archive resolves yeutter to %q", got)
	}
}
