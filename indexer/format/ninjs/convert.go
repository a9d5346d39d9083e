package ninjs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/html"
	"github.com/pulsesearch/pulse/indexer/format/newstext"
)

// Parse converts one ninjs object to an article. The error is a
// *pulse.Error (code invalid_parameter) wrapping ErrMalformed, format.ErrNotUTF8,
// ErrField, format.ErrNoText, ErrNotText or ErrNotUsable; with ErrNotUsable the
// article still carries the item's ID, so a withdrawn item can be found.
func (rd Reader) Parse(data []byte) (pulse.Article, error) {
	it := convertItem(data, rd.Location)
	return it.Article, it.Err
}

// obj is a ninjs object with field accessors that name the field in
// their errors.
type obj map[string]json.RawMessage

// fields reads an object's fields, with dates read in loc.
type fields struct {
	obj
	loc *time.Location
}

func (o obj) has(key string) bool {
	v, ok := o[key]
	return ok && !bytes.Equal(bytes.TrimSpace(v), []byte("null"))
}

// str returns a string field; absent and null are "".
func (o obj) str(key string) (string, error) {
	if !o.has(key) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(o[key], &s); err != nil {
		return "", fieldError(key, "want a string, got %s", jsonKind(o[key]))
	}
	return strings.TrimSpace(s), nil
}

// objects returns an array-of-objects field; absent and null are nil.
func (o obj) objects(key string) ([]obj, error) {
	if !o.has(key) {
		return nil, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(o[key], &raws); err != nil {
		return nil, fieldError(key, "want an array, got %s", jsonKind(o[key]))
	}
	out := make([]obj, 0, len(raws))
	for i, r := range raws {
		var e obj
		if err := json.Unmarshal(r, &e); err != nil {
			return nil, fieldError(fmt.Sprintf("%s[%d]", key, i), "want an object, got %s", jsonKind(r))
		}
		out = append(out, e)
	}
	return out, nil
}

// strings returns an array-of-strings field.
func (o obj) strings(key string) ([]string, error) {
	if !o.has(key) {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal(o[key], &out); err != nil {
		return nil, fieldError(key, "want an array of strings, got %s", jsonKind(o[key]))
	}
	return out, nil
}

// time returns a date field in UTC.
func (f fields) time(key string) (time.Time, error) {
	s, err := f.str(key)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	loc := f.loc
	if loc == nil {
		loc = time.UTC
	}
	if t, err := pulse.ParseTime(s, loc); err == nil {
		return t, nil
	}
	if t, ok := newstext.ParseDateIn(s, loc); ok {
		return t, nil
	}
	return time.Time{}, fieldError(key, "%q is not a date: want RFC 3339 (2024-03-01T10:00:00Z)", s)
}

func fieldError(field, format string, args ...any) error {
	return itemError(ErrField, field+": "+fmt.Sprintf(format, args...))
}

// textTypes are the ninjs item types that hold a story.
var textTypes = map[string]bool{"": true, "text": true, "composite": true, "component": true}

var reByPrefix = regexp.MustCompile(`(?i)^(by|von|par|por|door|af|av)\s+`)

// convert maps a ninjs 1.x or 2.x object to an article.
func convert(o obj, loc *time.Location) (pulse.Article, error) {
	f := fields{o, loc}
	var a pulse.Article
	var err error
	if a.ID, err = o.str("uri"); err != nil {
		return pulse.Article{}, err
	}
	typ, err := o.str("type")
	if err != nil {
		return pulse.Article{}, err
	}
	if !textTypes[strings.ToLower(typ)] {
		return pulse.Article{}, itemError(ErrNotText, fmt.Sprintf("type %q: not a text item", typ))
	}
	status, err := o.str("pubstatus")
	if err != nil {
		return pulse.Article{}, err
	}
	if s := strings.ToLower(status); s == "canceled" || s == "cancelled" || s == "withheld" {
		return pulse.Article{ID: a.ID}, itemError(ErrNotUsable, fmt.Sprintf("pubstatus %q: withdrawn by the provider", status))
	}

	if a.Title, err = headline(o); err != nil {
		return pulse.Article{}, err
	}
	if a.Body, err = body(o); err != nil {
		return pulse.Article{}, err
	}
	if a.Summary, err = description(o); err != nil {
		return pulse.Article{}, err
	}
	if a.Summary == a.Body {
		a.Summary = ""
	}
	if a.Title == "" && a.Body == "" {
		return pulse.Article{}, itemError(format.ErrNoText, "no headline or body")
	}

	by, err := firstStr(o, "by", "byline")
	if err != nil {
		return pulse.Article{}, err
	}
	a.Author = reByPrefix.ReplaceAllString(html.Inline(by), "")
	located, err := o.str("located")
	if err != nil {
		return pulse.Article{}, err
	}
	a.Dateline = html.Inline(located)
	lang, err := o.str("language")
	if err != nil {
		return pulse.Article{}, err
	}
	a.Language = html.LanguageCode(lang)

	var first, content, version time.Time
	if first, err = f.time("firstcreated"); err != nil {
		return pulse.Article{}, err
	}
	if content, err = f.time("contentcreated"); err != nil {
		return pulse.Article{}, err
	}
	if version, err = f.time("versioncreated"); err != nil {
		return pulse.Article{}, err
	}
	for _, t := range []time.Time{first, content, version} {
		if !t.IsZero() {
			a.PublishedAt = t
			break
		}
	}
	if version.After(a.PublishedAt) {
		a.UpdatedAt = version
	}

	if a.Tags, err = tags(o); err != nil {
		return pulse.Article{}, err
	}
	if a.Source, a.OriginalSource, err = sources(o); err != nil {
		return pulse.Article{}, err
	}
	if svc, err := o.objects("service"); err != nil {
		return pulse.Article{}, err
	} else if len(svc) > 0 {
		name, err := svc[0].str("name")
		if err != nil {
			return pulse.Article{}, err
		}
		a.Section = html.Inline(name)
	}

	firstPara, _, _ := strings.Cut(a.Body, "\n\n")
	dl, agency := newstext.SplitDateline(firstPara)
	if a.Dateline == "" {
		a.Dateline = dl
	}
	if a.OriginalSource == "" && agency != "" && !strings.EqualFold(agency, a.Source) {
		a.OriginalSource = agency
	}
	return a, nil
}

func firstStr(o obj, keys ...string) (string, error) {
	for _, k := range keys {
		s, err := o.str(k)
		if err != nil || s != "" {
			return s, err
		}
	}
	return "", nil
}

// headline reads "headline" (1.x) or the main "headlines" entry (2.x),
// else the "title" (a name for the item, not for readers).
func headline(o obj) (string, error) {
	if s, err := o.str("headline"); err != nil || s != "" {
		return html.Inline(s), err
	}
	hs, err := o.objects("headlines")
	if err != nil {
		return "", err
	}
	if v, err := pick(hs, "headlines", "main", "", "default", "headline"); err != nil || v != "" {
		return v, err
	}
	t, err := o.str("title")
	return html.Inline(t), err
}

// pick returns the value of the first entry whose role is one of roles
// (in order), else of the first entry with a value, rendered as text.
// Multi-line values keep their paragraphs.
func pick(entries []obj, field string, roles ...string) (string, error) {
	type cand struct {
		rank  int
		value string
		ctype string
	}
	var cands []cand
	for i, e := range entries {
		v, err := e.str("value")
		if err != nil {
			return "", fieldError(fmt.Sprintf("%s[%d].value", field, i), "want a string, got %s", jsonKind(e["value"]))
		}
		if v == "" {
			continue
		}
		role, _ := e.str("role")
		ctype, _ := e.str("contenttype")
		rank := len(roles)
		for r, want := range roles {
			if strings.EqualFold(role, want) {
				rank = r
				break
			}
		}
		cands = append(cands, cand{rank, v, ctype})
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].rank < cands[j].rank })
	c := cands[0]
	if field == "headlines" {
		return html.Inline(c.value), nil
	}
	return render(c.value, c.ctype), nil
}

// render turns a field's value into text: plain text keeps its lines as
// paragraphs; HTML and XHTML are rendered.
func render(v, contentType string) string {
	ct := strings.ToLower(contentType)
	if strings.HasPrefix(ct, "text/plain") || (ct == "" && !strings.Contains(v, "<")) {
		return html.Paragraphs(v)
	}
	return html.Text(v)
}

// body reads the 2.x "bodies" array, or the 1.x body_html, body_xhtml,
// body_text and other body_* fields, preferring markup for its
// paragraphs.
func body(o obj) (string, error) {
	bs, err := o.objects("bodies")
	if err != nil {
		return "", err
	}
	if v, err := pick(bs, "bodies", "main", "", "body", "text", "html"); err != nil || v != "" {
		return v, err
	}
	for _, k := range []string{"body_html", "body_xhtml", "body_richhtml"} {
		if s, err := o.str(k); err != nil || s != "" {
			return html.Text(s), err
		}
	}
	if s, err := o.str("body_text"); err != nil || s != "" {
		return html.Paragraphs(s), err
	}
	return otherField(o, "body_")
}

// description reads the 2.x "descriptions" array or the 1.x
// description_* fields.
func description(o obj) (string, error) {
	ds, err := o.objects("descriptions")
	if err != nil {
		return "", err
	}
	if v, err := pick(ds, "descriptions", "summary", "abstract", "teaser", "lead", "main", ""); err != nil || v != "" {
		return v, err
	}
	for _, k := range []string{"description_text", "description_html", "description_xhtml"} {
		if s, err := o.str(k); err != nil || s != "" {
			if strings.HasSuffix(k, "_text") {
				return html.Paragraphs(s), err
			}
			return html.Text(s), err
		}
	}
	return otherField(o, "description_")
}

// otherField returns the first (by name) string field with the prefix,
// rendered as text.
func otherField(o obj, prefix string) (string, error) {
	var keys []string
	for k := range o {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, err := o.str(k)
		if err != nil {
			return "", err
		}
		if s != "" {
			return render(s, ""), nil
		}
	}
	return "", nil
}

// tags reads the subjects (1.x "subject", 2.x "subjects") by name, else
// literal, else code, and any "keywords".
func tags(o obj) ([]string, error) {
	var out []string
	for _, key := range []string{"subject", "subjects"} {
		subs, err := o.objects(key)
		if err != nil {
			return nil, err
		}
		for i, s := range subs {
			v, err := firstStr(s, "name", "literal", "code")
			if err != nil {
				return nil, fieldError(fmt.Sprintf("%s[%d]", key, i), "%v", err)
			}
			if v = html.Inline(v); v != "" {
				out = append(out, v)
			}
		}
	}
	kw, err := o.strings("keywords")
	if err != nil {
		return nil, err
	}
	for _, k := range kw {
		if k = html.Inline(k); k != "" {
			out = append(out, k)
		}
	}
	return dedupe(out), nil
}

// sources returns the provider (copyright holder, else the first info
// source) and the originator named among the info sources, if another.
func sources(o obj) (source, original string, err error) {
	if source, err = o.str("copyrightholder"); err != nil {
		return "", "", err
	}
	source = html.Inline(source)
	for _, key := range []string{"infosource", "infosources"} {
		infos, err := o.objects(key)
		if err != nil {
			return "", "", err
		}
		for _, inf := range infos {
			name, _ := inf.str("name")
			name = html.Inline(name)
			if name == "" {
				continue
			}
			if source == "" {
				source = name
				continue
			}
			role, _ := firstStr(inf, "role", "rel")
			if original == "" && !strings.EqualFold(name, source) && strings.Contains(strings.ToLower(role), "origin") {
				original = name
			}
		}
	}
	return source, original, nil
}

func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
