package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
)

var (
	testX    *Extractor
	testXErr error
	testOnce sync.Once
)

func mustExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	testOnce.Do(func() { testX, testXErr = New() })
	if testXErr != nil {
		tb.Fatalf("New: %v", testXErr)
	}
	return testX
}

// mustWire reads testdata/wire-N.txt: dateline, title, then the body.
func mustWire(tb testing.TB, name string) pulse.Article {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	parts := strings.SplitN(string(data), "\n", 3)
	if len(parts) != 3 {
		tb.Fatalf("%s: want dateline, title and body lines", name)
	}
	return pulse.Article{Dateline: parts[0], Title: parts[1], Body: parts[2]}
}

func ids(es []pulse.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func find(es []pulse.Entity, id string) (pulse.Entity, bool) {
	for _, e := range es {
		if e.ID == id {
			return e, true
		}
	}
	return pulse.Entity{}, false
}

var idRe = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*|medtop:[0-9]{8})$`)

// checkInvariants asserts what every extraction must give: unique,
// canonical entities with salience in [0, 1], spans that lie inside
// their field and equal the text they cover, and no span of two kinds.
func checkInvariants(tb testing.TB, a *pulse.Article, spans bool) {
	tb.Helper()
	for facet, es := range map[string][]pulse.Entity{"person": a.Persons, "place": a.Places, "org": a.Orgs, "topic": a.Topics} {
		seen := map[string]bool{}
		for _, e := range es {
			if !idRe.MatchString(e.ID) {
				tb.Errorf("%s %q: id is not a lower-case slug", facet, e.ID)
			}
			if seen[e.ID] {
				tb.Errorf("%s %q: listed twice", facet, e.ID)
			}
			seen[e.ID] = true
			if e.Name == "" || !utf8.ValidString(e.Name) {
				tb.Errorf("%s %q: bad name %q", facet, e.ID, e.Name)
			}
			if e.Salience < 0 || e.Salience > 1 {
				tb.Errorf("%s %q: salience %v outside [0, 1]", facet, e.ID, e.Salience)
			}
			if facet == "place" && (len(e.Country) != 2 || strings.ToUpper(e.Country) != e.Country) {
				tb.Errorf("place %q: country %q is not an upper-case alpha-2 code", e.ID, e.Country)
			}
			if facet != "topic" && e.Mentions < 1 && !impliedCountry(es, e) {
				tb.Errorf("%s %q: %d mentions", facet, e.ID, e.Mentions)
			}
			if !spans && len(e.Spans) > 0 {
				tb.Errorf("%s %q: spans without Options.Spans", facet, e.ID)
			}
			for _, s := range e.Spans {
				text := a.Body
				switch s.Field {
				case pulse.FieldTitle:
					text = a.Title
				case pulse.FieldBody:
				default:
					tb.Errorf("%s %q: span field %q", facet, e.ID, s.Field)
					continue
				}
				if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
					tb.Errorf("%s %q: span %d-%d outside %s (%d bytes)", facet, e.ID, s.Start, s.End, s.Field, len(text))
					continue
				}
				if text[s.Start:s.End] != s.Text {
					tb.Errorf("%s %q: span %d-%d covers %q, says %q", facet, e.ID, s.Start, s.End, text[s.Start:s.End], s.Text)
				}
			}
		}
	}
	checkOneKind(tb, a)
}

func TestExtract(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name                 string
		article              pulse.Article
		persons, places      []string
		orgs                 []string
		notPersons, notPlace []string
		salient              []string // places that must be salient
		language             string
	}{
		{
			name:     "wire story with dateline, roles and a company",
			article:  mustWire(t, "wire-1.txt"),
			persons:  []string{"kiichi-miyazawa"},
			places:   []string{"jp-tokyo", "us", "de"},
			orgs:     []string{"bank-of-japan"},
			salient:  []string{"jp-tokyo"},
			language: "en",
		},
		{
			name:       "titles before names, saying verbs, dotted country",
			article:    mustWire(t, "wire-2.txt"),
			persons:    []string{"richard-lyng", "robert-dole"},
			places:     []string{"us-washington-dc", "su", "cn", "eg"},
			orgs:       []string{"us-department-of-agriculture"},
			notPersons: []string{"senate", "agriculture-secretary"},
			salient:    []string{"us-washington-dc"},
		},
		{
			name:       "aliases, acronyms and coreference resolve to one entity",
			article:    mustWire(t, "wire-3.txt"),
			persons:    []string{"asaad-al-shaibani", "mohammed-shia-al-sudani"},
			places:     []string{"iq", "sy", "iq-baghdad", "lb", "jo"},
			orgs:       []string{"islamic-state"},
			notPersons: []string{"shaibani", "sudani", "daesh"},
			salient:    []string{"iq-baghdad", "sy", "iq"},
		},
		{
			name: "groups and titles are not persons",
			article: pulse.Article{Body: "The Alawites and Sunni rebels clashed near Homs. " +
				"Shiite militias backed the Prime Minister, and Muslims prayed."},
			notPersons: []string{"alawites", "sunni", "shiite", "prime-minister", "muslims"},
		},
		{
			name:       "a town named like a first name is not a place in a person's name",
			article:    pulse.Article{Body: "Federal Reserve Board Chairman Paul Volcker said his wife Nancy agreed."},
			persons:    []string{"paul-volcker"},
			orgs:       []string{"federal-reserve"},
			notPlace:   []string{"fr-nancy"},
			notPersons: []string{"nancy"},
		},
		{
			name:     "dateline with a state abbreviation places the city",
			article:  pulse.Article{Dateline: "BIRMINGHAM, Ala., Feb 26", Title: "TORCHMARK SETS BUYBACK", Body: "Torchmark Corp said its board authorized a buyback."},
			places:   []string{"us-al"},
			notPlace: []string{"gb-birmingham"},
			salient:  []string{"us-al"},
		},
		{
			name:     "a currency is not where the story happens",
			article:  pulse.Article{Dateline: "TAIPEI, Feb 27", Body: "Assets rose to 6.28 billion U.S. Dlrs at end-January, the central bank said."},
			places:   []string{"tw-taipei", "us"},
			salient:  []string{"tw-taipei"},
			language: "en",
		},
		{
			name:     "a Title Case headline gives no persons of its own",
			article:  pulse.Article{Title: "Syria and Iraq Strengthen Cooperation Amid Security Challenges"},
			places:   []string{"sy", "iq"},
			language: "en",
		},
		{
			name:     "an earnings table is English",
			article:  pulse.Article{Title: "COLECO INDUSTRIES INC <CLO> 4TH QTR", Body: "Shr loss 6.48 DLS VS PROFIT 23 CTS\n    Net loss 110.6 mln vs profit 4.1 mln\n    Revs 74.0 mln vs 152.0 mln"},
			language: "en",
		},
		{
			name:     "a headline in capitals is English",
			article:  pulse.Article{Title: "U.K. TO SELL OFF REMAINING 31.7 PCT STAKE IN BP"},
			language: "en",
		},
		{
			name:     "a declared language is kept",
			article:  pulse.Article{Language: "de", Title: "Shares rose on Monday", Body: "Shares rose on Monday, traders said."},
			language: "de",
		},
		{
			name:     "language of a French article",
			article:  pulse.Article{Title: "Le gouvernement présente son budget", Body: "Le ministre des Finances a présenté mercredi un budget qui prévoit une baisse des impôts pour les ménages et les entreprises."},
			language: "fr",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.article
			x.Extract(&a, Options{Spans: true})
			checkInvariants(t, &a, true)
			for _, want := range []struct {
				facet string
				ids   []string
				got   []pulse.Entity
			}{{"persons", tt.persons, a.Persons}, {"places", tt.places, a.Places}, {"orgs", tt.orgs, a.Orgs}} {
				for _, id := range want.ids {
					if _, ok := find(want.got, id); !ok {
						t.Errorf("%s: want %q, got %v", want.facet, id, ids(want.got))
					}
				}
			}
			for _, id := range tt.notPersons {
				if _, ok := find(a.Persons, id); ok {
					t.Errorf("persons: %q is not a person, got %v", id, ids(a.Persons))
				}
			}
			for _, id := range tt.notPlace {
				if _, ok := find(a.Places, id); ok {
					t.Errorf("places: %q is not a place here, got %v", id, ids(a.Places))
				}
			}
			for _, id := range tt.salient {
				if e, ok := find(a.Places, id); !ok || e.Salience < SalientThreshold {
					t.Errorf("places: want %q salient, got %+v", id, e)
				}
			}
			if tt.language != "" && a.Language != tt.language {
				t.Errorf("language: want %q, got %q", tt.language, a.Language)
			}
		})
	}
}

func TestExtractIgnoresExistingEntities(t *testing.T) {
	x := mustExtractor(t)
	a := pulse.Article{
		Body:    "Shares of Exxon Corp rose in New York on Monday.",
		Tags:    []string{"crude"},
		Persons: []pulse.Entity{{ID: "planted-person", Name: "Planted Person"}},
		Places:  []pulse.Entity{{ID: "zz", Name: "Nowhere", Country: "ZZ"}},
	}
	x.Extract(&a, Options{})
	if _, ok := find(a.Persons, "planted-person"); ok {
		t.Errorf("persons kept an input entity: %v", ids(a.Persons))
	}
	if _, ok := find(a.Places, "zz"); ok {
		t.Errorf("places kept an input entity: %v", ids(a.Places))
	}
	if len(a.Tags) != 1 {
		t.Errorf("tags changed: %v", a.Tags)
	}
}

func TestTopics(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name, title, body, want string
	}{
		{"sport", "Arsenal beat Chelsea in the Premier League", "The striker scored twice in the second half as Arsenal won the match 2-1 to go top of the league.", "medtop:15000000"},
		{"economy", "Shares fall as profits slide", "The company's pre-tax profits fell 20% and its shares dropped on the stock market as investors worried about sales.", "medtop:04000000"},
		{"technology", "New mobile phone software unveiled", "The firm showed software that lets users download music to their mobile phones over broadband and wireless networks.", "medtop:13000000"},
		{"politics", "Ministers face Commons vote", "The prime minister told MPs the government would win the vote in parliament despite a rebellion by Labour backbenchers.", "medtop:11000000"},
		{"arts", "Film wins best picture Oscar", "The film, starring an actress nominated for best actress, won the Oscar for best picture at the Academy Awards in Hollywood.", "medtop:01000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := pulse.Article{Title: tt.title, Body: tt.body}
			x.Extract(&a, Options{})
			checkInvariants(t, &a, false)
			if len(a.Topics) == 0 || a.Topics[0].ID != tt.want {
				t.Errorf("want first topic %s, got %v", tt.want, a.Topics)
			}
			for _, tp := range a.Topics {
				if tp.Name == "" {
					t.Errorf("topic %s without its label", tp.ID)
				}
			}
		})
	}
}

// TestTopicsNotNamedByNames: the words of a firm's name, in a headline in
// capitals or in the text, name no topic, and one chance word gives no
// second topic.
func TestTopicsNotNamedByNames(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name, title, body, not string
	}{
		{"firm in capitals before ticker", "INTERACTIVE TECHNOLOGIES INC <ITXI> 1ST QTR NET",
			"Interactive Technologies Inc said first quarter net profit rose to 1.2 mln dlrs on revenues of 9.8 mln dlrs, and shares rose.", "medtop:13000000"},
		{"firm with legal suffix", "TECHNIMED CORP SAID COMPANY CANCELLED CONTRACT",
			"Technimed Corp said the company cancelled a supply contract with a distributor and expects a loss in the quarter.", "medtop:13000000"},
		{"health in a firm's name", "NATIONAL HEALTH ENHANCEMENT <NHES> SETS DIVIDEND",
			"National Health Enhancement Systems Inc said its board declared a quarterly dividend of five cts a share, payable to shareholders.", "medtop:07000000"},
		{"union in a firm's name", "UNION CARBIDE <UK> DEBT UPGRADED",
			"Standard and Poor's said it upgraded the debt of Union Carbide Corp, citing lower interest costs and higher profits at the company.", "medtop:09000000"},
		{"an army's contract", "LTV UNIT WINS TWO ARMY CONTRACTS",
			"LTV Corp's aerospace unit said it won two U.S. Army contracts worth 48 mln dlrs for military trucks and spare parts.", "medtop:16000000"},
		{"one chance word", "Exporters expect higher sales",
			"The exporters' association said sales abroad would rise this year as prices firm, and one government estimate agreed.", "medtop:11000000"},
		{"a navy's missile program", "HUGHES AND RAYTHEON TO SEEK NAVY WORK",
			"Hughes Aircraft Co and Raytheon Co said they formed a partnership to compete for the Navy's air-to-air missile program. Raytheon will design the missile's radar, and Hughes will handle missile integration with the Navy's aircraft and weapons systems.", "medtop:16000000"},
		{"a trade bill", "HOUSE TRADE BILL DRAFTING POSTPONED",
			"The House Ways and Means Committee postponed drafting of the trade bill until next week, a committee aide said, as members disagreed over the legislation's limits on imports.", "medtop:02000000"},
		{"frequent flyer programs", "CONTINENTAL AND EASTERN COMBINE PROGRAMS",
			"Continental Airlines and Eastern Airlines said they will combine their frequent flyer programs, so that members of either program earn free travel on both carriers' route networks.", "medtop:13000000"},
		{"a computer maker's supply deal", "AW COMPUTER <AWCSA> IN SUPPLY AGREEMENT",
			"AW Computer Systems Inc said it signed an agreement to supply its computer terminals and software to a retail chain over three years, worth about four mln dlrs in revenues.", "medtop:13000000"},
		{"a chairman resigns", "PUBCO <PUBO> CHAIRMAN RESIGNS",
			"Pubco Corp said its chairman, John Smith, resigned for personal reasons, and the board named its president, Robert Jones, to succeed him.", "medtop:11000000"},
		{"a chief financial officer", "BALLY <BLY> NAMES NEW OFFICERS",
			"Bally said it named Paul Johnson its chief financial officer and Lee Smith its chief operating officer.", "medtop:02000000"},
		{"government bonds", "U.K. GOVERNMENT BONDS PLUMMET",
			"British government bonds fell sharply in active trading as the gilt market followed U.S. issues lower, dealers said, and some government bond prices lost two points.", "medtop:11000000"},
		{"a finance minister on a loan", "MEXICO TO SIGN 7.7 BILLION DLR LOAN FRIDAY",
			"Mexico will sign a 7.7 billion dlr loan with its commercial bank creditors on Friday, the finance minister said. The finance ministry said the loan, part of a rescheduling of its foreign debt, would be signed in New York.", "medtop:11000000"},
		{"a minister below the lead", "STEEL OUTPUT RISES IN MARCH",
			"Crude steel output rose 4.2 pct in March to 2.1 mln tonnes, the steel industry's association said, as sales to carmakers rose, prices firmed and exports climbed 12 pct to 150 mln dlrs. Mills ran at 81 pct of capacity, the highest rate since 1984, and orders from builders and shipyards kept rising. The industry minister told parliament later the government would review steel quotas.", "medtop:11000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := pulse.Article{Title: tt.title, Body: tt.body}
			x.Extract(&a, Options{})
			checkInvariants(t, &a, false)
			if _, ok := find(a.Topics, tt.not); ok {
				t.Errorf("topic %s given: %v", tt.not, a.Topics)
			}
		})
	}
}

// TestTopicsOfWire: a company wire keeps a topic its headline names, and
// business besides.
func TestTopicsOfWire(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name, title, body string
		want              []string
	}{
		{"drug in the headline", "BEECHAM <BHAM> UNIT LAUNCHES ARTHRITIS DRUG",
			"Beecham Group Plc said its pharmaceuticals unit launched a new drug for the treatment of arthritis in Britain, after clinical trials on patients, and expects sales of 20 mln stg a year.",
			[]string{"medtop:07000000"}},
		{"suit in the headline", "DU PONT <DD> WINS SUIT AGAINST PHILLIPS <P>",
			"Du Pont Co said a federal judge in Delaware ruled that Phillips Petroleum Co infringed its patent on a plastic, and awarded it damages.",
			[]string{"medtop:02000000"}},
		{"chip in the headline", "IBM <IBM> DEMONSTRATES NEW CHIP",
			"International Business Machines Corp said it demonstrated a memory chip that stores four mln bits, using a new process its researchers developed for computers.",
			[]string{"medtop:13000000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkTopics(t, x, tt.title, tt.body, tt.want, nil)
		})
	}
}

// runWithin runs fn and fails the test if it has not returned after d: a
// watchdog against hangs, not a speed assertion.
func runWithin(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("extraction still running after %s", d)
	}
}

func TestBadInput(t *testing.T) {
	x := mustExtractor(t)
	big := strings.Repeat("The Bank of Japan said on Tuesday that Finance Minister Kiichi Miyazawa met officials in Tokyo. ", 10<<20/96)
	capitals := strings.Repeat("Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Paris Mike ", 2000)
	tests := []struct {
		name    string
		article pulse.Article
		check   func(t *testing.T, a *pulse.Article)
	}{
		{"empty", pulse.Article{}, func(t *testing.T, a *pulse.Article) {
			if a.Language != "" || len(a.Persons)+len(a.Places)+len(a.Orgs)+len(a.Topics) != 0 {
				t.Errorf("want nothing from an empty article, got %+v", a)
			}
		}},
		{"only spaces", pulse.Article{Title: "  ", Body: "\n\t \n"}, func(t *testing.T, a *pulse.Article) {
			if len(a.Places)+len(a.Persons) != 0 {
				t.Errorf("want nothing, got %+v", a)
			}
		}},
		{"not UTF-8", pulse.Article{Title: "Bagh\xffdad \xfe\xfe", Body: "Officials in \xc3\x28Baghdad and Iraq said \xf0\x28\x8c\x28 on Monday."}, func(t *testing.T, a *pulse.Article) {
			if _, ok := find(a.Places, "iq"); !ok {
				t.Errorf("want Iraq despite invalid bytes, got %v", ids(a.Places))
			}
		}},
		{"10 MB article", pulse.Article{Title: "Bank of Japan", Body: big}, func(t *testing.T, a *pulse.Article) {
			if e, ok := find(a.Persons, "kiichi-miyazawa"); !ok || e.Mentions < 100 {
				t.Errorf("want Miyazawa named many times in the first MiB, got %v", a.Persons)
			}
		}},
		{"a page of capitalised words", pulse.Article{Body: capitals}, func(t *testing.T, a *pulse.Article) {
			if len(a.Persons) != 0 {
				t.Errorf("want no persons from a list of words, got %v", ids(a.Persons))
			}
		}},
		{"control characters and markup", pulse.Article{Body: "\x00\x01<b>Iraq</b>\x07 &amp; <<<>>> ((( ))) --- ''' ’’’"}, nil},
		{"only punctuation", pulse.Article{Title: "!!!", Body: strings.Repeat("-,.;:", 1000)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.article
			runWithin(t, 2*time.Minute, func() { x.Extract(&a, Options{Spans: true}) })
			checkInvariants(t, &a, true)
			if tt.check != nil {
				tt.check(t, &a)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	x := mustExtractor(t)
	want := mustWire(t, "wire-3.txt")
	x.Extract(&want, Options{Spans: true})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				a := mustWire(t, "wire-3.txt")
				x.Extract(&a, Options{Spans: true})
				if strings.Join(ids(a.Persons), ",") != strings.Join(ids(want.Persons), ",") ||
					strings.Join(ids(a.Places), ",") != strings.Join(ids(want.Places), ",") {
					t.Errorf("concurrent run differs: %v %v", ids(a.Persons), ids(a.Places))
					return
				}
			}
		}()
	}
	wg.Wait()
}

// impliedCountry reports whether e is a country added for a city or
// region of the list: it has no mentions of its own.
func impliedCountry(list []pulse.Entity, e pulse.Entity) bool {
	if e.Mentions != 0 || len(e.Spans) != 0 || strings.ToLower(e.Country) != e.ID {
		return false
	}
	for _, p := range list {
		if p.ID != e.ID && p.Country == e.Country && p.Mentions > 0 {
			return true
		}
	}
	return false
}

// TestHeadlineSpeaker: a headline's lone surname before a headline verb,
// or after its closing dash, is its speaker, whom the archive names in
// full; a firm in that place is nobody.
func TestHeadlineSpeaker(t *testing.T) {
	x := mustExtractor(t)
	ar := NewArchive()
	for range 3 {
		a := pulse.Article{Title: "Fed chief speaks", Body: "Federal Reserve Board Chairman Paul Volcker said on Tuesday that inflation remained under control."}
		x.Extract(&a, Options{Archive: ar})
	}
	tests := []struct {
		name, title, want string
	}{
		{"verb after the name", "VOLCKER SEES NO CLEAR EVIDENCE OF TRADE TURNAROUND", "Paul Volcker"},
		{"name after the dash", "Dollar will stabilise at current levels - Volcker", "Paul Volcker"},
		{"a firm", "IBM SEES HIGHER EARNINGS IN 1987", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := pulse.Article{Title: tt.title}
			x.Extract(&a, Options{Archive: ar})
			got := ""
			if len(a.Persons) > 0 {
				got = a.Persons[0].Name
			}
			if got != tt.want || len(a.Persons) > 1 {
				t.Errorf("persons %v, want %q", nameList(a.Persons), tt.want)
			}
		})
	}
}

func TestCamelCase(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"SeaMicro", true}, {"YouTube", true}, {"BlackRock", true}, {"GenCorp", true},
		{"McDermott", false}, {"MacArthur", false}, {"DiCaprio", false}, {"LaHood", false},
		{"IBM", false}, {"Reuters", false}, {"AMD", false}, {"NYSE", false}, {"eBay", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := camelCase(tt.in); got != tt.want {
				t.Errorf("camelCase(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestKeyOf: a name's key is its words, lower-cased, one space apart,
// however the text breaks them: wire bodies wrap lines inside names.
func TestKeyOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Temple Inland", "temple inland"}, {"Temple\nInland", "temple inland"}, {"Pat\r\nCarney", "pat carney"},
		{"Pat\tCarney", "pat carney"}, {"U.S.", "us"}, {"AT&T", "at&t"}, {"Ofosu-Adjare", "ofosu adjare"}, {"carney", "carney"},
	}
	for _, tt := range tests {
		if got := keyOf(tt.in); got != tt.want {
			t.Errorf("keyOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestArchiveFirmWord: a firm's one word with an inner capital is, with
// the archive, the firm's full name the archive holds.
func TestArchiveFirmWord(t *testing.T) {
	x := mustExtractor(t)
	ar := NewArchive()
	for range 3 {
		a := pulse.Article{Body: "GenCorp Inc said on Monday its first quarter profit rose 12 pct on higher sales."}
		x.Extract(&a, Options{Archive: ar})
	}
	a := pulse.Article{Body: "Shareholders of GenCorp will vote on the offer in April, the company's chairman said."}
	x.Extract(&a, Options{Archive: ar})
	if len(a.Orgs) != 1 || a.Orgs[0].Name != "GenCorp Inc" {
		t.Errorf("orgs %v, want [GenCorp Inc]", nameList(a.Orgs))
	}
}

// TestArchiveFirmSuffix: a firm named without its legal form is, with the
// archive, the firm the archive names with it; a name with a legal form
// of its own is its own firm.
func TestArchiveFirmSuffix(t *testing.T) {
	x := mustExtractor(t)
	ar := NewArchive()
	for range 3 {
		for _, body := range []string{
			"Shearson Lehman Brothers Inc said on Monday it would underwrite the offering of 10 mln shares.",
			"General Electric Co Plc said its pre-tax profit rose to 700 mln stg in the year.",
		} {
			a := pulse.Article{Body: body}
			x.Extract(&a, Options{Archive: ar})
		}
	}
	tests := []struct{ body, want string }{
		{"The issue was managed by Shearson Lehman Brothers, the company said on Tuesday.", "Shearson Lehman Brothers Inc"},
		{"General Electric Co said on Tuesday its aircraft engine orders rose in the quarter.", "General Electric Co"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			a := pulse.Article{Body: tt.body}
			x.Extract(&a, Options{Archive: ar})
			if len(a.Orgs) != 1 || a.Orgs[0].Name != tt.want {
				t.Errorf("orgs %v, want [%s]", nameList(a.Orgs), tt.want)
			}
		})
	}
}

// TestArchiveFirmShortName: a word of a firm's name the article gives is
// the firm's short name, not the surname of the person the archive knows
// by it ("Walt Disney Co" … "Disney said" is no Walt Disney).
func TestArchiveFirmShortName(t *testing.T) {
	x := mustExtractor(t)
	ar := NewArchive()
	for range 3 {
		a := pulse.Article{Body: "The film studio was founded by Walt Disney, who died in 1966, his biographer said."}
		x.Extract(&a, Options{Archive: ar})
	}
	a := pulse.Article{Body: "Walt Disney Co said on Monday it signed the park contract. Disney said the park would open in 1992."}
	x.Extract(&a, Options{Archive: ar})
	if len(a.Persons) != 0 {
		t.Errorf("persons %v, want none", nameList(a.Persons))
	}
	b := pulse.Article{Body: "The studio's founder was remembered on Monday. Disney said in 1955 that the park would never be finished."}
	x.Extract(&b, Options{Archive: ar})
	if len(b.Persons) != 1 || b.Persons[0].Name != "Walt Disney" {
		t.Errorf("persons %v, want [Walt Disney] where no firm is named", nameList(b.Persons))
	}
}

// TestArchiveFirmWrittenAsPerson: a name written as a firm's ("Merrill
// Lynch analyst …", "… co-managed the deal") is no person, with its
// other mentions in the article; with the archive it is the firm the
// archive holds.
func TestArchiveFirmWrittenAsPerson(t *testing.T) {
	x := mustExtractor(t)
	body := "Demand for chips rose, said Merrill Lynch analyst Thomas Kurlack. Merrill Lynch said it would buy more, and Kidder Peabody and Merrill Lynch co-managed the deal."
	a := pulse.Article{Body: body}
	x.Extract(&a, Options{})
	for _, p := range a.Persons {
		if p.Name == "Merrill Lynch" || p.Name == "Kidder Peabody" {
			t.Errorf("%q is a person; persons %v", p.Name, nameList(a.Persons))
		}
	}
	ar := NewArchive()
	for range 3 {
		l := pulse.Article{Body: "Merrill Lynch Capital Markets Inc said it would lead the issue of 100 mln dlrs of notes."}
		x.Extract(&l, Options{Archive: ar})
	}
	b := pulse.Article{Body: body}
	x.Extract(&b, Options{Archive: ar})
	orgs := nameList(b.Orgs)
	if !strings.Contains(orgs, "Merrill Lynch Capital Markets") {
		t.Errorf("orgs %v, want the archive's Merrill Lynch Capital Markets", orgs)
	}
}

// TestPlaceLabels checks that no two places share a facet label, that
// the labels do not depend on the order a map hands out the namesakes
// (they did: "Ibaraki, Osaka" in one process, "Ibaraki, Osaka (region)"
// in the next), and that a city keeps its name before the region named
// after it.
func TestPlaceLabels(t *testing.T) {
	x := mustExtractor(t)
	byName, byKey := map[string]string{}, map[string]string{}
	for _, e := range x.ents {
		if !e.kind.IsPlace() {
			continue
		}
		// Labels that differ only by accents or punctuation ("Kabul",
		// "Kābul") read as one to a reader.
		if other, ok := byKey[keyOf(e.name)]; ok {
			t.Errorf("%s and %s are both labelled %q", other, e.id, e.name)
		}
		byName[e.name], byKey[keyOf(e.name)] = e.id, e.id
	}
	again, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for i := range x.ents {
		if x.ents[i].name != again.ents[i].name {
			t.Errorf("%s is %q in one extractor and %q in another", x.ents[i].id, x.ents[i].name, again.ents[i].name)
		}
	}
	for id, want := range map[string]string{
		"cr-san-jose": "San José, Costa Rica", "cr-sj": "San José (region)", "nz-auckland": "Auckland",
		"jp-kochi": "Kochi, Japan", "jp-ibaraki": "Ibaraki, Osaka", "us-ny": "New York (state)",
		"af-kabul": "Kabul", "af-kab": "Kābul (region)", "ch-zurich": "Zurich", "ch-zh": "Zürich (region)", "mx": "Mexico",
	} {
		if got := byName[want]; got != id {
			t.Errorf("%q labels %q, want %q", want, got, id)
		}
	}
}

func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{"AL-AIN": "Al-Ain", "CHEVY CHASE": "Chevy Chase", "MCLEAN": "McLean",
		"O'HARE": "O'Hare", "Kanata": "Kanata", "MC": "Mc"} {
		if got := titleCase(in); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnsureGuess checks what an unsure language guess becomes: in the
// Latin script, English with an English word among the letters and none
// without; in another script the guess stands, as the script tells the
// family (and an Arabic-script text needs its analyser).
func TestUnsureGuess(t *testing.T) {
	if got := detectLanguage("USAIR GROUP REJECTS TRANS WORLD AIRLINES TAKEOVER BID", ""); got != "" {
		t.Errorf("Latin script, no English word: %q, want none", got)
	}
	if got := detectLanguage("Syria and Iraq Strengthen Cooperation", ""); got != "en" {
		t.Errorf("Latin script with an English word: %q, want en", got)
	}
	if got := detectLanguage("Путин заявил", ""); got == "" {
		t.Errorf("Cyrillic: no language, want the detector's guess")
	}
}
