package extract

import (
	"fmt"
	"testing"
)

func TestTmpDbg(t *testing.T) {
	x := mustExtractor(t)
	s := &state{}
	s.reset(x, Options{})
	text := "Chancellor of the Exchequer Nigel Lawson said rates would fall."
	s.text[fieldBody] = text
	toks := tokenize(text, nil)
	j := s.chunkEnd(toks, 0, len(toks))
	a, b := roleSpan(toks, 0, j)
	fmt.Println(j, a, b, s.kbMatches(toks, 0, j, modeCased))
	for _, tk := range toks {
		fmt.Printf("%q ", tk.key)
	}
}
