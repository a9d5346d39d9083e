package related

import (
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/pulsesearch/pulse"
)

// Copies decides which articles are copies of one story: a wire story
// republished by several sites, a syndicated piece, a re-ingest under
// another URL. A related list never shows a copy of the article it is
// for, and shows one article per group of copies (the earliest
// published).
//
// Same is called with the candidates of one list only, so it may be as
// slow as a few microseconds. An implementation backed by precomputed
// copy clusters (one cluster id per article) compares the two ids.
type Copies interface {
	// Same reports whether a and b are copies of one story.
	Same(a, b *pulse.Article) bool
}

// TextCopies calls two articles copies when their titles are equal once
// normalised (pulse.NormalizeKey: case, accents and punctuation folded)
// and their bodies near-identical: the Jaccard similarity of their sets of
// word trigrams is at least MinSimilarity, used as given (0: the same
// title is enough). The configured value is related.copy_similarity.
// Two empty bodies are identical.
type TextCopies struct {
	MinSimilarity float64
}

// Same implements Copies.
func (c TextCopies) Same(a, b *pulse.Article) bool {
	if pulse.NormalizeKey(a.Title) != pulse.NormalizeKey(b.Title) {
		return false
	}
	return Similarity(a.Body, b.Body) >= c.MinSimilarity
}

// Similarity is the Jaccard similarity of the sets of word trigrams of
// two texts, compared case-insensitively; texts of fewer than three words
// are compared by their words. It is 1 for two texts without words.
func Similarity(a, b string) float64 {
	sa, sb := shingles(a), shingles(b)
	if len(sa) == 0 && len(sb) == 0 {
		return 1
	}
	inter := 0
	for h := range sa {
		if sb[h] {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

func shingles(s string) map[uint64]bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	n := 3
	if len(words) < n {
		n = 1
	}
	out := make(map[uint64]bool, len(words))
	h := fnv.New64a()
	for i := 0; i+n <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+n] {
			h.Write([]byte(strings.ToLower(w)))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = true
	}
	return out
}
