package qlang

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// Operator is the operator of juxtaposed clauses.
type Operator int

const (
	And Operator = iota // "a b" means "a AND b"
	Or                  // "a b" means "a OR b"
)

// String returns "AND" or "OR".
func (o Operator) String() string {
	switch o {
	case And:
		return "AND"
	case Or:
		return "OR"
	}
	return fmt.Sprintf("Operator(%d)", int(o))
}

// Overflow is what a prefix or fuzzy word does when it matches more terms
// of a field than Options.MaxExpansion.
type Overflow int

const (
	// KeepFrequent searches the MaxExpansion best terms and drops the
	// rest: for a prefix the most frequent (the most documents), for a
	// fuzzy word the closest, then the most frequent. The search still
	// answers, perhaps missing rare spellings.
	KeepFrequent Overflow = iota
	// Fail makes the search return a *LimitError naming the word and
	// max_expansion.
	Fail
)

// LongQueryWords is the length beyond which Options.LongMatch applies.
const LongQueryWords = 4

// Options are the choices Build makes, each used as given: a zero is a
// zero. The product builds them from config.Search (search/text.go);
// TitleBoost, MaxExpansion, K1 and B have no usable zero value, so a
// caller sets them (config.Defaults().Search holds the shipped ones).
type Options struct {
	// LongMatch is the share of the words written side by side that must
	// match when there are more than LongQueryWords of them and the
	// default operator is AND (0 or 1: all of them).
	LongMatch float64
	// DefaultOperator joins juxtaposed clauses: And (the default) or Or.
	DefaultOperator Operator
	// Fuzziness, 0 (the default), 1 or 2, is the edit distance allowed
	// for every positive bare text word of 3 characters or more (after
	// analysis), as if each were written word~N; shorter words are
	// exact, since one edit of "us" matches nearly any short word.
	// Phrases, prefixes, facet values and excluded words are untouched.
	Fuzziness int
	// Expansion lists terms added to the query as optional clauses
	// (pseudo-relevance feedback; see Expansion).
	Expansion []Expansion
	// Proximity weighs the bonus of an article having two words written
	// side by side next to each other (see nearby); 0 turns it off.
	Proximity float64
	// TitleBoost weighs title matches of unfielded words against summary
	// and body (search.title_boost).
	TitleBoost float64
	// Location is where plain dates ("2024-03") are read; nil means UTC.
	Location *time.Location
	// MaxExpansion caps the terms one prefix or fuzzy word expands to in
	// each field, at least 1 (search.max_expansions). Overflow says what
	// happens beyond it.
	MaxExpansion int
	Overflow     Overflow
	// EntityAliases makes an unfielded word or exact phrase that could be
	// an entity's name or alias also match the key fields of
	// AliasFacets, so "daesh" finds articles about the Islamic State
	// that never say "Daesh". To keep "is", "us" and "it" from matching
	// the Islamic State or the United States, a word or phrase takes
	// part only if it has at least 4 letters or digits, or was typed
	// in capitals ("IS", "US", "ECB").
	EntityAliases bool
	// AliasFacets are the facets EntityAliases searches; nil means
	// pulse.EntityFacets.
	AliasFacets []string
	// K1 and B are the BM25 parameters of words (see wordQuery;
	// search.bm25_k1 and bm25_b): K1 at least 0, B between 0 and 1.
	K1, B float64
	// Mapping provides the analyser of each text field, so query words
	// are analysed as the index analysed the text; pass the index's
	// mapping. Nil means bleve's "en" analyser for every text field.
	Mapping mapping.IndexMapping
}

// defaultMapping analyses every field with "en", as the Pulse mapping
// does its text fields.
var defaultMapping = func() mapping.IndexMapping {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	return m
}()

// Build turns the query into a bleve query for opts.
//
// An empty query matches every document (a *MatchAllQuery). A query whose
// every clause analyses to nothing (stop words such as "the") matches
// none, even inside a bleve BooleanQuery with a Filter; such a
// clause inside a larger query is dropped. Excluded clauses are removed
// from the result of their own group, and a group with nothing but
// exclusions starts from every document, so "-oil" is every document
// without oil.
//
// It returns a plain error for invalid opts, and a *SyntaxError for a date
// that opts.Location makes invalid (an inverted range). A prefix or fuzzy
// word that overflows MaxExpansion with Overflow set to Fail makes the
// search, not Build, return a *LimitError.
func (q *Query) Build(opts Options) (bquery.Query, error) {
	b, err := q.Compile(opts)
	return b.Query, err
}

// Built is a query's bleve form and what its build found out about it.
type Built struct {
	Query bquery.Query
	// AllWords says that two or more words written side by side must all
	// match: an implicit AND of two to LongQueryWords words that are not
	// stop words (a longer run needs only Options.LongMatch of them),
	// outside any exclusion. A search widened when few articles have all
	// the words depends on it; WordCount counts stop words too, which
	// Build leaves out.
	AllWords bool
}

// Compile is Build that also reports what the build found (Built), so
// that a caller needing both builds once.
func (q *Query) Compile(opts Options) (Built, error) {
	b, err := newBuilder(q.input, opts)
	if err != nil {
		return Built{}, err
	}
	if q.root == nil {
		return Built{Query: bquery.NewMatchAllQuery()}, nil
	}
	bq, err := b.build(q.root, false)
	if err != nil {
		return Built{}, err
	}
	if bq != nil {
		bq = b.withFeedback(bq)
	}
	if bq == nil {
		// Not a bare MatchNoneQuery: bleve's BooleanQuery ignores a Must
		// whose searcher is a MatchNoneSearcher, so with a Filter beside
		// it every filtered document would match. A conjunction around it
		// is a different searcher and matches nothing wherever it is put.
		bq = bquery.NewConjunctionQuery([]bquery.Query{bquery.NewMatchNoneQuery()})
	}
	return Built{Query: bq, AllWords: b.allWords}, nil
}

type builder struct {
	input     string
	opts      Options
	analyzers map[string]analysis.Analyzer
	// allWords is set when a group required two or more words written
	// side by side to match together (Built.AllWords).
	allWords bool
}

func newBuilder(input string, opts Options) (*builder, error) {
	switch {
	case opts.DefaultOperator != And && opts.DefaultOperator != Or:
		return nil, fmt.Errorf("query options: default operator: must be And or Or, got %d", opts.DefaultOperator)
	case opts.Fuzziness < 0 || opts.Fuzziness > 2:
		return nil, fmt.Errorf("query options: fuzziness: must be 0, 1 or 2, got %d", opts.Fuzziness)
	case !(opts.TitleBoost >= 0) || math.IsInf(opts.TitleBoost, 1):
		return nil, fmt.Errorf("query options: title boost: must be a positive number, got %v", opts.TitleBoost)
	case opts.MaxExpansion < 1:
		return nil, fmt.Errorf("query options: max expansion: must be at least 1, got %d", opts.MaxExpansion)
	case !(opts.K1 >= 0) || math.IsInf(opts.K1, 1):
		return nil, fmt.Errorf("query options: k1: must be a number of at least 0, got %v", opts.K1)
	case !(opts.B >= 0 && opts.B <= 1):
		return nil, fmt.Errorf("query options: b: must be between 0 and 1, got %v", opts.B)
	case opts.Overflow != KeepFrequent && opts.Overflow != Fail:
		return nil, fmt.Errorf("query options: overflow: must be KeepFrequent or Fail, got %d", opts.Overflow)
	}
	for _, f := range opts.AliasFacets {
		if !pulse.IsFacet(f) {
			return nil, fmt.Errorf("query options: alias facets: %q is not a facet", f)
		}
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.AliasFacets == nil {
		opts.AliasFacets = pulse.EntityFacets
	}
	if opts.Mapping == nil {
		opts.Mapping = defaultMapping
	}
	return &builder{input: input, opts: opts, analyzers: map[string]analysis.Analyzer{}}, nil
}

// build returns the bleve query of n, or nil when n searches for nothing
// (stop words). excluded says whether n sits under an exclusion.
func (b *builder) build(n node, excluded bool) (bquery.Query, error) {
	switch n := n.(type) {
	case *group:
		return b.group(n.op, n.kids, excluded)
	case *modified:
		// A lone "-a" or "+a": a group of one.
		return b.group(opAnd, []node{n}, excluded)
	case *leaf:
		return b.leaf(n, excluded)
	case *dateRange:
		return b.date(n)
	}
	return nil, fmt.Errorf("query: unknown node %T", n)
}

// group combines clauses: required ones ("+a", and every clause of an AND)
// must match, optional ones (of an OR) add to the score and at least one
// must match if nothing is required, and excluded ones are removed.
func (b *builder) group(o op, kids []node, excluded bool) (bquery.Query, error) {
	and := o == opAnd || (o == opSeq && b.opts.DefaultOperator == And)
	implicit := o == opSeq && b.opts.DefaultOperator == And
	var must, should, mustNot, words []bquery.Query
	for _, k := range kids {
		if m, ok := k.(*modified); ok {
			q, err := b.build(m.kid, excluded != (m.mod == modExclude))
			if err != nil {
				return nil, err
			}
			switch {
			case q == nil:
			case m.mod == modExclude:
				mustNot = append(mustNot, q)
			default:
				must = append(must, q)
			}
			continue
		}
		q, err := b.build(k, excluded)
		if err != nil {
			return nil, err
		}
		switch {
		case q == nil:
		case implicit:
			words = append(words, q)
		case and:
			must = append(must, q)
		default:
			should = append(should, q)
		}
	}
	// Words written side by side are all required, except in a long
	// query (a pasted headline), where a share of them is: one missing
	// word must not empty the results.
	if n := len(words); n > LongQueryWords && b.opts.LongMatch > 0 && b.opts.LongMatch < 1 {
		// Summed without coord: the words matched already count.
		must = append(must, &sumQuery{qs: words, min: int(math.Ceil(b.opts.LongMatch * float64(n)))})
	} else {
		must = append(must, words...)
		b.allWords = b.allWords || len(words) > 1 && !excluded
	}
	if len(words) > 1 || len(should) > 1 {
		if near := b.nearby(kids); near != nil {
			should = append(should, near)
		}
	}
	var pos bquery.Query
	switch {
	case len(must) > 0 && len(should) > 0:
		pos = &optionalQuery{must: conjunction(must), should: sum(should)}
	case len(must) > 0:
		pos = conjunction(must)
	case len(should) > 0:
		pos = sum(should)
	}
	if len(mustNot) == 0 {
		return pos, nil
	}
	if pos == nil {
		pos = bquery.NewMatchAllQuery()
	}
	// Must is always a conjunction: bleve's BooleanQuery drops a Must
	// whose searcher matches nothing and would then return every
	// document minus the exclusions; a conjunction around it does not.
	return &bquery.BooleanQuery{
		Must:    bquery.NewConjunctionQuery([]bquery.Query{pos}),
		MustNot: disjunction(mustNot),
	}, nil
}

// conjunction is the conjunction of qs (allQuery).
func conjunction(qs []bquery.Query) bquery.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return &allQuery{qs: qs}
}

// sum is the disjunction of qs scored without coord (sumQuery).
func sum(qs []bquery.Query) bquery.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return &sumQuery{qs: qs}
}

func disjunction(qs []bquery.Query) bquery.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bquery.NewDisjunctionQuery(qs)
}

// weighted is a field and its boost.
type weighted struct {
	field string
	boost float64
}

// leaf builds a word or phrase: over title, summary and body when
// unfielded, over one field otherwise.
func (b *builder) leaf(l *leaf, excluded bool) (bquery.Query, error) {
	if l.scope.kind == scopeKey {
		return b.keyLeaf(l), nil
	}
	fields := []weighted{{l.scope.field, 1}}
	if l.name == "" {
		fields = []weighted{
			{pulse.FieldTitle, b.opts.TitleBoost},
			{pulse.FieldSummary, 1},
			{pulse.FieldBody, 1},
		}
		if arabicScript(l.text) {
			// Arabic articles are indexed in their own fields, with the
			// Arabic analyser.
			fields = append(fields, weighted{pulse.FieldTitleAr, b.opts.TitleBoost}, weighted{pulse.FieldBodyAr, 1})
		}
	}
	var qs, keys []bquery.Query
	for _, f := range fields {
		q, err := b.textClause(l, f, excluded)
		if err != nil {
			return nil, err
		}
		if q != nil {
			qs = append(qs, q)
		}
	}
	// A stop word ("into", "with") has no text clause left; an alias
	// clause alone would make an AND query demand an entity of that name.
	// Only an acronym typed in capitals ("IS", "US") stands for an entity
	// even when it is a stop word.
	if l.name == "" && b.opts.EntityAliases && (l.kind == kindWord || (l.kind == kindPhrase && l.slop == 0)) && aliasCandidate(l.text) && (len(qs) > 0 || acronym(l.text)) {
		key := pulse.NormalizeKey(l.text)
		for _, f := range b.opts.AliasFacets {
			keys = append(keys, termQuery(pulse.KeyField(f), key, 1))
		}
	}
	return b.combine(qs, keys), nil
}

// aliasCandidate reports whether typed text may stand for an entity: 4
// letters or digits or more, or an acronym typed in capitals.
func aliasCandidate(text string) bool {
	n := 0
	for _, r := range pulse.NormalizeKey(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	if n >= 4 {
		return true
	}
	return acronym(text)
}

// acronym reports whether text is two or more letters, all capitals.
func acronym(text string) bool {
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// keyLeaf builds a facet value: its normalised key, matched whole.
func (b *builder) keyLeaf(l *leaf) bquery.Query {
	key := pulse.NormalizeKey(l.text)
	switch l.kind {
	case kindPrefix, kindFuzzy:
		return b.expand(l, l.scope.field, key, 1)
	}
	return termQuery(l.scope.field, key, 1)
}

func (b *builder) expand(l *leaf, field, term string, boost float64) *expandQuery {
	return &expandQuery{
		field:    field,
		term:     term,
		prefix:   l.kind == kindPrefix,
		fuzz:     l.fuzz,
		max:      b.opts.MaxExpansion,
		overflow: b.opts.Overflow,
		boost:    boost,
		shown:    shown(l),
		offset:   l.pos,
		column:   column(b.input, l.pos),
	}
}

// shown is the leaf as written, for messages.
func shown(l *leaf) string {
	var s strings.Builder
	l.write(&s)
	return s.String()
}

// textClause builds a word or phrase over one analysed field, or returns
// nil when the text analyses to nothing there.
func (b *builder) textClause(l *leaf, f weighted, excluded bool) (bquery.Query, error) {
	if l.kind == kindPrefix {
		// Prefixes are matched against indexed terms, which are lower
		// case; they are not stemmed, since a stem need not start with
		// the stem of a prefix.
		return b.expand(l, f.field, strings.ToLower(l.text), f.boost), nil
	}
	toks, err := b.analyze(f.field, l.text)
	if err != nil || len(toks) == 0 {
		return nil, err
	}
	switch l.kind {
	case kindPhrase:
		if l.slop > 0 && len(toks) > 1 {
			terms := make([]string, len(toks))
			for i, t := range toks {
				terms[i] = string(t.Term)
			}
			return &proximityQuery{field: f.field, terms: terms, slop: l.slop, boost: f.boost}, nil
		}
		return exact(f, toks), nil
	case kindFuzzy:
		qs := make([]bquery.Query, len(toks))
		for i, t := range toks {
			fl := *l
			qs[i] = b.expand(&fl, f.field, string(t.Term), f.boost)
		}
		return conjunction(qs), nil
	}
	fuzz := 0
	if !excluded {
		fuzz = b.opts.Fuzziness
	}
	if fuzz == 0 {
		return exact(f, toks), nil
	}
	qs := make([]bquery.Query, len(toks))
	for i, t := range toks {
		term := string(t.Term)
		if utf8.RuneCountInString(term) < 3 {
			qs[i] = termQuery(f.field, term, f.boost)
			continue
		}
		fl := *l
		fl.kind, fl.fuzz = kindFuzzy, fuzz
		qs[i] = b.expand(&fl, f.field, term, f.boost)
	}
	return conjunction(qs), nil
}

// exact is a term query for one token and a phrase query for several,
// keeping the gaps of removed stop words.
func exact(f weighted, toks analysis.TokenStream) bquery.Query {
	if len(toks) == 1 {
		return termQuery(f.field, string(toks[0].Term), f.boost)
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	terms := make([][]string, last-first+1)
	for _, t := range toks {
		terms[t.Position-first] = append(terms[t.Position-first], string(t.Term))
	}
	q := bquery.NewMultiPhraseQuery(terms, f.field)
	if f.boost != 1 {
		q.SetBoost(f.boost)
	}
	if pq := newPairQuery(q, f, terms); pq != nil {
		return pq
	}
	return q
}

func termQuery(field, term string, boost float64) bquery.Query {
	q := bquery.NewTermQuery(term)
	q.SetField(field)
	if boost != 1 {
		q.SetBoost(boost)
	}
	return q
}

// analyze runs field's analyser over text.
func (b *builder) analyze(field, text string) (analysis.TokenStream, error) {
	a, ok := b.analyzers[field]
	if !ok {
		name := b.opts.Mapping.AnalyzerNameForPath(field)
		a = b.opts.Mapping.AnalyzerNamed(name)
		if a == nil {
			return nil, fmt.Errorf("query: field %s: no analyzer named %q", field, name)
		}
		b.analyzers[field] = a
	}
	return a.Analyze([]byte(text)), nil
}

// date builds published:FROM..TO, both ends inclusive.
func (b *builder) date(d *dateRange) (bquery.Query, error) {
	from, to, err := d.resolve(b.input, b.opts.Location)
	if err != nil {
		return nil, err
	}
	incl := true
	q := bquery.NewDateRangeInclusiveQuery(from, to, &incl, &incl)
	q.SetField(pulse.FieldPublishedAt)
	return q, nil
}

// arabicScript reports whether text has a letter of the Arabic script.
func arabicScript(text string) bool {
	for _, r := range text {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
