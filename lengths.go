package pulse

import (
	"slices"
	"strconv"
)

// FieldLengths holds, for each article, terms that encode how many
// analysed tokens each of LengthFields has in it: one term per set bit of
// the length (LengthTerm(f, i)) and one marking that the field is present
// (PresentTerm(f)). The index's document frequencies of these terms then
// give every field's exact token total (the sum over bits of 2^i times
// the articles having bit i) and the articles holding it. They are written
// with the article, so adds, updates, deletes, merges, restores and
// reindexes keep them exact with nothing else to maintain; BM25 needs them
// because bleve's own average field length is a count of distinct terms.
const FieldLengths = "_len"

// LengthFields are the fields whose lengths FieldLengths records: every
// field a query scores.
var LengthFields = func() []string {
	fs := []string{FieldTitle, FieldSummary, FieldBody, FieldTitleAr, FieldBodyAr}
	for _, f := range PairedFields {
		fs = append(fs, PairField(f))
	}
	for _, f := range Facets {
		fs = append(fs, KeyField(f))
	}
	return fs
}()

// LengthBits is the number of bits a field length is recorded with; a
// longer field counts as the longest length recorded.
const LengthBits = 32

// LengthTerm is the FieldLengths term of bit i of field f's length.
func LengthTerm(f string, i int) string { return f + ":" + strconv.Itoa(i) }

// PresentTerm is the FieldLengths term of an article having field f.
func PresentTerm(f string) string { return f + ":n" }

// TextFields are the fields of an article's own text. The index records
// each one's norm as the length of the whole text, every one of them
// together, not the field's own (indexer's wholeTextField), so a query
// word's title, summary and body frequencies are normalised by one length
// against the mean article (BM25F with one length normalisation). Per
// field normalisation weighed a body against the archive's mean body,
// and once an archive mixes short records with long articles that mean
// moves, reordering a collection's own articles by what else the archive
// holds; the whole text's length keeps the title in proportion to the
// body it heads (eval/relevance/README.md, fifth and sixth passes).
var TextFields = []string{FieldTitle, FieldSummary, FieldBody, FieldTitleAr, FieldBodyAr}

// TextLength names, among the FieldLengths terms, the length of an
// article's whole text: the sum of its TextFields' lengths.
const TextLength = "_text"

// IsTextField reports whether f is one of TextFields.
func IsTextField(f string) bool { return slices.Contains(TextFields, f) }
