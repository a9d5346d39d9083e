// Package extract scores entity extraction (indexer/extract) on the
// development data kept beside the repository in ../shared/data.
//
// What comes in: the data folder and an extractor. Every article is built
// as a pulse.Article from its dateline, title, body and date only, so the
// labels it is scored against never reach the extractor.
//
// What goes out: a Report with
//   - Reuters-21578 places at country level, for the salient places
//     (dateline, title, lead) and for all places: precision, recall, F1;
//     Options.ReutersErrors lists the false and missed salient countries
//     of the labelled articles, dateline in the body;
//   - Reuters-21578 people: surname recall;
//   - BBC News categories mapped to IPTC top-level Media Topics: top-1
//     accuracy over the distinct articles, and on each half of them;
//   - ECB+ persons, places and organisations against the named mentions of
//     the annotated sentences: precision, recall, F1. A person mention is
//     named when its head is a name: "Oklahoma man", "AMD officials" and
//     "Prosecutors" opening a sentence are descriptions (namedHead). ECB+
//     marks each mention at its full extent ("in Mannheim, Germany") and
//     never the names nested in it, so a predicted name inside a longer
//     annotated mention is not scored unless it matches a gold mention of
//     its class on its own (unnested). The same figures under issue 17's
//     original scorer (a3f04ce: every named person mention is gold, every
//     predicted span counts) are printed beside them, and Options.ECBErrors
//     lists that scorer's false and missed mentions.
//
// The label lists of the data (Reuters all-*-strings, ECB+ descriptors,
// BBC categories) are read here only, to score; they feed nothing the
// extractor uses.
package extract
