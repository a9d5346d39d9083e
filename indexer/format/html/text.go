package html

import (
	"strings"
	"unicode"

	"codeberg.org/readeck/go-readability/v2/render"
	xhtml "golang.org/x/net/html"
)

// Text renders an HTML fragment as plain text: one paragraph per block
// element or line break, separated by "\n\n", white space normalised,
// entities decoded, scripts and styles dropped. Text without markup is
// only unescaped and normalised.
func Text(fragment string) string {
	if !strings.ContainsRune(fragment, '<') {
		return Paragraphs(xhtml.UnescapeString(fragment))
	}
	doc, err := xhtml.Parse(strings.NewReader(fragment))
	if err != nil {
		// The parser fails only when its reader does; a string never does.
		return Paragraphs(fragment)
	}
	return Paragraphs(render.InnerText(doc))
}

// Inline is Text on one line: the paragraphs joined with a space, for a
// headline, a name or a label.
func Inline(fragment string) string {
	return strings.ReplaceAll(Text(fragment), "\n\n", " ")
}

// Paragraphs normalises plain text: each non-blank line becomes a
// paragraph, runs of white space (no-break and zero-width spaces too)
// become one space, control characters and invalid UTF-8 are dropped, and
// paragraphs are joined with "\n\n".
func Paragraphs(text string) string {
	text = strings.ToValidUTF8(text, "")
	var out []string
	for _, line := range strings.FieldsFunc(text, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == '\u2028' || r == '\u2029'
	}) {
		words := strings.FieldsFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' || r == '\u00ad' || r == '\u2060' || r == '\ufffd'
		})
		if len(words) > 0 {
			out = append(out, strings.Join(words, " "))
		}
	}
	return strings.Join(out, "\n\n")
}
