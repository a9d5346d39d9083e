package corpus

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// sepText is each separator class as text; sepJSON the same escaped for a
// JSON string.
var sepText = [numSeps]string{
	sepSpace: " ", sepComma: ", ", sepStop: ". ", sepPara: ".\n\n",
	sepNumComma: ",", sepNumDot: ".", sepHyphen: "-", sepSlash: "/",
	sepApos: "'", sepColon: ": ", sepSemi: "; ", sepAbbr: ". ",
	sepDotJoin: ".", sepPct: "% ", sepDash: " - ", sepEnd: ". ",
}

// aposNext are the words that may follow an apostrophe.
var aposNext = map[string]bool{"s": true, "t": true, "d": true, "m": true, "ll": true, "re": true, "ve": true}

// word returns a token's lower-case form.
func (g *Generator) word(t tok) string {
	if t.id < g.v0 {
		return g.m.types[t.id]
	}
	return g.inv[t.id-g.v0]
}

// caseClass resolves a token's case class.
func (g *Generator) caseClass(t tok) uint8 {
	if t.id >= g.v0 {
		return g.invCase[t.id-g.v0]
	}
	if oc := t.meta >> 4; oc != occDefault {
		return oc - 1
	}
	return g.m.dom[t.id]
}

// mixedForm is the usual surface of a mixed-case source type.
func (g *Generator) mixedForm(t tok, c uint8) string {
	if c != caseMixed || t.id >= g.v0 {
		return ""
	}
	return g.m.mixed[t.id]
}

// sepBetween is the separator class after t, given the word after it.
func sepBetween(t tok, w, next string, title bool) uint8 {
	c := t.meta & 15
	switch c {
	case sepNumComma, sepNumDot:
		if !isDigits(w) || !isDigits(next) {
			return sepSpace
		}
	case sepDotJoin:
		if utf8.RuneCountInString(w) != 1 || utf8.RuneCountInString(next) != 1 || isDigits(w) || isDigits(next) {
			return sepSpace
		}
	case sepApos:
		if !aposNext[next] {
			return sepSpace
		}
	case sepEnd:
		c = sepStop
	}
	if title && (c == sepStop || c == sepPara || c == sepColon || c == sepSemi) {
		return sepSpace
	}
	return c
}

// appendWord appends w in case class c.
func appendWord(dst []byte, w string, c uint8, mixed string) []byte {
	start := len(dst)
	switch c {
	case caseLower:
		return append(dst, w...)
	case caseMixed:
		if mixed != "" {
			return append(dst, mixed...)
		}
		return append(dst, w...)
	case caseTitle:
		dst = append(dst, w...)
		if b := dst[start]; 'a' <= b && b <= 'z' {
			dst[start] = b - ('a' - 'A')
			return dst
		}
		r, size := utf8.DecodeRuneInString(w)
		return append(append(dst[:start], string(unicode.ToTitle(r))...), w[size:]...)
	}
	dst = append(dst, w...)
	for i := start; i < len(dst); i++ {
		b := dst[i]
		if b >= utf8.RuneSelf {
			return append(dst[:start], strings.ToUpper(w)...)
		}
		if 'a' <= b && b <= 'z' {
			dst[i] = b - ('a' - 'A')
		}
	}
	return dst
}

// renderTitle appends the title; esc escapes it for JSON.
func (g *Generator) renderTitle(dst []byte, esc bool) []byte {
	for i, t := range g.title {
		w := g.word(t)
		c := g.caseClass(t)
		if g.m.titleUpper {
			c = caseUpper
		} else if i == 0 && c == caseLower {
			c = caseTitle
		}
		dst = appendWord(dst, w, c, g.mixedForm(t, c))
		if i+1 < len(g.title) {
			dst = append(dst, sepText[sepBetween(t, w, g.word(g.title[i+1]), true)]...)
		}
	}
	return dst
}

// renderBody appends the body, capitalising sentence starts, breaking
// paragraphs with the source's separator and wrapping lines at its width.
func (g *Generator) renderBody(dst []byte, esc bool) []byte {
	para := g.m.paraSep
	nl := "\n"
	if esc {
		para = jsonEscape(para)
		nl = `\n`
	}
	indent := len(g.m.paraSep) - strings.LastIndex(g.m.paraSep, "\n") - 1
	line := 0
	start, apos := true, false
	for i, t := range g.body {
		w := g.word(t)
		c := g.caseClass(t)
		if start && c == caseLower {
			c = caseTitle
		} else if apos {
			c = caseLower
		}
		before := len(dst)
		dst = appendWord(dst, w, c, g.mixedForm(t, c))
		line += len(dst) - before
		if i+1 == len(g.body) {
			if s := t.meta & 15; s != sepNumComma && s != sepNumDot {
				dst = append(dst, '.')
			}
			break
		}
		next := g.word(g.body[i+1])
		s := sepBetween(t, w, next, false)
		start = s == sepStop || s == sepPara
		apos = s == sepApos
		if s == sepPara {
			dst = append(dst, '.')
			dst = append(dst, para...)
			line = indent
			continue
		}
		text := sepText[s]
		if g.m.wrap > 0 && strings.HasSuffix(text, " ") && line+len(text)+len(next) > g.m.wrap {
			dst = append(dst, text[:len(text)-1]...)
			dst = append(dst, nl...)
			line = 0
			continue
		}
		dst = append(dst, text...)
		line += len(text)
	}
	return dst
}

// appendDate appends the article's date as RFC 3339 in UTC with
// milliseconds.
func (g *Generator) appendDate(dst []byte) []byte {
	const day = 24 * 3600 * 1000
	dayMS := g.ms - g.ms%day
	if dayMS != g.dayMS || g.dayText == "" {
		g.dayMS = dayMS
		g.dayText = time.UnixMilli(dayMS).UTC().Format("2006-01-02T")
	}
	dst = append(dst, g.dayText...)
	ms := int(g.ms % day)
	dst = append2(dst, ms/3600000)
	dst = append(dst, ':')
	dst = append2(dst, ms/60000%60)
	dst = append(dst, ':')
	dst = append2(dst, ms/1000%60)
	dst = append(dst, '.')
	dst = append(dst, byte('0'+ms%1000/100), byte('0'+ms%100/10), byte('0'+ms%10))
	return append(dst, 'Z')
}

func append2(dst []byte, v int) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10))
}

// appendDateline appends the template's dateline, its date replaced by the
// article's ("NEW YORK, Feb 26").
func (g *Generator) appendDateline(dst []byte, esc bool) []byte {
	t := g.tmpl
	if t.city == "" {
		return dst
	}
	if esc {
		dst = append(dst, t.cityJSON...)
	} else {
		dst = append(dst, t.city...)
	}
	if t.cityDated {
		d := time.UnixMilli(g.ms).UTC()
		dst = append(dst, ", "...)
		dst = append(dst, d.Month().String()[:3]...)
		dst = append(dst, ' ')
		dst = itoa(dst, d.Day())
	}
	return dst
}

func itoa(dst []byte, v int) []byte {
	if v >= 10 {
		dst = itoa(dst, v/10)
	}
	return append(dst, byte('0'+v%10))
}

// jsonEscape returns s escaped for the inside of a JSON string.
func jsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
