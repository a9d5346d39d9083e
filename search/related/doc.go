// Package related finds the stories related to an article: the list
// beside an article page, the related-stories widget, and `pulse related`.
//
// What comes in: an index with Pulse's layout (the fields of package
// pulse: title, summary and body analysed for English; a label and a key
// field per entity facet; published_at; the stored source, entity record
// and copy cluster), and either the id of an indexed article (Related) or
// an article not yet indexed, such as a draft (RelatedTo), with a Query
// (length, age limits, ids to leave out).
//
// What goes out: Stories, best first, each with its id, title, URL,
// date, source, a score in [0, 1] and a reason people can read
// ("shared: Lindsay Lohan, Malibu; terms: rehab, probation"). The
// article itself and its copies are never shown, and a group of copies
// shows once, as its earliest published member.
//
// # Method
//
// Two stages. Retrieval: the article's MaxTerms most distinctive terms,
// weighted (1 + ln tf) · idf (a title occurrence counting TitleWeight
// times, document frequencies read from the index's term dictionaries),
// are ORed as term queries on the title and body, together with its
// MaxEntities rarest, most salient entities on their key fields; bleve's
// BM25 returns the best Candidates articles. Re-ranking: every candidate
// is scored by the cosine similarity of its whole tf-idf vector to the
// article's, both vectors holding terms and entities (an entity weighs
// EntityWeight · salience · idf), times a time factor that falls from 1
// for articles published together to TimeFloor for articles far apart
// (half-way at HalfLife). Unlike BM25, the cosine also counts what a
// candidate has that the article lacks, which is what tells a story's
// follow-up from the same kind of story about another event. Without a
// date on both articles the time factor is 1: a date is never guessed.
//
// Each signal can be switched off (NoTerms, NoEntities, NoTime), and the
// re-ranking too (NoRerank), for ablation and for operators.
//
// # Caching
//
// Lists are cached by article and query in a bounded LRU (CacheSize
// lists), and so are the candidates' vectors and the document
// frequencies. Call Invalidate with the written ids after every write
// batch (it drops every list: a new article may belong in any of them),
// and InvalidateAll after a reindex. CacheStats reports hits and misses.
//
// Copies are recognised by the index's copy cluster and by a Copies
// implementation (when Options.Copies is nil, TextCopies: the same
// normalised title and bodies at least related.copy_similarity alike).
package related
