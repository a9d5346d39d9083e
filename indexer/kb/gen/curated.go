package main

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pulsesearch/pulse/indexer/kb"
)

// curation is data/curated.yaml: what the Debian data misses or gets
// wrong.
type curation struct {
	// Countries gives ISO countries a better name, aliases and demonyms,
	// keyed by lower-case alpha-2 code.
	Countries map[string]entry `yaml:"countries"`
	// Historic lists former countries news still names, with their ISO
	// 3166-3 alpha-2 codes.
	Historic []entry `yaml:"historic"`
	// Places adds aliases, metonyms included, to generated places by ID.
	Places map[string][]string `yaml:"places"`
	// Cities adds places the data lacks or keeps below the threshold.
	Cities  []entry `yaml:"cities"`
	Orgs    []entry `yaml:"orgs"`
	Persons []entry `yaml:"persons"`
	// FirstNames adds given names missing from the English lists.
	FirstNames []string `yaml:"first_names"`
	// DropAliases are names no entity may be matched by: too ambiguous.
	DropAliases []string `yaml:"drop_aliases"`
	// DropEntities removes generated entities by ID.
	DropEntities []string `yaml:"drop_entities"`
}

type entry struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Country  string   `yaml:"country"`
	Parent   string   `yaml:"parent"`
	Prior    float64  `yaml:"prior"`
	Aliases  []string `yaml:"aliases"`
	Demonyms []string `yaml:"demonyms"`
}

func loadCuration(path string) (*curation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c curation
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

func (b *builder) applyCuration() error {
	c := b.curation
	for _, id := range sortedKeys(c.Countries) {
		e, ok := b.ents[id]
		if !ok {
			return fmt.Errorf("curated.yaml: countries: unknown id %q", id)
		}
		o := c.Countries[id]
		for _, a := range o.Aliases {
			b.addAlias(e, a)
		}
		for _, d := range o.Demonyms {
			b.addDemonym(e, d)
		}
	}
	for _, h := range c.Historic {
		e := b.ents[h.ID]
		for _, d := range h.Demonyms {
			b.addDemonym(e, d)
		}
	}
	for _, ce := range c.Cities {
		cc := strings.ToUpper(ce.Country)
		if _, ok := b.ents[strings.ToLower(cc)]; !ok || ce.ID == "" {
			return fmt.Errorf("curated.yaml: city %q: needs an id and a known country, got %q", ce.Name, ce.Country)
		}
		parent := ce.Parent
		if parent == "" {
			parent = strings.ToLower(cc)
		}
		e := &kb.Entity{ID: ce.ID, Kind: kb.City, Name: ce.Name, Country: cc, Parent: parent, Prior: ce.Prior}
		if old, ok := b.ents[ce.ID]; ok {
			e.Aliases = old.Aliases
			e.Demonyms = old.Demonyms
			if e.Prior == 0 {
				e.Prior = old.Prior
			}
		}
		b.addAlias(e, ce.Name)
		for _, a := range ce.Aliases {
			b.addAlias(e, a)
		}
		for _, d := range ce.Demonyms {
			b.addDemonym(e, d)
		}
		b.add(e)
	}
	for _, id := range sortedKeys(c.Places) {
		e, ok := b.ents[id]
		if !ok || !e.Kind.IsPlace() {
			fmt.Fprintf(os.Stderr, "curated.yaml: places: unknown place id %q\n", id)
			continue
		}
		for _, a := range c.Places[id] {
			b.addAlias(e, a)
		}
	}
	for _, o := range c.Orgs {
		if err := b.mergeNamed(o, kb.Org); err != nil {
			return err
		}
	}
	for _, p := range c.Persons {
		if err := b.mergeNamed(p, kb.Person); err != nil {
			return err
		}
	}
	for _, id := range c.DropEntities {
		if _, ok := b.ents[id]; !ok {
			return fmt.Errorf("curated.yaml: drop_entities: unknown id %q", id)
		}
		delete(b.ents, id)
	}
	return nil
}

// mergeNamed adds a curated person or organisation. A generated entity of
// the same kind that shares a name or alias with it is folded in: the
// curated ID and name win, the aliases are pooled.
func (b *builder) mergeNamed(ce entry, kind kb.Kind) error {
	if ce.Name == "" {
		return fmt.Errorf("curated.yaml: %s without a name (aliases %v)", kind, ce.Aliases)
	}
	id := ce.ID
	if id == "" {
		id = kb.Slug(ce.Name)
	}
	if old, ok := b.ents[id]; ok && old.Kind != kind {
		return fmt.Errorf("curated.yaml: %s %q: id %q is already a %s", kind, ce.Name, id, old.Kind)
	}
	names := map[string]bool{normName(ce.Name): true}
	for _, a := range ce.Aliases {
		names[normName(a)] = true
	}
	prior := ce.Prior
	if prior == 0 {
		prior = 10
	}
	e := &kb.Entity{ID: id, Kind: kind, Name: ce.Name, Country: strings.ToUpper(ce.Country), Prior: prior}
	b.addAlias(e, ce.Name)
	for _, a := range ce.Aliases {
		b.addAlias(e, a)
	}
	for _, oid := range sortedKeys(b.ents) {
		old := b.ents[oid]
		if old.Kind != kind {
			continue
		}
		shared := oid == id
		for _, a := range old.Aliases {
			// Only a multi-word name or the old entity's own name is
			// strong enough to say two entries are one.
			n := normName(a.Text)
			if names[n] && (strings.Contains(n, " ") || a.Text == old.Name) {
				shared = true
			}
		}
		if !shared {
			continue
		}
		for _, a := range old.Aliases {
			b.addAlias(e, a.Text)
		}
		for k, v := range b.synOf {
			if v == oid {
				b.synOf[k] = id
			}
		}
		delete(b.ents, oid)
	}
	b.add(e)
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
