package extract

import (
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
	ix "github.com/pulsesearch/pulse/indexer/extract"
)

// mustDataDir finds ../shared/data, skipping the test when it is absent,
// except in CI, where its absence is a failure.
func mustDataDir(tb testing.TB) string {
	tb.Helper()
	d, err := FindDataDir(".")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data missing in CI: %v", err)
		}
		tb.Skipf("shared data not found beside the repository (%v); skipping", err)
	}
	return d
}

func TestRunSmall(t *testing.T) {
	dir := mustDataDir(t)
	x, err := ix.New()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(x, Options{DataDir: dir, Limit: 60})
	if err != nil {
		t.Fatal(err)
	}
	if r.Reuters == nil || r.BBC == nil || r.ECB == nil {
		t.Fatalf("want all three sets, got %+v", r)
	}
	if r.Reuters.AllPlaces.Gold == 0 || r.BBC.Accuracy.Total == 0 || r.ECB.Persons.Gold == 0 {
		t.Errorf("want gold items in each set: %+v %+v %+v", r.Reuters, r.BBC, r.ECB)
	}
	for name, v := range map[string]float64{
		"salient places F1": r.Reuters.SalientPlaces.F1(), "surname recall": r.Reuters.SurnameRecall.Value(),
		"bbc accuracy": r.BBC.Accuracy.Value(), "ecb persons F1": r.ECB.Persons.F1(),
	} {
		if v <= 0 || v > 1 {
			t.Errorf("%s = %v, want in (0, 1]", name, v)
		}
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"places, salient, country level", "surname recall", "top-1 accuracy", "persons (overlap)", "original scorer", "spans of two kinds"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	// The original scorer counts every named person mention and every
	// predicted span: never fewer of either than the current one.
	o := r.ECB.Original
	if o.Persons.Gold < r.ECB.Persons.Gold || o.Places.Predicted < r.ECB.Places.Predicted || o.Orgs.Predicted < r.ECB.Orgs.Predicted {
		t.Errorf("original %+v against current %+v", o, r.ECB)
	}
	if len(r.ECB.Errors) != 0 {
		t.Errorf("errors listed without ECBErrors: %d", len(r.ECB.Errors))
	}
	r, err = Run(x, Options{DataDir: dir, Limit: 60, Sets: []string{"ecbplus"}, ECBErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	o = r.ECB.Original
	wantErrors := o.Persons.Predicted - o.Persons.TP + o.Persons.Gold - o.Persons.TP +
		o.Places.Predicted - o.Places.TP + o.Places.Gold - o.Places.TP + o.Orgs.Predicted - o.Orgs.TP + o.Orgs.Gold - o.Orgs.TP
	if len(r.ECB.Errors) != wantErrors {
		t.Errorf("%d errors listed, want %d (the original scorer's false and missed mentions)", len(r.ECB.Errors), wantErrors)
	}
}

// TestNoSpanOfTwoKinds runs every ECB+, Reuters and BBC article (both
// Reuters protocols) and fails on any span of two kinds (issue 17: one
// span, one kind), listing each with its article's line.
func TestNoSpanOfTwoKinds(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every article of the three sets; skipped with -short")
	}
	dir := mustDataDir(t)
	x, err := ix.New()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(x, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if r.Reuters.Articles == 0 || r.BBC.Articles == 0 || r.ECB.Articles == 0 {
		t.Fatalf("want articles in every set: %d, %d, %d", r.Reuters.Articles, r.BBC.Articles, r.ECB.Articles)
	}
	for set, clashes := range map[string][]string{
		"reuters": r.Reuters.TwoKinds, "reuters, dateline in body": r.Reuters.TwoKindsInBody,
		"bbc": r.BBC.TwoKinds, "ecbplus": r.ECB.TwoKinds,
	} {
		for _, c := range clashes {
			t.Errorf("%s: span of two kinds at line %s", set, c)
		}
	}
}

func TestUnmatched(t *testing.T) {
	gold := []span{{0, 10, "Mannheim, Germany"}, {20, 25, "Texas"}}
	pred := []span{{0, 8, "Mannheim"}, {10, 17, "Germany"}, {30, 35, "Ohio"}}
	falses, missed := unmatched(pred, gold)
	if len(falses) != 2 || falses[0].text != "Germany" || falses[1].text != "Ohio" {
		t.Errorf("false = %v, want Germany and Ohio", falses)
	}
	if len(missed) != 1 || missed[0].text != "Texas" {
		t.Errorf("missed = %v, want Texas", missed)
	}
	if m := match(pred, gold, false); m.TP != len(pred)-len(falses) || m.Gold-m.TP != len(missed) {
		t.Errorf("match %+v disagrees with unmatched", m)
	}
}

func TestRunMissingData(t *testing.T) {
	x, err := ix.New()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(x, Options{DataDir: t.TempDir(), Sets: []string{"bbc"}})
	if !errors.Is(err, ErrNoData) || !strings.Contains(err.Error(), "bbc.jsonl.gz") {
		t.Errorf("got %v, want ErrNoData naming the file", err)
	}
}

func TestPRF(t *testing.T) {
	tests := []struct {
		name     string
		p        PRF
		pr, r, f float64
	}{
		{"perfect", PRF{TP: 4, Predicted: 4, Gold: 4}, 1, 1, 1},
		{"half", PRF{TP: 1, Predicted: 2, Gold: 2}, 0.5, 0.5, 0.5},
		{"nothing predicted", PRF{Gold: 3}, 0, 0, 0},
		{"empty", PRF{}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.p.Precision() != tt.pr || tt.p.Recall() != tt.r || tt.p.F1() != tt.f {
				t.Errorf("got %v %v %v", tt.p.Precision(), tt.p.Recall(), tt.p.F1())
			}
		})
	}
}

func TestMatch(t *testing.T) {
	gold := []span{{0, 10, "Tara Reid"}, {20, 33, "Jack Ketsoyan"}}
	tests := []struct {
		name  string
		pred  []span
		exact bool
		tp    int
	}{
		{"overlap", []span{{5, 9, "Reid"}}, false, 1},
		{"exact needs the same words", []span{{5, 9, "Reid"}}, true, 0},
		{"each gold once", []span{{0, 4, "Tara"}, {5, 9, "Reid"}}, false, 1},
		{"possessive ignored when exact", []span{{20, 35, "Jack Ketsoyan's"}}, true, 1},
		{"no overlap", []span{{11, 19, "the star"}}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := match(tt.pred, gold, tt.exact); got.TP != tt.tp {
				t.Errorf("tp %d, want %d", got.TP, tt.tp)
			}
		})
	}
}

func TestNamed(t *testing.T) {
	doc := "The actress Tara Reid said her lawyer was in the jury room. Lawyer: Reid is fine. American stars."
	dem := map[string]bool{"american": true}
	tests := []struct {
		text string
		want bool
	}{
		{"Tara Reid", true},
		{"she", false},
		{"the actress", false},
		{"Lawyer", false},   // a common noun capitalised in a heading
		{"American", false}, // a nationality
		{"Reid's", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := named(tt.text, doc, dem); got != tt.want {
				t.Errorf("named(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestUnnested(t *testing.T) {
	// "A woman in Mannheim, Germany, saw Evansville win": gold place "in
	// Mannheim, Germany", a person mention "A woman in Mannheim, Germany"
	// and an organisation "Evansville".
	gold := []span{{8, 28, "in Mannheim, Germany"}}
	extents := []span{{0, 28, "A woman in Mannheim, Germany"}, {8, 28, "in Mannheim, Germany"}, {34, 44, "Evansville"}}
	pred := []span{{11, 19, "Mannheim"}, {21, 28, "Germany"}, {34, 44, "Evansville"}, {2, 7, "woman"}}
	got := unnested(pred, gold, extents)
	// Germany is a second name inside the gold place, "woman" lies inside
	// the person mention; Evansville covers the organisation whole.
	want := []string{"Mannheim", "Evansville"}
	if len(got) != len(want) {
		t.Fatalf("unnested = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].text != want[i] {
			t.Errorf("unnested[%d] = %q, want %q", i, got[i].text, want[i])
		}
	}
	if m := match(got, gold, false); m.TP != 1 || m.Predicted != 2 {
		t.Errorf("match = %+v, want 1 of 2", m)
	}
}

func TestNamedHead(t *testing.T) {
	body := []string{
		"Prosecutors said the Spiro man killed her. The prosecutors rested.",
		"Sixers general manager Billy King said Cheeks was fired; later King left.",
		"Her attorney, Shawn Holley, said the Twelfth Doctor would be cast.",
	}
	lower := map[string]bool{"prosecutors": true, "man": true, "king": true, "cheeks": true, "doctor": true, "mother": true}
	tests := []struct {
		text string
		want bool
	}{
		{"Prosecutors", false},           // a common noun opening a sentence
		{"Spiro man", false},             // a description a place name modifies
		{"Brooklyn mother of 12", false}, // the head before "of" is "mother"
		{"King", true},                   // capitalised inside a sentence
		{"Maurice Cheeks", true},         // a common surname after a first name
		{"attorney, Shawn Holley", true}, // an appositive name
		{"Twelfth Doctor", true},         // a character named inside a sentence
		{"Billy King's", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := namedHead(tt.text, body, lower); got != tt.want {
				t.Errorf("namedHead(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestLineOf(t *testing.T) {
	lines := []string{"Title here", "First body line.", "Second line."}
	tests := []struct {
		span      pulse.Span
		line, off int
	}{
		{pulse.Span{Field: pulse.FieldTitle, Start: 6}, 0, 6},
		{pulse.Span{Field: pulse.FieldBody, Start: 0}, 1, 0},
		{pulse.Span{Field: pulse.FieldBody, Start: 17}, 2, 0},
		{pulse.Span{Field: pulse.FieldBody, Start: 20}, 2, 3},
	}
	for _, tt := range tests {
		if l, o := lineOf(lines, tt.span); l != tt.line || o != tt.off {
			t.Errorf("lineOf(%+v) = %d, %d; want %d, %d", tt.span, l, o, tt.line, tt.off)
		}
	}
}

// TestFacetsBBC lists the facet values of a BBC-shaped file: a copy
// counts once, as an index counts it, and an unknown set is refused.
func TestFacetsBBC(t *testing.T) {
	x, err := ix.New()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bbc.jsonl.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := gzip.NewWriter(f)
	for _, l := range []string{
		`{"id": "politics/001", "category": "politics", "title": "Blair defends plans", "body": "Prime Minister Tony Blair said the plans were fair, Labour Party officials said."}`,
		`{"id": "politics/002", "category": "politics", "title": "Blair defends plans", "body": "Prime Minister Tony Blair said the plans were fair, Labour Party officials said."}`,
		`{"id": "politics/003", "category": "politics", "title": "Kennedy attacks plans", "body": "Lib Dem leader Charles Kennedy said Tony Blair was wrong."}`,
	} {
		z.Write([]byte(l + "\n"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, err := Facets(x, "bbc", path, 0, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Articles != 2 {
		t.Errorf("%d articles, want 2 (a copy counts once)", r.Articles)
	}
	counts := map[string]int{}
	for _, v := range r.Persons {
		counts[v.Name] = v.Count
	}
	if counts["Tony Blair"] != 2 || counts["Charles Kennedy"] != 1 || len(r.Persons) != 2 {
		t.Errorf("persons %+v, want Tony Blair in 2 articles and Charles Kennedy in 1", r.Persons)
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil || !strings.HasPrefix(b.String(), "bbc facets (2 distinct articles)") {
		t.Errorf("Write: %v, %q", err, b.String()[:min(60, b.Len())])
	}
	if _, err := Facets(x, "time", path, 0, 10, 0); err == nil || !strings.Contains(err.Error(), `set "time"`) {
		t.Errorf("unknown set: error %v", err)
	}
}
