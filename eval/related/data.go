package related

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulsesearch/pulse"
)

// ErrNoData is returned (wrapped) when the ECB+ file is not where it was
// looked for.
var ErrNoData = errors.New("ECB+ development data not found")

// DataFile is the ECB+ development file, relative to the shared data
// folder.
const DataFile = "ecbplus/ecbplus-dev.jsonl.gz"

// Doc is one ECB+ article: the article the index is given, and the gold
// groupings it is scored against, which never reach the index.
type Doc struct {
	Article pulse.Article
	Topic   int
	Story   string
}

// ecbDoc is a line of the ECB+ file. The mentions (the corpus's
// annotation) are not read: they are answer keys.
type ecbDoc struct {
	ID    string `json:"id"`
	Topic int    `json:"topic"`
	Story string `json:"story"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// ReadDocs reads the ECB+ JSON Lines file at path (gzip-compressed). The
// title is the first line of the text, so the body is the text after it.
// No date is set: the corpus has none.
//
// It returns an error wrapping ErrNoData when the file does not exist,
// and one naming the line for a line that is not a document.
func ReadDocs(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNoData)
		}
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []Doc
	for n := 1; sc.Scan(); n++ {
		var d ecbDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s, line %d: %w", path, n, err)
		}
		if d.ID == "" || d.Story == "" {
			return nil, fmt.Errorf("%s, line %d: no id or story", path, n)
		}
		body := d.Text
		if first, rest, ok := strings.Cut(d.Text, "\n"); ok && strings.TrimSpace(first) == strings.TrimSpace(d.Title) {
			body = rest
		} else if !ok && strings.TrimSpace(d.Text) == strings.TrimSpace(d.Title) {
			body = ""
		}
		out = append(out, Doc{
			Article: pulse.Article{ID: d.ID, URL: d.URL, Title: d.Title, Body: body},
			Topic:   d.Topic, Story: d.Story,
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// FindData looks for the ECB+ file in ../shared/data beside the
// repository, walking up from dir to the folder holding go.mod.
//
// It returns an error wrapping ErrNoData when there is none.
func FindData(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(d), "shared", "data", DataFile)
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("%s: %w", p, ErrNoData)
			}
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod above %s to find ../shared/data/%s: %w", dir, DataFile, ErrNoData)
		}
		d = parent
	}
}
