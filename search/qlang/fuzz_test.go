package qlang

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks the parser's contract on any input: either an error
// of this package placed inside the input, or a query that builds under
// several options and whose String parses back to the same String, with
// the same terms.
func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "searches.json"))
	if err != nil {
		f.Fatal(err)
	}
	var searches []struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(raw, &searches); err != nil {
		f.Fatal(err)
	}
	for _, s := range searches {
		f.Add(s.Query)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in, defaultLimits())
		if err != nil {
			var se *SyntaxError
			var le *LimitError
			var off, col int
			switch {
			case errors.As(err, &se):
				off, col = se.Offset, se.Column
			case errors.As(err, &le):
				off, col = le.Offset, le.Column
			default:
				t.Fatalf("Parse(%q): error of type %T: %v", in, err, err)
			}
			if off < 0 || off > len(in) || col < 1 || col > utf8.RuneCountInString(in)+1 {
				t.Fatalf("Parse(%q): error %q at offset %d, column %d, outside the input", in, err, off, col)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("Parse(%q): error message is not UTF-8: %q", in, err)
			}
			return
		}
		for _, o := range []Options{defaultOptions(), defaultOptions(func(o *Options) { o.DefaultOperator = Or; o.Fuzziness = 1; o.EntityAliases = true })} {
			if _, err := q.Build(o); err != nil {
				t.Fatalf("Parse(%q).Build(%+v): %v", in, o, err)
			}
		}
		s := q.String()
		// The canonical form may be longer than the input ("title:(a b)"
		// is "title:a title:b"), so it is parsed without a length limit.
		again, err := Parse(s, defaultLimits(func(l *Limits) { l.MaxLength = 1 << 30 }))
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q, which does not parse: %v", in, s, err)
		}
		if again.String() != s {
			t.Fatalf("Parse(%q).String() = %q, which parses to %q", in, s, again.String())
		}
		if !reflect.DeepEqual(q.Terms(), again.Terms()) || q.WordCount() != again.WordCount() || q.ImplicitOperator() != again.ImplicitOperator() {
			t.Fatalf("Parse(%q) and Parse(%q) differ in terms", in, s)
		}
	})
}
