package newstext

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pulsesearch/pulse"
)

// isoLayouts are machine dates beyond RFC 3339: numeric zones without a
// colon, as in HTML meta tags and JSON-LD, and the HTTP and mail forms.
var isoLayouts = []string{
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -0700 MST",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.ANSIC,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
}

// textLayouts are human dates after normalisation (weekdays, ordinals,
// commas, "at" and zones removed; a.m./p.m. written AM/PM).
var textLayouts = []string{
	"January 2 2006 3:04 PM", "January 2 2006 3:04:05 PM", "January 2 2006 15:04", "January 2 2006 15:04:05", "January 2 2006",
	"Jan 2 2006 3:04 PM", "Jan 2 2006 3:04:05 PM", "Jan 2 2006 15:04", "Jan 2 2006 15:04:05", "Jan 2 2006",
	"2 January 2006 3:04 PM", "2 January 2006 15:04", "2 January 2006 15:04:05", "2 January 2006",
	"2 Jan 2006 3:04 PM", "2 Jan 2006 15:04", "2 Jan 2006 15:04:05", "2 Jan 2006",
	"3:04 PM January 2 2006", "15:04 January 2 2006", "3:04 PM Jan 2 2006", "15:04 Jan 2 2006",
	"3:04 PM 2 January 2006", "15:04 2 January 2006", "3:04 PM 2 Jan 2006", "15:04 2 Jan 2006",
	"2006-01-02 15:04", "2006-01-02 3:04 PM", "2006/01/02 15:04", "2006/01/02",
	"02.01.2006 15:04", "02.01.2006", "2.1.2006",
}

// zoneOffsets are the zone abbreviations pages print, as fixed offsets in
// seconds. The US zones without a season letter ("ET") follow the US
// daylight-saving rule; see usOffset.
var zoneOffsets = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"BST": 3600, "CET": 3600, "WAT": 3600, "WEST": 3600,
	"CEST": 7200, "EET": 7200, "CAT": 7200, "SAST": 7200,
	"EEST": 10800, "EAT": 10800, "MSK": 10800, "AST": 10800,
	"GST": 4 * 3600, "PKT": 5 * 3600, "IST": 5*3600 + 1800, "ICT": 7 * 3600, "WIB": 7 * 3600,
	"HKT": 8 * 3600, "SGT": 8 * 3600, "AWST": 8 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600, "NZST": 12 * 3600, "NZDT": 13 * 3600,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
}

// usZones are US zones named without the season; the value is the
// standard-time offset in hours.
var usZones = map[string]int{"ET": -5, "CT": -6, "MT": -7, "PT": -8}

var (
	reWeekday   = regexp.MustCompile(`(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?,?`)
	reOrdinal   = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
	reMonthDot  = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.`)
	reSept      = regexp.MustCompile(`(?i)\bsept\b`)
	reMeridiem  = regexp.MustCompile(`(?i)(\d)\s*([ap])\.?\s?m\b\.?`)
	reAt        = regexp.MustCompile(`(?i)\s(at|@|-|–|—|\|)\s`)
	reNumZone   = regexp.MustCompile(`(?i)\s\(?(?:(?:utc|gmt)\s?)?([+-])(\d{1,2})(?::?(\d{2}))?\)?$`)
	reWordZone  = regexp.MustCompile(`\s\(?([A-Z]{1,4})\)?$`)
	reSlashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(.*))?$`)
	reSpaces    = regexp.MustCompile(`\s+`)
)

// datePrefix matches the labels a page puts before a date; the caller
// tells published from updated by the label.
var datePrefix = regexp.MustCompile(`(?i)^(?:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated(?:\s+on)?|last\s+modified|modified|date|dated|on)\s*:?\s+`)

// ParseDate reads a date as news pages print it and returns it in UTC:
// RFC 3339 and other ISO 8601 forms, HTTP and mail dates, and human forms
// such as "March 12, 2025", "12 Mar 2025 10:30", "Wednesday 12th March
// 2025 at 10:30 a.m. GMT" or "Mar. 12, 2025 3:04 PM ET". A leading label
// ("Published:", "Updated on") is ignored. Numeric d/m/y dates are read
// only when unambiguous ("25/03/2025", or dotted "25.03.2025"). A date
// without a zone is taken as UTC. It reports false when s is not a date,
// or names a year outside 1900–2100.
func ParseDate(s string) (time.Time, bool) { return ParseDateIn(s, time.UTC) }

// ParseDateIn is ParseDate with loc as the zone of a date that names
// none (nil means UTC). The result is in UTC.
func ParseDateIn(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".,;|·•"))
	if s == "" || len(s) > 80 {
		return time.Time{}, false
	}
	s = datePrefix.ReplaceAllString(s, "")
	t, ok := parseDate(s, loc)
	if !ok || t.Year() < 1900 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

func parseDate(s string, loc *time.Location) (time.Time, bool) {
	if t, err := pulse.ParseTime(s, loc); err == nil && strings.ContainsAny(s, "-") && len(s) >= 10 {
		return t, true
	}
	for _, l := range isoLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	n := normalizeDate(s)
	n, off, zoned := cutZone(n)
	zone := loc
	if zoned {
		zone = time.FixedZone("", off)
	}
	if t, ok := parseSlashDate(n, zone); ok {
		return t, true
	}
	for _, l := range textLayouts {
		if t, err := time.ParseInLocation(l, n, zone); err == nil {
			return t, true
		}
	}
	// A US zone named without its season: parse as standard time, then
	// move to daylight time if the date falls within it.
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		if std, ok := usZones[strings.ToUpper(n[i+1:])]; ok {
			rest := n[:i]
			for _, l := range textLayouts {
				if t, err := time.ParseInLocation(l, rest, time.UTC); err == nil {
					return t.Add(-time.Duration(usOffset(t, std)) * time.Second), true
				}
			}
		}
	}
	return time.Time{}, false
}

// normalizeDate rewrites a human date into the shapes textLayouts know.
func normalizeDate(s string) string {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	s = reWeekday.ReplaceAllString(s, " ")
	s = reOrdinal.ReplaceAllString(s, "$1")
	s = reMonthDot.ReplaceAllString(s, "$1")
	s = reSept.ReplaceAllString(s, "Sep")
	s = reMeridiem.ReplaceAllStringFunc(s, func(m string) string {
		sm := reMeridiem.FindStringSubmatch(m)
		return sm[1] + " " + strings.ToUpper(sm[2]) + "M"
	})
	s = strings.ReplaceAll(s, ",", " ")
	s = reSpaces.ReplaceAllString(strings.TrimSpace(s), " ")
	for {
		r := reAt.ReplaceAllString(s, " ")
		if r == s {
			break
		}
		s = r
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	return s
}

// cutZone removes a trailing zone from s and returns its offset.
func cutZone(s string) (string, int, bool) {
	if m := reNumZone.FindStringSubmatchIndex(s); m != nil {
		sign := s[m[2]:m[3]]
		h, _ := strconv.Atoi(s[m[4]:m[5]])
		mins := 0
		if m[6] >= 0 {
			mins, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		off := h*3600 + mins*60
		if sign == "-" {
			off = -off
		}
		return strings.TrimSpace(s[:m[0]]), off, true
	}
	if m := reWordZone.FindStringSubmatchIndex(s); m != nil {
		if off, ok := zoneOffsets[s[m[2]:m[3]]]; ok {
			return strings.TrimSpace(s[:m[0]]), off, true
		}
	}
	return s, 0, false
}

// parseSlashDate reads d/m/y or m/d/y when only one reading is a date.
func parseSlashDate(s string, loc *time.Location) (time.Time, bool) {
	m := reSlashDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	var day, month int
	switch {
	case a > 12 && b <= 12:
		day, month = a, b
	case b > 12 && a <= 12:
		day, month = b, a
	case a == b:
		day, month = a, b
	default:
		return time.Time{}, false
	}
	if month < 1 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	hour, minute, ok := 0, 0, m[4] == ""
	for _, l := range []string{"15:04", "3:04 PM", "15:04:05"} {
		if ok {
			break
		}
		if t, err := time.Parse(l, m[4]); err == nil {
			hour, minute, ok = t.Hour(), t.Minute(), true
		}
	}
	if !ok {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(month), day, hour, minute, 0, 0, loc)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// usOffset returns the UTC offset in seconds of a US zone whose standard
// offset is std hours, at the wall-clock time t (read as if UTC): daylight
// time runs from 2:00 on the second Sunday of March to 2:00 on the first
// Sunday of November (the rule since 2007).
func usOffset(t time.Time, std int) int {
	y := t.Year()
	start := nthSunday(y, time.March, 2).Add(2 * time.Hour)
	end := nthSunday(y, time.November, 1).Add(2 * time.Hour)
	if !t.Before(start) && t.Before(end) {
		return (std + 1) * 3600
	}
	return std * 3600
}

func nthSunday(y int, m time.Month, n int) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}
