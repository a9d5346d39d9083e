package pulse

import (
	"strings"
	"unicode"
)

// NormalizeKey folds a name, alias or id to the form the index's key
// fields hold and filters are matched against: lower case, Latin accents
// removed, dots and apostrophes dropped ("U.S." → "us", "O'Neil" →
// "oneil"), hyphens, other punctuation and runs of space turned into one
// space ("al-Shaibani" and "Al Shaibani" → "al shaibani"). Both sides of
// every comparison go through it, so a filter is case-, accent- and
// hyphen-insensitive.
func NormalizeKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == '\'' || r == '’' || r == '‘':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' || r == ':' || r == '_':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if f, ok := latinFold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		default:
			space = true
		}
	}
	return b.String()
}

// latinFold maps accented Latin letters to their plain forms; a table is
// enough for names and keeps this package free of x/text.
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "c": "çćĉċčÇĆĈĊČ", "d": "ďđĎĐ",
		"e": "èéêëēĕėęěÈÉÊËĒĔĖĘĚ", "g": "ĝğġģĜĞĠĢ", "h": "ĥħĤĦ",
		"i": "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "j": "ĵĴ", "k": "ķĶ", "l": "ĺļľŀłĹĻĽĿŁ",
		"n": "ñńņňÑŃŅŇ", "o": "òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "r": "ŕŗřŔŖŘ",
		"s": "śŝşšșŚŜŞŠȘ", "t": "ţťŧțŢŤŦȚ", "u": "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ",
		"w": "ŵŴ", "y": "ýÿŷÝŸŶ", "z": "źżžŹŻŽ", "ss": "ß", "ae": "æÆ", "oe": "œŒ",
	}
	for plain, accented := range groups {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()
