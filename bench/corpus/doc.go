// Package corpus makes synthetic news corpora of any size (a million
// articles and beyond) whose statistics continue those of a real one, for
// benchmarking search at sizes no real development corpus has.
//
// In: a source corpus in JSON Lines (optionally gzipped; the peers' shape
// with id, date, title, dateline, body and the label lists topics, places,
// people, orgs, or Pulse's with published_at, persons, tags), read by
// LearnFile into a Model. Out: a Generator that writes Options.Size
// articles as JSON Lines, in both shapes at once (id, date and
// published_at, title, dateline, body, topics, places, people, orgs, and
// tags = topics, persons = people), deterministically for a seed, in date
// order and in memory that grows with the vocabulary but not with the
// number of articles; and a Report of the source's and the output's
// measurements side by side.
//
// What is kept, and how:
//
//   - Vocabulary growth. Heaps' law V = K·n^β (distinct words against
//     words, fitted on log-spaced article boundaries) is measured on the
//     source. A generated word is a new type with probability β·V/n (the
//     law's own slope where the output stands: the Pitman–Yor rate of
//     discount β) less the rate at which source types are being used for
//     the first time, so the output's vocabulary keeps growing as the law
//     predicts at any size. New types are spelt by a letter-trigram model
//     of the source's types and reused in proportion to count − β (a
//     Pitman–Yor urn). Otherwise a word is copied from the source: mostly
//     runs of the template article's text, each of its words used once, in
//     a random order of runs; sometimes a word that followed the previous
//     one elsewhere (bigrams), a word repeated from the article, or a word
//     drawn by frequency. Separators and case travel with copied words, so
//     punctuation, sentences and paragraphs look like the source's, and
//     words repeat within an article as often as in the source (words per
//     posting).
//   - Lengths. Each article takes a source article as its template (drawn
//     from a window of 500 that walks through the source in its order): its
//     number of title words, its body length (varied log-normally, mean
//     kept), its dateline and its label counts.
//   - Labels. Each kind's rank-frequency curve is fitted with Zipf's law
//     f(r) = C·r^-α over the labels seen at least three times. The
//     generated corpus draws labels from the source's counts over that head
//     and the fitted line beyond it, extended to L·s^(1/α) ranks for a
//     corpus s times the source's size; ranks past the source's are
//     invented labels spelt like that kind's. A template's label is kept
//     with probability min(1, Q/P) and otherwise replaced from the excess
//     of the new shares Q over the source's P, which gives exactly the new
//     shares while keeping most labels consistent with the text.
//   - Dates. Articles are spread over a span (default 1980–2025) by a
//     volume that grows geometrically (Options.Growth), the source's
//     weekday profile, daily noise, and the source's times of day.
//
// Measure reads any JSON Lines corpus and measures it the same way, so
// output can be checked independently of the generator's own figures.
package corpus
