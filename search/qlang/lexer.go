package qlang

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind int

const (
	tEOF    tokKind = iota
	tWord           // a run of characters other than space, parentheses and quotes
	tPhrase         // "…", with an optional ~N
	tField          // a known field name followed by ":"
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tMinus // "-" attached to what follows
	tPlus  // "+" attached to what follows
)

// token is one lexical element. pos is its byte offset in the input.
type token struct {
	kind tokKind
	pos  int
	text string // tWord: raw text; tPhrase: the inside; tField: the lower-case name
	slop int    // tPhrase: the ~N, 0 if none
}

// maxSlop bounds a proximity: beyond it a window is the whole article.
const maxSlop = 1000

// lexer splits a query into tokens. It assumes the input is valid UTF-8
// free of control characters (checkInput).
type lexer struct {
	in  string
	pos int
}

// describe names a token for "found …" in an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tWord:
		return strconv.Quote(truncate(t.text))
	case tPhrase:
		return "phrase " + strconv.Quote(truncate(t.text))
	case tField:
		return strconv.Quote(t.text + ":")
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tAnd:
		return "AND"
	case tOr:
		return "OR"
	case tNot:
		return "NOT"
	case tMinus:
		return `"-"`
	case tPlus:
		return `"+"`
	}
	return "?"
}

func truncate(s string) string {
	const n = 30
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// checkInput rejects invalid UTF-8 and control characters other than
// white space, which have no place in a query and would otherwise reach
// the analyser or an error message.
func checkInput(in string) error {
	for i, r := range in {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(in[i:]); size == 1 {
				return syntaxErrorf(in, i, "invalid UTF-8 byte 0x%02x", in[i])
			}
		}
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return syntaxErrorf(in, i, "unexpected control character %U", r)
		}
	}
	return nil
}

// isBoundary reports whether r ends a word.
func isBoundary(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"'
}

// at returns the rune at byte offset i, or -1 at the end.
func (lx *lexer) at(i int) rune {
	if i >= len(lx.in) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(lx.in[i:])
	return r
}

// next returns the next token.
func (lx *lexer) next() (token, error) {
	// Skip space, and a "-" or "+" standing alone: "oil - gas" is a
	// hyphen in pasted text, not an exclusion of nothing.
	for lx.pos < len(lx.in) {
		r, size := utf8.DecodeRuneInString(lx.in[lx.pos:])
		if unicode.IsSpace(r) {
			lx.pos += size
			continue
		}
		if (r == '-' || r == '+') && lx.lone(lx.pos+1) {
			lx.pos++
			continue
		}
		break
	}
	start := lx.pos
	if start >= len(lx.in) {
		return token{kind: tEOF, pos: start}, nil
	}
	switch lx.in[start] {
	case '(':
		lx.pos++
		return token{kind: tLParen, pos: start}, nil
	case ')':
		lx.pos++
		return token{kind: tRParen, pos: start}, nil
	case '"':
		return lx.phrase()
	case '-':
		lx.pos++
		return token{kind: tMinus, pos: start}, nil
	case '+':
		lx.pos++
		return token{kind: tPlus, pos: start}, nil
	}
	end := start
	for end < len(lx.in) {
		r, size := utf8.DecodeRuneInString(lx.in[end:])
		if isBoundary(r) {
			break
		}
		end += size
	}
	word := lx.in[start:end]
	switch word {
	case "AND":
		lx.pos = end
		return token{kind: tAnd, pos: start}, nil
	case "OR":
		lx.pos = end
		return token{kind: tOr, pos: start}, nil
	case "NOT":
		lx.pos = end
		return token{kind: tNot, pos: start}, nil
	}
	if i := strings.IndexByte(word, ':'); i > 0 {
		name := strings.ToLower(word[:i])
		if _, ok := scopes[name]; ok {
			after := start + i + 1
			if r := lx.at(after); r == -1 || unicode.IsSpace(r) || r == ')' {
				return token{}, syntaxErrorf(lx.in, after, "expected a value right after %q, found %s", name+":", describeRune(r))
			}
			lx.pos = after
			return token{kind: tField, pos: start, text: name}, nil
		}
	}
	lx.pos = end
	return token{kind: tWord, pos: start, text: word}, nil
}

// lone reports whether the byte offset i is the end of the input or a
// boundary other than a quote or "(", so that a "-" or "+" before it
// applies to nothing.
func (lx *lexer) lone(i int) bool {
	r := lx.at(i)
	return r == -1 || unicode.IsSpace(r) || r == ')'
}

func describeRune(r rune) string {
	switch {
	case r == -1:
		return "end of query"
	case unicode.IsSpace(r):
		return "a space"
	}
	return strconv.Quote(string(r))
}

// phrase lexes "…" and an optional ~N.
func (lx *lexer) phrase() (token, error) {
	start := lx.pos
	end := strings.IndexByte(lx.in[start+1:], '"')
	if end < 0 {
		return token{}, syntaxErrorf(lx.in, len(lx.in), `expected a closing quote for the quote opened at position %d, found end of query`, column(lx.in, start))
	}
	end += start + 1
	t := token{kind: tPhrase, pos: start, text: lx.in[start+1 : end]}
	lx.pos = end + 1
	if lx.at(lx.pos) != '~' {
		return t, nil
	}
	tilde := lx.pos
	i := tilde + 1
	for i < len(lx.in) && lx.in[i] >= '0' && lx.in[i] <= '9' {
		i++
	}
	digits := lx.in[tilde+1 : i]
	for i < len(lx.in) {
		if r := lx.at(i); isBoundary(r) {
			break
		}
		_, size := utf8.DecodeRuneInString(lx.in[i:])
		i += size
	}
	raw := lx.in[tilde+1 : i]
	n, err := strconv.Atoi(digits)
	if digits == "" || raw != digits || err != nil || n < 1 || n > maxSlop {
		return token{}, syntaxErrorf(lx.in, tilde+1, "expected a proximity from 1 to %d after ~, found %s", maxSlop, quoteOrEnd(raw))
	}
	t.slop = n
	lx.pos = i
	return t, nil
}

func quoteOrEnd(s string) string {
	if s == "" {
		return "nothing"
	}
	return strconv.Quote(truncate(s))
}
