package rawpage

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bbcCorpus is the shared BBC News corpus, beside the repository.
var bbcCorpus = filepath.Join("..", "..", "..", "..", "shared", "data", "bbc", "bbc.jsonl.gz")

// layouts wrap a headline and body in the furniture of three kinds of
// site, so that extraction is measured on many pages of each.
var layouts = []func(title, body string, i int) string{
	func(title, body string, i int) string {
		return "news-site.example\n\nHome | World | Business | Sport\n\n" + title + "\n\n" + body +
			"\n\nShare this:\nFacebook\nTwitter\nEmail\n\nRelated posts\n\nMarkets steady ahead of rate decision\n\nLeave a Reply\n\nYour email address will not be published.\n"
	},
	func(title, body string, i int) string {
		return "The Daily Example\n\nAll the news from everywhere\n\nMenu\nSearch\n\n" + title +
			fmt.Sprintf("\n\nBy Staff Reporter | March %d, 2005 | 3 min read\n\n", i%28+1) + body +
			"\n\nTags: news, example\n\nYou may also like\n\nCouncil approves new budget\nRail strike called off\n\n© 2005 The Daily Example. All rights reserved.\n"
	},
	func(title, body string, i int) string {
		return "We use cookies to improve your experience. By continuing to browse you accept our use of cookies.\n\nAccept all\n\n" + title +
			"\n\nPublished: 2005-03-04T10:00:00Z\n\n" + body +
			"\n\nAbout the author\n\nSam Example\n\nSam Example is a reporter who covers politics and business for the site.\n"
	},
}

// TestCorpusLayouts lays out every BBC article in each layout in turn and
// checks that the headline and nearly all the body come back.
func TestCorpusLayouts(t *testing.T) {
	f, err := os.Open(bbcCorpus)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared BBC corpus missing in CI: %v", err)
		}
		t.Skipf("shared BBC corpus not found at %s (../shared beside the repository): %v", bbcCorpus, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n, titles, bodies := 0, 0, 0
	for sc.Scan() {
		var r struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		title := strings.Join(strings.Fields(r.Title), " ")
		page := layouts[n%len(layouts)](title, r.Body, n)
		n++
		a, err := Extract(page, nil, time.Now())
		if err != nil {
			t.Errorf("%q (layout %d): %v", title, (n-1)%len(layouts), err)
			continue
		}
		if a.Title == title {
			titles++
		}
		want := len(strings.Split(strings.TrimSpace(r.Body), "\n\n"))
		if got := len(strings.Split(a.Body, "\n\n")); got*10 >= want*9 && !strings.Contains(a.Body, "Leave a Reply") && !strings.Contains(a.Body, "Sam Example is") {
			bodies++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages: headline found in %d, body (90%% of paragraphs, no furniture) in %d", n, titles, bodies)
	if n == 0 || titles*100 < n*97 || bodies*100 < n*97 {
		t.Errorf("%d pages: headline found in %d, body in %d; want at least 97%% of each", n, titles, bodies)
	}
}
