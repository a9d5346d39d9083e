package qlang

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRepairs bounds the fixes Forgive makes one by one before it reads
// the query as plain words.
const maxRepairs = 32

// Forgive parses a query the way a search box should, after
// Elasticsearch's simple_query_string: a syntax error never ends the
// search. Each error is mended where the parser found it, by the closest
// sensible reading — the missing closing quote or parenthesis added, a
// dangling AND, OR, NOT, "-" or "+" dropped, an unmatched ")" or empty
// "()" dropped, a field with no value dropped, a bad date or value read as
// words, a word the syntax cannot take ("*", "x~9") reduced to its letters
// and digits — and, should that not converge, the whole query is read as
// its plain words.
//
// It returns the parsed query, the text it read (the input when nothing
// was mended) and why each change was made, for the reader ("the closing
// quote was missing"). The error is a *LimitError when the query exceeds
// lim, as with Parse, or a plain error when lim is invalid; never a
// *SyntaxError.
func Forgive(input string, lim Limits) (*Query, string, []string, error) {
	var why []string
	s := input
	if checkInput(s) != nil {
		// Control characters have no meaning in a query.
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) && !unicode.IsSpace(r) {
				return ' '
			}
			return r
		}, strings.ToValidUTF8(s, " "))
		why = append(why, "characters that cannot be searched were dropped")
	}
	for range maxRepairs {
		q, err := Parse(s, lim)
		var se *SyntaxError
		if !errors.As(err, &se) {
			if err == nil && len(why) > 0 {
				return q, s, why, nil
			}
			return q, input, nil, err
		}
		fixed, reason := repair(s, se.Offset)
		if fixed == s {
			break
		}
		s = fixed
		if !containsString(why, reason) {
			why = append(why, reason)
		}
	}
	s = plainWords(input)
	q, err := Parse(s, lim)
	if err != nil {
		return nil, input, nil, err
	}
	return q, s, []string{"its syntax could not be followed, so it was read as plain words"}, nil
}

// repair mends the syntax error found at byte offset off of s, returning
// the mended text and why, or s itself when it has no fix.
func repair(s string, off int) (string, string) {
	if off >= len(s) && strings.Count(s, `"`)%2 == 1 {
		return s + `"`, "the closing quote was missing"
	}
	toks, lexErr := tokensBefore(s, off)
	var prev token
	if len(toks) > 0 {
		prev = toks[len(toks)-1]
	}
	end := func(t token) int { return t.pos + tokenLen(s, t) }
	cut := func(from, to int) string {
		left, right := strings.TrimRightFunc(s[:from], unicode.IsSpace), strings.TrimLeftFunc(s[to:], unicode.IsSpace)
		if left == "" || right == "" {
			return left + right
		}
		return left + " " + right
	}

	// A field name the lexer refused: "title:" followed by a space, a
	// ")" or nothing.
	if lexErr && off > 0 && s[off-1] == ':' {
		i := strings.LastIndexFunc(s[:off-1], func(r rune) bool { return isBoundary(r) || r == '-' || r == '+' }) + 1
		name := s[i : off-1]
		rest := strings.TrimLeftFunc(s[off:], unicode.IsSpace)
		if rest != "" && rest[0] != ')' && rest[0] != '(' {
			return s[:off] + rest, fmt.Sprintf("%q was read with the value after it", name+":")
		}
		return cut(i, off), fmt.Sprintf("%q with nothing after it was dropped", name+":")
	}

	switch prev.kind {
	case tAnd, tOr, tNot, tMinus, tPlus:
		if off >= len(s) || s[off] == ')' || !lexErr && startsOperator(s, off) {
			return cut(prev.pos, end(prev)), fmt.Sprintf("%s with nothing after it was dropped", prev.describe())
		}
	case tEOF, tLParen:
		// AND or OR opening the query or a group joins nothing to what
		// follows.
		if t, ok := tokenAt(s, off); ok && (t.kind == tAnd || t.kind == tOr) {
			return cut(t.pos, end(t)), fmt.Sprintf("%s with nothing before it was dropped", t.describe())
		}
	}
	if off < len(s) && s[off] == ')' {
		switch prev.kind {
		case tLParen:
			return cut(prev.pos, off+1), "empty parentheses were dropped"
		case tField:
			return cut(prev.pos, end(prev)), fmt.Sprintf("%s with nothing after it was dropped", prev.describe())
		}
		return cut(off, off+1), `an unmatched ")" was dropped`
	}
	if off >= len(s) {
		switch prev.kind {
		case tLParen:
			return cut(prev.pos, end(prev)), `an unmatched "(" was dropped`
		case tField:
			return cut(prev.pos, end(prev)), fmt.Sprintf("%s with nothing after it was dropped", prev.describe())
		}
		if strings.Count(s, "(") > strings.Count(s, ")") {
			return s + ")", "the closing parenthesis was missing"
		}
	}
	if off < len(s) && s[off] == '"' && strings.HasPrefix(s[off:], `""`) {
		return cut(off, off+2), "an empty phrase was dropped"
	}
	if off > 0 && off <= len(s) && s[off-1] == '~' && off >= 2 && s[off-2] == '"' {
		// A phrase's proximity that is not a number from 1 to maxSlop.
		stop := off
		for stop < len(s) {
			r, size := utf8.DecodeRuneInString(s[stop:])
			if isBoundary(r) {
				break
			}
			stop += size
		}
		return s[:off-1] + s[stop:], "a proximity that is not a number was dropped"
	}
	// A value the field cannot take (a date that is not one, a value
	// without letters): the field name and its value are read as words.
	if prev.kind == tField && prev.pos < off {
		colon := prev.pos + strings.IndexByte(s[prev.pos:], ':')
		return s[:colon] + " " + s[colon+1:], fmt.Sprintf("%s was read as words", prev.describe())
	}
	// A word the syntax cannot take ("*", "oil~x", "a*~"): its letters and
	// digits are kept.
	// The word holding the error, else the one starting there.
	words := toks
	if t, ok := tokenAt(s, off); ok {
		words = append([]token{t}, toks...)
	}
	for i := len(words) - 1; i >= 0; i-- {
		t := words[i]
		if t.kind == tWord && t.pos <= off && off <= end(t) {
			if i := strings.LastIndexByte(t.text, '~'); i > 0 && i < len(t.text)-1 && strings.Trim(t.text[i+1:], "0123456789") == "" && plainWords(t.text[:i]) == t.text[:i] {
				// A typo distance beyond 2: the most Pulse allows.
				return s[:t.pos] + t.text[:i] + "~2" + s[end(t):], fmt.Sprintf("%s was read as %q", t.describe(), t.text[:i]+"~2")
			}
			plain := plainWords(t.text)
			if plain == "" {
				return cut(t.pos, end(t)), fmt.Sprintf("%s was dropped", t.describe())
			}
			return s[:t.pos] + plain + s[end(t):], fmt.Sprintf("%s was read as %q", t.describe(), plain)
		}
	}
	return s, ""
}

// tokensBefore lexes s, returning the tokens that start before byte
// offset off, and whether the lexer failed before reaching it.
func tokensBefore(s string, off int) ([]token, bool) {
	lx := lexer{in: s}
	var out []token
	for {
		t, err := lx.next()
		if err != nil {
			return out, true
		}
		if t.kind == tEOF || t.pos >= off {
			return out, false
		}
		out = append(out, t)
	}
}

// tokenLen is the length in bytes of token t as written in s.
func tokenLen(s string, t token) int {
	switch t.kind {
	case tAnd, tNot:
		return 3
	case tOr:
		return 2
	case tLParen, tRParen, tMinus, tPlus:
		return 1
	case tField:
		return strings.IndexByte(s[t.pos:], ':') + 1
	case tWord:
		return len(t.text)
	}
	return 0
}

// tokenAt lexes the token starting at byte offset off.
func tokenAt(s string, off int) (token, bool) {
	lx := lexer{in: s, pos: off}
	t, err := lx.next()
	return t, err == nil && t.kind != tEOF
}

// startsOperator reports whether an operator token starts at byte offset
// off: after another operator, the first of the two has nothing to apply
// to.
func startsOperator(s string, off int) bool {
	t, ok := tokenAt(s, off)
	if !ok {
		return false
	}
	switch t.kind {
	case tAnd, tOr, tNot, tMinus, tPlus:
		return true
	}
	return false
}

// plainWords keeps the letters and digits of s, everything else becoming
// a space, and writes the operators in lower case so they are words.
func plainWords(s string) string {
	fields := strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return r
		}
		return ' '
	}, strings.ToValidUTF8(s, " ")))
	for i, f := range fields {
		switch f {
		case "AND", "OR", "NOT":
			fields[i] = strings.ToLower(f)
		}
	}
	return strings.Join(fields, " ")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
