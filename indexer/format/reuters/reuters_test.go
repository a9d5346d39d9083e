package reuters

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

const story = `<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>icco</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;REVIEW&gt;</TITLE>
<AUTHOR>    By Jane Doe, Reuters</AUTHOR>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued &amp; helped.
    Second paragraph.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>31-MAR-1987 605:12:19.12</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT TYPE="UNPROC">&#2;
Unprocessed text of a story.
 REUTER
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="3">
<DATE>1-APR-1987 10:00:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>BRIEF TITLE ONLY</TITLE>
</TEXT>
</REUTERS>
<REUTERS NEWID="4"><DATE>1-APR-1987 10:00:00.00</DATE><TEXT>`

func read(t *testing.T, in string) []format.Item {
	t.Helper()
	var items []format.Item
	err := testReader.Read(strings.NewReader(in), "test.sgm", func(it format.Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestRead(t *testing.T) {
	items := read(t, story)
	if len(items) != 4 {
		t.Fatalf("got %d items, want 4", len(items))
	}
	a := items[0].Article
	checks := []struct{ name, got, want string }{
		{"id", a.ID, "reuters-1"},
		{"title", a.Title, "BAHIA COCOA <REVIEW>"},
		{"author", a.Author, "Jane Doe"},
		{"dateline", a.Dateline, "SALVADOR, Feb 26"},
		{"body", a.Body, "Showers continued & helped.\n    Second paragraph."},
		{"date", a.PublishedAt.Format(time.RFC3339Nano), "1987-02-26T15:01:01.79Z"},
		{"tags", strings.Join(a.Tags, ","), "cocoa"},
		{"source", a.Source, "Reuters"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(a.Places) != 2 || a.Places[0].ID != "el-salvador" || len(a.Orgs) != 1 || a.Orgs[0].ID != "icco" {
		t.Errorf("entities: places %+v orgs %+v", a.Places, a.Orgs)
	}
	b := items[1].Article
	if b.Body != "Unprocessed text of a story." || b.PublishedAt.Format("2006-01-02T15:04") != "1987-03-31T00:00" {
		t.Errorf("UNPROC story with malformed date: body %q date %s", b.Body, b.PublishedAt)
	}
	if c := items[2].Article; c.Title != "BRIEF TITLE ONLY" || c.Body != "" {
		t.Errorf("BRIEF story: %+v", c)
	}
	if items[3].Err == nil || !strings.Contains(items[3].Err.Error(), "without </REUTERS>") {
		t.Errorf("truncated story: got %v, want an error", items[3].Err)
	}
}

func TestDetect(t *testing.T) {
	r := testReader
	for _, c := range []struct {
		name, head string
		want       bool
	}{
		{"reut2-000.sgm", "", true},
		{"x.txt", `<!DOCTYPE lewis SYSTEM "lewis.dtd">`, true},
		{"x", "<REUTERS TOPICS=\"YES\"", true},
		{"x.jsonl", `{"title": "x"}`, false},
	} {
		if got := r.Detect(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Detect(%q, %q) = %v", c.name, c.head, got)
		}
	}
}

// TestDevelopmentSplit reads the 18 development files: 18,000 stories,
// all of which but NEWID 12793 have a title or a body.
func TestDevelopmentSplit(t *testing.T) {
	dir := sharedtest.Path(t, "data", "reuters21578")
	files, _ := filepath.Glob(filepath.Join(dir, "reut2-*.sgm.gz"))
	if len(files) != 18 {
		t.Fatalf("found %d files, want 18", len(files))
	}
	total, empty := 0, []string{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		err = testReader.Read(zr, f, func(it format.Item) error {
			total++
			if it.Err != nil {
				t.Errorf("%s, %s: %v", f, it.Pos, it.Err)
			}
			if !it.Article.HasText() {
				empty = append(empty, it.Article.ID)
			}
			if it.Article.PublishedAt.IsZero() {
				t.Errorf("%s, %s: no date", f, it.Pos)
			}
			return nil
		})
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if total != 18000 || len(empty) != 1 || empty[0] != "reuters-12793" {
		t.Errorf("read %d stories, without text %v; want 18000 and [reuters-12793]", total, empty)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(story)
	f.Add("<REUTERS NEWID=\"x\"></REUTERS>")
	f.Fuzz(func(t *testing.T, in string) {
		testReader.Read(strings.NewReader(in), "fuzz.sgm", func(it format.Item) error {
			if it.Err == nil && !strings.HasPrefix(it.Article.ID, "reuters-") {
				t.Fatalf("item without error has id %q", it.Article.ID)
			}
			if it.Err != nil && it.Pos == "" {
				t.Fatalf("error without position: %v", it.Err)
			}
			return nil
		})
	})
}
