package relevance

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

func TestFreeText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"operators become words", "oil AND gas OR NOT coal", "oil and gas or not coal"},
		{"syntax characters go", `"wing" (slip-stream) -lift +drag title:flow x~2 y*`, "wing slip stream lift drag title flow x 2 y"},
		{"letters of any script stay", "Étude d'été", "étude d été"},
		{"nothing left", " .,;: ", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := FreeText(c.in); got != c.want {
				t.Errorf("FreeText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestReadSmartAndPeers(t *testing.T) {
	dir := sharedtest.Path(t, "data", SmartDir)
	peers, err := ReadPeerFigures(dir + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range SmartCollections {
		for _, s := range []string{Alone, Mixed} {
			if p := peers[name][s]; p["Xapian"].MAP <= 0 || p["FTS5"].MAP <= 0 {
				t.Errorf("%s %s: peer figures %v", name, s, p)
			}
		}
	}
	if got := peers["adi"][Alone]["Xapian"].MAP; got != 0.3972 {
		t.Errorf("adi alone Xapian MAP@100 %v, want 0.3972 as the README gives it", got)
	}
	s, err := ReadSmart(dir, "adi")
	if err != nil {
		t.Fatal(err)
	}
	pairs := 0
	for _, q := range s.Collection.Queries {
		pairs += len(q.Relevant)
	}
	if len(s.Articles) != 82 || len(s.Collection.Queries) != 35 || pairs != 170 {
		t.Errorf("adi: %d documents, %d queries, %d judged pairs; the README says 82, 35, 170", len(s.Articles), len(s.Collection.Queries), pairs)
	}
}

// TestSmartRelevance runs two small judged collections alone with the
// default search configuration and checks that MAP@100 comes within 0.02
// of the better of Xapian and SQLite FTS5 (the README's anchors). Before
// true BM25 statistics, coord-free fields and the long-query settings,
// Pulse scored 0.29 on adi (peers 0.41) and 0.26 on med (peers 0.51).
func TestSmartRelevance(t *testing.T) {
	dir := sharedtest.Path(t, "data", SmartDir)
	peers, err := ReadPeerFigures(dir + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := RunSmart(context.Background(), dir, "", config.Defaults().Search, peers,
		SmartOptions{Collections: []string{"adi", "med"}, Settings: []string{Alone}, TmpDir: t.TempDir()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		best := max(r.Peers["Xapian"].MAP, r.Peers["FTS5"].MAP)
		t.Logf("%s %s: MAP@100 %.4f, nDCG@10 %.4f, P@10 %.4f; better peer %.4f", r.Collection, r.Setting, r.Report.MAP, r.Report.NDCG, r.Report.P, best)
		if r.Report.Errors > 0 {
			t.Errorf("%s: %d queries refused", r.Collection, r.Report.Errors)
		}
		if r.Report.MAP < best-0.02 {
			t.Errorf("%s %s: MAP@100 %.4f, want at least %.4f (the better peer's %.4f less 0.02)", r.Collection, r.Setting, r.Report.MAP, best-0.02, best)
		}
	}
}

// TestWriteSmartOwn: the own column appears only when a row has the
// figure, and is blank for the rows without it.
func TestWriteSmartOwn(t *testing.T) {
	m := 0.25
	rows := []SmartRow{
		{Collection: "adi", Setting: Alone, Docs: 82, Report: &Report{Queries: 35, MAP: 0.4}},
		{Collection: "adi", Setting: Mixed, Docs: 18082, Report: &Report{Queries: 35, MAP: 0.2, OwnMAP: &m}},
	}
	var b strings.Builder
	if err := WriteSmart(&b, rows[:1]); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "own") {
		t.Errorf("no row has the own figure, yet the table has its column:\n%s", b.String())
	}
	b.Reset()
	if err := WriteSmart(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 || !strings.HasSuffix(lines[0], " own MAP@100 |") || !strings.HasSuffix(lines[2], "| | | |") || !strings.HasSuffix(lines[3], "| | | 0.2500 |") {
		t.Errorf("table:\n%s", b.String())
	}
	for _, l := range lines {
		if n := strings.Count(l, "|"); n != 12 {
			t.Errorf("%d cells in %q, want 11", n-1, l)
		}
	}
}

// TestWriteSmartLosses checks the table of alone-to-mixed changes below
// the main one: each collection with both rows and both peers, its
// change beside the peers', and the verdict against both.
func TestWriteSmartLosses(t *testing.T) {
	peers := func(x, f float64) map[string]Peer {
		return map[string]Peer{"Xapian": {MAP: x}, "FTS5": {MAP: f}}
	}
	rows := []SmartRow{
		{Collection: "adi", Setting: Alone, Report: &Report{MAP: 0.40}, Peers: peers(0.40, 0.41)},
		{Collection: "adi", Setting: Mixed, Report: &Report{MAP: 0.30}, Peers: peers(0.32, 0.30)},
		{Collection: "cacm", Setting: Alone, Report: &Report{MAP: 0.30}, Peers: peers(0.29, 0.30)},
		{Collection: "cacm", Setting: Mixed, Report: &Report{MAP: 0.29}, Peers: peers(0.28, 0.295)},
		{Collection: "cisi", Setting: Alone, Report: &Report{MAP: 0.20}, Peers: peers(0.15, 0.16)},
		{Collection: "cisi", Setting: Mixed, Report: &Report{MAP: 0.195}, Peers: peers(0.14, 0.155)},
		{Collection: "lisa", Setting: Alone, Report: &Report{MAP: 0.35}, Peers: peers(0.33, 0.34)},
		{Collection: "lisa", Setting: Mixed, Report: &Report{MAP: 0.32}, Peers: peers(0.32, 0.32)},
		{Collection: "med", Setting: Alone, Report: &Report{MAP: 0.5}}, // no peers, no row
		{Collection: "med", Setting: Mixed, Report: &Report{MAP: 0.4}},
	}
	var b strings.Builder
	if err := WriteSmart(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| adi | -0.1000 | -0.0800 | -0.1100 | one |",      // more than Xapian's, less than FTS5's
		"| cacm | -0.0100 | -0.0100 | -0.0050 | one |",     // as much as Xapian, more than FTS5
		"| cisi | -0.0050 | -0.0100 | -0.0050 | both |",    // a tie counts as no more
		"| lisa | -0.0300 | -0.0100 | -0.0200 | neither |", // more than both
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "| med |"); n != 2 {
		t.Errorf("med: %d rows, want its two MAP rows and no change row (it has no peers):\n%s", n, out)
	}
}

// TestSmartNames: the collections of a directory are its folders holding
// documents, the seven in the README's order first, then others (a
// held-out collection) by name.
func TestSmartNames(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"time", "med", "adi", "notes", "aaa"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if d == "notes" {
			continue // no documents: not a collection
		}
		if err := os.WriteFile(filepath.Join(dir, d, "docs.jsonl.gz"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := SmartNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"adi", "med", "aaa", "time"}; !slices.Equal(got, want) {
		t.Errorf("SmartNames = %q, want %q", got, want)
	}
	if _, err := SmartNames(filepath.Join(dir, "notes")); err == nil || !strings.Contains(err.Error(), "no collection") {
		t.Errorf("a folder without collections: error %v, want one saying it holds no collection", err)
	}
}

// TestECBPlusPeers reads the peers' ECB+ figures embedded from
// peers/README.md.
func TestECBPlusPeers(t *testing.T) {
	p := ECBPlusPeers()[ECBPlusName]
	if got := p[Alone]["Xapian"].MAP; got != 0.7430 {
		t.Errorf("ecbplus alone Xapian MAP@100 %v, want 0.7430 as peers/README.md gives it", got)
	}
	if got := p[Mixed]["FTS5"].P; got != 0.6952 {
		t.Errorf("ecbplus mixed FTS5 P@10 %v, want 0.6952", got)
	}
}

// TestSmartECBPlus runs the ECB+ headline queries alone in the SMART
// protocol: the collection is read from the ECB+ file, not the SMART
// directory, its queries' own articles stay excluded, and Pulse scores
// within 0.02 of the better peer. Without the file the collection is
// refused by name.
func TestSmartECBPlus(t *testing.T) {
	ecb := sharedtest.Path(t, "data", ECBPlusFile)
	dir := sharedtest.Path(t, "data", SmartDir)
	sopts := SmartOptions{Collections: []string{ECBPlusName}, Settings: []string{Alone}, TmpDir: t.TempDir()}
	if _, err := RunSmart(context.Background(), dir, "", config.Defaults().Search, nil, sopts, Options{}); err == nil || !strings.Contains(err.Error(), "collection ecbplus: no ECB+ file") {
		t.Fatalf("no ECB+ file given: error %v", err)
	}
	sopts.ECBPlus = ecb
	rows, err := RunSmart(context.Background(), dir, "", config.Defaults().Search, ECBPlusPeers(), sopts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Collection != ECBPlusName || rows[0].Docs != 496 || rows[0].Report.Queries != 42 {
		t.Fatalf("rows %+v, want one ecbplus row of 496 articles and 42 queries", rows)
	}
	r := rows[0]
	best := max(r.Peers["Xapian"].MAP, r.Peers["FTS5"].MAP)
	t.Logf("ecbplus alone: MAP@100 %.4f, better peer %.4f", r.Report.MAP, best)
	if r.Report.MAP < best-0.02 {
		t.Errorf("ecbplus alone: MAP@100 %.4f, want at least %.4f", r.Report.MAP, best-0.02)
	}
}
