package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
)

// newsroomCase is one passage in a newsroom's style with the entities a
// reader finds in it. persons and orgs are names as the facet should show
// them; places are ISO country codes of places named; notPersons are
// names that must not be a person value (fragments of organisations and
// places, trade nouns, firms).
type newsroomCase struct {
	name       string
	title      string
	body       string
	persons    []string
	orgs       []string
	places     []string
	notPersons []string
	notPlaces  []string // names that must not be a place value
	notOrgs    []string // names that must not be an organisation value
	// placeSpans are texts some place's span must cover exactly: a
	// place with the region or country that qualifies it is one span.
	placeSpans []string
	// salient are countries the story is in (salience at least
	// SalientThreshold); passing are countries it names only in passing.
	salient []string
	passing []string
}

// issuePhrases are the phrases of issue 17, from its report of what went
// wrong.
var issuePhrases = []newsroomCase{
	{name: "trade nouns", body: "Dealers said the dollar was firm. Analysts said the Bank of Japan would act. Traders, bankers and economists agreed, brokers said.",
		notPersons: []string{"Dealers", "Analysts", "Traders", "Bankers", "Economists", "Brokers"}, orgs: []string{"Bank of Japan"}},
	{name: "firms are no persons", body: "Merrill Lynch and Co Inc raised its forecast. Merrill Lynch said the shares would rise, and Salomon Brothers Inc and Morgan Stanley and Co Inc agreed.",
		notPersons: []string{"Merrill Lynch", "Salomon Brothers", "Morgan Stanley"}, orgs: []string{"Merrill Lynch and Co Inc", "Salomon Brothers Inc"}},
	{name: "regions are no persons", body: "Exports to the Far East and North America rose, while West Berlin and West Texas Intermediate crude were steady, officials said.",
		notPersons: []string{"Far East", "North America", "West Berlin", "West Texas Intermediate"}},
	{name: "title stripped", body: "British Chancellor of the Exchequer Nigel Lawson said interest rates would fall. Lawson told parliament the pound was stable.",
		persons: []string{"Nigel Lawson"}, notPersons: []string{"Exchequer Nigel Lawson", "Lawson"}, places: []string{"GB"}},
	{name: "surname joins full name", body: "U.S. Trade Representative Clayton Yeutter said Japan must open its markets. Yeutter told reporters he would travel to Tokyo.",
		persons: []string{"Clayton Yeutter"}, notPersons: []string{"Yeutter"}, places: []string{"JP"}},
	{name: "hyphenated surname", body: "Ghana's finance minister, Elizabeth Ofosu-Adjare, presented the budget on Thursday. Ofosu-Adjare said inflation would fall.",
		persons: []string{"Elizabeth Ofosu-Adjare"}, notPersons: []string{"Ofosu-Adjare"}, places: []string{"GH"}},
	{name: "appositive", body: "Ethiopia's prime minister, Abiy Ahmed, visited Nairobi on Monday for talks on the dam.",
		persons: []string{"Abiy Ahmed"}, places: []string{"ET", "KE"}},
	{name: "title before unknown name", body: "AfCFTA Secretary-General Wamkele Mene said the agreement would lift trade across the continent.",
		persons: []string{"Wamkele Mene"}},
	{name: "organisation with inner of", body: "Leaders of the Economic Community of West African States (ECOWAS) met in Abuja. ECOWAS said sanctions would stay.",
		orgs: []string{"Economic Community of West African States"}, notPersons: []string{"West African States"}, places: []string{"NG"}},
	{name: "organisation with inner and", body: "The Ministry of Trade and Industry said exports rose in March, a spokesman said.",
		orgs: []string{"Ministry of Trade and Industry"}},
	{name: "partners joined by an ampersand", body: "Procter & Gamble Co said profits rose, and Johnson & Johnson raised its dividend, analysts at Goldman Sachs & Co said.",
		orgs: []string{"Procter & Gamble Co", "Johnson & Johnson", "Goldman Sachs & Co"}, notOrgs: []string{"Gamble Co"}, notPersons: []string{"Johnson"}},
	{name: "two bodies joined by an ampersand", body: "Wladimir Klitschko retained his IBF, WBO, WBA & IBO heavyweight world titles on Saturday. The Liz & Dick star is in treatment.",
		notOrgs: []string{"WBA & IBO", "Liz & Dick"}},
	{name: "a given name that is also a thing's word", body: "U.S. President Bill Clinton on Thursday signed the welfare bill, and Senator Bill Bradley backed the Farm Bill.",
		persons: []string{"Bill Clinton", "Bill Bradley"}, notPersons: []string{"President Bill Clinton", "Senator Bill Bradley", "Farm Bill"}},
	{name: "surnames that are ordinary words", body: "Referee Tony Weeks stopped the fight. Theresa May said Britain would leave, and President-elect Barack Obama met ANZ managing director Brian Weeks. Abbey National and Florida Federal said Fair Thu trading was thin.",
		persons:    []string{"Tony Weeks", "Theresa May", "Barack Obama", "Brian Weeks"},
		notPersons: []string{"Referee Tony", "Tony", "President-elect Barack Obama", "Abbey National", "Florida Federal", "Fair Thu"}},
	{name: "a product after its maker's possessive", body: "Microsoft released an emergency patch for its Internet Explorer browser on Wednesday. Attackers had hijacked Internet Explorer to take over computers, Microsoft said. Explorer users should update. Tracor Inc said its Tracor Applied Sciences unit won a Navy contract.",
		notPersons: []string{"Internet Explorer", "Internet Explorer Web", "Tracor Applied Sciences"}},
	{name: "a sport's headline makes a sports story", title: "SOCCER - BLINKER BAN LIFTED .",
		body:    "LONDON 1996-08-30\nDutch forward Reggie Blinker had his suspension lifted by FIFA on Friday and was set to make his comeback against Liverpool on Saturday .",
		persons: []string{"Reggie Blinker"}, orgs: []string{"FIFA", "Liverpool"}, notPlaces: []string{"Liverpool"}, salient: []string{"GB"}},
	{name: "a contest is no body", body: "Holmes won the 800m at the Norwich Union Grand Prix in Birmingham on Saturday, and Liverpool won the League Cup. Norwich Union said tickets sold out.",
		orgs: []string{"Norwich Union"}, notOrgs: []string{"Norwich Union Grand Prix", "League Cup"}, notPersons: []string{"Norwich Union Grand Prix", "League Cup"}},
	{name: "securities and exchange commission", body: "The Securities and Exchange Commission said it would review the merger. The Exchange Commission did not give a date.",
		orgs: []string{"Securities and Exchange Commission"}},
	{name: "food and drug administration", body: "The Food and Drug Administration approved the drug on Friday, the company said.",
		orgs: []string{"Food and Drug Administration"}, notPersons: []string{"Drug Administration"}},
	{name: "credit rating is no organisation", body: "Moody's Investors Service Inc said it upgraded the company's debt to AA from A, affecting 200 mln dlrs of securities.",
		orgs: []string{"Moody's Investors Service Inc"}},
	{name: "news agency is no person", body: "Iraq said its warplanes struck an Iranian oil field, the official Iraqi News Agency said. IRNA, the Iranian news agency, denied it.",
		notPersons: []string{"IRNA", "Iraqi News Agency"}, places: []string{"IQ", "IR"}},
}

// newsroomSentences are passages written for these tests in the styles of
// wires, papers and broadcasters across Africa, the Middle East, South
// and East Asia and Latin America.
var newsroomSentences = []newsroomCase{
	// Africa
	{name: "nigeria central bank", body: "Central Bank of Nigeria Governor Olayemi Cardoso said the naira would stabilise by the end of the year.",
		persons: []string{"Olayemi Cardoso"}, orgs: []string{"Central Bank of Nigeria"}, places: []string{"NG"}},
	{name: "kenya president", body: "Kenyan President William Ruto on Tuesday signed the finance bill into law, his office said.",
		persons: []string{"William Ruto"}, places: []string{"KE"}},
	{name: "south africa appositive", body: "South Africa's finance minister, Enoch Godongwana, told parliament in Cape Town that growth would slow.",
		persons: []string{"Enoch Godongwana"}, places: []string{"ZA"}},
	{name: "ghana said verb", body: "\"We will not devalue again,\" said Kwasi Amoako-Atta, a member of Ghana's parliament.",
		persons: []string{"Kwasi Amoako-Atta"}, places: []string{"GH"}},
	{name: "senegal opposition", body: "Opposition leader Ousmane Sonko urged supporters in Dakar to stay calm. Sonko said the vote had been rigged.",
		persons: []string{"Ousmane Sonko"}, notPersons: []string{"Sonko"}, places: []string{"SN"}},
	{name: "african development bank", body: "The African Development Bank (AfDB) approved a 300 million dollar loan to Ethiopia. The AfDB said the money would fund roads.",
		orgs: []string{"African Development Bank"}, places: []string{"ET"}},
	{name: "tanzania minister", body: "Tanzania's energy minister, Doto Biteko, said the pipeline would be finished in 2025.",
		persons: []string{"Doto Biteko"}, places: []string{"TZ"}},
	{name: "dr congo rebels", body: "M23 rebels advanced towards Goma in eastern Democratic Republic of Congo, the United Nations said on Sunday.",
		orgs: []string{"United Nations"}, places: []string{"CD"}, notPersons: []string{"Goma"}},
	{name: "egypt canal authority", body: "The Suez Canal Authority said revenue fell by half, its chairman Osama Rabie told a news conference in Ismailia.",
		persons: []string{"Osama Rabie"}, orgs: []string{"Suez Canal Authority"}, places: []string{"EG"}},
	{name: "ethiopian airlines chief", body: "Ethiopian Airlines chief executive Mesfin Tasew said the carrier would buy 20 more aircraft.",
		persons: []string{"Mesfin Tasew"}, places: []string{"ET"}},
	{name: "zimbabwe byline", body: "By Farai Mutsaka\nHARARE, March 3 - Zimbabwe's central bank raised its main rate to 200 percent on Thursday.",
		persons: []string{"Farai Mutsaka"}, places: []string{"ZW"}},
	{name: "uganda said after", body: "The election was free and fair, Ugandan electoral commission chairman Simon Byabakama said.",
		persons: []string{"Simon Byabakama"}, places: []string{"UG"}},
	// Middle East
	{name: "saudi energy minister", body: "Saudi Energy Minister Prince Abdulaziz bin Salman said OPEC+ would act to steady the market.",
		persons: []string{"Abdulaziz bin Salman"}, places: []string{"SA"}},
	{name: "iran foreign minister", body: "Iranian Foreign Minister Abbas Araqchi arrived in Muscat for talks with Omani officials.",
		persons: []string{"Abbas Araqchi"}, places: []string{"IR", "OM"}},
	{name: "iraq dateline", body: "BAGHDAD, April 9 - Iraqi Prime Minister Mohammed Shia al-Sudani met Kurdish leaders on Wednesday.",
		persons: []string{"Mohammed Shia al-Sudani"}, places: []string{"IQ"}},
	{name: "lebanon agency dateline", body: "BEIRUT (Reuters) — Lebanon's parliament speaker Nabih Berri said talks on a new president would resume next week.",
		persons: []string{"Nabih Berri"}, places: []string{"LB"}},
	{name: "qatar investment authority", body: "The Qatar Investment Authority bought a stake in the London hotel, people familiar with the deal said.",
		orgs: []string{"Qatar Investment Authority"}, places: []string{"GB"}},
	{name: "jordan king", body: "King Abdullah of Jordan received the U.S. envoy in Amman on Sunday, the royal court said.",
		places: []string{"JO"}, notPersons: []string{"Amman"}},
	{name: "israel central bank", body: "Bank of Israel Governor Amir Yaron kept the benchmark rate at 4.5 percent. Yaron said inflation remained high.",
		persons: []string{"Amir Yaron"}, orgs: []string{"Bank of Israel"}, notPersons: []string{"Yaron"}, places: []string{"IL"}},
	{name: "turkey lira", body: "Turkey's central bank governor, Fatih Karahan, said the lira would not be allowed to slide.",
		persons: []string{"Fatih Karahan"}, places: []string{"TR"}},
	{name: "uae sovereign fund", body: "The UAE's Mubadala Investment Co agreed to buy the Brazilian power firm, a statement said.",
		orgs: []string{"Mubadala Investment Co"}, places: []string{"AE"}},
	{name: "syria riyadh dateline", body: "RIYADH, April 9 — Syrian Foreign Minister Asaad al-Shaibani arrived for talks with Gulf ministers.",
		persons: []string{"Asaad al-Shaibani"}, places: []string{"SA", "SY"}},
	// South Asia
	{name: "india reserve bank", body: "Reserve Bank of India Governor Sanjay Malhotra said the rupee would find its level. Malhotra spoke in Mumbai.",
		persons: []string{"Sanjay Malhotra"}, orgs: []string{"Reserve Bank of India"}, notPersons: []string{"Malhotra"}, places: []string{"IN"}},
	{name: "pakistan appositive", body: "Pakistan's finance minister, Muhammad Aurangzeb, said talks with the International Monetary Fund (IMF) had gone well.",
		persons: []string{"Muhammad Aurangzeb"}, orgs: []string{"International Monetary Fund"}, places: []string{"PK"}},
	{name: "bangladesh chief adviser", body: "Bangladesh's interim leader Muhammad Yunus said elections would be held next year, speaking in Dhaka.",
		persons: []string{"Muhammad Yunus"}, places: []string{"BD"}},
	{name: "sri lanka president", body: "Sri Lankan President Anura Kumara Dissanayake said the debt deal would be signed soon.",
		persons: []string{"Anura Kumara Dissanayake"}, places: []string{"LK"}},
	{name: "nepal prime minister", body: "COLOMBO, Jan 5 - Nepal's Prime Minister K.P. Sharma Oli arrived in Sri Lanka for a three-day visit.",
		persons: []string{"K.P. Sharma Oli"}, places: []string{"NP", "LK"}},
	{name: "indian conglomerate", body: "Tata Motors Ltd said quarterly profit rose 20 percent, beating forecasts by analysts polled by LSEG.",
		orgs: []string{"Tata Motors Ltd"}, notPersons: []string{"Tata Motors"}},
	{name: "state bank of india", body: "State Bank of India chairman Challa Sreenivasulu Setty said loan growth would stay strong.",
		persons: []string{"Challa Sreenivasulu Setty"}, orgs: []string{"State Bank of India"}, places: []string{"IN"}},
	// East and South-East Asia
	{name: "japan finance minister", body: "TOKYO, Feb 3 - Japanese Finance Minister Katsunobu Kato said he was watching currency moves with urgency.",
		persons: []string{"Katsunobu Kato"}, places: []string{"JP"}},
	{name: "china commerce ministry", body: "China's Ministry of Commerce said it would impose export controls on gallium, spokesperson He Yadong told reporters in Beijing.",
		orgs: []string{"Ministry of Commerce"}, places: []string{"CN"}},
	{name: "korea central bank", body: "Bank of Korea Governor Rhee Chang-yong said rates could fall further. Rhee spoke after the board meeting in Seoul.",
		persons: []string{"Rhee Chang-yong"}, orgs: []string{"Bank of Korea"}, notPersons: []string{"Rhee"}, places: []string{"KR"}},
	{name: "indonesia mononym", body: "JAKARTA, May 2 - Indonesian President Prabowo Subianto said the new capital would open on time.",
		persons: []string{"Prabowo Subianto"}, places: []string{"ID"}},
	{name: "philippines", body: "Philippine President Ferdinand Marcos Jr. said the country would not give up its claims in the South China Sea.",
		persons: []string{"Ferdinand Marcos Jr."}, places: []string{"PH"}, notPersons: []string{"South China Sea"}},
	{name: "vietnam party", body: "The Communist Party of Vietnam named To Lam its general secretary, state media reported from Hanoi.",
		orgs: []string{"Communist Party of Vietnam"}, places: []string{"VN"}},
	{name: "malaysia", body: "Malaysian Prime Minister Anwar Ibrahim said the budget would cut fuel subsidies, speaking in Kuala Lumpur.",
		persons: []string{"Anwar Ibrahim"}, places: []string{"MY"}},
	{name: "thai central bank", body: "Bank of Thailand Governor Sethaput Suthiwartnarueput told reporters in Bangkok that the baht was too strong.",
		persons: []string{"Sethaput Suthiwartnarueput"}, orgs: []string{"Bank of Thailand"}, places: []string{"TH"}},
	{name: "taiwan chipmaker", body: "Taiwan Semiconductor Manufacturing Co said its chief executive, C.C. Wei, would visit Arizona.",
		orgs: []string{"Taiwan Semiconductor Manufacturing Co"}, places: []string{"TW", "US"}, notPersons: []string{"Taiwan Semiconductor"}},
	{name: "hong kong monetary authority", body: "The Hong Kong Monetary Authority (HKMA) raised its base rate. The HKMA said capital flows were orderly.",
		orgs: []string{"Hong Kong Monetary Authority"}, places: []string{"HK"}},
	// Latin America
	{name: "brazil dateline", body: "BRASILIA, June 2 - President Luiz Inacio Lula da Silva said Brazil would not join the oil cartel. Lula spoke at the Planalto palace.",
		persons: []string{"Luiz Inacio Lula da Silva"}, places: []string{"BR"}},
	{name: "mexico finance", body: "Mexican Finance Minister Rogelio Ramirez de la O said the peso was stable. Ramirez de la O spoke in Mexico City.",
		persons: []string{"Rogelio Ramirez de la O"}, places: []string{"MX"}},
	{name: "argentina president", body: "Argentine President Javier Milei said the International Monetary Fund would back his reforms.",
		persons: []string{"Javier Milei"}, orgs: []string{"International Monetary Fund"}, places: []string{"AR"}},
	{name: "chile copper", body: "Chile's state copper company Codelco said output fell 5 percent, its chairman Maximo Pacheco said in Santiago.",
		persons: []string{"Maximo Pacheco"}, places: []string{"CL"}},
	{name: "colombia petro", body: "Colombian President Gustavo Petro told reporters in Bogota that the peace talks would resume. Petro gave no date.",
		persons: []string{"Gustavo Petro"}, notPersons: []string{"Petro"}, places: []string{"CO"}},
	{name: "peru mining", body: "LIMA, Aug 14 - Peru's Energy and Mines Minister Romulo Mucho said the Tia Maria project would start this year.",
		persons: []string{"Romulo Mucho"}, places: []string{"PE"}},
	{name: "venezuela pdvsa", body: "Venezuela's state oil company Petroleos de Venezuela SA (PDVSA) said exports rose. PDVSA gave no figures.",
		orgs: []string{"Petroleos de Venezuela SA"}, places: []string{"VE"}},
	{name: "brazil central bank", body: "Banco Central do Brasil director Gabriel Galipolo said inflation expectations had worsened.",
		persons: []string{"Gabriel Galipolo"}, places: []string{"BR"}, notPersons: []string{"Banco Central"}},
	{name: "ecuador byline", body: "By Alexandra Valencia and Tito Correa, Reuters\nQUITO, Jan 10 - Ecuador declared a state of emergency on Tuesday.",
		persons: []string{"Alexandra Valencia", "Tito Correa"}, places: []string{"EC"}},
	// Wires and trade pages
	{name: "first line wrapped after a cut dateline", body: "World Bank president Barber Conable\nsaid he believed Brazil's moratorium on debt payments would be temporary.",
		persons: []string{"Barber Conable"}, places: []string{"BR"}},
	{name: "title over a wrapped line", body: "U.K. Chancellor of the Exchequer Nigel\nLawson has told Brazil's finance minister that London has no role in the talks.",
		persons: []string{"Nigel Lawson"}, notPersons: []string{"Lawson", "Nigel"}},
	{name: "company suffix words", body: "General Electric Co and General Motors Corp said they would cut jobs, Salomon Brothers analysts said.",
		orgs: []string{"General Electric Co", "General Motors"}, notPersons: []string{"Electric", "Motors", "Salomon Brothers"}},
	{name: "commodity grade", body: "West Texas Intermediate crude rose 50 cents, while Brent crude was steady, traders said.",
		notPersons: []string{"West Texas Intermediate", "Brent", "Traders"}},
	{name: "standard and poor's", body: "Standard and Poor's Corp lowered the rating of the bank's debt, citing losses in Latin America.",
		orgs: []string{"Standard and Poor's Corp"}, notPersons: []string{"Poor"}},
	{name: "goldman comma firm", body: "The offering was managed by Goldman, Sachs and Co, the company said.",
		orgs: []string{"Goldman, Sachs and Co"}, notPersons: []string{"Goldman"}},
	{name: "teams named for their city", body: "The Miami Dolphins beat the Kansas City Chiefs 24-17 on Sunday, and the Toronto Raptors signed a guard from the Phoenix Suns.",
		orgs: []string{"Miami Dolphins", "Kansas City Chiefs", "Toronto Raptors", "Phoenix Suns"}, notPlaces: []string{"Miami", "Kansas City", "Toronto", "Phoenix"}},
	{name: "team with a number", body: "San Francisco 49ers coach Kyle Shanahan said the team would rest its starters against the Seattle Seahawks.",
		persons: []string{"Kyle Shanahan"}, orgs: []string{"San Francisco 49ers", "Seattle Seahawks"}, notPlaces: []string{"San Francisco"}},
	{name: "a firm named for its city", body: "Texas Instruments Inc said it would cut 1,000 jobs at its plant in Dallas, Texas.",
		orgs: []string{"Texas Instruments Inc"}, places: []string{"US"}},
	{name: "province of Indonesia", body: "A 6.2-magnitude earthquake struck Aceh on Tuesday, killing at least 12 people, Indonesia's disaster agency said.",
		places: []string{"ID"}},
	{name: "first name that is a place", body: "Striker Milan Baros scored twice as Liverpool won 3-1 at Anfield.",
		persons: []string{"Milan Baros"}, notPlaces: []string{"Milan"}},
	{name: "age before a name", body: "Police said 34-year-old Nomvula Dlamini was found in her flat in Soweto, South Africa, on Sunday.",
		persons: []string{"Nomvula Dlamini"}, places: []string{"ZA"}},
	{name: "surname that is a town", body: "Chargers receiver Vincent Jackson was arrested early on Tuesday. Jackson was released on bail later that day, police said.",
		persons: []string{"Vincent Jackson"}, notPlaces: []string{"Jackson"}},
	{name: "firm with an inner capital", body: "The chipmaker agreed to acquire SeaMicro, a maker of low-power servers, while McDermott Inc kept its bid.",
		orgs: []string{"SeaMicro"}, notPersons: []string{"SeaMicro"}},
	{name: "surname with an inner capital", body: "Doug McDermott scored 23 points as Creighton won in Omaha, Nebraska. McDermott also had nine rebounds.",
		persons: []string{"Doug McDermott"}, places: []string{"US"}},
	{name: "patrol and survey", body: "The driver was arrested by the California Highway Patrol, and the US Geological Survey said the quake struck near Ridgecrest.",
		orgs: []string{"California Highway Patrol", "US Geological Survey"}, places: []string{"US"}},
	{name: "headline in title case", title: "Thandiwe Mokoena Checks Into Rehab Clinic Again",
		body:    "Singer Thandiwe Mokoena checked into a clinic in Cape Town on Monday, her lawyer said. Mokoena had left another clinic in May.",
		persons: []string{"Thandiwe Mokoena"}, notPersons: []string{"Thandiwe Mokoena Checks", "Mokoena Checks"}, places: []string{"ZA"}},
	{name: "island and borough", body: "Rescuers searched villages on Sumatra after the quake, while in Queens a witness said the car did not stop.",
		places: []string{"ID", "US"}},
	{name: "age with spaced dashes", body: "Witnesses say 62 - year - old Nomvula Dlamini was crossing the road in Soweto when the car hit her.",
		persons: []string{"Nomvula Dlamini"}, places: []string{"ZA"}},
	{name: "age appositive before a spaced dash", body: "Tariq Haddad, 34, was hit by a hit - and - run driver outside his shop in Amman on Friday, police said.",
		persons: []string{"Tariq Haddad"}, places: []string{"JO"}},
	{name: "title case headline subject", title: "Amara Okonkwo Checks Into Clinic in Lagos After Tour",
		body:    "The 31-year-old singer checked into a private clinic in Lagos on Monday, her manager said, a week after her tour ended.",
		persons: []string{"Amara Okonkwo"}, places: []string{"NG"}},
	{name: "title case body, no title", body: "Lindsay Okonkwo Leaves Betty Clinic, Checks Into Lagos Rehab\nFirst Published: June 13, 2013 4: 59 PM\nThe singer has left the clinic and is moving to a rehab facility in Lagos, Nigeria.",
		places: []string{"NG"}},
	{name: "title case headline place", title: "Victoria Falls Tourism Recovers After Rains",
		body:       "Hotels near the falls in Zimbabwe said bookings rose in March as the river rose after heavy rains.",
		notPersons: []string{"Victoria Falls", "Falls Tourism"}, places: []string{"ZW"}},
	// Given names: a short form, a common word opening a sentence, a title word as a surname
	{name: "short given name joins the full one", body: "The club appointed Thabo Mokoena as coach on Monday. Tab Mokoena said he was proud. Mokoena starts in July.",
		persons: []string{"Thabo Mokoena"}, notPersons: []string{"Tab Mokoena", "Mokoena"}},
	{name: "two brothers stay two", body: "James Okafor and Howard Okafor run the Lagos firm. Okafor said profits rose.",
		persons: []string{"James Okafor", "Howard Okafor"}, notPersons: []string{"Okafor"}, places: []string{"NG"}},
	{name: "common given name opening a sentence", body: "Mark Osei, a climber from Kumasi, fell near the summit of Mount Kenya. Osei was 34.",
		persons: []string{"Mark Osei"}, notPersons: []string{"Osei"}, places: []string{"GH", "KE"}},
	{name: "title word as a surname", body: "Billy Prince, the club's general manager, fired the coach in Lima. Prince said the decision was hard.",
		persons: []string{"Billy Prince"}, places: []string{"PE"}},
	{name: "modal opening a question", body: "Will Congress pass the budget before the recess, and will Nairobi follow?",
		notPersons: []string{"Will Congress"}},
	// Places no list holds: features named by their kind, towns placed by their state
	{name: "glacier and mountain", body: "A British climber died on Mount Sefton in New Zealand after falling near the Tasman Glacier, police in Christchurch said.",
		places: []string{"NZ", "GB"}, notPersons: []string{"Mount Sefton", "Tasman Glacier"}},
	{name: "town placed by its state", body: "The jury in Poteau, Okla., convicted a man from Fort Smith, Ark., of killing his girlfriend.",
		places: []string{"US"}, notPersons: []string{"Poteau", "Fort Smith"}},
	{name: "ocean is no country", body: "Tsunami warnings were issued for countries around the Indian Ocean after the quake off Sumatra.",
		places: []string{"ID"}, notPlaces: []string{"India"}},
	{name: "county", body: "The inmate was serving a life sentence from Brazos County when he escaped near Houston.",
		places: []string{"US"}, notPersons: []string{"Brazos County"}},
	{name: "province and camp", body: "Fighting spread to Akhal province, and thousands fled to the Yida refugee camp near the border with Sudan.",
		places: []string{"SD"}, notPersons: []string{"Akhal", "Yida"}},
	{name: "town named alone after the city of", body: "Fire destroyed a warehouse owned by the city of Kuvango in southern Angola. Police in Kuvango arrested a man.",
		places: []string{"AO"}, notPersons: []string{"Kuvango"}},
	// A city or state named as a team, in a sports story
	{name: "city as a team", body: "Kaizer Chiefs beat Durban 2-1 on Saturday. Durban (4-6) have lost three in a row, and the coach said the team would meet in Johannesburg.",
		orgs: []string{"Durban"}, notPlaces: []string{"Durban"}, places: []string{"ZA"}},
	{name: "state university team", body: "Creighton improved to 25-7 and will play Indiana State in the semifinal on Saturday in St. Louis.",
		orgs: []string{"Indiana State"}, notPlaces: []string{"Indiana"}},
	{name: "place in a story without a score", body: "Residents of Durban said the storm cut power across the city on Saturday.",
		places: []string{"ZA"}, salient: []string{"ZA"}},
	// Datelines at the start of the body, as CMS exports carry them
	{name: "dateline with a state and no comma", body: "RICHMOND, Va. Feb 26 - The utility raised its quarterly dividend to 54 cts a share.",
		places: []string{"US"}, salient: []string{"US"}},
	{name: "dateline with a postal code", body: "OAK LAWN, Il., March 4 - The school supplier said fourth-quarter profit rose.",
		salient: []string{"US"}},
	{name: "dateline with a state and no date", body: "CHEVY CHASE, Md., - The bank said it would buy a savings and loan in Virginia.",
		salient: []string{"US"}},
	{name: "dateline with the", body: "THE HAGUE, April 9 - The Dutch cabinet agreed to cut spending by two billion guilders.",
		salient: []string{"NL"}},
	{name: "dateline with the country after the", body: "IJMUIDEN, the Netherlands, April 2 - Steelworkers at the plant voted to strike.",
		salient: []string{"NL"}},
	{name: "a firm's home", body: "TORONTO, March 24 - Swiss-based Nestle SA said its Canadian unit would buy the biscuit business of Dixon Foods Ltd of Ireland.",
		salient: []string{"CA"}, passing: []string{"CH", "IE"}},
	{name: "headline firm named after a city", title: "STANBIC LAGOS ISSUES 20 BLN NAIRA BOND",
		body:    "ACCRA, May 4 - Stanbic Lagos Bank is issuing a 20 billion naira bond, lead manager Ecobank said.",
		salient: []string{"GH"}, passing: []string{"NG"}},
	{name: "country before a bank word in a headline", title: "KENYA BANK LENDING RISES 12 PCT IN APRIL - CENTRAL BANK",
		salient: []string{"KE"}},
	{name: "a dotted abbreviation in capitals", title: "U.K. TO SELL OFF REMAINING 31.7 PCT STAKE IN BP",
		salient: []string{"GB"}},
	{name: "a dotted abbreviation before a bank word", title: "U.S. BANK NET FREE RESERVES 447 MLN DLRS IN TWO WEEKS TO APRIL 8",
		salient: []string{"US"}},
	{name: "a state's dotted abbreviation in capitals", title: "N.Y. BUSINESS LOANS FALL 195 MLN DLRS IN FEB 18 WEEK, FED SAYS",
		salient: []string{"US"}},
	{name: "the UN in capitals", title: "U.N. CHIEF URGES GULF CEASEFIRE",
		orgs: []string{"United Nations"}},
	{name: "a dateline's town no list holds", body: "KANATA, Ontario, March 4 - Mitel Corp said it won a contract. McLEAN, Va., March 4 - Gannett said profit rose.",
		placeSpans: []string{"KANATA"}, salient: []string{"CA"}, notPlaces: []string{"Ontario, California"}},
	{name: "a dateline city of the story's country", body: "SAN JOSE, March 5 - Costa Rica's economy minister said he sees new hope for changes in coffee export quotas. Costa Rica wants a larger share, he said.",
		salient: []string{"CR"}, notPlaces: []string{"San Jose"}},
	{name: "a city before the region named after it", body: "Swiss bank shares rose in Zurich on Tuesday, and the New Zealand dollar was firm in Wellington. Kodak is based in Rochester, New York.",
		notPlaces: []string{"Zürich", "Wellington (region)", "New York"}, placeSpans: []string{"Rochester, New York"}, salient: []string{"CH"}},
	{name: "a list of cities is no qualifier", body: "The company has offices in St. Louis, Washington, D.C. and Boston, it said.",
		notPlaces: []string{"Washington"}, placeSpans: []string{"St. Louis", "Boston"}},
	{name: "a dateline city better known than its namesake", body: "PARIS, March 5 - Texas oil producers met French bankers on Thursday. The Texas group said it would sell Texas crude to refiners.",
		salient: []string{"FR", "US"}},
	{name: "a dateline's region is no namesake city", body: "KANATA, Ontario, March 4 - Mitel Corp said it won a U.S. contract and would hire staff in the U.S. and at home.",
		salient: []string{"CA"}},
	{name: "based in", body: "DUBAI, March 3 - Teva Pharmaceutical Industries Ltd, based in Israel, said it sold a unit to investors from the Gulf.",
		salient: []string{"AE"}, passing: []string{"IL"}},
	{name: "place in a firm's name", body: "LONDON, March 24 - British Airways Plc is issuing a 100 mln stg eurobond, lead manager Union Bank of Switzerland said.",
		salient: []string{"GB"}, passing: []string{"CH"}},
	{name: "town beside a namesake", body: "Police in Jackson, Mississippi, said on Monday that Mayor Sam Jackson had resigned.",
		places: []string{"US"}},
	// Session 7: the causes of the ECB+ errors under the original scorer.
	{name: "president and kb surname", body: "President Obama on Tuesday reversed the rule, the White House said.",
		persons: []string{"Barack Obama"}},
	{name: "acronym before a name", title: "Saints place RB Pierre Thomas on injured reserve",
		body:    "Coach Sean Payton said Pierre Thomas would miss the playoffs. Thomas hurt his ankle against Atlanta.",
		persons: []string{"Pierre Thomas", "Sean Payton"}, notPersons: []string{"RB Pierre Thomas", "Thomas"}},
	{name: "gov is a title", body: "Alaska Gov. Sarah Palin visited the church in Wasilla on Saturday. Palin said she was saddened.",
		persons: []string{"Sarah Palin"}, notPersons: []string{"Gov. Sarah Palin"}, places: []string{"US"}},
	{name: "human verbs", body: "Will Artino scored 14 points off the bench. Keiwan Ratliff intercepted a pass for a touchdown, and Raj Chohan was hit by a car in Queens.",
		persons: []string{"Will Artino", "Keiwan Ratliff", "Raj Chohan"}},
	{name: "surname over a town in a sports story", body: "Chargers receiver Vincent Jackson scored twice in a 31-24 win. Jackson was arrested two days later, police said.",
		persons: []string{"Vincent Jackson"}, notPlaces: []string{"Jackson"}},
	{name: "jr ends a headline name", title: "Arcade Joseph Comeaux Jr, Prison Inmate, Pulls Gun On Guards",
		body:    "Comeaux, 49, took the officers' weapons and fled on foot, a spokesman said.",
		persons: []string{"Arcade Joseph Comeaux Jr"}},
	{name: "city and state one span", body: "The inmate was moved from a unit in Huntsville, Texas, to a prison in Beaumont, Texas. The bout was held in Mannheim, Germany.",
		placeSpans: []string{"Huntsville, Texas", "Beaumont, Texas", "Mannheim, Germany"}, places: []string{"US", "DE"}},
	{name: "possessive country one span", body: "A strong earthquake struck Indonesia's Aceh province on Tuesday. A camp in South Sudan's Unity state was bombed.",
		placeSpans: []string{"Indonesia's Aceh", "South Sudan's Unity"}, places: []string{"ID", "SS"}},
	{name: "plural verb makes a team", body: "New Orleans have decided to rest him after a 31-24 loss. New Orleans signed a running back on Monday.",
		notPlaces: []string{"New Orleans"}},
	{name: "a small town that speaks", body: "The inmate fled on foot, Lyons said. He was last seen near the prison.",
		notPlaces: []string{"Lyon"}},
	{name: "demonym before a noun", body: "The Turkmen election was held on Sunday, officials in Ashgabat said.",
		places: []string{"TM"}},
	{name: "spaced initials", body: "The U. S. Marshals added him to their list. A U. N. helicopter landed at 2 A. M., and A. J. Smith said so.",
		persons: []string{"A. J. Smith"}, orgs: []string{"United Nations"}, notPersons: []string{"U. S. Marshals", "U. N.", "A. M."}},
	{name: "a thing named after an article", title: "Microsoft Rushes Fix To Address Internet Explorer Attacks",
		body:       "Attacks target an Internet Explorer flaw. Users of Internet Explorer should update, Microsoft said.",
		notPersons: []string{"Internet Explorer", "Explorer"}},
	{name: "a person's group after an article", body: "Taft said it would negotiate with a group led by its vice chairman, Dudley Taft. The Dudley Taft group offered 150 dlrs a share.",
		persons: []string{"Dudley Taft"}},
	{name: "a unit is no title", body: "Copper Wirebars, U.S. prod 69.625/70.00 cts/lb Copper Merchant, U.S. prod 65.20/65.70 cts/lb",
		notPersons: []string{"Copper Merchant"}},
	{name: "an article across a line", body: "The Penney unit selected the\nTandem NonStop computer system for its new service, the company said.",
		notPersons: []string{"Tandem NonStop"}},
	{name: "a relation in apposition", body: "Laci Peterson disappeared in December. A jury found Scott Peterson guilty of killing his pregnant wife, Laci, and their unborn son.",
		persons: []string{"Laci Peterson", "Scott Peterson"}, notPersons: []string{"Laci"}},
	{name: "a middle name left out", body: "Lohan dismissed her New York attorney, Mark Jay Heller, on Friday. Mark Heller said he was surprised, and Heller declined to say more.",
		persons: []string{"Mark Jay Heller"}, notPersons: []string{"Mark Heller", "Heller"}},
	{name: "a suffix ends a name across a line", body: "Rewards are offered for Texas prison escapee Arcade Joseph Comeaux Jr.\nDepartment of Corrections spokeswoman Michelle Lyons said he was still on the run.\nComeaux was in a wheelchair.",
		persons: []string{"Arcade Joseph Comeaux Jr.", "Michelle Lyons"}, orgs: []string{"Department of Corrections"}},
	{name: "speaker of a body", body: "Twelve people were killed in Bener Meriah district, said Sutopo Purwo Nugroho of the National Disaster Mitigation Agency.",
		persons: []string{"Sutopo Purwo Nugroho"}, orgs: []string{"National Disaster Mitigation Agency"}},
	{name: "a child by her given name", body: "The jury heard how 10-year-old Kathina Thomas died. After Kathina was shot, she called for her mother.",
		persons: []string{"Kathina Thomas"}, notPersons: []string{"Kathina"}},
	// Session 7, places: names that do not name the place where they stand.
	{name: "continents named with America", title: "LATIN AMERICA SEEKS RELIEF ON DEBT",
		body:    "Finance ministers from Latin America met in Cartagena, Colombia, on Monday. Exports to North America and South America fell. North American and Latin American gas markets and Central Americans were hurt.",
		salient: []string{"CO"}, passing: []string{"US"}},
	{name: "a results table", title: "SOCCER - ENGLISH LEAGUE RESULTS .",
		body: "LONDON 1996-08-24\nResults of English league soccer matches on Saturday :\nPremier league\nArsenal 2 Derby 0\nAston Villa 2 Leeds 0\nBolton 3 Manchester City 1\nJapan 2 Syria 1",
		orgs: []string{"Arsenal", "Derby", "Aston Villa", "Leeds", "Bolton", "Manchester City"}, salient: []string{"GB"}, passing: []string{"JP", "SY"},
		notPlaces: []string{"Derby", "Leeds"}, notPersons: []string{"Aston Villa"}},
	{name: "a standings table", title: "SOCCER - DUTCH FIRST DIVISION STANDINGS .",
		body: "AMSTERDAM 1996-08-25\nStandings in the Dutch first division after Sunday 's matches :\nPSV Eindhoven 4 3 1 0 12 2 10\nFeyenoord 4 3 1 0 8 3 10\nGreg Norman 68 70 72 70",
		orgs: []string{"PSV Eindhoven", "Feyenoord"}, notOrgs: []string{"Greg Norman"}},
	{name: "a nationality in brackets", title: "TENNIS - RESULTS AT CANADIAN OPEN .",
		body:    "TORONTO 1996-08-22\nResults from the Canadian Open tennis tournament on Thursday :\nWayne Ferreira ( South Africa ) beat Jiri Novak ( Czech Republic ) 7-5 6-3\nMarcelo Rios (Chile) beat Kenneth Carlsen (Denmark) 6-2 6-3",
		persons: []string{"Wayne Ferreira", "Jiri Novak", "Marcelo Rios", "Kenneth Carlsen"}, salient: []string{"CA"}},
	{name: "a cricket scorecard", title: "CRICKET - PAKISTAN V NEW ZEALAND ONE-DAY SCOREBOARD .",
		body:       "SIALKOT , Pakistan 1996-12-06\nScoreboard in the second one-day cricket international between Pakistan and New Zealand on Friday :\nPakistan\nSaeed Anwar run out 91\nZahoor Elahi b Cairns 86\nIjaz Ahmad c Spearman b Vaughan 59\nMoin Khan not out 12\nExtras ( lb-8 nb-2 w-1 ) 11\nNew Zealand\nChris Cairns c and b Saqlain 34\nCraig Spearman run out 7\nShayne Vaughan lbw b Wasim 3",
		persons:    []string{"Saeed Anwar", "Zahoor Elahi", "Ijaz Ahmad", "Moin Khan", "Chris Cairns", "Craig Spearman", "Shayne Vaughan"},
		notPersons: []string{"Cairns", "Saqlain"}, notPlaces: []string{"Cairns"}, salient: []string{"PK"}},
	{name: "a market's table is no standings", title: "CHICAGO HOG FUTURES",
		body:    "CHICAGO, March 3 - Closing prices:\nHogs 123 145 167 189\nBellies 56 58 60 62",
		notOrgs: []string{"Hogs", "Bellies"}},
	{name: "a Caribbean people's word", body: "LONDON 1996-08-30 - West Indian all-rounder Phil Simmons took four for 38 on Friday as Leicestershire beat Somerset. American Indian tribes were not mentioned.",
		persons: []string{"Phil Simmons"}, salient: []string{"GB"}, notPlaces: []string{"India"}},
	{name: "a continent's people's word", title: "NORTH AMERICAN GAS MARKET RECOVERY YEARS AWAY",
		body: "CALGARY, Alberta, May 4 - Gas producers expect no recovery before 1990, an industry group said. " +
			"North American demand fell, North American prices followed, and the North American supply bubble grew. " +
			"The group's North American members and Latin American buyers met on Monday.",
		salient: []string{"CA"}, notPlaces: []string{"United States"}},
	{name: "states without the", title: "GULF ARAB STATES AGREE ON CUSTOMS UNION",
		body:    "Six Gulf Arab states agreed in Riyadh on a customs union. EC member states were not consulted.",
		salient: []string{"SA"}, passing: []string{"US"}},
	{name: "the States with the", body: "He said he would move back to the States next year to run the company.",
		places: []string{"US"}},
	{name: "a gulf named after a country", title: "GULF OF MEXICO RIG COUNT FALLS",
		body:    "HOUSTON, May 4 - Offshore rigs working in the Gulf of Mexico fell to 83 this week. Drilling in the Bay of Bengal was unchanged.",
		salient: []string{"US"}, passing: []string{"MX", "IN", "BD"}},
	{name: "a ticker names no town", title: "EDO CORP <EDO> WINS NAVY CONTRACT",
		body:    "NEW YORK, March 3 - EDO Corp <EDO> said it won a 12 mln dlr contract. Pragma Bio-Tech Inc <PRAG> and Transamerica Income <TAI> gained.",
		salient: []string{"US"}, passing: []string{"JP", "CZ", "TH"}},
	{name: "a firm's name in angle brackets", body: "ZURICH, March 3 - <Electricite de France> said it would raise 500 mln Swiss francs.",
		salient: []string{"CH"}, passing: []string{"FR"}},
	{name: "an accord named after a city", title: "MIYAZAWA SAYS PARIS ACCORD IS WORKING",
		body:    "TOKYO, March 9 - The Paris accord and the Rome Treaty still hold, Finance Minister Kiichi Miyazawa said. The Paris Club of creditor nations meets next week. The Uruguay Round opens in September.",
		salient: []string{"JP"}, passing: []string{"FR", "IT", "UY"}},
	{name: "a town its state places elsewhere", title: "LYLE PROPANE SOLD",
		body:    "DALLAS, March 2 - Sun Gas Inc said it acquired Lyle Propane Gas Co, a Cairo, Ga., propane distributor. An investment firm in Naples, Fla., closed, and a tract in Nogales, Ariz., was sold.",
		salient: []string{"US"}, passing: []string{"EG", "IT", "MX"}, notPlaces: []string{"Cairo", "Naples"}},
	{name: "a nation's government", title: "JAPANESE GOVERNMENT TO PRESENT SPENDING PACKAGE",
		body:    "WASHINGTON, May 2 - The Japanese Government will present a package of public works next week, a U.S. official said.",
		salient: []string{"JP", "US"}},
	{name: "a nation's treasury in the lead", body: "SYDNEY, May 2 - Dealers said the French Treasury would repay 680 mln francs of debt early, and the Nigerian Army was put on alert.",
		salient: []string{"FR", "NG", "AU"}},
	{name: "the lead is the first sentence", body: "CAIRO, May 2 - Egypt's central bank cut its discount rate by one point on Sunday, the first cut this year. Bankers in Kuwait and Jordan said they expected no change there.",
		salient: []string{"EG"}, passing: []string{"KW", "JO"}},
	{name: "a short first sentence is no whole lead", body: "Shr 19 cts vs 15 cts. Net income rose at the unit in Brazil, the company said.",
		salient: []string{"BR"}},
	{name: "a place named four times", body: "LONDON, May 2 - Coffee prices fell sharply in early trading on Tuesday as dealers sold ahead of quota talks later this month. " +
		"Dealers said Brazil would ask for a larger share. Brazil exported 1.2 mln bags in April, and Brazil's frost damage was smaller than feared. " +
		"Traders expect Brazil to hold its price. Colombia said nothing.",
		salient: []string{"GB", "BR"}, passing: []string{"CO"}},
	{name: "a people's word in the body says whose", title: "MERCURY PRICE RAISED",
		body:    "MADRID, April 3 - Spain's Minas de Almaden agreed with an Algerian producer and two Italian traders on a minimum price for mercury.",
		salient: []string{"ES"}, passing: []string{"DZ", "IT"}},
	{name: "a people's word in the title frames the story", title: "CHILEAN COPPER OUTPUT RISES",
		body:    "SANTIAGO, April 3 - Output at the state mines rose 4 pct in March, the mining commission said.",
		salient: []string{"CL"}},
	{name: "a headline's town that is the body's firm", title: "SANTOS BIDS FOR OIL AND GAS COMPANY",
		body: "SYDNEY, April 8 - Oil producer Santos Ltd said it would bid 1.20 dlrs a share for Total Exploration. " +
			"Santos chairman Sir Brian Massy-Greene said the offer was fair. Santos said it held 9 pct.",
		salient: []string{"AU"}, passing: []string{"BR"}},
	{name: "a town its state holds stays", body: "The plant in Toronto, Ont., and the mill in Portland, Ore., will close, and so will one in Cairo, Egypt.",
		places: []string{"CA", "US", "EG"}},
	// Session 7c: an organisation's name before a title and a name is the
	// organisation's, whole, as it is alone ("the Bank of Ghana said"):
	// a place inside it counts only in passing, without a span.
	{name: "central banks before their governors", body: "Reserve Bank of India Governor Urjit Patel said inflation would ease, and Bank of Ghana Governor Ernest Addison agreed.",
		persons: []string{"Urjit Patel", "Ernest Addison"}, orgs: []string{"Reserve Bank of India", "Bank of Ghana"},
		places: []string{"IN", "GH"}, passing: []string{"IN", "GH"}},
	{name: "a state's police before an officer", body: "California Highway Patrol Officer Dana Reyes said the driver was cited for speeding.",
		persons: []string{"Dana Reyes"}, orgs: []string{"California Highway Patrol"}, notPlaces: []string{"California"}},
	{name: "a court and a university before their titles", body: "Lagos High Court Judge Mojisola Dada adjourned the case to June, and Ohio State University Professor Maria Lopez testified.",
		persons: []string{"Mojisola Dada", "Maria Lopez"}, orgs: []string{"Lagos High Court", "Ohio State University"}, notPlaces: []string{"Lagos", "Ohio"}},
	{name: "a regulator and a firm before their titles", body: "MEXICO CITY, May 4 - Bank of Mexico Director Miguel Mancera said reserves rose, and First Boston Corp Managing Director Ana Ruiz agreed.",
		persons: []string{"Miguel Mancera", "Ana Ruiz"}, orgs: []string{"Bank of Mexico", "First Boston Corp"}, salient: []string{"MX"}, notPlaces: []string{"Boston"}},
	// Session 7c: a name broken over a line of a wire's body is the name
	// on one line.
	{name: "a name over a line break", body: "Canadian Trade Minister Pat\nCarney said farm aid must fall. Carney said the\nRound would go on. Shares of Temple Inland Inc rose, and Temple\nInland gained 2 dlrs.",
		persons: []string{"Pat Carney"}, notPersons: []string{"Mark Carney", "Temple Inland"}, orgs: []string{"Temple Inland Inc"}},
	// Session 7c: firms read as persons. A wire marks a company without a
	// ticker by angle brackets: the name inside is the firm's, whole.
	{name: "firms in angle brackets", body: "LAGOS, May 5 - Dangote Cement Plc <DANGCEM> said it sold its stake to <Kano Truck Haulage> and <Hunter Helicopter of Nigeria, Ltd>. " +
		"Kano Truck Haulage said it would pay cash.",
		orgs: []string{"Kano Truck Haulage", "Hunter Helicopter of Nigeria, Ltd"}, notPersons: []string{"Kano Truck Haulage", "Hunter Helicopter"},
		salient: []string{"NG"}},
	{name: "a firm in brackets names its country in passing", body: "SAO PAULO, May 5 - <Banco Itau Chile> said it would open 12 branches, <Pioneer Savings> said.",
		orgs: []string{"Banco Itau Chile", "Pioneer Savings"}, salient: []string{"BR"}, passing: []string{"CL"}},
	// A firm's market or region, or what it makes, after the first word:
	// no person's name holds it.
	{name: "a firm's region or trade in its name", body: "NAIROBI, May 5 - Safaricom said its Vodacom Tanzania unit and Bidco Africa raised prices. " +
		"Bidco Africa said costs rose, and Kenya Tea Development said the same, as did Mumias Sugar Exploration and Tata Consultants.",
		notPersons: []string{"Bidco Africa", "Kenya Tea Development", "Mumias Sugar Exploration", "Tata Consultants", "Vodacom Tanzania"}, salient: []string{"KE"}},
	{name: "a firm's unit is no person", body: "MUMBAI, May 5 - Reliance Industries Ltd said its Jamnagar Petro division and its Ravi Kumar unit would merge, chairman Anil Mehta said.",
		orgs: []string{"Reliance Industries Ltd"}, persons: []string{"Anil Mehta"}, notPersons: []string{"Jamnagar Petro", "Ravi Kumar"}},
	{name: "firms for a market", body: "DETROIT, May 5 - Ford Europe and Shell U.K. Finance said sales fell, and Red Lobster USA said it would cut jobs, Ford Europe chairman Alan Hart said.",
		persons: []string{"Alan Hart"}, notPersons: []string{"Ford Europe", "Shell U.K. Finance", "Red Lobster USA"}},
	{name: "a firm's venture named by its first word", body: "NEW YORK, May 5 - Honeywell Inc said it would cut its stake in Honeywell Bull. Honeywell Bull said sales rose, chairman Jerome Meyer said.",
		orgs: []string{"Honeywell Inc", "Honeywell Bull"}, persons: []string{"Jerome Meyer"}, notPersons: []string{"Honeywell Bull"}},
	{name: "a famous name that is the firm", body: "PARIS, May 5 - The French government and Walt Disney Co expect to sign a contract. Investment by Walt Disney and French banks was put at 12 billion francs.",
		orgs: []string{"Walt Disney Co"}, notPersons: []string{"Walt Disney"}},
	{name: "banks of an issue", body: "NEW YORK, May 5 - The issue is rated A-3 by Moody's. Kidder Peabody, Tucker Anthony and Nomura co-managed the deal, and Merrill Lynch analyst Thomas Kurlack said demand was strong.",
		persons: []string{"Thomas Kurlack"}, notPersons: []string{"Kidder Peabody", "Tucker Anthony", "Merrill Lynch"}},
	{name: "a firm's plural legal form", body: "LONDON, May 5 - Transamerica Corp sold Transamerica Life Cos to Aegon, Philip Morris Cos said it would buy.",
		orgs: []string{"Transamerica Life Cos", "Philip Morris Cos"}, notPersons: []string{"Transamerica Life Cos", "Philip Morris Cos", "Philip Morris"}},
	// Session 11: honours after a name, a party's short form.
	{name: "honours are not part of the name", body: "The chairman of the Bar Council, Guy Mansfield QC warned there was a real risk of miscarriages of justice. Sir Elton John CBE and Sir Paul McCartney will play in London.",
		persons: []string{"Guy Mansfield", "Elton John", "Paul McCartney"}, orgs: []string{"Bar Council"}, notPersons: []string{"Guy Mansfield QC", "Elton John CBE"}, notOrgs: []string{"QC", "CBE"}},
	{name: "a party's short form", body: "Lib Dem leader Charles Kennedy said the plans were flawed. The Lib Dems accused the prime minister of spin.",
		persons: []string{"Charles Kennedy"}, orgs: []string{"Liberal Democrats"}, notPersons: []string{"Lib Dem", "Lib Dems"}},
	{name: "a party and its acronym in two stories", body: "UKIP leader Roger Knapman said the party would stand in every seat.",
		persons: []string{"Roger Knapman"}, orgs: []string{"UK Independence Party"}, notOrgs: []string{"UKIP"}},
	{name: "a country's television is no firm", body: "A US TV network is editing the film, and Sky TV will show it uncut, a spokesman said.",
		orgs: []string{"Sky TV"}, notOrgs: []string{"US TV"}, places: []string{"US"}},
	{name: "two organisations joined by and", body: "The World is a co-production of BBC World Service and WGBH-Boston. The Bank of England and Barclays said rates would rise, and the Ministry of Trade and Industry agreed.",
		orgs: []string{"BBC World Service", "Bank of England", "Ministry of Trade and Industry"}, notOrgs: []string{"BBC World Service and WGBH-Boston", "Bank of England and Barclays"}},
	{name: "the awards stand for the academy", body: "Jamie Foxx won an Academy Award for Ray. The Oscars will be held in Los Angeles, and the Academy Awards will be shown on television.",
		persons: []string{"Jamie Foxx"}, orgs: []string{"Academy of Motion Picture Arts and Sciences"}, notOrgs: []string{"Oscars", "Academy Award", "Academy Awards"}},
	{name: "a people's word names no team", body: "Wales beat Italy 38-8 in Rome on Saturday. The Welsh pack dominated, and Welsh fans sang long after the whistle, coach Mike Ruddock said.",
		persons: []string{"Mike Ruddock"}, notOrgs: []string{"Welsh"}},
	{name: "a film's title is no person", body: "Mike Leigh's abortion drama Vera Drake won three awards on Sunday. Vera Drake star Imelda Staunton was named best actress, and Vera Drake was named best film.",
		persons: []string{"Mike Leigh", "Imelda Staunton"}, notPersons: []string{"Vera Drake"}},
	{name: "a club's short form", body: "Man Utd manager Sir Alex Ferguson said his side would recover. Man Utd beat Leeds Utd 2-0 on Saturday.",
		persons: []string{"Alex Ferguson"}, orgs: []string{"Man Utd", "Leeds Utd"}, notPersons: []string{"Man Utd", "Leeds Utd"}},
	{name: "a continent and a championship", body: "Wales won the Six Nations on Saturday, their first title since the Five Nations became six. The win was the best by any side in Europe this year, coach Mike Ruddock said.",
		persons: []string{"Mike Ruddock"}, notOrgs: []string{"Iroquois League", "European Community"}},
	{name: "a surname with its particle is the full name", body: "In Hide and Seek, De Niro plays a widower whose daughter has an imaginary friend.",
		persons: []string{"Robert De Niro"}, notPersons: []string{"De Niro"}},
}

// TestNewsroom reads each passage and checks the persons, organisations
// and places a reader finds and the names that must not be persons;
// checkInvariants checks that no span is given two kinds.
func TestNewsroom(t *testing.T) {
	x := mustExtractor(t)
	cases := append(append([]newsroomCase(nil), issuePhrases...), newsroomSentences...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := pulse.Article{Title: tc.title, Body: tc.body}
			x.Extract(&a, Options{Spans: true})
			checkInvariants(t, &a, true)
			names := func(es []pulse.Entity) map[string]bool {
				m := map[string]bool{}
				for _, e := range es {
					m[e.Name] = true
				}
				return m
			}
			persons, orgs := names(a.Persons), names(a.Orgs)
			for _, p := range tc.persons {
				if !persons[p] {
					t.Errorf("person %q not found; persons %v", p, nameList(a.Persons))
				}
			}
			for _, o := range tc.orgs {
				if !orgs[o] {
					t.Errorf("organisation %q not found; orgs %v", o, nameList(a.Orgs))
				}
			}
			for _, p := range tc.notPersons {
				if persons[p] {
					t.Errorf("%q is a person; persons %v", p, nameList(a.Persons))
				}
			}
			for _, o := range tc.notOrgs {
				if orgs[o] {
					t.Errorf("%q is an organisation; orgs %v", o, nameList(a.Orgs))
				}
			}
			countries := map[string]bool{}
			for _, p := range a.Places {
				countries[p.Country] = true
			}
			for _, c := range tc.places {
				if !countries[c] {
					t.Errorf("no place in %s; places %v", c, nameList(a.Places))
				}
			}
			for _, p := range a.Places {
				for _, n := range tc.notPlaces {
					if p.Name == n {
						t.Errorf("%q is a place; places %v", n, nameList(a.Places))
					}
				}
			}
			for _, want := range tc.placeSpans {
				found := false
				for _, p := range a.Places {
					for _, sp := range p.Spans {
						found = found || sp.Text == want
					}
				}
				if !found {
					t.Errorf("no place span %q; places %v", want, spanList(a.Places))
				}
			}
			sal := map[string]float64{}
			for _, p := range a.Places {
				sal[p.Country] = max(sal[p.Country], p.Salience)
			}
			for _, c := range tc.salient {
				if sal[c] < SalientThreshold {
					t.Errorf("%s not salient; places %v", c, salienceList(a.Places))
				}
			}
			for _, c := range tc.passing {
				if sal[c] >= SalientThreshold {
					t.Errorf("%s salient; places %v", c, salienceList(a.Places))
				}
			}
		})
	}
	if n := len(newsroomSentences); n < 50 {
		t.Errorf("%d newsroom sentences, want at least 50", n)
	}
}

// checkOneKind fails when two entities of different kinds cover the same
// text, wholly or in part. A place inside an organisation's name ("Bank
// of Japan") counts for its country but has no span: the organisation is
// what is named.
func checkOneKind(tb testing.TB, a *pulse.Article) {
	tb.Helper()
	for _, c := range TwoKinds(a) {
		tb.Errorf("span of two kinds: %s", c)
	}
}

func salienceList(es []pulse.Entity) string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %.2f", e.Name, e.Salience)
	}
	return "[" + b.String() + "]"
}

func nameList(es []pulse.Entity) string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.Name)
	}
	return "[" + b.String() + "]"
}

func spanList(es []pulse.Entity) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s%v ", e.Name, e.Spans)
	}
	return b.String()
}

// TestTitleBeforeOneWord: with an archive, a single word after a title
// is a person known by one name ("Energy Minister Subroto"; a peer with
// the title, "Lord Falconer"), but not
// after a title's "of the" ("Lord of the Rings"), nor after a title that
// is also an adjective unless the word speaks ("General Election",
// "General Musharraf said").
func TestTitleBeforeOneWord(t *testing.T) {
	x := mustExtractor(t)
	for _, c := range []struct {
		body       string
		persons    []string
		notPersons []string
	}{
		{"Profits rose when the final film in the Lord of the Rings trilogy boosted results.", nil, []string{"Rings"}},
		{"The Conservatives would announce their proposals closer to the General Election.", nil, []string{"Election"}},
		{"General Musharraf said the army would stay in the barracks.", []string{"Musharraf"}, nil},
		{"Indonesian Energy Minister Subroto said output would rise.", []string{"Subroto"}, nil},
		{"Minister of Finance Dilson Funaro said Brazil would pay.", []string{"Dilson Funaro"}, nil},
		{"The Lord Chancellor, Lord Falconer, said the plans were fair.", []string{"Lord Falconer"}, []string{"Falconer"}},
	} {
		a := pulse.Article{Body: c.body}
		x.Extract(&a, Options{Archive: NewArchive()})
		got := nameSet(a.Persons)
		for _, p := range c.persons {
			if !got[p] {
				t.Errorf("%q: person %q not found; persons %v", c.body, p, nameList(a.Persons))
			}
		}
		for _, p := range c.notPersons {
			if got[p] {
				t.Errorf("%q: %q is a person", c.body, p)
			}
		}
	}
}

// TestOneMisreadSurname: a name the archive has seen once ("Blair
// Labour", from a headline) does not make its last word a surname that
// outranks an organisation's short name in every other article.
func TestOneMisreadSurname(t *testing.T) {
	x := mustExtractor(t)
	ar := NewArchive()
	first := pulse.Article{Title: "Blair Labour's longest-serving PM", Body: "Tony Blair has become the longest-serving Labour prime minister."}
	x.Extract(&first, Options{Archive: ar})
	a := pulse.Article{Body: "Extending paid maternity leave should be prominent in Labour's election manifesto, the trade secretary said."}
	x.Extract(&a, Options{Archive: ar})
	if nameSet(a.Orgs)["Labour Party"] {
		return
	}
	t.Errorf("orgs %v, want the Labour Party (the archive holds %v)", nameList(a.Orgs), nameList(first.Persons))
}

// TestFounderNamedOrganisation: with an archive that holds "the Robert
// Kilroy-Silk Party" (a jibe), Robert Kilroy-Silk stays a person; a firm
// named after its founders still takes its full name ("Merrill Lynch").
func TestFounderNamedOrganisation(t *testing.T) {
	x := mustExtractor(t)
	ar := learnt(x,
		"It became clear that he was more interested in the Robert Kilroy-Silk Party than the UK Independence Party, Roger Knapman said.",
		"Merrill Lynch and Co Inc raised its forecast, the firm said.",
	)
	a := pulse.Article{Body: "Robert Kilroy-Silk said he wanted to change the face of British politics. Analysts at Merrill Lynch said the shares would rise."}
	x.Extract(&a, Options{Archive: ar})
	persons, orgs := nameSet(a.Persons), nameSet(a.Orgs)
	if !persons["Robert Kilroy-Silk"] || orgs["Robert Kilroy-Silk Party"] {
		t.Errorf("persons %v, orgs %v: want the person Robert Kilroy-Silk and no party of his name", nameList(a.Persons), nameList(a.Orgs))
	}
	if !orgs["Merrill Lynch and Co Inc"] || persons["Merrill Lynch"] {
		t.Errorf("persons %v, orgs %v: want the firm Merrill Lynch and Co Inc", nameList(a.Persons), nameList(a.Orgs))
	}
}

// TestArchivedAcronym: an acronym alone is the organisation other
// articles of the archive gave it to, when they agree; an acronym two
// organisations share stays as written.
func TestArchivedAcronym(t *testing.T) {
	x := mustExtractor(t)
	ar := learnt(x,
		"Deutsche Boerse made an offer for the London Stock Exchange (LSE) on Monday, traders said.",
		"Shares in the London Stock Exchange (LSE) rose after the bid, dealers said.",
		"The Zonal Transit Authority (ZTA) said fares would rise on Monday.",
		"Fares rose at the Zonal Transit Authority (ZTA), commuters said.",
		"The Zonal Tennis Association (ZTA) said fees would stay the same.",
		"Players at the Zonal Tennis Association (ZTA) welcomed the plan.",
	)
	orgs := func(body string) map[string]bool {
		a := pulse.Article{Body: body}
		x.Extract(&a, Options{Archive: ar})
		return nameSet(a.Orgs)
	}
	if got := orgs("The LSE said the bid undervalued it, a spokesman said."); !got["London Stock Exchange"] || got["LSE"] {
		t.Errorf("orgs %v: want the London Stock Exchange for LSE", got)
	}
	if got := orgs("The ZTA said the plan was fair, a spokesman said."); got["Zonal Transit Authority"] || got["Zonal Tennis Association"] {
		t.Errorf("orgs %v: ZTA names two organisations in the archive, so neither", got)
	}
}

// learnt returns an archive that has read an article of each body.
func learnt(x *Extractor, bodies ...string) *Archive {
	ar := NewArchive()
	for _, body := range bodies {
		a := pulse.Article{Body: body}
		x.Extract(&a, Options{Archive: ar})
	}
	return ar
}

// nameSet returns the names of es.
func nameSet(es []pulse.Entity) map[string]bool {
	m := map[string]bool{}
	for _, e := range es {
		m[e.Name] = true
	}
	return m
}
