package extract

import (
	"fmt"
	"testing"
)

func TestTmpDbg(t *testing.T) {
	x := mustExtractor(t)
	s := &state{}
	s.reset(x, Options{})
	text := "He met Federal Reserve Board Chairman Paul Volcker and U.S. Treasury Secretary James Baker."
	s.text[fieldBody] = text
	toks := tokenize(text, nil)
	j := s.chunkEnd(toks, 2, len(toks))
	a, b := roleSpan(toks, 2, j)
	fmt.Println(j, a, b, s.kbMatches(toks, 2, j, modeCased))
	for _, tk := range toks {
		fmt.Printf("%q ", tk.key)
	}
}
