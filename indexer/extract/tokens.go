package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
)

// token flags.
const (
	fWord       uint16 = 1 << iota // letters or digits (else punctuation)
	fCap                           // first letter upper case
	fUpper                         // every letter upper case, at least one
	fLower                         // first letter lower case
	fSentStart                     // first word of a sentence
	fHyphen                        // joined to the previous word by a hyphen ("al-Shaibani")
	fAbbr                          // kept its final dot ("U.S.", "Mr.", "J.")
	fDigit                         // contains a digit
	fPossessive                    // followed by "'s"
	fParaStart                     // first word of a paragraph
)

// shortLine is the length under which a line ends its sentence: wire
// copy wraps prose at 60 to 70 characters.
const shortLine = 50

// token is one word or punctuation mark: byte offsets into the region's
// text, flags, and for words the matching key (lower case, accents
// folded, dots and apostrophes dropped).
type token struct {
	start, end int32
	flags      uint16
	punct      byte // the punctuation character for non-words
	key        string
}

func (t *token) is(f uint16) bool { return t.flags&f != 0 }

// abbreviations keep their final dot and do not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true, "co": true,
	"corp": true, "inc": true, "ltd": true, "gen": true, "sen": true, "rep": true, "gov": true,
	"lt": true, "col": true, "capt": true, "prof": true, "rev": true, "sgt": true, "maj": true,
	"adm": true, "cmdr": true, "vs": true, "no": true, "mt": true, "ft": true, "messrs": true,
	"bros": true, "dept": true, "est": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "pres": true, "supt": true, "insp": true, "det": true, "cpl": true, "pvt": true,
	"gov't": true, "u": true,
}

// tokenize splits text into tokens. Invalid UTF-8 and control bytes are
// separators, so every word token covers valid text.
func tokenize(text string, toks []token) []token {
	n := len(text)
	sentStart, paraStart := true, true
	hyphen := false
	i := 0
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				// A blank line or an indented line starts a paragraph.
				j := i + 1
				for j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
					j++
				}
				if j < n && text[j] == '\n' || j-i > 2 {
					sentStart, paraStart = true, true
				}
				// A short line is a heading or a sentence of its own, not
				// prose wrapped at a fixed width; but the first line of a
				// text that runs on into the next, unindented, is the tail
				// of a wrapped line whose head (a dateline) was cut off
				// ("World Bank president Barber Conable\nsaid …"). A byline,
				// a date line or a line before a dateline stands alone.
				ls := strings.LastIndexByte(text[:i], '\n') + 1
				runsOn := ls == 0 && j == i+1 && j < n && text[j] != '\n' && !endsSentence(text[:i]) &&
					!strings.HasPrefix(text, "By ") && !startsDateline(text[j:]) && !strings.ContainsAny(text[:i], "0123456789")
				if i-ls < shortLine && len(toks) > 0 && !runsOn {
					sentStart, paraStart = true, true
				}
				// A line that ends on a colon opens a list or a table:
				// its next line starts afresh ("Results of English league
				// soccer matches on Saturday :" / "Arsenal 2 Derby 0").
				if t := strings.TrimRight(text[ls:i], " \t\r"); strings.HasSuffix(t, ":") && len(toks) > 0 {
					sentStart = true
				}
				hyphen = false
				i++
				continue
			case c == ' ' || c == '\t' || c == '\r' || c < 0x20 || c == 0x7f:
				hyphen = false
				i++
				continue
			case isASCIIWordByte(c):
				// fall through to the word scanner below
			default:
				if c == '-' && len(toks) > 0 && toks[len(toks)-1].is(fWord) && int(toks[len(toks)-1].end) == i &&
					i+1 < n && startsWord(text[i+1:]) {
					hyphen = true
					i++
					continue
				}
				if (c == '\'') && i+1 < n && (text[i+1] == 's' || text[i+1] == 'S') && (i+2 >= n || !startsWord(text[i+2:])) &&
					len(toks) > 0 && toks[len(toks)-1].is(fWord) && int(toks[len(toks)-1].end) == i {
					toks[len(toks)-1].flags |= fPossessive
					i += 2
					continue
				}
				toks = append(toks, token{start: int32(i), end: int32(i + 1), punct: c})
				if c == '.' || c == '!' || c == '?' {
					sentStart = true
				}
				hyphen = false
				i++
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if c >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if r == '’' && i+size < n && (text[i+size] == 's' || text[i+size] == 'S') &&
				(i+size+1 >= n || !startsWord(text[i+size+1:])) && len(toks) > 0 && toks[len(toks)-1].is(fWord) &&
				int(toks[len(toks)-1].end) == i {
				toks[len(toks)-1].flags |= fPossessive
				i += size + 1
				continue
			}
			if r == '—' || r == '–' || r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' {
				toks = append(toks, token{start: int32(i), end: int32(i + size), punct: '"'})
			}
			if r == utf8.RuneError && size == 1 {
				// A byte that is not UTF-8 separates names, so that no
				// name or span includes it.
				toks = append(toks, token{start: int32(i), end: int32(i + 1), punct: 0xff})
			}
			if r == '\u00a0' || r == utf8.RuneError || unicode.IsSpace(r) {
				hyphen = false
			}
			i += size
			continue
		}
		// A word: letters and digits, with inner dots ("U.S"), apostrophes
		// ("O'Neil", not a possessive "'s") and ampersands ("AT&T").
		start := i
		j := i
		for j < n {
			b := text[j]
			if b < utf8.RuneSelf {
				if isASCIIWordByte(b) {
					j++
					continue
				}
				if (b == '.' || b == '&') && j+1 < n && j > start && isASCIILetter(text[j+1]) && (b == '&' || j+2 >= n || !isASCIILetter(text[j+2]) || text[j+2] == '.' || isUpperASCII(text[j+1])) {
					j++
					continue
				}
				if b == '\'' && j+1 < n && isASCIILetter(text[j+1]) && !(text[j+1] == 's' && (j+2 >= n || !startsWord(text[j+2:]))) && j > start {
					j++
					continue
				}
				break
			}
			r, size := utf8.DecodeRuneInString(text[j:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				j += size
				continue
			}
			if r == '’' && j > start && j+size < n && isASCIILetter(text[j+size]) && !(text[j+size] == 's' && (j+size+1 >= n || !startsWord(text[j+size+1:]))) {
				j += size
				continue
			}
			break
		}
		word := text[start:j]
		t := token{start: int32(start), end: int32(j), flags: fWord}
		// A final dot stays with an abbreviation, an initial or a dotted
		// acronym ("U.S."), which then does not end the sentence.
		if j < n && text[j] == '.' {
			k := keyOf(word)
			if abbreviations[k] || strings.Contains(word, ".") || (utf8.RuneCountInString(word) == 1 && isUpperASCII(word[0])) {
				t.end = int32(j + 1)
				t.flags |= fAbbr
				j++
			}
		}
		t.key = keyOf(text[t.start:t.end])
		setShape(&t, word)
		if hyphen {
			t.flags |= fHyphen
		} else if sentStart {
			t.flags |= fSentStart
		}
		if paraStart {
			t.flags |= fParaStart
		}
		sentStart, paraStart, hyphen = false, false, false
		toks = append(toks, t)
		i = j
	}
	return toks
}

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

func startsWord(s string) bool {
	if s == "" {
		return false
	}
	if s[0] < utf8.RuneSelf {
		return isASCIIWordByte(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func setShape(t *token, word string) {
	first := true
	upper, lower := 0, 0
	for _, r := range word {
		if r >= '0' && r <= '9' || (r >= utf8.RuneSelf && unicode.IsDigit(r)) {
			t.flags |= fDigit
			continue
		}
		isUp := r >= 'A' && r <= 'Z' || (r >= utf8.RuneSelf && unicode.IsUpper(r))
		isLow := r >= 'a' && r <= 'z' || (r >= utf8.RuneSelf && unicode.IsLower(r))
		if first && (isUp || isLow) {
			if isUp {
				t.flags |= fCap
			} else {
				t.flags |= fLower
			}
			first = false
		}
		if isUp {
			upper++
		} else if isLow {
			lower++
		}
	}
	if upper > 0 && lower == 0 {
		t.flags |= fUpper
	}
}

// keyOf is the matching key of a word or name: pulse.NormalizeKey with
// hyphens read as spaces, computed without allocation for plain lower-case
// ASCII.
func keyOf(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		// Any space separates words: a name broken over a line
		// ("Temple\nInland") has the key of the name on one line.
		if c >= utf8.RuneSelf || c == ' ' || c == '-' || c == '\n' || c == '\t' || c == '\r' {
			ascii = false
			break
		}
	}
	if ascii {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'A' && c <= 'Z':
				b = append(b, c+'a'-'A')
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '&':
				b = append(b, c)
			}
		}
		return string(b)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(pulse.NormalizeKey(s), "-", " ")), " ")
}

// endsSentence reports whether text ends with the punctuation that ends a
// sentence, or a colon.
func endsSentence(text string) bool {
	t := strings.TrimRight(text, " \t\r\"'’”)")
	return t == "" || strings.ContainsAny(t[len(t)-1:], ".!?:")
}

// startsDateline reports whether text opens with a dateline, which
// starts a story after a byline line.
func startsDateline(text string) bool {
	place, _, _ := InlineDateline(text)
	return place != ""
}
