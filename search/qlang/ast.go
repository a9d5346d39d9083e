package qlang

import (
	"strconv"
	"strings"

	"github.com/pulsesearch/pulse"
)

// scopeKind says how a field scope is matched.
type scopeKind int

const (
	scopeText scopeKind = iota // analysed text: title, summary, body
	scopeKey                   // a facet's keyword key field, NormalizeKey'd
	scopeDate                  // published_at, a date range
)

// scope is what a "name:" prefix selects.
type scope struct {
	kind  scopeKind
	field string // the index field
}

// fieldPublished is the query-language name of the publication date.
const fieldPublished = "published"

// scopes maps every field name the language knows to the index field it
// searches. Any other "name:" prefix is plain text.
var scopes = func() map[string]scope {
	m := map[string]scope{
		pulse.FieldTitle:   {scopeText, pulse.FieldTitle},
		pulse.FieldSummary: {scopeText, pulse.FieldSummary},
		pulse.FieldBody:    {scopeText, pulse.FieldBody},
		fieldPublished:     {scopeDate, pulse.FieldPublishedAt},
	}
	for _, f := range pulse.Facets {
		m[f] = scope{scopeKey, pulse.KeyField(f)}
	}
	return m
}()

// node is one element of the syntax tree: *group, *modified, *leaf or
// *dateRange.
type node interface {
	// write appends the canonical form of the node to b.
	write(b *strings.Builder)
}

// op is the operator of a group. The order is the binding strength:
// juxtaposition binds tighter than AND, which binds tighter than OR.
type op int

const (
	opOr  op = iota // explicit OR
	opAnd           // explicit AND
	opSeq           // juxtaposition: the default operator, chosen at Build
)

// group combines two or more clauses with one operator.
type group struct {
	op   op
	kids []node
}

// modKind is the prefix operator of a modified clause.
type modKind int

const (
	modExclude modKind = iota // "-x" or "NOT x"
	modRequire                // "+x"
)

// modified is a clause with a prefix operator.
type modified struct {
	mod modKind
	kid node
}

// leafKind is the form of a word or phrase.
type leafKind int

const (
	kindWord   leafKind = iota // shaibani
	kindPhrase                 // "asaad al-shaibani", or with slop "a b"~10
	kindPrefix                 // sanction*
	kindFuzzy                  // shaibany~1
)

// leaf is a word or a phrase, with the field scope it applies to.
type leaf struct {
	name  string // field name as the language spells it ("" for unfielded text)
	scope scope  // what name selects; the default text scope when name is ""
	kind  leafKind
	text  string // without quotes, "*" or "~N"; a phrase's spaces collapsed
	fuzz  int    // kindFuzzy: 1 or 2
	slop  int    // kindPhrase: 0 for an exact phrase
	pos   int    // byte offset of the leaf in the query
}

// dateRange is published:FROM..TO; an open end is "".
type dateRange struct {
	from, to       string
	fromPos, toPos int
	single         bool // written without "..": one period, FROM..FROM
}

func (g *group) write(b *strings.Builder) {
	sep := " "
	switch g.op {
	case opAnd:
		sep = " AND "
	case opOr:
		sep = " OR "
	}
	for i, k := range g.kids {
		if i > 0 {
			b.WriteString(sep)
		}
		// A kid needs parentheses when it binds no tighter than its
		// parent: a lower-precedence group, or a same-operator group the
		// parser kept apart (see newGroup).
		if kg, ok := k.(*group); ok && kg.op <= g.op {
			b.WriteByte('(')
			k.write(b)
			b.WriteByte(')')
			continue
		}
		k.write(b)
	}
}

func (m *modified) write(b *strings.Builder) {
	if m.mod == modRequire {
		b.WriteByte('+')
	} else {
		b.WriteByte('-')
	}
	// A group, or another prefix operator ("-(-a)"), needs parentheses.
	switch m.kid.(type) {
	case *group, *modified:
		b.WriteByte('(')
		m.kid.write(b)
		b.WriteByte(')')
		return
	}
	m.kid.write(b)
}

func (l *leaf) write(b *strings.Builder) {
	if l.name != "" {
		b.WriteString(l.name)
		b.WriteByte(':')
	}
	switch l.kind {
	case kindWord:
		b.WriteString(l.text)
	case kindPrefix:
		b.WriteString(l.text)
		b.WriteByte('*')
	case kindFuzzy:
		b.WriteString(l.text)
		b.WriteByte('~')
		b.WriteString(strconv.Itoa(l.fuzz))
	case kindPhrase:
		b.WriteByte('"')
		b.WriteString(l.text)
		b.WriteByte('"')
		if l.slop > 0 {
			b.WriteByte('~')
			b.WriteString(strconv.Itoa(l.slop))
		}
	}
}

func (d *dateRange) write(b *strings.Builder) {
	b.WriteString(fieldPublished)
	b.WriteByte(':')
	if d.single {
		b.WriteString(d.from)
		return
	}
	b.WriteString(d.from)
	b.WriteString("..")
	b.WriteString(d.to)
}

// Term is one positive word or phrase of a query, as the user typed it: the
// input for highlighting and "did you mean". "Positive" means not under
// "-" or NOT.
type Term struct {
	// Field is the field name as written ("title", "person"), or "" for
	// unfielded text, which searches title, summary and body. Facet
	// values carry the facet's name; callers that want only text skip
	// them with IsTextField.
	Field     string
	Text      string // without quotes, "*" or "~N"
	Phrase    bool
	Prefix    bool
	Fuzziness int // the word's "~N", 0 if none
	Slop      int // the phrase's "~N" (proximity), 0 for an exact phrase
}

// IsTextField reports whether name is "" or the name of an analysed text
// field (title, summary, body), rather than a facet or the date.
func IsTextField(name string) bool {
	if name == "" {
		return true
	}
	s, ok := scopes[name]
	return ok && s.kind == scopeText
}

// walk calls fn for every leaf and date range with whether it sits under an
// exclusion.
func walk(n node, excluded bool, fn func(n node, excluded bool)) {
	switch n := n.(type) {
	case *group:
		for _, k := range n.kids {
			walk(k, excluded, fn)
		}
	case *modified:
		walk(n.kid, excluded || n.mod == modExclude, fn)
	default:
		fn(n, excluded)
	}
}
