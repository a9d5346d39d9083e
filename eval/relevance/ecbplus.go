package relevance

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/pulsesearch/pulse"
)

// ECBPlusFile is the ECB+ development file, relative to the shared data
// folder (../shared/data beside the repository).
const ECBPlusFile = "ecbplus/ecbplus-dev.jsonl.gz"

// ECBPlus is the development collection built from the ECB+ development
// file: the articles to index and the queries on them.
type ECBPlus struct {
	// Articles hold only what the index may see: id, title, body (the
	// ECB+ text, whose first line is the title) and URL.
	Articles   []pulse.Article
	Collection *Collection
	// Stories is the number of stories in the file; Passed lists, per
	// story whose first article's title is a dateline rather than a
	// headline, the article whose title was used instead ("9ecbplus:
	// 9_1ecbplus "APR 28" → 9_2ecbplus").
	Stories int
	Passed  []string
}

// ecbLine is a line of the ECB+ file. Only the id, the text fields and
// the story are decoded: topic and the mention annotation are answer
// keys of other tasks, and the story is used for the judgments only.
type ecbLine struct {
	ID    string `json:"id"`
	Story string `json:"story"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// ReadECBPlus reads the ECB+ development file (gzip-compressed JSON
// Lines, see its README) and builds the collection: one query per story,
// the title of the story's first article (in file order: by document
// number) as plain words (see PlainQuery), all other articles of the
// story judged relevant (grade 1), and the query's own article excluded
// from the results. Titles that are datelines, not headlines (several
// ecbplus pages' first line is "APR 28" or "Posted September 26, 2013 -
// 3: 47pm"), are passed over for the story's next article.
//
// It returns the error of opening or decompressing the file, or one
// naming the line for a line that is not a document, has no id, story
// or title, or repeats an id.
func ReadECBPlus(path string) (*ECBPlus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	name := filepath.Base(path)
	var (
		docs    []ecbLine
		seen    = map[string]bool{}
		stories []string
		members = map[string][]int{}
	)
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var d ecbLine
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s, line %d: %w", name, n, err)
		}
		switch {
		case d.ID == "" || d.Story == "":
			return nil, fmt.Errorf("%s, line %d: no id or no story", name, n)
		case strings.TrimSpace(d.Title) == "":
			return nil, fmt.Errorf("%s, line %d: %s: no title", name, n, d.ID)
		case seen[d.ID]:
			return nil, fmt.Errorf("%s, line %d: id %s seen before", name, n, d.ID)
		}
		seen[d.ID] = true
		if _, ok := members[d.Story]; !ok {
			stories = append(stories, d.Story)
		}
		members[d.Story] = append(members[d.Story], len(docs))
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := &ECBPlus{Collection: &Collection{Name: "ECB+ development (" + name + ")"}, Stories: len(stories)}
	for _, d := range docs {
		out.Articles = append(out.Articles, pulse.Article{ID: d.ID, Title: d.Title, Body: d.Text, URL: d.URL})
	}
	for _, story := range stories {
		idx := members[story]
		if len(idx) < 2 {
			continue // nothing could be relevant
		}
		qi := -1
		for _, i := range idx {
			if !isDateline(docs[i].Title) {
				qi = i
				break
			}
		}
		if qi < 0 {
			continue
		}
		if qi != idx[0] {
			first := docs[idx[0]]
			out.Passed = append(out.Passed, fmt.Sprintf("%s: %s %q → %s", story, first.ID, first.Title, docs[qi].ID))
		}
		q := Query{ID: story, Query: PlainQuery(docs[qi].Title), Relevant: map[string]int{}, Exclude: []string{docs[qi].ID}}
		for _, i := range idx {
			if i != qi {
				q.Relevant[docs[i].ID] = 1
			}
		}
		out.Collection.Queries = append(out.Collection.Queries, q)
	}
	return out, nil
}

// PlainQuery turns text (a headline) into plain words of the query
// language, as a reader who pastes it means it: double quotes,
// parentheses, colons, and trailing "*" and "~" become spaces, a leading
// "-" or "+" is dropped, and the operators AND, OR and NOT are written in
// lower case, so no word is an operator, a phrase, a group, a field, an
// exclusion, a prefix or a fuzzy word. The words are joined by the
// default operator.
func PlainQuery(s string) string {
	var out []string
	for _, f := range strings.Fields(s) {
		f = strings.Map(func(r rune) rune {
			switch r {
			case '"', '(', ')', ':', '*', '~':
				return ' '
			}
			return r
		}, f)
		for _, w := range strings.Fields(f) {
			w = strings.TrimLeft(w, "-+")
			switch w {
			case "":
				continue
			case "AND", "OR", "NOT":
				w = strings.ToLower(w)
			}
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// datelineWords are the words of a page's date and time line.
var datelineWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
		posted published updated last at on am pm gmt bst utc et est edt cst cdt mst mdt pst pdt st nd rd th`) {
		m[w] = true
	}
	return m
}()

// isDateline reports whether a title is a date and time line rather
// than a headline: fewer than two of its words (runs of letters, single
// letters such as the "p. m." of a time aside) are not date words.
func isDateline(title string) bool {
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) > 1 && !datelineWords[w] {
			n++
		}
	}
	return n < 2
}
