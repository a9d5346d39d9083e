package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
)

// sharedDir returns ../shared beside the repository, skipping the test
// when it is absent, except in CI, where its absence is a failure.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	d := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(d); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data %s is missing in CI: %v", d, err)
		}
		tb.Skipf("shared data %s not found (it sits beside the repository); skipping", d)
	}
	return d
}

// samplePage reads the story of the seed page the way the raw-page reader
// hands it over: the headline as title, the story paragraphs as body
// (without the site name, tagline, source line, author bio and comment
// form).
func samplePage(tb testing.TB) pulse.Article {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(sharedDir(tb), "seed", "sample-page.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) < 4 {
		tb.Fatalf("sample page: %d lines, want a site name, a tagline, a headline and a story", len(lines))
	}
	a := pulse.Article{Title: lines[2]}
	var body []string
	for _, l := range lines[3:] {
		if strings.HasPrefix(l, "Original Source") {
			break
		}
		body = append(body, l)
	}
	a.Body = strings.Join(body, "\n\n")
	return a
}

func TestSamplePage(t *testing.T) {
	x := mustExtractor(t)
	a := samplePage(t)
	x.Extract(&a, Options{Spans: true})
	checkInvariants(t, &a, true)
	want := map[string][]string{
		"persons": {"asaad-al-shaibani", "mohammed-shia-al-sudani", "fuad-hussein", "abdullah-makki-muslih-al-rufayi", "bashar-al-assad"},
		"places":  {"sy", "iq", "iq-baghdad", "ir", "ru", "us"},
		"orgs":    {"islamic-state", "hezbollah"},
	}
	got := map[string][]pulse.Entity{"persons": a.Persons, "places": a.Places, "orgs": a.Orgs}
	for facet, list := range want {
		if len(got[facet]) != len(list) {
			t.Errorf("%s: want exactly %v, got %v", facet, list, ids(got[facet]))
		}
		for _, id := range list {
			if _, ok := find(got[facet], id); !ok {
				t.Errorf("%s: want %q, got %v", facet, id, ids(got[facet]))
			}
		}
	}
	// "Islamic State", "IS" and "Daesh" are one organisation.
	is, _ := find(a.Orgs, "islamic-state")
	forms := map[string]bool{}
	for _, s := range is.Spans {
		forms[s.Text] = true
	}
	for _, f := range []string{"Islamic State", "IS", "Daesh"} {
		if !forms[f] {
			t.Errorf("islamic-state: want a mention %q, got %v", f, forms)
		}
	}
	// Later short forms join the full name.
	if p, _ := find(a.Persons, "asaad-al-shaibani"); p.Mentions < 4 {
		t.Errorf("asaad-al-shaibani: want the later \"Shaibani\" mentions joined, got %d mentions", p.Mentions)
	}
	for _, p := range a.Persons {
		for _, bad := range []string{"alawite", "shiite", "sunni", "clara", "lopez", "minister", "prime"} {
			if strings.Contains(p.ID, bad) {
				t.Errorf("persons: %q is not a person of the story", p.ID)
			}
		}
	}
	if a.Language != "en" {
		t.Errorf("language: want en, got %q", a.Language)
	}
}
