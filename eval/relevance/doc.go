// Package relevance measures search ranking on test collections: queries
// with judged documents, run through search.Searcher as the API runs
// them, scored with MAP, nDCG@10 and P@10. It is `pulse-eval relevance`.
//
// What comes in: a Collection (read from a file with ReadCollection, or
// built from the ECB+ development data with ReadECBPlus) and a Searcher,
// or an index to open searchers on. What goes out: a Report per run, and
// a Comparison of the baseline against each ranking feature changed alone
// (Features), printed as a table.
//
// # Test collection format
//
// A collection is a JSON Lines file (UTF-8), one query per line; blank
// lines are skipped, and a field the format does not know is an error:
//
//	{"id": "iraq-oil", "query": "oil exports", "params": {"place": ["iq"]}, "relevant": {"reut-1712": 2, "reut-0031": 1, "reut-0440": 0}, "exclude": ["reut-0007"]}
//
// Its fields:
//   - id (required): names the query in reports; unique in the file.
//   - query: the q parameter, in Pulse's query language
//     (search/qlang/SYNTAX.md); may be empty when params select.
//   - params (optional): other search parameters (search.Params and the
//     facet names), each a string or a list of strings: filters such as
//     "place", "sort", "collapse", "recency", "from"… The runner sets q,
//     page and per_page itself, so those and cursor are refused.
//   - relevant (required): document id → grade, a whole number. Grade 1
//     or more is relevant, higher is better (graded relevance); 0 is
//     judged not relevant, which scores like an unjudged document. At
//     least one document must have grade 1 or more.
//   - exclude (optional): documents removed from the results before
//     scoring, such as the article a query was taken from. A document is
//     judged or excluded, not both.
//
// # Metrics
//
// For each query the runner fetches the top Depth hits (100 by default,
// in pages of search.max_per_page), removes excluded documents, and
// scores the ranking left, as trec_eval does:
//   - AP: the mean over every relevant document of the precision at its
//     rank, 0 for one not retrieved (so divided by all relevant
//     documents); MAP is its mean over the queries.
//   - nDCG@10: Σ grade / log2(rank + 1) over the first 10 ranks, divided
//     by the same sum for the judged grades in the best order (gain is
//     the grade, not 2^grade − 1; the same for binary judgments).
//   - P@10: relevant documents in the first 10 ranks / 10, even when
//     fewer were retrieved.
//   - R@depth: relevant documents retrieved / relevant documents.
//
// Each figure is averaged over all queries. A report also counts the
// queries with no relevant document retrieved, those the searcher
// retried (no article had all the words: OR, then one letter off), and
// those it refused (a syntax error or a limit: they score 0).
//
// # The ECB+ development collection
//
// ReadECBPlus builds it from ../shared/data/ecbplus/ecbplus-dev.jsonl.gz
// (496 articles, 42 stories of one real-world event each): one query per
// story, the title of its first article (file order, by document number)
// turned into plain words by PlainQuery; the story's other articles are
// relevant (grade 1) and the query's own article is excluded. For the
// ecbplus part the title is the page's headline; where it is a date line
// instead ("APR 28", "Posted September 26, 2013 - 3: 47pm …") the next
// article's title is used, and the report says so. For the ecb part the
// corpus has no headline and the title is the first sentence, often the
// lead. Only id, title, body (the ECB+ text, whose first line repeats the
// title) and url are indexed: the story, topic and mention annotation are
// answer keys and are not even decoded. RunECBPlus indexes the articles in
// a fresh temporary index through the production writer and entity
// extractor, and searches it with search.New under each variant.
//
// ECB+ has no dates, so recency cannot act on it. Other articles of the
// same kind of event (the topic's other story) are not relevant. Copies
// of one wire story inside a story are each relevant, which makes
// collapse cost a little here.
//
// RunIndex runs any collection against an existing index. It opens the
// data directory with indexer.Open, which locks it: it fails with a
// conflict while `pulse serve`, `pulse watch` or an ingest holds the
// directory.
package relevance
