package pulse

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the accepted forms of a date without a time zone, with
// the precision each one names (used to make "to" ranges inclusive).
var dateLayouts = []struct {
	layout string
	unit   string
}{
	{"2006-01-02T15:04:05.999999999", "second"},
	{"2006-01-02T15:04:05", "second"},
	{"2006-01-02 15:04:05", "second"},
	{"2006-01-02T15:04", "minute"},
	{"2006-01-02", "day"},
	{"2006-01", "month"},
	{"2006", "year"},
}

// ParseTime reads an RFC 3339 timestamp or a plain date ("2024-03-01",
// "2024-03", "2024", "2024-03-01T10:00") and returns it in UTC. A value
// without a zone is read in loc.
//
// The error names the value and lists the accepted forms.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	t, _, err := parseTime(s, loc)
	return t, err
}

// ParseTimeEnd is ParseTime for the inclusive end of a range: a plain date
// names its whole period, so "2024-03" returns the last instant of March.
func ParseTimeEnd(s string, loc *time.Location) (time.Time, error) {
	t, unit, err := parseTime(s, loc)
	if err != nil {
		return t, err
	}
	l := t.In(loc)
	switch unit {
	case "day":
		l = l.AddDate(0, 0, 1)
	case "month":
		l = l.AddDate(0, 1, 0)
	case "year":
		l = l.AddDate(1, 0, 0)
	case "minute":
		l = l.Add(time.Minute)
	default:
		return t, nil
	}
	return l.Add(-time.Nanosecond).UTC(), nil
}

func parseTime(s string, loc *time.Location) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), "second", nil
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l.layout, s, loc); err == nil {
			return t.UTC(), l.unit, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("%q is not a date: want RFC 3339 (2024-03-01T10:00:00Z) or a plain date (2024-03-01, 2024-03, 2024)", s)
}
