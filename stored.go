package pulse

import (
	"encoding/json"
	"fmt"
)

// StoredFields are the index fields an article is read back from: its
// source (without title and body), its extracted entities, and its title
// and body stored raw in their own fields — kept out of the source JSON so
// that listing hits does not decode the body's text through JSON.
var StoredFields = []string{FieldArticleJSON, FieldEntities, FieldTitle, FieldBody, FieldTitleAr, FieldBodyAr}

// StoredArticle rebuilds an article from its stored fields (as a search
// with Fields = StoredFields returns them), with the forms the article
// uses for each entity.
//
// A URL that is not a web link (WebURL) is dropped: an index written
// before ingest refused them may still hold one.
//
// It returns an error naming the id when the stored JSON is unreadable.
func StoredArticle(id string, fields map[string]any) (*Article, map[string][]string, error) {
	src, _ := fields[FieldArticleJSON].(string)
	var a Article
	if err := json.Unmarshal([]byte(src), &a); err != nil {
		return nil, nil, fmt.Errorf("article %s: stored source unreadable: %w", id, err)
	}
	if !WebURL(a.URL) {
		a.URL = ""
	}
	for _, f := range []struct {
		dst   *string
		names []string
	}{{&a.Title, []string{FieldTitle, FieldTitleAr}}, {&a.Body, []string{FieldBody, FieldBodyAr}}} {
		for _, n := range f.names {
			if v, ok := fields[n].(string); ok && v != "" {
				*f.dst = v
			}
		}
	}
	var rec EntityRecord
	if ents, ok := fields[FieldEntities].(string); ok && ents != "" {
		if err := json.Unmarshal([]byte(ents), &rec); err != nil {
			return nil, nil, fmt.Errorf("article %s: stored entities unreadable: %w", id, err)
		}
		rec.Apply(&a)
	}
	a.ID = id
	return &a, rec.Surfaces, nil
}
