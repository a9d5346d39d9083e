package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInlineDateline bounds the text read for a dateline at the start of a
// body: "WASHINGTON, D.C., Sept. 14, 2024 (Reuters) —" fits with room.
const maxInlineDateline = 120

// InlineDateline finds a dateline at the start of body, as most CMS
// exports and HTML pages carry it ("BRASILIA, June 2 - President …",
// "BEIRUT (Reuters) — …", "Riyadh, April 9 —"). It returns the place part
// ("BRASILIA", "ALBANY, N.Y."), the date part as written ("June 2", "" when
// there is none) and the byte offset in body where the story proper
// starts; place is "" when body starts with no dateline.
//
// A dateline is a short run of capitalised words, optionally a date and a
// news agency in parentheses, then a dash. Without a date or an agency the
// place must be in capitals, so an ordinary sentence ("Exxon Corp - the
// oil company …") is not taken for one.
func InlineDateline(body string) (place, date string, rest int) {
	i := len(body) - len(strings.TrimLeft(body, " \t\n\r"))
	limit := min(len(body), i+maxInlineDateline)
	// The dash that ends the dateline: " - ", " -- ", an en or em dash.
	dash, after := -1, -1
	for k := i; k < limit; k++ {
		c := body[k]
		if c == '\n' && k > i && body[k-1] != ',' {
			// A dateline is one line; wire copy may wrap after a comma.
			break
		}
		switch {
		case c == '-' && k > i && body[k-1] == ' ':
			e := k + 1
			for e < len(body) && body[e] == '-' {
				e++
			}
			if e < len(body) && (body[e] == ' ' || body[e] == '\n') {
				dash, after = k, e
			}
		case strings.HasPrefix(body[k:], "—") || strings.HasPrefix(body[k:], "–"):
			dash, after = k, k+len("—")
		}
		if dash >= 0 {
			break
		}
	}
	if dash < 0 {
		return lineDateline(body, i)
	}
	head := strings.TrimSpace(body[i:dash])
	agency := false
	if strings.HasSuffix(head, ")") {
		open := strings.LastIndexByte(head, '(')
		if open < 0 || !agencyName(head[open+1:len(head)-1]) {
			return "", "", 0
		}
		agency = true
		head = strings.TrimSpace(head[:open])
	}
	head = strings.TrimSuffix(head, ",")
	placePart, datePart := splitDate(head)
	if placePart == "" || !placeWords(placePart) || sportSlug(placePart) {
		return "", "", 0
	}
	// Without a date or an agency, the city (the first part) must be in
	// capitals: "CHEVY CHASE, Md., - …" is a dateline, "Exxon Corp - the
	// oil company …" is not.
	city, _, _ := strings.Cut(placePart, ",")
	if datePart == "" && !agency && strings.ToUpper(city) != city {
		return "", "", 0
	}
	for after < len(body) && (body[after] == ' ' || body[after] == '\n') {
		after++
	}
	return placePart, datePart, after
}

// lineDateline reads a dateline that is a line of its own, the place in
// capitals and the date in ISO form, as Reuters' 1996–97 wire copy (and
// the NER sets made from it) gives it: "BRUSSELS 1996-08-22", "AL-AIN ,
// United Arab Emirates 1996-12-06". The body from i is read.
func lineDateline(body string, i int) (place, date string, rest int) {
	nl := strings.IndexByte(body[i:], '\n')
	if nl < 0 || nl > maxInlineDateline {
		return "", "", 0
	}
	line := strings.TrimSpace(body[i : i+nl])
	cut := strings.LastIndexByte(line, ' ')
	if cut < 0 || !isoDate(line[cut+1:]) {
		return "", "", 0
	}
	// Tokenised copy puts a space before each comma ("AL-AIN , United
	// Arab Emirates"); the place is kept as written, so that its spans
	// index the body.
	head := strings.TrimSpace(line[:cut])
	city, _, _ := strings.Cut(head, ",")
	if head == "" || !placeWords(head) || strings.ToUpper(city) != city {
		return "", "", 0
	}
	rest = i + nl
	for rest < len(body) && (body[rest] == ' ' || body[rest] == '\n' || body[rest] == '\r') {
		rest++
	}
	return head, line[cut+1:], rest
}

// namedDateline finds a byline that is a bare name on the body's first
// line with a dateline on the next, as wire copy gives them ("Peter
// Blackburn" / "BRUSSELS 1996-08-22" / the story). It returns where the
// name ends, where the dateline's line starts, the dateline's place, and
// where the story starts; place is "" when the body does not start so.
// The dateline after it is what makes a line of two to four capitalised
// words a name.
func namedDateline(body string) (nameEnd, at int, place string, rest int) {
	i := len(body) - len(strings.TrimLeft(body, " \t\n\r"))
	nl := strings.IndexByte(body[i:], '\n')
	if nl < 0 || nl > 60 {
		return 0, 0, "", 0
	}
	line := strings.TrimSpace(body[i : i+nl])
	words := strings.Fields(line)
	if len(words) > 0 && words[0] == "By" {
		// "By Farai Mutsaka": the byline reader takes the names.
		words = words[1:]
		if len(words) == 0 || len(words) > 12 {
			return 0, 0, "", 0
		}
	} else if len(words) < 2 || len(words) > 4 || strings.ToUpper(line) == line {
		return 0, 0, "", 0
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return 0, 0, "", 0
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '’' {
				return 0, 0, "", 0
			}
		}
	}
	at = i + nl + 1
	place, _, rest = InlineDateline(body[at:])
	if place == "" {
		return 0, 0, "", 0
	}
	return i + len(line), at, place, at + rest
}

// isoDate reports a date written yyyy-mm-dd.
func isoDate(w string) bool {
	if len(w) != 10 || w[4] != '-' || w[7] != '-' || !isYear(w[:4]) || !isDayNumber(w[5:7]) || !isDayNumber(w[8:]) {
		return false
	}
	return w[5:7] >= "01" && w[5:7] <= "12" && w[8:] >= "01" && w[8:] <= "31"
}

// sportSlugs open a wire's sports headline as a place opens a dateline
// ("SOCCER - JAPAN GET LUCKY WIN", "MOTOR RACING - …"): a sport, no place.
var sportSlugs = map[string]bool{"soccer": true, "tennis": true, "cricket": true, "golf": true, "rugby": true,
	"rugby union": true, "rugby league": true, "athletics": true, "boxing": true, "cycling": true, "skiing": true,
	"alpine skiing": true, "baseball": true, "basketball": true, "ice hockey": true, "hockey": true,
	"football": true, "american football": true, "swimming": true, "motor racing": true, "motorcycling": true,
	"horse racing": true, "racing": true, "sailing": true, "squash": true, "badminton": true, "volleyball": true,
	"handball": true, "snooker": true, "rowing": true, "judo": true, "wrestling": true, "chess": true, "nhl": true,
	"nba": true, "nfl": true, "mlb": true, "formula one": true, "sport": true, "sports": true}

// sportSlug reports whether the head of a would-be dateline is a sport's
// name, as wire sports headlines begin.
func sportSlug(head string) bool {
	return sportSlugs[strings.ToLower(strings.Join(strings.Fields(head), " "))]
}

// agencyName reports whether s names a news agency as datelines give it:
// a few words, capitalised ("Reuters", "AP", "Agence France-Presse").
func agencyName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// splitDate cuts a trailing date ("June 2", "2 June 2024", "Sept. 14,
// 2024") off the head of a dateline.
func splitDate(head string) (place, date string) {
	parts := strings.Split(head, ",")
	// The date starts at the first comma-separated part that begins with
	// a month or a day number.
	for k := 1; k < len(parts); k++ {
		f := strings.Fields(parts[k])
		if len(f) == 0 {
			continue
		}
		// A date after a region without its comma: "RICHMOND, Va. Feb 26".
		first := strings.ToLower(strings.TrimSuffix(f[0], "."))
		for w := 1; w < len(f) && !monthWord(first) && !isDayNumber(first); w++ {
			if monthWord(strings.ToLower(strings.TrimSuffix(f[w], "."))) {
				date := strings.TrimSpace(strings.Join(append([]string{strings.Join(f[w:], " ")}, parts[k+1:]...), ","))
				if dateWords(date) {
					place := strings.TrimSpace(strings.Join(parts[:k], ",") + ", " + strings.Join(f[:w], " "))
					return place, date
				}
			}
		}
		if monthWord(first) || isDayNumber(first) {
			date := strings.TrimSpace(strings.Join(parts[k:], ","))
			if !dateWords(date) {
				// "Raj Chohan, 59, was killed by a drunk hit - and -
				// run driver": an age and a sentence, no date.
				return strings.TrimSpace(head), ""
			}
			return strings.TrimSpace(strings.Join(parts[:k], ",")), date
		}
	}
	return strings.TrimSpace(head), ""
}

func monthWord(w string) bool {
	switch w {
	case "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december":
		return true
	}
	return false
}

// dateWords reports whether s reads as the date of a dateline: a few
// words, each a month, a weekday, a day number or a year ("June 2",
// "Tuesday, 2 June 2024").
func dateWords(s string) bool {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	if len(f) > 5 {
		return false
	}
	for _, w := range f {
		w = strings.ToLower(strings.TrimSuffix(w, "."))
		if monthWord(w) || weekday(w) || isDayNumber(w) && len(w) <= 2 && (len(w) == 1 || w <= "31") || isYear(w) {
			continue
		}
		return false
	}
	return true
}

func weekday(w string) bool {
	switch strings.TrimSuffix(w, "day") {
	case "mon", "tues", "tue", "wednes", "wed", "thurs", "thu", "fri", "satur", "sat", "sun":
		return true
	}
	return false
}

// isYear reports a year of four digits.
func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isDayNumber(w string) bool {
	if len(w) == 0 || len(w) > 2 {
		return false
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// placeWords reports whether s reads as the place of a dateline: one to
// four comma-separated parts of one to four capitalised words each
// ("ALBANY, N.Y.", "Rio de Janeiro", "WASHINGTON, D.C.").
func placeWords(s string) bool {
	parts := strings.Split(s, ",")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		words := strings.Fields(p)
		if len(words) == 0 || len(words) > 4 {
			return false
		}
		capped := 0
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsUpper(r):
				capped++
			case w == "de" || w == "da" || w == "do" || w == "del" || w == "la" || w == "al" || w == "es" || w == "el":
				// particles of place names: Rio de Janeiro, Dar es Salaam
			default:
				return false
			}
			for _, c := range w {
				if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '’' {
					return false
				}
			}
		}
		if capped == 0 {
			return false
		}
	}
	return true
}
