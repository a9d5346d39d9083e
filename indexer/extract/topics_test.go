package extract

import (
	"testing"

	"github.com/pulsesearch/pulse"
)

// TestTopicsOfTheSubject: a topic is the story's subject, not a good a
// firm trades, a product named in a table or a policy, or one word met
// once.
func TestTopicsOfTheSubject(t *testing.T) {
	x := mustExtractor(t)
	const (
		science  = "medtop:13000000"
		health   = "medtop:07000000"
		politics = "medtop:11000000"
		labour   = "medtop:09000000"
		business = "medtop:04000000"
	)
	tests := []struct {
		name, title, body string
		want, not         []string
	}{
		{"a firm buys a patent", "ORBITEK SYSTEMS INC BUYS PATENT RIGHTS",
			"Orbitek Systems Inc said it acquired all rights to a patent for a portable modem that links computers to telephone lines, and the right to build and license the modems, for 200,000 dlrs.",
			[]string{business}, []string{science}},
		{"a firm sells medical offices", "CAREWAY <CRWY> TO SELL MEDICAL OFFICES",
			"Careway Inc said it agreed to sell 40 of its primary medical care offices to a private group for undisclosed terms, with the transfers taking place over three months. The company said the sale would not affect its earnings.",
			[]string{business}, []string{health}},
		{"a firm to market another's computers", "DELTRON <DLT> TO SELL NEW KAPPA COMPUTERS",
			"Deltron Corp said its business centers will begin marketing Kappa Corp's new line of personal computers and software to small firms next month.",
			[]string{business}, []string{science}},
		{"a price table", "",
			"HAMBURG SOYMEAL - APRIL 8 Pellets (44 pc protein, 12 pc max moisture, two pc max fibre) Apr/Sept 205 sellers, 203 buyers, dlrs per tonne FOB (prev 206).",
			nil, []string{science}},
		{"computer exports are trade policy", "U.S. OFFICIALS SPLIT OVER COMPUTER EXPORTS TO SYRIA",
			"Two U.S. departments disagree over whether to license exports of computers to Syria, officials said. The Commerce Department favours the licences for two firms, while the Pentagon says the computers could serve the military.",
			nil, []string{science}},
		{"one word once", "AGENCY REPORTS 28 VESSELS WAITING AT SUEZ",
			"The canal authority, a government agency, said 28 vessels were waiting to enter the canal this morning, against 31 a day earlier.",
			nil, []string{politics}},
		{"a labour federation", "MINERS' FEDERATION BACKS DOCK STRIKERS",
			"The country's largest labour federation called on its member unions to back thousands of striking dock workers and condemned the port authority's threat to dismiss them.",
			[]string{labour}, []string{politics}},
		{"a product launched", "QUILLON <QLN> INTRODUCES NEW SOFTWARE",
			"Quillon Inc said it introduced a new version of its desktop publishing software, with 60 new features, for personal computers and workstations.",
			[]string{science}, nil},
		{"a chip developed", "VESTRA <VST> DEVELOPS FASTER MEMORY CHIP",
			"Vestra Corp said its researchers developed an experimental memory chip that stores four mln bits and reads them twice as fast as chips now used in computers.",
			[]string{science}, nil},
		{"a drug approved", "REGULATOR APPROVES NEW ARTHRITIS DRUG",
			"The drug regulator said it approved a once-a-day medicine for the treatment of rheumatoid arthritis after clinical trials on 900 patients.",
			[]string{health}, nil},
		{"a drug for dogs", "ACME <ACM> GETS APPROVAL FOR DOG HEART DRUG",
			"Acme Inc said its veterinary drug for the prevention of heartworm disease in dogs was approved, and will be sold only through licensed veterinarians.",
			nil, []string{health}},
		{"a poultry disease", "POULTRY DISEASE FOUND IN TWO STATES",
			"A highly contagious disease of poultry and pet birds was confirmed at two bird dealers, the agriculture department said, and state quarantines were placed on both.",
			nil, []string{health}},
		{"a long story about technology", "Gadget market set to grow",
			"Sales of consumer technology will grow again next year, analysts said. Digital cameras, mobile phones, laptops and portable music players " +
				"will drive the growth as broadband and wireless networks spread. Software and internet services for phones and laptops, " +
				"from music downloads to video calls, will follow the gadgets, and the technology firms that make the chips, the software and the " +
				"web services expect the internet, broadband and mobile phone users to double. Gadget makers said the laptop, the phone and the " +
				"music player would merge into one device running the same software over wireless broadband, and technology analysts agreed.",
			[]string{science}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkTopics(t, x, tt.title, tt.body, tt.want, tt.not)
		})
	}
}

// checkTopics extracts an article of title and body and checks that its
// topics include every id of want and none of not.
func checkTopics(t *testing.T, x *Extractor, title, body string, want, not []string) {
	t.Helper()
	a := pulse.Article{Title: title, Body: body}
	x.Extract(&a, Options{})
	checkInvariants(t, &a, false)
	for _, id := range want {
		if _, ok := find(a.Topics, id); !ok {
			t.Errorf("topic %s missing: %v", id, a.Topics)
		}
	}
	for _, id := range not {
		if _, ok := find(a.Topics, id); ok {
			t.Errorf("topic %s given: %v", id, a.Topics)
		}
	}
}
