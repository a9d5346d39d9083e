package html

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page's head and JSON-LD say about the article.
type pageMeta struct {
	lang      string
	title     string            // <title>
	canonical string            // <link rel=canonical href>
	meta      map[string]string // first content of each meta name or property, lower-cased key
	tags      []string          // every article:tag
	authors   []string          // every article:author that is not a URL
	ld        *ldArticle
}

// ldArticle is the JSON-LD article object, flattened.
type ldArticle struct {
	headline, description, body, url, lang string
	published, modified                    string
	authors, sections, keywords            []string
	publisher, sourceOrg                   string
}

func (la *ldArticle) urlOrEmpty() string {
	if la == nil {
		return ""
	}
	return la.url
}

// reArticleType matches the schema.org types of a news article.
var reArticleType = regexp.MustCompile(`^(?:https?://schema\.org/)?(?:NewsArticle|Article|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|SatiricalArticle|Report|BlogPosting|LiveBlogPosting|SocialMediaPosting|TechArticle)$`)

// maxLDBytes caps one JSON-LD script; larger ones are skipped.
const maxLDBytes = 1 << 20

// readMeta walks the document for the metadata Parse uses.
func readMeta(doc *xhtml.Node) pageMeta {
	pm := pageMeta{meta: map[string]string{}}
	var ldScripts []string
	var walk func(n *xhtml.Node, depth int)
	walk = func(n *xhtml.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if pm.lang == "" {
					pm.lang = attr(n, "lang")
				}
				if pm.lang == "" {
					pm.lang = attr(n, "xml:lang")
				}
			case atom.Title:
				if pm.title == "" && n.FirstChild != nil {
					pm.title = Inline(n.FirstChild.Data)
				}
			case atom.Link:
				if pm.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					pm.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Meta:
				key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
				}
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(attr(n, "itemprop")))
				}
				content := strings.TrimSpace(attr(n, "content"))
				if key == "" || content == "" {
					break
				}
				switch key {
				case "article:tag":
					pm.tags = append(pm.tags, Inline(content))
				case "article:author", "author":
					if !isURL(content) {
						pm.authors = append(pm.authors, Inline(content))
					}
				}
				if _, ok := pm.meta[key]; !ok {
					pm.meta[key] = content
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil && len(n.FirstChild.Data) <= maxLDBytes {
					ldScripts = append(ldScripts, n.FirstChild.Data)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	pm.ld = readJSONLD(ldScripts)
	return pm
}

// readJSONLD finds the first article object in the page's JSON-LD
// scripts, following @graph, arrays, nested objects and @id references.
// Scripts that are not valid JSON are skipped: the page is still read.
func readJSONLD(scripts []string) *ldArticle {
	var roots []any
	for _, s := range scripts {
		s = strings.TrimSpace(s)
		s = strings.TrimSuffix(strings.TrimPrefix(s, "<![CDATA["), "]]>")
		var v any
		if json.Unmarshal([]byte(s), &v) == nil {
			roots = append(roots, v)
		}
	}
	ids := map[string]map[string]any{}
	var articles []map[string]any
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 32 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				visit(e, depth+1)
			}
		case map[string]any:
			if id, ok := v["@id"].(string); ok && len(v) > 1 {
				if _, seen := ids[id]; !seen {
					ids[id] = v
				}
			}
			if isArticleType(v["@type"]) {
				articles = append(articles, v)
			}
			for k, e := range v {
				if k != "@context" {
					visit(e, depth+1)
				}
			}
		}
	}
	for _, r := range roots {
		visit(r, 0)
	}
	if len(articles) == 0 {
		return nil
	}
	// Prefer the object that carries a headline, as pages often declare a
	// bare WebPage-like Article beside the real one.
	obj := articles[0]
	for _, a := range articles {
		if ldString(a["headline"], ids) != "" {
			obj = a
			break
		}
	}
	la := &ldArticle{
		headline:    ldString(obj["headline"], ids),
		description: ldString(obj["description"], ids),
		body:        ldString(obj["articleBody"], ids),
		lang:        ldString(obj["inLanguage"], ids),
		published:   ldString(obj["datePublished"], ids),
		modified:    ldString(obj["dateModified"], ids),
		authors:     ldNames(obj["author"], ids),
		sections:    ldNames(obj["articleSection"], ids),
		keywords:    ldKeywords(obj["keywords"], ids),
		publisher:   first(ldNames(obj["publisher"], ids)),
		sourceOrg:   first(ldNames(obj["sourceOrganization"], ids)),
	}
	if la.headline == "" {
		la.headline = ldString(obj["name"], ids)
	}
	la.url = ldString(obj["url"], ids)
	if la.url == "" {
		if m, ok := obj["mainEntityOfPage"].(map[string]any); ok {
			la.url = ldString(m["@id"], ids)
		} else {
			la.url = ldString(obj["mainEntityOfPage"], ids)
		}
	}
	return la
}

func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return reArticleType.MatchString(t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && reArticleType.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// ldString reads a JSON-LD value as one string: a string, a number, the
// name (or @value) of an object, an object referred to by @id, or the
// first of a list.
func ldString(v any, ids map[string]map[string]any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case map[string]any:
		if s, ok := v["@value"].(string); ok {
			return strings.TrimSpace(s)
		}
		if s, ok := v["name"].(string); ok {
			return strings.TrimSpace(s)
		}
		if id, ok := v["@id"].(string); ok && len(v) == 1 {
			if ref, ok := ids[id]; ok {
				if s, ok := ref["name"].(string); ok {
					return strings.TrimSpace(s)
				}
			}
		}
	case []any:
		for _, e := range v {
			if s := ldString(e, ids); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldNames reads a JSON-LD value as a list of names.
func ldNames(v any, ids map[string]map[string]any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			out = append(out, ldNames(e, ids)...)
		}
	default:
		if s := ldString(v, ids); s != "" && !isURL(s) {
			out = append(out, Inline(s))
		}
	}
	return out
}

// ldKeywords reads keywords: a list, or one comma-separated string.
func ldKeywords(v any, ids map[string]map[string]any) []string {
	var out []string
	for _, k := range ldNames(v, ids) {
		for _, part := range strings.Split(k, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func isURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
