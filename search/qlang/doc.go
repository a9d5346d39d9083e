// Package qlang is Pulse's query language: it parses what a reader types
// into the search box and builds the bleve query that runs it.
//
// In: a query string, Limits for the parser, and Options for the build
// (default operator, fuzziness, title boost, time zone, expansion cap,
// entity aliases, the index mapping). Out: a *Query, which gives its
// canonical String, its positive Terms (for highlighting and "did you
// mean"), WordCount and ImplicitOperator (for the retries), and Build,
// a bleve query.Query for the index laid out by the indexer (text fields
// title, summary and body analysed with "en" and with term vectors; one
// keyword key field per facet; the date published_at). Errors are
// *SyntaxError (errors.Is ErrSyntax), placed in the input, and
// *LimitError (errors.Is ErrLimit), naming the limit and its value.
// Forgive parses as a search box should: a syntax error is mended into
// the closest sensible reading, returned with the text read and why, and
// only a *LimitError refuses.
//
// Parse once and Build as often as needed: the search service runs the
// query with the default operator AND; when that finds nothing and
// ImplicitOperator is true it builds again with DefaultOperator Or, and
// when that finds nothing too and WordCount is above zero, with
// Fuzziness 1.
//
//	cfg := config.Defaults().Search
//	lim := qlang.Limits{MaxLength: 4 * cfg.MaxQueryLength, MaxDepth: cfg.MaxDepth, MaxClauses: cfg.MaxClauses}
//	q, err := qlang.Parse(`"shaibani baghdad"~10 -org:daesh`, lim)
//	if err != nil {
//		return err // *SyntaxError or *LimitError: a 400 saying where and why
//	}
//	bq, err := q.Build(qlang.Options{TitleBoost: cfg.TitleBoost, MaxExpansion: cfg.MaxExpansions,
//		K1: cfg.BM25K1, B: cfg.BM25B, Location: loc, Mapping: idx.Mapping()})
//
// # Grammar
//
//	query    = [ or ] ;
//	or       = and { "OR" and } ;
//	and      = seq { "AND" seq } ;
//	seq      = unary { unary } ;                  juxtaposition: the default operator
//	unary    = [ "NOT" | "-" | "+" ] primary ;
//	primary  = field ":" value | value ;
//	value    = word | phrase | "(" or ")" ;
//	phrase   = '"' { any character but '"' } '"' [ "~" proximity ] ;
//	word     = text [ "*" | "~" [ "1" | "2" ] ] ;
//	field    = "title" | "summary" | "body"                   analysed text
//	         | "topic" | "place" | "person" | "org" | "source"
//	         | "author" | "section" | "language" | "tag"      facet values
//	         | "published" ;                                   see Dates
//
// A word is a run of characters other than white space, parentheses and
// double quotes. Operators are upper case (lower-case "and" is a word);
// field names are matched in any case and written in lower case; a
// "name:" whose name is not a field is plain text ("Note:", "https://").
// A "-" or "+" followed by a space is punctuation, not an operator, so
// "oil - gas" is "oil gas".
//
// Precedence, tightest first: NOT, "-" and "+"; juxtaposition; AND; OR.
// So "a OR b c" is "a OR (b c)", and "a b AND c" is "(a b) AND c". With
// the default operator AND, juxtaposition is exactly AND. With OR it
// loosens only what was typed without an operator: "iran oil AND NOT
// sanctions" becomes "(iran OR oil) AND NOT sanctions".
//
// "-x", "NOT x" and "+x" apply to the group they sit in: an excluded
// clause is removed from the group's result, a required one must match
// even when the group is an OR. A group of exclusions alone starts from
// every document, so "-oil" is every article without oil, and "a OR -b"
// is "a" without "b", as in Lucene.
//
// # Matching
//
// An unfielded word or phrase searches title (boosted by
// Options.TitleBoost; search.title_boost ships 2), summary and body. Words are analysed
// as the index analysed the text (lower case, stop words, stemming);
// a word that splits into several tokens ("al-Shaibani") is a phrase, and
// a clause of stop words alone ("the") is dropped; a query of nothing else
// matches no document, while an empty query matches all.
//
// A phrase matches its words in order; stop words inside it keep their
// place. "shaibani baghdad"~10 matches the words in any order with at most
// 10 other words between them in total (the smallest window holding all
// of them spans at most 10 positions more than the words themselves,
// Lucene's unordered SpanNear); a word given twice must occur twice.
// Proximity is from 1 to 1000, on text fields only.
//
// sanction* matches the terms of the index that begin with "sanction"
// (lower-cased, not stemmed); shaibany~1 the terms within 1 edit of the
// stemmed word (at most 2; "~" alone is 1). Each expands to at most
// Options.MaxExpansion terms per field (search.max_expansions ships
// 100): beyond it the
// most frequent terms are kept (for a fuzzy word the closest, then the
// most frequent), or with Overflow Fail the search fails with a
// *LimitError naming max_expansion. A prefix on a text field holds only
// letters and digits.
//
// A facet value (person:Shaibani, person:"Asaad al-Shaibani",
// org:Daesh) is normalised with pulse.NormalizeKey (case, accents, dots
// and apostrophes fold) and matched against the facet's key field, which
// holds each value's id, name and aliases; prefix and fuzzy work there
// too. A field applies to one word, one phrase or a parenthesised group:
// title:(oil gas) is title:oil title:gas. A field inside a fielded group
// wins.
//
// # Scoring
//
// A plain word is scored as BM25F over its text fields (wordQuery): each
// field's term frequency is divided by that field's length against the
// field's true mean (Stats, from the lengths the indexer records), the
// title's weighted by Options.TitleBoost, and the sum saturated once
// (Options.K1, Options.B), times the word's idf; an entity-key (alias)
// match adds its own BM25 score. Other clauses over several fields
// (phrases, prefixes, fuzzy words) and the words of a query add up
// without bleve's coordination factor (sumQuery). With Options.Proximity,
// two words written side by side earn a bonus where an article has them
// next to each other (from the pair fields); Options.Expansion adds
// optional terms (pseudo-relevance feedback, chosen by the search
// package). The searchers need the index's Stats in the context
// (Stats.Context) or read them per search. Words that must all match
// (allQuery) are scored as bleve's conjunction scores them, but a
// document is scored only once every word stands on it.
//
// Highlight returns the part of a built query that finds the term
// locations to highlight in the articles it matched: its clauses over the
// positioned fields (title, summary, body), without the exclusions.
//
// # Dates
//
// published:2024-01..2024-06, published:2024-01-01.., published:..2023
// and published:2024-03 select an inclusive range of the publication
// date. A plain date (2024, 2024-03, 2024-03-01, 2024-03-01T10:00) names
// a whole period, read in Options.Location; RFC 3339 timestamps are
// exact. A range that ends before it starts is an error.
//
// # Entity aliases
//
// With Options.EntityAliases, an unfielded word or exact phrase also
// matches the key fields of the entity facets (person, place, org, topic)
// when it could be a name: at least 4 letters or digits, or an acronym
// typed in capitals. So "daesh" finds articles about the Islamic State
// that never say "Daesh", and "IS" or "US" match their entities while
// "is" and "us" do not.
//
// # Limits
//
// Parse rejects invalid UTF-8 and control characters, and enforces
// Limits: MaxLength bytes (2048), MaxDepth levels of parentheses (16) and
// MaxClauses words, phrases and date ranges (64). Errors name the
// position as a character count from 1, and what was expected:
//
//	oil (gas OR iran
//	at position 17: expected ")" to close "(" opened at position 5, found end of query
//
// The bleve queries this package builds include two of its own
// (proximity, and bounded prefix and fuzzy expansion); they run in one
// index and do not serialise to JSON, so they cannot be sent to a remote
// index.
package qlang
