package main

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/indexer/kb"
)

// gvariantCities builds a cities.compiled image: an array of
// (sssssssudd) records with their framing offsets.
func gvariantCities(recs [][7]string, pops []uint32) []byte {
	var out []byte
	var ends []uint32
	for i, r := range recs {
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
		start := len(out)
		var strEnds []byte
		for _, s := range r {
			out = append(out, s...)
			out = append(out, 0)
			strEnds = append(strEnds, byte(len(out)-start))
		}
		for (len(out)-start)%4 != 0 {
			out = append(out, 0)
		}
		out = binary.LittleEndian.AppendUint32(out, pops[i])
		for (len(out)-start)%8 != 0 {
			out = append(out, 0)
		}
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(33.3))
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(44.4))
		for j := len(strEnds) - 1; j >= 0; j-- {
			out = append(out, strEnds[j])
		}
		ends = append(ends, uint32(len(out)))
	}
	size := 1
	for offsetSize(len(out)+size*len(ends)) != size {
		size *= 2
	}
	for _, e := range ends {
		switch size {
		case 1:
			out = append(out, byte(e))
		case 2:
			out = binary.LittleEndian.AppendUint16(out, uint16(e))
		default:
			out = binary.LittleEndian.AppendUint32(out, e)
		}
	}
	return out
}

func TestParseCities(t *testing.T) {
	data := gvariantCities([][7]string{
		{"98182", "Baghdad", "07", "Baghdad", "IQ", "Iraq", "Asia/Baghdad"},
		{"3040051", "Escaldes-Engordany", "08", "Escaldes-Engordany", "AD", "Andorra", "Europe/Andorra"},
	}, []uint32{7216000, 15853})
	cs, err := parseCities(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].name != "Baghdad" || cs[0].countryCode != "IQ" || cs[0].population != 7216000 ||
		cs[1].admin1Name != "Escaldes-Engordany" || cs[1].population != 15853 || cs[0].lat != 33.3 {
		t.Errorf("got %+v", cs)
	}
	if _, err := parseCities([]byte{1, 2, 3}); err == nil {
		t.Error("want an error for a truncated file")
	}
}

func TestPlural(t *testing.T) {
	tests := map[string]string{"Iraqi": "Iraqis", "American": "Americans", "Chinese": "", "Swiss": "",
		"British": "", "French": "", "South African": ""}
	for in, want := range tests {
		if got := plural(in); got != want {
			t.Errorf("plural(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsProperName(t *testing.T) {
	tests := map[string]bool{"Republic of Iraq": true, "Al-Iraq": true, "capital of Iraq": false,
		"Bashar al-Assad": true, "Trinidad and Tobago": true, "city": false, "": false}
	for in, want := range tests {
		if got := isProperName(in); got != want {
			t.Errorf("isProperName(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestNameWords: a surname with its particle is one name word, so a
// person's name is taken from a lemma with a given name too.
func TestNameWords(t *testing.T) {
	for _, c := range []struct {
		name string
		want int
	}{{"De Niro", 1}, {"Robert De Niro", 2}, {"Van de Graaff", 1}, {"Al Gore", 2}, {"W. E. B. Du Bois", 4}} {
		if got := nameWords(strings.Fields(c.name)); got != c.want {
			t.Errorf("nameWords(%q) = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestOwnName checks the name a person takes when a namesake already has
// the shortest one: WordNet's second George Bush is George W. Bush, and a
// person with no full name of his own is left out.
func TestOwnName(t *testing.T) {
	b := &builder{ents: map[string]*kb.Entity{"george-bush": {ID: "george-bush"}}}
	lemmas := []string{"Bush", "George Bush", "George W. Bush", "George Walker Bush", "President Bush", "Dubya"}
	if name, id := b.ownName(lemmas, "George Bush"); name != "George W. Bush" || id != "george-w-bush" {
		t.Errorf("ownName = %q, %q; want George W. Bush, george-w-bush", name, id)
	}
	b.ents["george-w-bush"] = &kb.Entity{ID: "george-w-bush"}
	if name, id := b.ownName(lemmas, "George Bush"); name != "George Walker Bush" || id != "george-walker-bush" {
		t.Errorf("ownName with George W. Bush taken = %q, %q", name, id)
	}
	if name, id := b.ownName([]string{"Bush", "George Bush", "President Bush"}, "George Bush"); name != "" || id != "" {
		t.Errorf("ownName with no other full name = %q, %q; want none", name, id)
	}
}
