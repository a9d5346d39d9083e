package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulsesearch/pulse"
)

// FuzzExtract feeds arbitrary titles and bodies to the extractor and
// checks the invariants: entities canonical and unique, salience in
// [0, 1], spans inside their field and equal to the text they cover.
func FuzzExtract(f *testing.F) {
	x := mustExtractor(f)
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add("", string(data))
	}
	for _, s := range [][2]string{
		{"IRAQ SAYS IS LEADER KILLED", "Iraqi Prime Minister Mohammed Shia al-Sudani said Abdullah Makki Muslih al-Rufayi, an Islamic State (IS) leader, was killed."},
		{"", "Al-Rufayi, al-Sudani’s rival — and Shaibani’s host — met U.S. officials in Washington, D.C."},
		{"Paul", "Paul"},
		{"\xff\xfe", "Mr. \xc3 O'Neil & Sons Co. <ONL> Dr. J. R. R. Tolkien-Smith Jr. bin al-"},
		{"A B C D E F G H I J K L M N O P", "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet"},
		{"", "Peter Blackburn\nBRUSSELS 1996-08-22\nThe European Commission said on Thursday ."},
		{"", "By Farai Mutsaka\nHARARE 2024-03-03\n"},
		{"SOCCER - RESULTS .", "Results of league matches :\nArsenal 2 Derby 0\nPSV Eindhoven 4 3 1 0 12 2 10\nGreg Norman 68 70 72 70"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		a := pulse.Article{Title: title, Body: body, Dateline: title}
		x.Extract(&a, Options{Spans: true})
		checkInvariants(t, &a, true)
	})
}
