package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const small = "../../corpus/testdata/small.jsonl"

func TestRunErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
		msg   string
	}{
		{"no output", []string{"-source", small}, true, "-o: an output file is required"},
		{"bad flag", []string{"-sizes", "3"}, true, "flag provided but not defined"},
		{"extra argument", []string{"-o", "x", "y"}, true, `unexpected argument "y"`},
		{"bad start", []string{"-o", "x", "-source", small, "-start", "1980"}, true, `-start: want YYYY-MM-DD, got "1980"`},
		{"zero size", []string{"-o", filepath.Join(t.TempDir(), "x.jsonl"), "-source", small, "-size", "0"}, false, "size: must be at least 1, got 0"},
		{"missing source", []string{"-o", "x", "-source", "nope.jsonl"}, false, "nope.jsonl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(c.args, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), c.msg) || errors.Is(err, errUsage) != c.usage {
				t.Errorf("got %v (usage %v), want %q (usage %v)", err, errors.Is(err, errUsage), c.msg, c.usage)
			}
		})
	}
}

func TestRunGenerateAndMeasure(t *testing.T) {
	dir := t.TempDir()
	outPath := filepath.Join(dir, "gen.jsonl.gz")
	reportPath := filepath.Join(dir, "report.json")
	var out, errOut bytes.Buffer
	if err := run([]string{"-source", small, "-size", "500", "-seed", "4", "-o", outPath, "-report", reportPath}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "| Heaps β") || !strings.Contains(out.String(), "checks") {
		t.Errorf("table missing:\n%s", out.String())
	}
	var rep struct {
		Size      int
		Generated struct{ Articles, Vocabulary int }
	}
	b, err := os.ReadFile(reportPath)
	if err != nil || json.Unmarshal(b, &rep) != nil || rep.Size != 500 || rep.Generated.Articles != 500 {
		t.Fatalf("report: %v %s", err, b)
	}
	out.Reset()
	if err := run([]string{"-measure", outPath}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var st struct{ Articles, Vocabulary int }
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || st.Articles != 500 || st.Vocabulary != rep.Generated.Vocabulary {
		t.Errorf("measure: %v %+v, report vocabulary %d", err, st, rep.Generated.Vocabulary)
	}
}
