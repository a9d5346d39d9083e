package kb

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kind is what an entity is.
type Kind uint8

// The entity kinds. Countries, regions and cities are places.
const (
	Country Kind = iota + 1
	Region
	City
	Person
	Org
)

var kindNames = map[Kind]string{Country: "country", Region: "region", City: "city", Person: "person", Org: "org"}

// String returns the kind's name as the data file spells it.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind reads a kind's name ("country", "region", "city", "person",
// "org").
func ParseKind(s string) (Kind, error) {
	for k, n := range kindNames {
		if n == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("kind %q: %w", s, ErrBadData)
}

// IsPlace reports whether the kind is a country, a region or a city.
func (k Kind) IsPlace() bool { return k == Country || k == Region || k == City }

// Alias is one name an entity goes by. Common is set when the alias is
// also an ordinary lower-case English word ("Turkey", "Reading", "Bush"),
// so that a match needs more than the word itself.
type Alias struct {
	Text   string
	Common bool
}

// Entity is one knowledge-base entry.
type Entity struct {
	ID   string
	Kind Kind
	Name string
	// Country is the ISO 3166-1 alpha-2 code in upper case: for places
	// their country, for persons and organisations their home, if known.
	Country string
	// Parent is the ID of the enclosing place: region or country for a
	// city, country for a region; empty otherwise.
	Parent string
	// Prior ranks entities that share an alias: population for places,
	// a prominence score for persons and organisations.
	Prior float64
	// Aliases are the other names of the entity; Name is not repeated.
	Aliases []Alias
	// Demonyms are adjectives and inhabitant nouns that point to a place
	// ("Iraqi", "Iraqis").
	Demonyms []string
}

// Topic is an IPTC Media Topic with its lexicon.
type Topic struct {
	// ID is the QCode, "medtop:04000000".
	ID string
	// Name is the English label.
	Name string
	// Parent is the QCode of the parent topic, empty for the 17 top-level
	// subjects.
	Parent string
	// Words are the lower-case words and phrases that signal the topic
	// with weight 1; Strong ones weigh 3. A word ending in "*" matches any
	// word it begins.
	Words  []string
	Strong []string
	// Requires, when set, are words and phrases one of which the article
	// must hold for the topic or any of its children to be given: the
	// words of the trade that make "contract" and "payout" sport.
	Requires []string
}

// KB is the loaded knowledge base. It is read-only after Load and safe
// for concurrent use.
type KB struct {
	Entities []Entity
	// FirstNames maps a lower-case given name to whether it is also an
	// ordinary English word ("will", "may").
	FirstNames map[string]bool
	Topics     []Topic
	byID       map[string]int
}

// ErrBadData is wrapped by every error about malformed knowledge-base
// data.
var ErrBadData = errors.New("bad knowledge-base data")

//go:embed data/kb.tsv
var kbTSV []byte

//go:embed data/firstnames.txt
var firstNamesTxt []byte

//go:embed data/topics.yaml
var topicsYAML []byte

// Load parses the embedded data. It returns an error wrapping ErrBadData
// if the embedded files are malformed, which a test guards against.
func Load() (*KB, error) {
	k := &KB{byID: map[string]int{}}
	es, err := ParseEntities(kbTSV)
	if err != nil {
		return nil, fmt.Errorf("kb.tsv: %w", err)
	}
	for i, e := range es {
		if _, dup := k.byID[e.ID]; dup {
			return nil, fmt.Errorf("kb.tsv: duplicate id %q: %w", e.ID, ErrBadData)
		}
		k.byID[e.ID] = i
	}
	k.Entities = es
	k.FirstNames = ParseFirstNames(firstNamesTxt)
	if k.Topics, err = ParseTopics(topicsYAML); err != nil {
		return nil, fmt.Errorf("topics.yaml: %w", err)
	}
	return k, nil
}

// Entity returns the entity with the given ID.
func (k *KB) Entity(id string) (*Entity, bool) {
	i, ok := k.byID[id]
	if !ok {
		return nil, false
	}
	return &k.Entities[i], true
}

// ParseEntities reads entities in the kb.tsv format: one per line,
// tab-separated kind, id, name, country, parent, prior, aliases and
// demonyms, the last two "|"-separated, a common alias marked with a
// leading "~". Lines starting with "#" are comments. The error names the
// line.
func ParseEntities(data []byte) ([]Entity, error) {
	var es []Entity
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || t[0] == '#' {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 8 {
			return nil, fmt.Errorf("line %d: want 8 tab-separated fields, got %d: %w", line, len(f), ErrBadData)
		}
		kind, err := ParseKind(f[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		e := Entity{ID: f[1], Kind: kind, Name: f[2], Country: f[3], Parent: f[4]}
		if e.ID == "" || e.Name == "" {
			return nil, fmt.Errorf("line %d: empty id or name: %w", line, ErrBadData)
		}
		if f[5] != "" {
			if e.Prior, err = strconv.ParseFloat(f[5], 64); err != nil {
				return nil, fmt.Errorf("line %d: prior %q: %w", line, f[5], ErrBadData)
			}
		}
		for _, a := range splitList(f[6]) {
			if c, ok := strings.CutPrefix(a, "~"); ok {
				e.Aliases = append(e.Aliases, Alias{Text: c, Common: true})
			} else {
				e.Aliases = append(e.Aliases, Alias{Text: a})
			}
		}
		e.Demonyms = splitList(f[7])
		es = append(es, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, errors.Join(err, ErrBadData))
	}
	return es, nil
}

// FormatEntity writes e as one kb.tsv line, without the newline.
func FormatEntity(e *Entity) string {
	al := make([]string, len(e.Aliases))
	for i, a := range e.Aliases {
		if a.Common {
			al[i] = "~" + a.Text
		} else {
			al[i] = a.Text
		}
	}
	prior := ""
	if e.Prior != 0 {
		prior = strconv.FormatFloat(e.Prior, 'f', -1, 64)
	}
	return strings.Join([]string{e.Kind.String(), e.ID, e.Name, e.Country, e.Parent, prior,
		strings.Join(al, "|"), strings.Join(e.Demonyms, "|")}, "\t")
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// ParseFirstNames reads firstnames.txt: one lower-case name a line, a
// trailing "~" marking a name that is also an ordinary English word.
func ParseFirstNames(data []byte) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		n, common := strings.CutSuffix(l, "~")
		m[n] = common
	}
	return m
}

type topicYAML struct {
	ID       string      `yaml:"id"`
	Name     string      `yaml:"name"`
	Words    []string    `yaml:"words"`
	Strong   []string    `yaml:"strong"`
	Requires []string    `yaml:"requires"`
	Children []topicYAML `yaml:"children"`
}

// ParseTopics reads topics.yaml: a list of top-level topics, each with
// id, name, words, strong, requires and children (the second level, same
// fields).
// The error names the topic at fault.
func ParseTopics(data []byte) ([]Topic, error) {
	var top []topicYAML
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&top); err != nil {
		return nil, errors.Join(err, ErrBadData)
	}
	var ts []Topic
	seen := map[string]bool{}
	var add func(t topicYAML, parent string) error
	add = func(t topicYAML, parent string) error {
		if !strings.HasPrefix(t.ID, "medtop:") || len(t.ID) != len("medtop:00000000") || t.Name == "" {
			return fmt.Errorf("topic %q (%q): want a medtop:NNNNNNNN id and a name: %w", t.ID, t.Name, ErrBadData)
		}
		if seen[t.ID] {
			return fmt.Errorf("topic %q: duplicate: %w", t.ID, ErrBadData)
		}
		seen[t.ID] = true
		ts = append(ts, Topic{ID: t.ID, Name: t.Name, Parent: parent, Words: t.Words, Strong: t.Strong, Requires: t.Requires})
		for _, c := range t.Children {
			if err := add(c, t.ID); err != nil {
				return err
			}
		}
		return nil
	}
	for _, t := range top {
		if err := add(t, ""); err != nil {
			return nil, err
		}
	}
	return ts, nil
}
