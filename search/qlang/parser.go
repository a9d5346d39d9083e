package qlang

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// Limits bound what a query string may ask of the parser. Each is used
// as given and must be at least 1; the product's come from config.Search
// (search.max_query_length, max_depth, max_clauses).
type Limits struct {
	MaxLength  int // bytes
	MaxDepth   int // levels of nested parentheses
	MaxClauses int // words, phrases and date ranges
}

// check returns an error naming the first limit below 1.
func (l Limits) check() error {
	for _, f := range []struct {
		name string
		v    int
	}{
		{"max_length", l.MaxLength},
		{"max_depth", l.MaxDepth},
		{"max_clauses", l.MaxClauses},
	} {
		if f.v < 1 {
			return fmt.Errorf("query limits: %s: must be at least 1, got %d", f.name, f.v)
		}
	}
	return nil
}

// Query is a parsed query string. It is immutable: Build it as many times
// as needed, with different Options, from any number of goroutines.
type Query struct {
	input string
	root  node // nil for an empty query
}

// Parse parses a query string; the grammar is in the package
// documentation.
//
// It returns a *SyntaxError (errors.Is ErrSyntax) for malformed input,
// a *LimitError (errors.Is ErrLimit) when the input is longer, deeper or
// has more clauses than lim allows, and a plain error when lim itself is
// invalid. An empty or blank query is not an error: see Query.Empty.
func Parse(input string, lim Limits) (*Query, error) {
	if err := lim.check(); err != nil {
		return nil, err
	}
	if len(input) > lim.MaxLength {
		return nil, limitErrorf(input, lim.MaxLength, "max_length", lim.MaxLength,
			"query is %d bytes long", len(input))
	}
	if err := checkInput(input); err != nil {
		return nil, err
	}
	p := &parser{lx: lexer{in: input}, in: input, lim: lim}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return &Query{input: input}, nil
	}
	root, err := p.parseOr(field{})
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		// parseOr stops only at the end or at a ")".
		return nil, syntaxErrorf(input, p.tok.pos, `found ")" without a matching "("`)
	}
	return &Query{input: input, root: root}, nil
}

// Empty reports whether the query has no clauses (a blank query string).
// Build turns it into a query matching every document, the browse mode of
// the page; a caller that wants a query can reject it instead.
func (q *Query) Empty() bool { return q.root == nil }

// String returns the canonical form of the query: single spaces, AND and
// OR in upper case, NOT written as "-", field names in lower case,
// parentheses only where needed, and fielded groups distributed over
// their clauses ("title:(a b)" is "title:a title:b"). Parsing it gives a
// query with the same String.
func (q *Query) String() string {
	if q.root == nil {
		return ""
	}
	var b strings.Builder
	q.root.write(&b)
	return b.String()
}

// Terms returns the positive words and phrases of the query in the order
// written, for highlighting and "did you mean". Excluded clauses ("-x",
// NOT x) and date ranges are left out.
func (q *Query) Terms() []Term {
	var ts []Term
	if q.root == nil {
		return ts
	}
	walk(q.root, false, func(n node, excluded bool) {
		l, ok := n.(*leaf)
		if !ok || excluded {
			return
		}
		ts = append(ts, Term{
			Field:     l.name,
			Text:      l.text,
			Phrase:    l.kind == kindPhrase,
			Prefix:    l.kind == kindPrefix,
			Fuzziness: l.fuzz,
			Slop:      l.slop,
		})
	})
	return ts
}

// WordCount returns the number of positive bare text words: words without
// "*" or "~" in title, summary, body or no field, not under "-" or NOT.
// These are the words Options.Fuzziness loosens, so a typo-tolerant retry
// is worth running only when WordCount is above zero.
func (q *Query) WordCount() int {
	n := 0
	if q.root == nil {
		return 0
	}
	walk(q.root, false, func(nd node, excluded bool) {
		if l, ok := nd.(*leaf); ok && !excluded && l.kind == kindWord && l.scope.kind == scopeText {
			n++
		}
	})
	return n
}

// ImplicitOperator reports whether Options.DefaultOperator Or would
// broaden the query: whether it juxtaposes two or more clauses that are
// not excluded, outside any exclusion. A retry with OR after an AND
// search found nothing is worth running only then.
func (q *Query) ImplicitOperator() bool {
	var has func(n node) bool
	has = func(n node) bool {
		switch n := n.(type) {
		case *group:
			kept := 0
			for _, k := range n.kids {
				if m, ok := k.(*modified); ok && m.mod == modExclude {
					continue
				}
				kept++
				if has(k) {
					return true
				}
			}
			return n.op == opSeq && kept >= 2
		case *modified:
			return n.mod == modRequire && has(n.kid)
		}
		return false
	}
	return q.root != nil && has(q.root)
}

// field is the field scope a clause inherits from an enclosing "name:".
type field struct {
	name  string // "" for unfielded text
	scope scope
}

type parser struct {
	lx      lexer
	in      string
	lim     Limits
	tok     token
	depth   int
	clauses int
}

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// startsClause reports whether the current token can begin a clause.
func (p *parser) startsClause() bool {
	switch p.tok.kind {
	case tWord, tPhrase, tField, tLParen, tNot, tMinus, tPlus:
		return true
	}
	return false
}

// expectedClause is the error for a missing clause; after names what
// needed it ("" at the start of a group or query).
func (p *parser) expectedClause(after string) error {
	if after != "" {
		return syntaxErrorf(p.in, p.tok.pos, `expected a word, phrase or "(" after %s, found %s`, after, p.tok.describe())
	}
	return syntaxErrorf(p.in, p.tok.pos, `expected a word, phrase or "(", found %s`, p.tok.describe())
}

// parseOr parses: and { "OR" and }.
func (p *parser) parseOr(f field) (node, error) {
	n, err := p.parseAnd(f)
	if err != nil {
		return nil, err
	}
	kids := []node{n}
	for p.tok.kind == tOr {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.startsClause() {
			return nil, p.expectedClause("OR")
		}
		n, err := p.parseAnd(f)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return newGroup(opOr, kids), nil
}

// parseAnd parses: seq { "AND" seq }.
func (p *parser) parseAnd(f field) (node, error) {
	n, err := p.parseSeq(f)
	if err != nil {
		return nil, err
	}
	kids := []node{n}
	for p.tok.kind == tAnd {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.startsClause() {
			return nil, p.expectedClause("AND")
		}
		n, err := p.parseSeq(f)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return newGroup(opAnd, kids), nil
}

// parseSeq parses: unary { unary }, clauses joined by the default
// operator.
func (p *parser) parseSeq(f field) (node, error) {
	n, err := p.parseUnary(f)
	if err != nil {
		return nil, err
	}
	kids := []node{n}
	for p.startsClause() {
		n, err := p.parseUnary(f)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return newGroup(opSeq, kids), nil
}

// parseUnary parses: [ "NOT" | "-" | "+" ] primary.
func (p *parser) parseUnary(f field) (node, error) {
	switch p.tok.kind {
	case tNot, tMinus, tPlus:
		t := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		switch p.tok.kind {
		case tNot, tMinus, tPlus:
			return nil, p.expectedClause(t.describe())
		}
		kid, err := p.parsePrimary(f, t.describe())
		if err != nil {
			return nil, err
		}
		mod := modExclude
		if t.kind == tPlus {
			mod = modRequire
		}
		return &modified{mod: mod, kid: kid}, nil
	}
	return p.parsePrimary(f, "")
}

// parsePrimary parses: [ field ":" ] ( word | phrase | "(" or ")" ).
func (p *parser) parsePrimary(f field, after string) (node, error) {
	switch p.tok.kind {
	case tField:
		ft := p.tok
		sc := scopes[ft.text]
		if err := p.advance(); err != nil {
			return nil, err
		}
		if sc.kind == scopeDate {
			if p.tok.kind != tWord {
				return nil, syntaxErrorf(p.in, p.tok.pos, `expected a date or a date range such as 2024-01..2024-06 after "%s:", found %s`, ft.text, p.tok.describe())
			}
			return p.date()
		}
		switch p.tok.kind {
		case tWord, tPhrase, tLParen:
		default:
			return nil, syntaxErrorf(p.in, p.tok.pos, `expected a word, phrase or "(" after "%s:", found %s`, ft.text, p.tok.describe())
		}
		return p.parseValue(field{name: ft.text, scope: sc})
	case tWord, tPhrase, tLParen:
		return p.parseValue(f)
	}
	return nil, p.expectedClause(after)
}

// parseValue parses a word, a phrase or a parenthesised group in scope f.
func (p *parser) parseValue(f field) (node, error) {
	if f.name == "" {
		f.scope = scope{kind: scopeText}
	}
	t := p.tok
	switch t.kind {
	case tWord:
		l, err := p.word(f, t)
		if err != nil {
			return nil, err
		}
		return l, p.advance()
	case tPhrase:
		l, err := p.phrase(f, t)
		if err != nil {
			return nil, err
		}
		return l, p.advance()
	}
	// "("
	p.depth++
	if p.depth > p.lim.MaxDepth {
		return nil, limitErrorf(p.in, t.pos, "max_depth", p.lim.MaxDepth,
			"parentheses nest more than %d deep", p.lim.MaxDepth)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		return nil, syntaxErrorf(p.in, p.tok.pos, `expected a word, phrase or "(" inside the "(" opened at position %d, found ")"`, column(p.in, t.pos))
	}
	n, err := p.parseOr(f)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tRParen {
		return nil, syntaxErrorf(p.in, p.tok.pos, `expected ")" to close "(" opened at position %d, found %s`, column(p.in, t.pos), p.tok.describe())
	}
	p.depth--
	return n, p.advance()
}

// count counts one more clause at byte offset pos.
func (p *parser) count(pos int) error {
	p.clauses++
	if p.clauses > p.lim.MaxClauses {
		return limitErrorf(p.in, pos, "max_clauses", p.lim.MaxClauses,
			"query has more than %d words, phrases and date ranges", p.lim.MaxClauses)
	}
	return nil
}

// word makes a leaf of a word token: word, word*, word~ or word~N.
func (p *parser) word(f field, t token) (*leaf, error) {
	if err := p.count(t.pos); err != nil {
		return nil, err
	}
	raw := t.text
	l := &leaf{name: f.name, scope: f.scope, pos: t.pos, kind: kindWord, text: raw}
	if i := strings.IndexByte(raw, '~'); i >= 0 {
		term, dist := raw[:i], raw[i+1:]
		switch {
		case term == "":
			return nil, syntaxErrorf(p.in, t.pos, `expected a word before "~"`)
		case strings.HasSuffix(term, "*"):
			return nil, syntaxErrorf(p.in, t.pos+i, `expected a prefix ("*") or a fuzzy word ("~"), not both`)
		}
		n := 1
		if dist != "" {
			var err error
			n, err = strconv.Atoi(dist)
			if err != nil || n < 1 || n > 2 {
				return nil, syntaxErrorf(p.in, t.pos+i+1, `expected a fuzzy distance of 1 or 2 after "~", found %q`, truncate(dist))
			}
		}
		l.kind, l.text, l.fuzz = kindFuzzy, term, n
	} else if strings.HasSuffix(raw, "*") {
		l.kind, l.text = kindPrefix, raw[:len(raw)-1]
		if l.text == "" {
			return nil, syntaxErrorf(p.in, t.pos, `expected a letter or digit before "*"`)
		}
	}
	switch f.scope.kind {
	case scopeKey:
		if pulse.NormalizeKey(l.text) == "" {
			return nil, syntaxErrorf(p.in, t.pos, `expected a value with letters or digits after "%s:", found %q`, f.name, truncate(raw))
		}
	case scopeText:
		if l.kind == kindPrefix {
			for _, r := range l.text {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					return nil, syntaxErrorf(p.in, t.pos, `expected only letters and digits before "*", found %q`, truncate(raw))
				}
			}
		}
	}
	return l, nil
}

// phrase makes a leaf of a phrase token.
func (p *parser) phrase(f field, t token) (*leaf, error) {
	if err := p.count(t.pos); err != nil {
		return nil, err
	}
	text := strings.Join(strings.Fields(t.text), " ")
	if text == "" {
		return nil, syntaxErrorf(p.in, t.pos, `expected words between the quotes, found an empty phrase`)
	}
	if f.scope.kind == scopeKey {
		if t.slop > 0 {
			return nil, syntaxErrorf(p.in, t.pos, `expected no proximity ("~%d") on "%s:", which matches whole values`, t.slop, f.name)
		}
		if pulse.NormalizeKey(text) == "" {
			return nil, syntaxErrorf(p.in, t.pos, `expected a value with letters or digits after "%s:", found %q`, f.name, truncate(text))
		}
	}
	return &leaf{name: f.name, scope: f.scope, pos: t.pos, kind: kindPhrase, text: text, slop: t.slop}, nil
}

// date parses the value of published:, the current token.
func (p *parser) date() (node, error) {
	t := p.tok
	if err := p.count(t.pos); err != nil {
		return nil, err
	}
	d := &dateRange{from: t.text, to: t.text, fromPos: t.pos, toPos: t.pos, single: true}
	if i := strings.Index(t.text, ".."); i >= 0 {
		d = &dateRange{from: t.text[:i], to: t.text[i+2:], fromPos: t.pos, toPos: t.pos + i + 2}
		if d.from == "" && d.to == "" {
			return nil, syntaxErrorf(p.in, t.pos, `expected a date before or after "..", as in 2024-01..2024-06, 2024-01-01.. or ..2023`)
		}
	}
	if _, _, err := d.resolve(p.in, time.UTC); err != nil {
		return nil, err
	}
	return d, p.advance()
}

// resolve returns the inclusive bounds of the range in UTC, reading plain
// dates in loc; an open end is the zero time. The error is a *SyntaxError
// placed at the bad date.
func (d *dateRange) resolve(input string, loc *time.Location) (from, to time.Time, err error) {
	check := func(t time.Time, s string, pos int) error {
		if t.Before(bquery.MinRFC3339CompatibleTime) || t.After(bquery.MaxRFC3339CompatibleTime) {
			return syntaxErrorf(input, pos, `expected a date from 1678 to 2261 after "%s:", found %q`, fieldPublished, truncate(s))
		}
		return nil
	}
	if d.from != "" {
		if from, err = pulse.ParseTime(d.from, loc); err != nil {
			return from, to, syntaxErrorf(input, d.fromPos, "%s: %v", fieldPublished, err)
		}
		if err = check(from, d.from, d.fromPos); err != nil {
			return from, to, err
		}
	}
	if d.to != "" {
		if to, err = pulse.ParseTimeEnd(d.to, loc); err != nil {
			return from, to, syntaxErrorf(input, d.toPos, "%s: %v", fieldPublished, err)
		}
		if err = check(to, d.to, d.toPos); err != nil {
			return from, to, err
		}
	}
	if d.from != "" && d.to != "" && to.Before(from) {
		return from, to, syntaxErrorf(input, d.fromPos, "expected a date range that ends after it starts, found %s..%s", truncate(d.from), truncate(d.to))
	}
	return from, to, nil
}

// newGroup joins kids with operator o: a single kid stands for itself, and
// a kid that is a group of the same operator is spliced in when that
// keeps the meaning. It always does for AND; for OR and juxtaposition it
// does only if the kid has no "+" or "-" clauses, whose scope is their own
// group ("a OR (b OR -c)" is not "a OR b OR -c").
func newGroup(o op, kids []node) node {
	if len(kids) == 1 {
		return kids[0]
	}
	flat := make([]node, 0, len(kids))
	for _, k := range kids {
		if g, ok := k.(*group); ok && g.op == o && (o == opAnd || !hasModified(g)) {
			flat = append(flat, g.kids...)
			continue
		}
		flat = append(flat, k)
	}
	return &group{op: o, kids: flat}
}

func hasModified(g *group) bool {
	for _, k := range g.kids {
		if _, ok := k.(*modified); ok {
			return true
		}
	}
	return false
}
