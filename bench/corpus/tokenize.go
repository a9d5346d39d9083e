package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// forEachWord calls fn with the byte offsets of every word in text. A word
// is a maximal run of Unicode letters and digits; everything else separates
// words. This is the one tokenizer behind every measurement: the source's
// statistics, the generated corpus's and Measure's.
func forEachWord(text string, fn func(start, end int)) {
	start := -1
	for i := 0; i < len(text); {
		c := text[i]
		var word bool
		size := 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			fn(start, i)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(text))
	}
}

// lowerWord returns w in lower case, using buf as scratch for ASCII words
// so that a map lookup with string(result) does not allocate.
func lowerWord(buf []byte, w string) []byte {
	buf = buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return append(buf[:0], strings.ToLower(w)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// Case classes of a word's surface form.
const (
	caseLower = iota // all lower case (or no letters)
	caseTitle        // first letter upper, the rest lower
	caseUpper        // all letters upper, more than one letter
	caseMixed        // anything else ("McDonald"): rendered as the type's usual form
)

// caseOf classifies a surface form.
func caseOf(w string) uint8 {
	var up, low, n int
	firstUp := false
	for i, r := range w {
		if unicode.IsUpper(r) {
			up++
			if i == 0 {
				firstUp = true
			}
		} else if unicode.IsLower(r) {
			low++
		}
		n++
	}
	switch {
	case up == 0:
		return caseLower
	case low == 0 && up > 1:
		return caseUpper
	case low == 0:
		return caseTitle
	case up == 1 && firstUp:
		return caseTitle
	}
	return caseMixed
}

// isDigits reports whether w is all ASCII digits.
func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}
