// Package related scores related stories (search/related) on the ECB+
// development articles beside the repository in
// ../shared/data/ecbplus/ecbplus-dev.jsonl.gz: news articles grouped into
// same-event stories, two events of the same kind per topic. It is
// `pulse-eval related`.
//
// What comes in: the ECB+ file and, optionally, an entity extractor. Only
// the articles reach the index, a fresh one in a temporary directory
// built with the production mapping and writer: the title, the body (the
// text after the title line) and the URL. The corpus has no dates, so
// none is set and the time signal scales nothing (its on and off rows
// are equal); no date is invented. Entities are indexed only when a real
// extractor (Evaluator.Extractor) finds them in the text: the corpus's
// mention annotation is an answer key and is never read.
//
// What goes out: for every article queried, its top K list (K = 5) is
// scored against the gold groupings:
//   - P@K: the share of the K slots given to articles of the same story;
//   - MRR@10: the mean reciprocal rank of the first same-story article;
//   - other-event@K: the share of the K slots given to articles of the
//     same topic but the other story (a same-kind, different event).
//
// Rows: the classic expand-set baseline (the article's top 20 terms by
// tf · ln(N/df) ORed over title and body, BM25, as the peer benchmark
// ran Xapian), the method, the method without its re-ranking, and each
// combination of the signals (terms, entities, time).
//
// The method's defaults were chosen on this development set (the number
// of terms and candidates, the weight of entities); the targets are
// re-checked on held-out topics.
package related
