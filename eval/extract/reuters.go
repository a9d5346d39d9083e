package extract

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pulsesearch/pulse"
	ix "github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/kb"
)

// ReutersResult holds the Reuters-21578 figures.
type ReutersResult struct {
	Articles   int `json:"articles"`
	WithPlaces int `json:"with_places"`
	WithPeople int `json:"with_people"`
	// SalientPlaces compares the countries of the places with salience at
	// least ix.SalientThreshold with the labelled countries, on the
	// articles with place labels, the dateline in its own field.
	SalientPlaces PRF `json:"salient_places"`
	// AllPlaces compares the countries of every extracted place.
	AllPlaces PRF `json:"all_places"`
	// InBody is SalientPlaces with the dateline given at the start of the
	// body ("CLEVELAND, Feb 26 - Standard Oil ..."), as the JSON Lines of
	// most CMSs carry it, and the dateline field empty.
	InBody PRF `json:"salient_places_dateline_in_body"`
	// EveryArticle and InBodyEveryArticle count every article: the
	// salient places extracted from an article without place labels are
	// all false.
	EveryArticle       PRF `json:"salient_places_every_article"`
	InBodyEveryArticle PRF `json:"salient_places_dateline_in_body_every_article"`
	// Unlabelled counts the articles without place labels, and
	// FalsePlaces and FalsePlacesInBody the salient places extracted from
	// them under each protocol.
	Unlabelled        int `json:"unlabelled"`
	FalsePlaces       int `json:"false_places"`
	FalsePlacesInBody int `json:"false_places_dateline_in_body"`
	// SurnameRecall counts the labelled people whose surname is a word of
	// an extracted person's name or of the forms the article used.
	SurnameRecall Ratio `json:"surname_recall"`
	// ArchiveSurnameRecall is SurnameRecall with an ix.Archive that has
	// learnt the whole set first, so a surname alone resolves to the full
	// name that owns it archive-wide.
	ArchiveSurnameRecall Ratio `json:"surname_recall_archive"`
	// Unmapped lists place labels no country code was found for.
	Unmapped []string `json:"unmapped,omitempty"`
	// TwoKinds and TwoKindsInBody list the spans of two kinds (see
	// TwoKinds) under each protocol, each prefixed by the article's line.
	TwoKinds       []string `json:"two_kinds,omitempty"`
	TwoKindsInBody []string `json:"two_kinds_dateline_in_body,omitempty"`
	// Errors lists, when asked (Options.ReutersErrors), each false ("+")
	// and missed ("-") salient country on the labelled articles with the
	// dateline in the body: the country, the article's line, its title,
	// and the places of that country with their salience.
	Errors []string `json:"-"`
}

type reutersDoc struct {
	Date     string   `json:"date"`
	Title    string   `json:"title"`
	Dateline string   `json:"dateline"`
	Body     string   `json:"body"`
	Places   []string `json:"places"`
	People   []string `json:"people"`
}

// reutersPlaceCodes maps the Reuters place labels whose names are not a
// knowledge-base country name to ISO alpha-2 codes (ISO 3166-3 codes for
// the states of 1987 that are gone).
var reutersPlaceCodes = map[string]string{
	"usa": "US", "uk": "GB", "ussr": "SU", "west-germany": "DE", "east-germany": "DD", "uae": "AE",
	"trinidad-tobago": "TT", "yemen-arab-republic": "YE", "yemen-demo-republic": "YD", "kampuchea": "KH",
	"zaire": "CD", "burma": "MM", "netherlands-antilles": "AN", "macao": "MO", "hong-kong": "HK",
	"ivory-coast": "CI", "vatican": "VA", "western-samoa": "WS", "us-virgin-islands": "VI",
	"british-virgin-islands": "VG", "czechoslovakia": "CS", "yugoslavia": "YU", "congo": "CG",
	"south-korea": "KR", "north-korea": "KP", "antigua": "AG", "el-salvador": "SV",
	"french-guiana": "GF", "guadeloupe": "GP", "martinique": "MQ", "new-caledonia": "NC",
	"cape-verde": "CV", "swaziland": "SZ", "laos": "LA", "vietnam": "VN", "syria": "SY", "iran": "IR",
	"tanzania": "TZ", "bolivia": "BO", "venezuela": "VE", "taiwan": "TW", "libya": "LY", "brunei": "BN",
	"russia": "RU", "moldova": "MD", "macedonia": "MK", "micronesia": "FM",
}

// country1987 folds today's codes into the states of 1987 the Reuters
// labels name: Moscow is in Russia today and was in the Soviet Union.
var country1987 = map[string]string{
	"RU": "SU", "UA": "SU", "BY": "SU", "KZ": "SU", "UZ": "SU", "GE": "SU", "AM": "SU", "AZ": "SU",
	"LT": "SU", "LV": "SU", "EE": "SU", "MD": "SU", "KG": "SU", "TJ": "SU", "TM": "SU",
	"RS": "YU", "HR": "YU", "SI": "YU", "BA": "YU", "MK": "YU", "ME": "YU", "XK": "YU",
	"CZ": "CS", "SK": "CS", "CW": "AN", "SX": "AN", "BQ": "AN", "ER": "ET", "SS": "SD", "TL": "ID",
}

func fold1987(cc string) string {
	if f, ok := country1987[cc]; ok {
		return f
	}
	return cc
}

// Reuters scores places and people on reuters-dev.jsonl.gz.
func Reuters(x *ix.Extractor, path string, limit int, listErrors bool) (*ReutersResult, error) {
	names, err := countryNames()
	if err != nil {
		return nil, err
	}
	res := &ReutersResult{}
	unmapped := map[string]bool{}
	archive, err := learnArchive(x, path, limit)
	if err != nil {
		return nil, err
	}
	err = readJSONL(path, limit, func(line int, data []byte) error {
		var d reutersDoc
		if err := decode(data, &d); err != nil {
			return err
		}
		res.Articles++
		a := pulse.Article{Title: d.Title, Body: d.Body, Dateline: d.Dateline}
		if t, err := time.Parse(time.RFC3339, d.Date); err == nil {
			a.PublishedAt = t
		}
		x.Extract(&a, ix.Options{Spans: true})
		inBody := d.datelineInBody()
		inBody.PublishedAt = a.PublishedAt
		x.Extract(&inBody, ix.Options{Spans: true})
		res.TwoKinds = append(res.TwoKinds, lineTagged(line, ix.TwoKinds(&a))...)
		res.TwoKindsInBody = append(res.TwoKindsInBody, lineTagged(line, ix.TwoKinds(&inBody))...)
		gold := map[string]bool{}
		for _, p := range d.Places {
			cc := reutersPlaceCodes[p]
			if cc == "" {
				cc = names[strings.ReplaceAll(p, "-", " ")]
			}
			if cc == "" {
				unmapped[p] = true
				continue
			}
			gold[fold1987(cc)] = true
		}
		salient, all := countries(a.Places)
		salientBody, _ := countries(inBody.Places)
		res.EveryArticle.add(compare(salient, gold))
		res.InBodyEveryArticle.add(compare(salientBody, gold))
		if len(d.Places) == 0 {
			res.Unlabelled++
			res.FalsePlaces += len(salient)
			res.FalsePlacesInBody += len(salientBody)
		} else {
			res.WithPlaces++
			res.SalientPlaces.add(compare(salient, gold))
			res.AllPlaces.add(compare(all, gold))
			res.InBody.add(compare(salientBody, gold))
			if listErrors {
				res.Errors = append(res.Errors, placeErrors(line, d.Title, inBody.Places, salientBody, gold)...)
			}
		}
		if len(d.People) > 0 {
			res.WithPeople++
			ar := pulse.Article{Title: d.Title, Body: d.Body, Dateline: d.Dateline}
			x.Extract(&ar, ix.Options{Archive: archive})
			recall(&res.SurnameRecall, a.Persons, d.People)
			recall(&res.ArchiveSurnameRecall, ar.Persons, d.People)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for p := range unmapped {
		res.Unmapped = append(res.Unmapped, p)
	}
	sort.Strings(res.Unmapped)
	return res, nil
}

// placeErrors lists an article's false ("+") and missed ("-") salient
// countries, each with the places extracted for it and their salience.
func placeErrors(line int, title string, places []pulse.Entity, pred, gold map[string]bool) []string {
	found := func(cc string) string {
		var b strings.Builder
		for _, e := range places {
			if e.Country != "" && fold1987(e.Country) == cc {
				fmt.Fprintf(&b, " %s(%.2f×%d)", e.Name, e.Salience, e.Mentions)
			}
		}
		if b.Len() == 0 {
			return " not extracted"
		}
		return b.String()
	}
	var out []string
	for cc := range pred {
		if !gold[cc] {
			out = append(out, fmt.Sprintf("+%s\t%d\t%s\t%s", cc, line, title, found(cc)))
		}
	}
	for cc := range gold {
		if !pred[cc] {
			out = append(out, fmt.Sprintf("-%s\t%d\t%s\t%s", cc, line, title, found(cc)))
		}
	}
	sort.Strings(out)
	return out
}

// datelineInBody is the article with its dateline at the start of the
// body ("CLEVELAND, Feb 26 - Standard Oil …"), as most CMSs export it.
func (d reutersDoc) datelineInBody() pulse.Article {
	a := pulse.Article{Title: d.Title, Body: d.Body}
	if d.Dateline != "" {
		a.Body = d.Dateline + " - " + d.Body
	}
	return a
}

// recall counts the labelled people whose surname is a word of an
// extracted person's name or of the forms the article used.
func recall(r *Ratio, persons []pulse.Entity, people []string) {
	words := map[string]bool{}
	for _, e := range persons {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, w := range strings.Fields(strings.ReplaceAll(pulse.NormalizeKey(n), "-", " ")) {
				words[w] = true
			}
		}
	}
	for _, p := range people {
		parts := strings.Split(p, "-")
		r.Total++
		if words[parts[len(parts)-1]] {
			r.Hits++
		}
	}
}

// learnArchive extracts every article of the Reuters file once into a
// new archive, as an index that has ingested them holds its persons.
func learnArchive(x *ix.Extractor, path string, limit int) (*ix.Archive, error) {
	ar := ix.NewArchive()
	err := readJSONL(path, limit, func(_ int, data []byte) error {
		var d reutersDoc
		if err := decode(data, &d); err != nil {
			return err
		}
		a := pulse.Article{Title: d.Title, Body: d.Body, Dateline: d.Dateline}
		x.Extract(&a, ix.Options{Archive: ar})
		return nil
	})
	return ar, err
}

// countries returns the countries of the salient places and of all
// places, folded into the states of 1987. A place without a country
// (the Indian Ocean, a glacier) names none.
func countries(places []pulse.Entity) (salient, all map[string]bool) {
	salient, all = map[string]bool{}, map[string]bool{}
	for _, e := range places {
		if e.Country == "" {
			continue
		}
		cc := fold1987(e.Country)
		all[cc] = true
		if e.Salience >= ix.SalientThreshold {
			salient[cc] = true
		}
	}
	return salient, all
}

func compare(pred, gold map[string]bool) PRF {
	p := PRF{Predicted: len(pred), Gold: len(gold)}
	for k := range pred {
		if gold[k] {
			p.TP++
		}
	}
	return p
}

// countryNames maps lower-case country names to codes, from the
// knowledge base, to read the label names ("saudi-arabia").
func countryNames() (map[string]string, error) {
	k, err := kb.Load()
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, e := range k.Entities {
		if e.Kind != kb.Country {
			continue
		}
		for _, a := range e.Aliases {
			n := strings.ToLower(a.Text)
			if _, ok := m[n]; !ok {
				m[n] = e.Country
			}
		}
	}
	return m, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
