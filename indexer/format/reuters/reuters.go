package reuters

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Reader reads Reuters-21578 SGML. The collection's dates carry no zone;
// they are read in Location (nil means UTC, as the collection's README
// assumes). The byte caps are used as given.
type Reader struct {
	Location *time.Location
	// MaxBytes caps the file, which is read whole (ingest.max_file_bytes).
	MaxBytes int64
	// MaxStoryBytes caps one story, <REUTERS> to </REUTERS>
	// (ingest.max_story_bytes). The collection's longest is under 20 KB:
	// a story far longer has most likely lost its closing tag and
	// swallowed the stories after it.
	MaxStoryBytes int64
}

// Name implements format.Reader.
func (Reader) Name() string { return "reuters" }

// Detect implements format.Reader: a .sgm file, or input that begins with
// the collection's doctype or a <REUTERS> tag.
func (Reader) Detect(name string, head []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".sgm") {
		return true
	}
	h := bytes.TrimLeft(head, " \t\r\n")
	return bytes.HasPrefix(h, []byte("<!DOCTYPE lewis")) || bytes.HasPrefix(h, []byte("<REUTERS "))
}

var (
	openTag  = []byte("<REUTERS")
	closeTag = []byte("</REUTERS>")
)

// Read implements format.Reader. A story cut off by the end of the input
// is reported as an item error, and one over MaxStoryBytes as an item
// error wrapping format.ErrTooLarge; the stories around it are read. Read
// returns an error wrapping format.ErrTooLarge for a file over MaxBytes,
// the input's error, or emit's (format.ErrStop is not an error).
func (r Reader) Read(in io.Reader, name string, emit func(format.Item) error) error {
	data, err := io.ReadAll(io.LimitReader(in, r.MaxBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > r.MaxBytes {
		return fmt.Errorf("%s: file over the %d-byte limit: %w", name, r.MaxBytes, format.ErrTooLarge)
	}
	n := 0
	for {
		start := bytes.Index(data, openTag)
		if start < 0 {
			return nil
		}
		n++
		data = data[start:]
		end := bytes.Index(data, closeTag)
		var it format.Item
		pos := "story " + strconv.Itoa(n) + " of the file"
		switch {
		case end < 0:
			it = format.Item{Pos: pos, Raw: head(data), Err: fmt.Errorf("<REUTERS> without </REUTERS>")}
			data = data[len(openTag):]
		case int64(end+len(closeTag)) > r.MaxStoryBytes:
			// Reading goes on after the opening tag: were the closing tag
			// lost, the stories it swallowed are still read.
			it = format.Item{Pos: pos, Raw: head(data), Err: fmt.Errorf("story over the %d-byte limit (no </REUTERS> before it?): %w", r.MaxStoryBytes, format.ErrTooLarge)}
			data = data[len(openTag):]
		default:
			story := data[:end+len(closeTag)]
			data = data[end+len(closeTag):]
			it = r.parse(story, n)
		}
		if e := emit(it); e != nil {
			if e == format.ErrStop {
				return nil
			}
			return e
		}
	}
}

func head(b []byte) []byte {
	if len(b) > 512 {
		return b[:512]
	}
	return b
}

var (
	attrRe = regexp.MustCompile(`(\w+)="([^"]*)"`)
	dRe    = regexp.MustCompile(`(?s)<D>(.*?)</D>`)
	typeRe = regexp.MustCompile(`<TEXT[^>]*TYPE="(\w+)"`)
)

func (r Reader) parse(story []byte, n int) format.Item {
	s := string(story)
	tagEnd := strings.IndexByte(s, '>')
	attrs := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s[:tagEnd], -1) {
		attrs[m[1]] = m[2]
	}
	newid := attrs["NEWID"]
	it := format.Item{Pos: "story " + newid, Raw: story}
	if _, err := strconv.Atoi(newid); err != nil {
		it.Pos = "story " + strconv.Itoa(n) + " of the file"
		it.Err = fmt.Errorf("NEWID %q is not a number", newid)
		return it
	}
	a := pulse.Article{
		ID:       "reuters-" + newid,
		Source:   "Reuters",
		Language: "en",
	}
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	if d := strings.TrimSpace(element(s, "DATE")); d != "" {
		t, err := parseDate(d, loc)
		if err != nil {
			it.Err = err
			return it
		}
		a.PublishedAt = t
	}
	a.Tags = codes(element(s, "TOPICS"))
	a.Places = entities(element(s, "PLACES"))
	a.Persons = entities(element(s, "PEOPLE"))
	a.Orgs = entities(element(s, "ORGS"))

	text := element(s, "TEXT")
	if m := typeRe.FindStringSubmatch(s); m != nil && m[1] == "UNPROC" {
		a.Body = clean(text)
	} else {
		a.Title = oneLine(clean(element(text, "TITLE")))
		a.Dateline = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(oneLine(clean(element(text, "DATELINE")))), "-"))
		a.Author = author(clean(element(text, "AUTHOR")))
		a.Body = clean(element(text, "BODY"))
	}
	a.Body = stripSignOff(a.Body)
	it.Article = a
	return it
}

// element returns the content of the first <tag …>…</tag> in s.
func element(s, tag string) string {
	i := strings.Index(s, "<"+tag)
	if i < 0 {
		return ""
	}
	rest := s[i+len(tag)+1:]
	if len(rest) == 0 || (rest[0] != '>' && rest[0] != ' ') {
		return ""
	}
	gt := strings.IndexByte(rest, '>')
	if gt < 0 {
		return ""
	}
	rest = rest[gt+1:]
	j := strings.Index(rest, "</"+tag+">")
	if j < 0 {
		return rest
	}
	return rest[:j]
}

func codes(s string) []string {
	var out []string
	for _, m := range dRe.FindAllStringSubmatch(s, -1) {
		if c := strings.TrimSpace(m[1]); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func entities(s string) []pulse.Entity {
	var out []pulse.Entity
	for _, c := range codes(s) {
		out = append(out, pulse.Entity{ID: c, Name: c})
	}
	return out
}

var (
	charRef = regexp.MustCompile(`&#(\d+);`)
	spaces  = regexp.MustCompile(`[ \t]+`)
)

// clean decodes the collection's entities, drops its control characters
// and any byte that is not UTF-8, and trims the result.
func clean(s string) string {
	s = charRef.ReplaceAllStringFunc(s, func(ref string) string {
		n, _ := strconv.Atoi(ref[2 : len(ref)-1])
		if n == '\n' || n == '\t' || (n >= 32 && n < 127) {
			return string(rune(n))
		}
		return ""
	})
	s = strings.ReplaceAll(s, "&lt;", "<")
	s = strings.ReplaceAll(s, "&gt;", ">")
	s = strings.ReplaceAll(s, "&amp;", "&")
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 32 && r != '\n' && r != '\t' || r == 127 {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func oneLine(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(strings.ReplaceAll(s, "\n", " "), " "))
}

func author(s string) string {
	s = oneLine(s)
	s = strings.TrimPrefix(s, "By ")
	s = strings.TrimPrefix(s, "by ")
	if i := strings.LastIndex(s, ","); i > 0 && strings.Contains(strings.ToLower(s[i:]), "reuter") {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// stripSignOff removes the "Reuter" that ends most stories.
func stripSignOff(s string) string {
	t := strings.TrimRight(s, " \n\t")
	for _, sig := range []string{"Reuter", "REUTER"} {
		if strings.HasSuffix(t, sig) {
			return strings.TrimRight(strings.TrimSuffix(t, sig), " \n\t")
		}
	}
	return t
}

// parseDate reads "26-FEB-1987 15:01:01.79"; when the time is malformed
// (one story has "605:12:19.12") the day alone is kept.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2-Jan-2006 15:04:05.00", "2-Jan-2006 15:04:05.0", "2-Jan-2006 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	day, _, _ := strings.Cut(s, " ")
	if t, err := time.ParseInLocation("2-Jan-2006", day, loc); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("DATE %q is not a date", s)
}
