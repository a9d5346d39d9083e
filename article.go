package pulse

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// Article is one news story, as ingested, stored and returned.
//
// Dates are stored in UTC. Editorial labels from the input (a CMS's tags,
// Reuters' TOPICS codes) go into Tags; the entity fields hold canonical
// entities, and Topics is reserved for IPTC media topics.
type Article struct {
	ID             string    `json:"id"`
	URL            string    `json:"url,omitempty"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	Summary        string    `json:"summary,omitempty"`
	Author         string    `json:"author,omitempty"`
	Source         string    `json:"source,omitempty"`
	OriginalSource string    `json:"original_source,omitempty"`
	Section        string    `json:"section,omitempty"`
	Language       string    `json:"language,omitempty"`
	PublishedAt    time.Time `json:"published_at,omitzero"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
	Tags           []string  `json:"tags,omitempty"`
	Persons        []Entity  `json:"persons,omitempty"`
	Places         []Entity  `json:"places,omitempty"`
	Orgs           []Entity  `json:"orgs,omitempty"`
	Topics         []Entity  `json:"topics,omitempty"`
	// Dateline is the place-and-date line of a wire story ("SALVADOR, Feb 26"),
	// kept because it is the strongest signal of where a story happened.
	Dateline string `json:"dateline,omitempty"`
	// DateInferred marks a PublishedAt read from a date printed without a
	// year ("RIYADH, April 9"): the most recent such day before ingest.
	DateInferred bool `json:"date_inferred,omitempty"`
}

// Entity is a canonical person, place, organisation or topic.
//
// ID is stable across spellings: every alias of an entity resolves to the
// same ID. Country (ISO 3166-1 alpha-2) is set for places. Mentions,
// Salience and Spans are set by extraction and omitted when unknown.
type Entity struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Country  string  `json:"country,omitempty"`
	Mentions int     `json:"mentions,omitempty"`
	Salience float64 `json:"salience,omitempty"`
	// Aliases are other names the entity goes by, indexed so a filter by
	// any of them finds it; not part of the JSON shape.
	Aliases []string `json:"-"`
	// Surfaces are the forms the article itself uses ("Daesh", "IS"),
	// kept so search can highlight what is on the page when a query
	// found the entity by another of its names; not part of the JSON shape.
	Surfaces []string `json:"-"`
	Spans    []Span   `json:"spans,omitempty"`
}

// Span locates one mention of an entity: byte offsets into the article's
// Title or Body field ("title" or "body"), end exclusive.
type Span struct {
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Entities returns the article's entity list for an entity facet name
// (FacetPerson, FacetPlace, FacetOrg, FacetTopic), or nil for other names.
func (a *Article) Entities(facet string) []Entity {
	switch facet {
	case FacetPerson:
		return a.Persons
	case FacetPlace:
		return a.Places
	case FacetOrg:
		return a.Orgs
	case FacetTopic:
		return a.Topics
	}
	return nil
}

// SetEntities replaces the entity list for an entity facet name; other
// names are ignored.
func (a *Article) SetEntities(facet string, es []Entity) {
	switch facet {
	case FacetPerson:
		a.Persons = es
	case FacetPlace:
		a.Places = es
	case FacetOrg:
		a.Orgs = es
	case FacetTopic:
		a.Topics = es
	}
}

// HasText reports whether the article has a title or a body; an article
// with neither cannot be searched and is rejected on ingest.
func (a *Article) HasText() bool {
	return strings.TrimSpace(a.Title) != "" || strings.TrimSpace(a.Body) != ""
}

// ContentHash is a digest of what a reader sees of the article (its text,
// labels and dates, not its ID), used to derive an ID when the input has
// neither one nor a URL, and to skip re-ingesting an unchanged article.
func (a *Article) ContentHash() string {
	c := *a
	c.ID = ""
	b, _ := json.Marshal(&c) // an Article always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
