package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// synset is one WordNet synset as the data.* files hold it.
type synset struct {
	key   string // pos + offset, e.g. "n08913434"
	lex   int    // lexicographer file number (15 noun.location, 18 noun.person, 14 noun.group)
	words []string
	ptrs  []pointer
	gloss string
}

type pointer struct {
	sym string
	key string
}

// wordNet is the parsed database: synsets by key and the set of ordinary
// lower-case words (lemmas spelt in lower case in some synset).
type wordNet struct {
	syn    map[string]*synset
	common map[string]bool
}

func loadWordNet(dir string) (*wordNet, error) {
	wn := &wordNet{syn: map[string]*synset{}, common: map[string]bool{}}
	for _, f := range []struct {
		name string
		pos  byte
	}{{"data.noun", 'n'}, {"data.verb", 'v'}, {"data.adj", 'a'}, {"data.adv", 'r'}} {
		if err := wn.read(filepath.Join(dir, f.name), f.pos); err != nil {
			return nil, err
		}
	}
	return wn, nil
}

func (wn *wordNet) read(path string, pos byte) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.HasPrefix(t, "  ") {
			continue // licence header
		}
		data, gloss, _ := strings.Cut(t, " | ")
		f := strings.Fields(data)
		if len(f) < 4 {
			return fmt.Errorf("%s:%d: short line", path, line)
		}
		lex, _ := strconv.Atoi(f[1])
		n, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return fmt.Errorf("%s:%d: word count %q", path, line, f[3])
		}
		s := &synset{key: string(pos) + f[0], lex: lex, gloss: gloss}
		i := 4
		for w := 0; w < int(n); w++ {
			word := f[i]
			if j := strings.IndexByte(word, '('); j > 0 { // adjective markers: "galore(ip)"
				word = word[:j]
			}
			word = strings.ReplaceAll(word, "_", " ")
			s.words = append(s.words, word)
			if !strings.ContainsAny(word, " -") && word == strings.ToLower(word) {
				wn.common[word] = true
			}
			i += 2
		}
		np, _ := strconv.Atoi(f[i])
		i++
		for p := 0; p < np; p++ {
			s.ptrs = append(s.ptrs, pointer{sym: f[i], key: f[i+2] + f[i+1]})
			i += 4
		}
		wn.syn[s.key] = s
	}
	return sc.Err()
}

// targets returns the synsets s points to with symbol sym.
func (wn *wordNet) targets(s *synset, sym string) []*synset {
	var out []*synset
	for _, p := range s.ptrs {
		if p.sym == sym {
			if t, ok := wn.syn[p.key]; ok {
				out = append(out, t)
			}
		}
	}
	return out
}

// instanceOf reports whether s is an instance of a synset one of whose
// lemmas is in names.
func (wn *wordNet) instanceOf(s *synset, names map[string]bool) bool {
	for _, h := range wn.targets(s, "@i") {
		for _, w := range h.words {
			if names[w] {
				return true
			}
		}
	}
	return false
}

// properLemmas returns the lemmas of s that look like names: every word
// capitalised except short particles ("Republic of Iraq", "Al-Iraq"), not
// "capital of Iraq".
func properLemmas(s *synset) []string {
	var out []string
	for _, w := range s.words {
		if isProperName(w) {
			out = append(out, w)
		}
	}
	return out
}

var nameParticles = map[string]bool{
	"of": true, "the": true, "and": true, "de": true, "del": true, "la": true, "le": true, "da": true,
	"do": true, "dos": true, "das": true, "du": true, "des": true, "di": true, "van": true, "von": true,
	"der": true, "den": true, "al": true, "el": true, "bin": true, "ibn": true, "y": true, "on": true,
	"upon": true, "am": true, "im": true, "sur": true, "en": true,
}

func isProperName(w string) bool {
	if w == "" {
		return false
	}
	for i, p := range strings.Fields(w) {
		r := p[0]
		if r >= 'A' && r <= 'Z' {
			continue
		}
		if i > 0 && nameParticles[strings.ToLower(strings.SplitN(p, "-", 2)[0])] {
			continue
		}
		if strings.HasPrefix(p, "al-") || strings.HasPrefix(p, "el-") {
			continue
		}
		return false
	}
	return true
}
