package kb

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func mustLoad(tb testing.TB) *KB {
	tb.Helper()
	k, err := Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return k
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestLoad(t *testing.T) {
	k := mustLoad(t)
	counts := map[Kind]int{}
	for _, e := range k.Entities {
		counts[e.Kind]++
		if !slugRe.MatchString(e.ID) {
			t.Errorf("%q: id is not a lower-case URL-safe slug", e.ID)
		}
		if e.Kind.IsPlace() {
			if len(e.Country) != 2 || strings.ToUpper(e.Country) != e.Country {
				t.Errorf("%s: country %q is not an upper-case alpha-2 code", e.ID, e.Country)
			}
			if e.Kind != Country {
				if p, ok := k.Entity(e.Parent); !ok || !p.Kind.IsPlace() || p.Country != e.Country {
					t.Errorf("%s: parent %q is not a place of %s", e.ID, e.Parent, e.Country)
				}
			}
		}
		if len(e.Aliases) == 0 || e.Aliases[0].Text != e.Name {
			t.Errorf("%s: want the name %q first among the aliases, got %v", e.ID, e.Name, e.Aliases)
		}
	}
	for kind, min := range map[Kind]int{Country: 240, Region: 1000, City: 4000, Person: 1000, Org: 300} {
		if counts[kind] < min {
			t.Errorf("%s: %d entities, want at least %d", kind, counts[kind], min)
		}
	}
	if len(k.FirstNames) < 5000 {
		t.Errorf("first names: %d, want at least 5000", len(k.FirstNames))
	}
	tops := 0
	for _, tp := range k.Topics {
		if tp.Parent == "" {
			tops++
		}
	}
	if tops != 17 {
		t.Errorf("topics: %d top-level, want the 17 IPTC subjects", tops)
	}
}

func TestEntities(t *testing.T) {
	k := mustLoad(t)
	tests := []struct {
		id, name, country, parent string
		kind                      Kind
		aliases                   []string
	}{
		{"iq", "Iraq", "IQ", "", Country, []string{"Irak"}},
		{"us", "United States", "US", "", Country, []string{"U.S.", "America"}},
		{"su", "Soviet Union", "SU", "", Country, []string{"USSR"}},
		{"iq-baghdad", "Baghdad", "IQ", "iq", City, nil},
		{"us-ca", "California", "US", "us", Region, nil},
		// A province under a geographical unit that governs nothing.
		{"id-ac", "Aceh", "ID", "id", Region, nil},
		{"id-denpasar", "Denpasar", "ID", "id-ba", City, nil},
		// National capitals that no GeoNames city of their name matched.
		{"ae-abu-dhabi", "Abu Dhabi", "AE", "ae", City, nil},
		{"ua-kyyiv", "Kyyiv", "UA", "ua", City, []string{"Kiev"}},
		// WordNet's islands and boroughs.
		{"id-sumatra", "Sumatra", "ID", "id", Region, nil},
		{"us-queens", "Queens", "US", "us", City, nil},
		{"us-washington-dc", "Washington D.C.", "US", "us", City, []string{"Washington", "White House"}},
		{"ru-moscow", "Moscow", "RU", "", City, []string{"Kremlin"}},
		{"islamic-state", "Islamic State", "", "", Org, []string{"IS", "ISIS", "ISIL", "Daesh", "Islamic State group"}},
		{"hezbollah", "Hezbollah", "LB", "", Org, []string{"Hizballah"}},
		{"mohammed-shia-al-sudani", "Mohammed Shia al-Sudani", "IQ", "", Person, nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, ok := k.Entity(tt.id)
			if !ok {
				t.Fatalf("%q missing", tt.id)
			}
			if e.Name != tt.name || e.Country != tt.country || e.Kind != tt.kind {
				t.Errorf("got %s %q %s, want %s %q %s", e.Kind, e.Name, e.Country, tt.kind, tt.name, tt.country)
			}
			if tt.parent != "" && e.Parent != tt.parent {
				t.Errorf("parent %q, want %q", e.Parent, tt.parent)
			}
			have := map[string]bool{}
			for _, a := range e.Aliases {
				have[a.Text] = true
			}
			for _, a := range tt.aliases {
				if !have[a] {
					t.Errorf("alias %q missing from %v", a, e.Aliases)
				}
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Asaad al-Shaibani", "asaad-al-shaibani"},
		{"U.S.", "us"},
		{"Côte d'Ivoire", "cote-divoire"},
		{"São Paulo", "sao-paulo"},
		{"  Islamic   State  ", "islamic-state"},
		{"AT&T Inc.", "at-t-inc"},
		{"Raʼs al Khaymah", "ra-s-al-khaymah"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseEntities(t *testing.T) {
	tests := []struct {
		name, data, err string
	}{
		{"good", "# comment\ncountry\tiq\tIraq\tIQ\t\t1\tIraq|~Irak\tIraqi\n", ""},
		{"too few fields", "country\tiq\tIraq\n", "line 1: want 8 tab-separated fields, got 3"},
		{"bad kind", "planet\tx\tX\t\t\t\tX\t\n", `line 1: kind "planet"`},
		{"bad prior", "city\tx\tX\tXX\tx\tmany\tX\t\n", `line 1: prior "many"`},
		{"no id", "city\t\tX\tXX\tx\t1\tX\t\n", "line 1: empty id or name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := ParseEntities([]byte(tt.data))
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(es) != 1 || es[0].Aliases[1] != (Alias{Text: "Irak", Common: true}) || es[0].Demonyms[0] != "Iraqi" {
					t.Errorf("got %+v", es)
				}
				if got := FormatEntity(&es[0]); got != strings.TrimSpace(strings.Split(tt.data, "\n")[1]) {
					t.Errorf("FormatEntity round trip: %q", got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrBadData) {
				t.Errorf("got error %v, want one containing %q and wrapping ErrBadData", err, tt.err)
			}
		})
	}
}

func TestParseTopics(t *testing.T) {
	tests := []struct {
		name, data, err string
	}{
		{"good", "- id: medtop:01000000\n  name: arts\n  children:\n    - id: medtop:20000002\n      name: entertainment\n", ""},
		{"bad id", "- id: topic1\n  name: x\n", `topic "topic1"`},
		{"duplicate", "- id: medtop:01000000\n  name: a\n- id: medtop:01000000\n  name: b\n", "duplicate"},
		{"unknown field", "- id: medtop:01000000\n  name: a\n  weight: 3\n", "field weight not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := ParseTopics([]byte(tt.data))
			if tt.err == "" {
				if err != nil || len(ts) != 2 || ts[1].Parent != "medtop:01000000" {
					t.Errorf("got %+v, %v", ts, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrBadData) {
				t.Errorf("got error %v, want one containing %q", err, tt.err)
			}
		})
	}
}
