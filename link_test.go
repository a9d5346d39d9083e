package pulse

import "testing"

func TestWebURL(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"https://example.com/a?b=1", true},
		{"HTTP://Example.com", true},
		{" https://example.com/x ", true},
		{"javascript:alert(5)", false},
		{"JavaScript:alert(5)", false},
		{"java\tscript:alert(5)", false},
		{"java\nscript:alert(5)", false},
		{"\x00javascript:alert(5)", false},
		{"data:text/html,<script>alert(5)</script>", false},
		{"vbscript:msgbox(5)", false},
		{"//evil.example/x", false},
		{"/articles/x", false},
		{"http:alert(5)", false},
		{"https://", false},
		{"ftp://example.com/x", false},
		{"", false},
	} {
		if got := WebURL(c.in); got != c.want {
			t.Errorf("WebURL(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestStoredArticleDropsHostileURL reads an article as an index written
// before ingest refused such links holds it: the link is gone.
func TestStoredArticleDropsHostileURL(t *testing.T) {
	for _, u := range []string{"javascript:alert(5)", "data:text/html,x", "vbscript:msgbox(5)", "https://example.com/ok"} {
		a, _, err := StoredArticle("x", map[string]any{FieldArticleJSON: `{"id":"x","url":"` + u + `"}`, FieldTitle: "t"})
		if err != nil {
			t.Fatal(err)
		}
		want := ""
		if u == "https://example.com/ok" {
			want = u
		}
		if a.URL != want {
			t.Errorf("stored %q read back as %q, want %q", u, a.URL, want)
		}
	}
}
