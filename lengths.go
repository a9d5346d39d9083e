package pulse

import "strconv"

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
