package extract

// Word lists that drive the rules, keyed by token key (lower case). They
// are general English, written by hand; none is drawn from the evaluation
// data.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// roleWords are titles and job names that precede a person's name
// ("Foreign Minister Fuad Hussein", "spokesman John Smith") and are never
// a person themselves.
var roleWords = set(
	"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "baroness", "baron",
	"president", "vice", "premier", "minister", "ministers", "secretary", "chancellor", "chairman", "chairwoman",
	"chair", "chairperson", "governor", "gov", "qb", "rb", "wr", "senator", "sen", "rep", "representative", "congressman",
	"congresswoman", "mayor", "king", "queen", "prince", "princess", "sheikh", "sheik", "emir", "amir", "sultan",
	"pope", "cardinal", "bishop", "archbishop", "rev", "reverend", "father", "imam", "ayatollah", "rabbi",
	"judge", "justice", "general", "gen", "lieutenant", "lt", "colonel", "col", "major", "maj", "captain",
	"capt", "admiral", "adm", "sergeant", "sgt", "commander", "cmdr", "marshal", "brigadier", "corporal",
	"private", "officer", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "director",
	"chief", "executive", "ceo", "cfo", "coo", "founder", "cofounder", "commissioner", "deputy", "assistant",
	"undersecretary", "under-secretary", "leader", "head", "coach", "manager", "striker", "midfielder",
	"defender", "goalkeeper", "skipper", "actor", "actress", "singer", "rapper", "star", "comedian",
	"presenter", "host", "economist", "analyst", "lawyer", "attorney", "prosecutor", "detective",
	"inspector", "sheriff", "superintendent", "constable", "trooper", "treasurer", "comptroller",
	"controller", "auditor", "provost", "dean", "rector", "principal", "chairmen", "president-elect",
	"secretary-general", "dictator", "strongman", "monarch", "emperor", "empress", "crown", "caliph",
	"mullah", "cleric", "patriarch", "metropolitan", "pastor", "priest", "nun", "sister", "brother",
	"speaker", "whip", "councillor", "councilor", "councilman", "councilwoman", "alderman", "magistrate",
	"chieftain", "warlord", "commandant", "trader", "dealer", "broker", "strategist", "banker", "official",
	"officials", "adviser", "advisor", "aide", "consultant", "researcher", "scientist", "author",
	"writer", "novelist", "poet", "director-general", "md", "vp", "gm", "owner", "partner", "physician",
	"surgeon", "nurse", "doctor", "teacher", "student", "player", "champion", "designer", "producer",
	"editor", "columnist", "correspondent", "reporter", "journalist", "photographer", "model", "dj", "referee", "umpire",
	"frontman", "guitarist", "drummer", "musician", "composer", "conductor", "dancer", "chef",
	"businessman", "businesswoman", "entrepreneur", "investor", "financier", "tycoon", "magnate",
	"billionaire", "millionaire", "candidate", "nominee", "challenger", "incumbent", "rival", "opponent",
	"activist", "campaigner", "protester", "rebel", "militant", "gunman", "suspect", "defendant",
	"victim", "witness", "survivor", "prisoner", "detainee", "hostage", "hijacker", "bomber", "sniper",
	"negotiator", "mediator", "diplomat", "consul", "attache", "governor-general", "viceroy", "regent",
	"delegate", "representative", "lawmaker", "legislator", "parliamentarian", "mp", "mep", "peer",
	"count", "countess", "duke", "duchess", "earl", "marquis", "viscount", "knight", "grand", "ayatollah",
	"hojatoleslam", "mufti", "grand-ayatollah", "pm", "fm", "defence", "defense", "foreign", "interior",
	"finance", "treasury", "trade", "justice", "commerce", "agriculture", "energy", "oil", "petroleum",
	"economy", "economic", "economics", "labor", "labour", "health", "education", "transport",
	"transportation", "industry", "planning", "information", "communications", "culture", "tourism",
	"housing", "environment", "home", "prime", "acting", "interim", "former", "late", "then", "first",
	"senior", "junior", "state", "affairs", "development", "security", "intelligence", "budget", "fiscal",
	"monetary", "central", "national", "international", "general's", "attorney-general", "solicitor",
	"solicitor-general", "advocate", "ombudsman", "registrar", "clerk", "secretary-treasurer",
	"vice-president", "vice-chairman", "co-chairman", "managing", "operating", "financial", "investment",
	"sales", "marketing", "research", "technical", "technology", "legal", "medical", "military", "naval",
	"army", "navy", "air", "police", "fire", "party", "opposition", "ruling", "majority", "minority",
	"republican", "democratic", "liberal", "conservative", "socialist", "communist", "labour's",
	"exchequer",
)

// headRoles are the role words that name an office on their own (unlike
// modifiers such as "foreign" or "finance", which only qualify one).
var headRoles = set(
	"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "baroness", "baron",
	"president", "premier", "minister", "secretary", "chancellor", "chairman", "chairwoman", "chair",
	"chairperson", "governor", "gov", "qb", "rb", "wr", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
	"mayor", "king", "queen", "prince", "princess", "sheikh", "sheik", "emir", "amir", "sultan", "pope",
	"cardinal", "bishop", "archbishop", "rev", "reverend", "imam", "ayatollah", "rabbi", "judge", "justice",
	"general", "gen", "lieutenant", "lt", "colonel", "col", "major", "maj", "captain", "capt", "admiral",
	"adm", "sergeant", "sgt", "commander", "cmdr", "marshal", "brigadier", "ambassador", "envoy",
	"spokesman", "spokeswoman", "spokesperson", "director", "chief", "ceo", "cfo", "coo", "founder",
	"commissioner", "undersecretary", "leader", "coach", "manager", "striker", "midfielder", "defender",
	"goalkeeper", "skipper", "referee", "umpire", "actor", "actress", "singer", "rapper", "comedian", "presenter", "economist",
	"analyst", "lawyer", "attorney", "prosecutor", "detective", "inspector", "sheriff", "superintendent",
	"constable", "treasurer", "comptroller", "president-elect", "secretary-general", "dictator", "monarch",
	"emperor", "empress", "caliph", "mullah", "cleric", "patriarch", "pastor", "priest", "speaker",
	"councillor", "councilor", "magistrate", "warlord", "official", "adviser", "advisor", "aide",
	"director-general", "diplomat", "consul", "governor-general", "lawmaker", "legislator", "mp", "mep",
	"duke", "duchess", "earl", "hojatoleslam", "mufti", "pm", "attorney-general", "solicitor-general",
	"vice-president", "vice-chairman", "co-chairman", "executive", "officer", "trader", "dealer", "broker",
	"strategist", "banker", "researcher", "scientist", "author", "writer", "novelist", "editor",
	"columnist", "correspondent", "reporter", "journalist", "photographer", "businessman", "businesswoman",
	"entrepreneur", "investor", "financier", "tycoon", "candidate", "nominee", "activist", "suspect",
	"defendant", "negotiator", "mediator", "delegate", "player", "champion", "designer", "producer",
	"guitarist", "musician", "composer", "conductor", "chef", "physician", "surgeon", "doctor",
)

// personNouns describe a person in lower case just before the name
// ("inmate Arcade Comeaux", "referee Tony Weeks").
var personNouns = set("inmate", "fugitive", "escapee", "convict", "referee", "umpire", "boxer", "fighter",
	"challenger", "champion", "quarterback", "receiver", "pitcher", "batter", "forward", "guard", "center",
	"centre", "winger", "rookie", "veteran", "teammate", "wife", "husband", "son", "daughter", "mother",
	"father", "brother", "sister", "uncle", "aunt", "cousin", "girlfriend", "boyfriend", "fiance", "fiancee",
	"widow", "widower", "grandmother", "grandfather", "nephew", "niece", "friend", "colleague", "neighbor",
	"neighbour", "teen", "teenager", "boy", "girl", "man", "woman", "resident", "citizen", "officer",
	"deputy", "agent", "trooper", "pilot", "driver", "passenger", "patient", "student", "pupil",
	"graduate", "professor", "scholar", "historian", "expert", "specialist", "pundit", "blogger",
	"hacker", "actor", "actress", "singer", "star", "rapper", "model", "comic", "comedian", "host",
	"presenter", "anchor", "filmmaker", "playwright", "artist", "painter", "sculptor", "architect",
	"designer", "director", "producer", "writer", "novelist", "poet", "author", "killer", "murderer",
	"gunman", "shooter", "attacker", "assailant", "robber", "thief", "dealer", "smuggler", "kidnapper",
	"suspect", "accused", "defendant", "plaintiff", "witness", "victim", "survivor", "hostage", "prisoner",
	"detainee", "senator", "congressman", "congresswoman", "governor", "mayor", "minister", "leader",
	"spokesman", "spokeswoman", "spokesperson", "lawyer", "attorney", "prosecutor", "judge", "coach",
	"manager", "owner", "chairman", "president", "ceo", "founder", "analyst", "economist", "official")

// honorifics alone make the next capitalised words a person.
var honorifics = set("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "messrs", "mme", "mlle", "herr", "frau")

// sayVerbs after or before a capitalised name suggest a person.
var sayVerbs = set("said", "says", "told", "added", "stated", "declared", "announced", "wrote",
	"explained", "noted", "warned", "insisted", "argued", "recalled", "admitted", "acknowledged",
	"replied", "asked", "urged", "stressed", "confirmed", "denied", "predicted", "estimated", "commented",
	"complained", "conceded", "emphasised", "emphasized", "believes", "thinks", "tweeted", "advised",
	"cautioned", "suggested", "contended", "testified", "remarked", "quipped", "joked", "reminded")

// actVerbs after a name make its bearer a person as a saying verb does:
// what only people do, in the news's past tense ("Will Artino scored",
// "Keiwan Ratliff returned an interception", "Raj Chohan was hit"
// reads through passiveVerbs). Firms and things rarely testify, plead
// or score.
var actVerbs = set("scored", "testified", "pleaded", "confessed", "resigned", "died", "smiled", "laughed",
	"wept", "cried", "shouted", "married", "starred", "sang", "threw", "kicked", "rushed", "tackled",
	"intercepted", "fled", "escaped", "survived", "sobbed", "nodded", "shrugged", "apologised",
	"apologized", "graduated", "retired", "pitched", "homered", "dribbled", "dunked", "coached")

// passiveVerbs after "was" or "were" say what befalls a person
// ("Raj Chohan was hit", "Zurana Horton was killed").
var passiveVerbs = set("killed", "shot", "hit", "arrested", "injured", "wounded", "stabbed", "born",
	"sentenced", "convicted", "charged", "acquitted", "jailed", "detained", "kidnapped", "abducted",
	"murdered", "executed", "fired", "hired", "elected", "appointed", "named", "traded", "drafted",
	"released", "indicted", "hospitalized", "hospitalised", "buried", "rescued", "raped")

// nameParticles join the parts of a name ("al-Shaibani", "bin Salman",
// "de la Madrid", "van der Berg") and may be lower case.
var nameParticles = set("al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "da", "das", "do", "dos",
	"du", "des", "di", "del", "della", "la", "le", "van", "von", "der", "den", "ter", "ten", "y", "zu", "st")

// nameSuffixes end a person's name.
var nameSuffixes = set("jr", "sr", "ii", "iii", "iv")

// broadcastWords after a country's name are its broadcasting, not a
// firm ("US TV", "Russian radio").
var broadcastWords = set("tv", "television", "radio")

// connectors join the words of a title ("Chancellor of the Exchequer")
// and never end one.
var connectors = set("of", "for", "the", "and")

// plainTitles are titles that are also ordinary adjectives or nouns
// ("General Election", "Chief Executive", "Major Road").
var plainTitles = set("general", "major", "private", "chief", "head", "grand", "crown", "count")

// workNouns name a work whose title may follow ("the film Vera Drake");
// workPeople follow a work's title ("Vera Drake star Imelda Staunton").
var (
	workNouns  = set("film", "movie", "drama", "comedy", "thriller", "documentary", "biopic", "novel", "musical", "sitcom", "album")
	workPeople = set("star", "stars", "co-star", "author", "sequel", "sequels", "premiere", "franchise")
)

// honours are the letters a name may be followed by that are not part of
// it ("Guy Mansfield QC", "Elton John CBE"): written in capitals after a
// name, they end it, and alone they name no organisation.
var honours = set("qc", "kc", "obe", "mbe", "cbe", "kbe", "dbe", "frs")

// groupWords are peoples, faiths, movements and other collectives that a
// capitalised word can name without being a person.
var groupWords = set(
	"alawite", "alawites", "alawi", "alawis", "shiite", "shiites", "shia", "shi'ite", "shiite's", "sunni",
	"sunnis", "muslim", "muslims", "moslem", "moslems", "islamist", "islamists", "islamic", "christian",
	"christians", "catholic", "catholics", "protestant", "protestants", "orthodox", "jew", "jews", "jewish",
	"hindu", "hindus", "sikh", "sikhs", "buddhist", "buddhists", "druze", "druse", "kurd", "kurds",
	"kurdish", "arab", "arabs", "arabic", "persian", "persians", "berber", "berbers", "tamil", "tamils",
	"pashtun", "pashtuns", "uighur", "uighurs", "uyghur", "uyghurs", "yazidi", "yazidis", "copt",
	"copts", "coptic", "maronite", "maronites", "salafist", "salafists", "salafi", "wahhabi", "jihadist",
	"jihadists", "zionist", "zionists", "latino", "latinos", "hispanic", "hispanics", "asian", "asians",
	"african", "africans", "european", "europeans", "western", "westerners", "caucasian", "aboriginal",
	"indigenous", "democrat", "democrats", "republican", "republicans", "conservative", "conservatives",
	"tory", "tories", "liberal", "liberals", "socialist", "socialists", "communist", "communists",
	"marxist", "marxists", "maoist", "maoists", "nazi", "nazis", "fascist", "fascists", "labourite",
	"gop", "mormon", "mormons", "evangelical", "evangelicals", "anglican", "anglicans", "baptist",
	"baptists", "methodist", "methodists", "lutheran", "lutherans", "amish", "rohingya", "hutu", "hutus",
	"tutsi", "tutsis", "turkmen", "turkoman", "baloch", "balochi", "hazara", "hazaras", "alevi",
	"alevis", "houthi", "houthis", "taliban", "mujahideen", "peshmerga", "fedayeen", "contras",
	"sandinista", "sandinistas", "bolshevik", "bolsheviks", "palestinian", "palestinians", "israeli",
	"israelis", "gentile", "gentiles", "roma", "gypsies", "slav", "slavs", "anglo", "anglos", "celt",
	"celts", "scot", "scots", "welsh", "english", "irish", "allah", "god", "jesus", "christ", "prophet",
	"mohammed's", "koran", "quran", "bible", "torah", "ramadan", "eid", "christmas", "easter", "hanukkah",
	"diwali", "passover", "lent", "sabbath",
)

// stopCaps are capitalised words that begin no name: function words,
// pronouns, days, months and other words that are capitalised for
// grammar, not because they name something.
var stopCaps = set(
	"the", "a", "an", "and", "or", "but", "if", "in", "on", "at", "to", "for", "of", "by", "with", "from",
	"as", "is", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "his",
	"her", "their", "our", "my", "your", "him", "them", "us", "me", "who", "whom", "whose", "which", "what",
	"when", "where", "why", "how", "there", "here", "then", "than", "so", "not", "no", "yes", "after",
	"before", "during", "while", "since", "until", "although", "though", "because", "however", "meanwhile",
	"also", "but", "yet", "still", "even", "only", "just", "all", "some", "any", "many", "most", "more",
	"much", "few", "several", "each", "every", "both", "either", "neither", "other", "another", "such",
	"same", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first",
	"second", "third", "last", "next", "new", "old", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec", "today", "tomorrow", "yesterday", "tonight", "now", "ok", "oh",
	"please", "thanks", "thank", "dear", "hello", "hi", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
	"according", "despite", "following", "including", "under", "over", "between", "among", "against",
	"about", "above", "below", "into", "onto", "upon", "within", "without", "through", "throughout",
	"towards", "toward", "across", "along", "around", "behind", "beyond", "near", "off", "out", "up",
	"down", "via", "per", "be", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does",
	"did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "let", "said",
	"says", "say", "asked", "told", "am", "pm", "gmt", "est", "edt", "bst", "cet", "utc", "pct", "dlrs",
	"mln", "bln", "reuter", "reuters", "update", "breaking", "exclusive", "analysis", "opinion",
	"editorial", "comment", "watch", "video", "photos", "live", "read", "more", "related", "advertisement",
	"sponsored", "share", "follow", "subscribe", "click", "sign", "login", "log", "home", "menu", "search",
	"section", "page", "copyright", "all", "rights", "reserved", "leave", "reply", "email", "name",
	"website", "comments", "required", "fields", "marked", "post", "posted", "by", "tags", "category",
	"like", "unlike", "why", "whether", "once", "again", "never", "always", "often", "sometimes",
	"well", "good", "bad", "very", "too", "really", "perhaps", "maybe", "indeed", "instead", "thus",
	"therefore", "hence", "otherwise", "besides", "furthermore", "moreover", "nevertheless",
	"nonetheless", "anyway", "overall", "altogether", "finally", "eventually", "recently", "currently",
	"previously", "initially", "originally", "subsequently", "similarly", "likewise", "additionally",
	"earlier", "later", "soon", "ago", "already", "nearly", "almost", "about", "around", "roughly",
	"approximately", "officials", "sources", "source", "police", "government", "state", "federal",
	"national", "local", "regional", "international", "global", "world", "public", "private",
	"company", "companies", "firm", "group", "bank", "market", "markets", "shares", "stock", "stocks",
	"trading", "prices", "price", "oil", "gold", "dollar", "yen", "sterling", "mark", "marks", "francs",
	"franc", "lire", "pesos", "peso", "rupee", "rupees", "euro", "euros", "pound", "pounds", "tonnes",
	"tons", "barrels", "billion", "million", "percent", "per", "cent", "net", "shr", "revs", "qtr",
	"div", "avg", "shrs", "loss", "profit", "note", "notes", "end", "year", "years", "month", "months",
	"week", "weeks", "day", "days", "quarter", "half", "total", "sales", "tax", "mths", "vs", "oper",
	"qtly", "pay", "payout", "record", "prior", "inc", "corp", "co", "ltd", "plc", "et", "pt", "ct", "mt",
	// the trade's common nouns, capitalised at the start of a sentence
	// ("Dealers said …") and never a name
	"dealers", "analysts", "traders", "bankers", "economists", "brokers", "diplomats", "investors",
	"experts", "observers", "residents", "witnesses", "lawmakers", "producers", "exporters", "importers",
	"shareholders", "creditors", "officers", "executives",
)

// orgSuffixes end a company's or institution's name ("Standard Oil Co",
// "Texas Commerce Bancshares Inc").
var orgSuffixes = set(
	"inc", "corp", "corporation", "co", "cos", "company", "ltd", "limited", "plc", "llc", "llp", "lp", "ag", "sa",
	"nv", "bv", "gmbh", "spa", "ab", "asa", "oyj", "kk", "bhd", "pty", "srl", "sarl", "cie", "ptc", "group",
	"holdings", "holding", "bancorp", "bancshares", "bancorporation", "financial", "industries",
	"international", "intl", "enterprises", "partners", "associates", "trust", "fund", "funds",
	"systems", "technologies", "technology", "laboratories", "labs", "pharmaceuticals", "airlines",
	"airways", "motors", "petroleum", "resources", "mining", "minerals", "energy", "electric",
	"electronics", "communications", "telecom", "networks", "software", "semiconductor", "chemical",
	"chemicals", "steel", "foods", "brands", "stores", "services", "capital", "securities", "investments",
	"insurance", "assurance", "realty", "properties", "mines", "oil", "gas", "power", "utilities",
	"railroad", "railway", "railways", "shipping", "lines", "products", "manufacturing", "ventures", "venture",
	"media", "entertainment", "studios", "pictures", "records", "publishing", "press", "news", "times",
	"post", "journal", "herald", "tribune", "gazette", "telegraph", "magazine", "radio", "television",
	"tv", "broadcasting", "brothers", "bros", "dynamics", "motor", "markets", "bancorp",
)

// hyphenWords end compounds of a name and a word ("Paris-based",
// "U.S.-run"), never a given name.
var hyphenWords = set("based", "run", "born", "made", "style", "like", "wide", "free", "rich", "era", "owned", "elect", "designate",
	"led", "backed", "held", "bound", "only", "level", "linked", "type", "class", "size", "scale")

// honorifics of rank stand before a name and are never a given name
// themselves ("Energy Minister Prince Abdulaziz bin Salman").
var rankTitles = set("prince", "princess", "king", "queen", "sheikh", "sheik", "sultan", "emir", "crown", "lord",
	"lady", "sir", "dame", "mr", "mrs", "ms", "dr", "prof", "duke", "duchess", "earl", "baron", "baroness",
	"count", "countess", "pope", "cardinal", "bishop", "archbishop", "imam", "ayatollah", "rabbi", "rev",
	"reverend", "father", "general", "gen", "colonel", "col", "major", "maj", "captain", "capt", "admiral",
	"lieutenant", "sergeant", "marshal", "brigadier", "judge", "justice", "senator", "sen", "rep",
	"president", "minister", "governor", "mayor", "hojatoleslam", "mufti", "grand")

// ownedWords after an unknown acronym show a body that owns or employs
// ("AMD shares", "AMD spokesman").
var ownedWords = set("shares", "stock", "spokesman", "spokeswoman", "spokesperson", "officials", "executives",
	"chief", "chairman", "president", "boss", "board", "plant", "factory", "headquarters", "employees",
	"workers", "staff", "members", "statement", "officials")

// legalSuffixes follow an "and" that joins a firm's name ("Merrill Lynch
// and Co", "Smith and Sons").
var legalSuffixes = set("co", "company", "inc", "corp", "sons", "partners", "associates", "bros", "brothers",
	"ltd", "cie")

// companyWords make a capitalised phrase a company wherever they stand
// after its first word ("Merrill Lynch Capital Markets", "Salomon
// Brothers Asia"), where a person's name never holds them.
var companyWords = set("inc", "corp", "co", "ltd", "plc", "llc", "ag", "gmbh", "nv", "brothers", "bros",
	"capital", "motors", "electric", "securities", "partners", "industries", "holdings", "bancorp",
	"bancshares", "dynamics", "airlines", "petroleum", "chemical", "chemicals", "telecom", "group",
	"devices", "systems", "technologies", "microsystems", "semiconductor", "software", "networks")

// firmWords after a name's first word make it a firm's, never a
// person's: a market or a region the firm serves ("Reynolds Tobacco
// USA", "Ford Europe", "BT Asia", "Shell U.K. Finance") or what it makes
// or does ("Airco Distributor Gases", "Tracor Applied Sciences",
// "Irvine Sensors"). They are not companyWords: alone they do not make a
// phrase an organisation ("Asia Pacific" is a region), they only keep it
// from being a person.
var firmWords = set("usa", "uk", "europe", "asia", "pacific", "america", "americas", "africa", "international",
	"intl", "worldwide", "tobacco", "gases", "sciences", "sensors", "graphics", "composites", "consultants",
	"telecommunications", "helicopter", "helicopters", "savings", "publications", "productions", "beverages",
	"aluminum", "aluminium", "exploration", "development", "management", "finance", "automotive", "pipeline",
	"pipelines", "hotels", "restaurants", "pharmaceutical", "biotech", "textiles", "cement", "paper", "leasing")

// unitWords after a name say it is a part of a firm ("its Esselte Meto
// division").
var unitWords = set("unit", "units", "division", "divisions", "subsidiary", "subsidiaries", "affiliate", "affiliates")

// compassWords start the names of regions and things named after them
// ("Far East", "North America", "West Berlin", "West Texas Intermediate"),
// never a person's.
var compassWords = set("north", "south", "east", "west", "far", "middle", "central", "northern",
	"southern", "eastern", "western", "upper", "lower", "greater", "near", "northeast", "northwest",
	"southeast", "southwest", "mid", "asia", "europe", "africa", "america", "americas", "pacific",
	"atlantic", "arctic", "caribbean", "mediterranean", "baltic", "latin", "asia-pacific", "trans-pacific")

// orgFirstWords begin the names of companies in the languages of the
// business press ("Banque Paribas", "Societe Generale", "Credit
// Suisse"), never a person's.
var orgFirstWords = set("banque", "banco", "banca", "bank", "societe", "sociedad", "societa", "compagnie",
	"compania", "companhia", "credit", "caisse", "groupe", "grupo", "cie", "establissements", "ets",
	"industrias", "industrie", "nippon", "kabushiki", "aktiebolaget", "koninklijke", "naamloze", "svenska")

// orgHeads name an institution wherever they stand in it ("Bank of
// Japan", "Ministry of Finance", "University of Chicago", "Islamic Jihad
// Movement").
var orgHeads = set(
	"bank", "ministry", "department", "university", "college", "institute", "institution", "school",
	"academy", "agency", "authority", "board", "bureau", "commission", "committee", "council",
	"association", "federation", "union", "league", "organisation", "organization", "foundation",
	"society", "party", "parliament", "congress", "senate", "assembly", "court", "tribunal", "army",
	"navy", "force", "forces", "police", "guard", "corps", "brigade", "brigades", "battalion",
	"regiment", "militia", "front", "movement", "alliance", "coalition", "exchange", "reserve",
	"treasury", "office", "service", "services", "church", "mosque", "synagogue", "hospital", "clinic",
	"club", "fc", "utd", "team", "orchestra", "band", "museum", "library", "cabinet", "government",
	"administration", "secretariat", "directorate", "inspectorate", "fund", "programme", "program",
	"network", "consortium", "cartel", "syndicate", "conference", "summit", "embassy", "consulate",
	"mission", "delegation", "chamber", "legislature", "assembly", "diet", "duma", "knesset",
	"majlis", "bundestag", "chamber", "parliamentary", "airline", "airways", "railways", "corporation",
	"community", "administration", "centre", "center", "company", "forum", "observatory", "commissariat",
	"patrol", "survey",
)

// notNameTails end a capitalised phrase that names a place or a thing,
// never a person ("Jordan Valley", "Paul Street").
var notNameTails = set(
	"valley", "river", "sea", "gulf", "bay", "island", "islands", "mountain", "mountains", "mount",
	"street", "avenue", "road", "square", "park", "airport", "province", "region", "state", "county",
	"city", "center", "centre", "hall", "house", "palace", "stadium", "arena", "hotel", "hospital",
	"school", "college", "university", "church", "mosque", "temple", "bridge", "port", "harbour",
	"harbor", "lake", "desert", "coast", "beach", "forest", "basin", "strait", "straits", "canal",
	"peninsula", "plain", "plains", "heights", "hills", "falls", "springs", "district", "camp", "prison", "base", "field",
	"fields", "tower", "towers", "building", "plaza", "mall", "station", "terminal", "award", "awards",
	"courthouse", "unit", "projects", "warehouse", "dairy", "creamery", "factory", "plant", "mine",
	"updated", "posted", "published",
	"prize", "cup", "trophy", "prix", "championship", "championships", "open", "games", "olympics", "festival",
	"show", "series", "agreement", "accord", "accords", "treaty", "act", "bill", "plan", "doctrine",
	"war", "revolution", "day", "week", "index", "average", "report", "survey", "law", "rule",
	"declaration", "protocol", "convention", "initiative", "project", "program", "programme", "fund",
	"group", "forum", "summit", "conference", "talks", "round",
)

// articles introduce a description after a name ("Smith, a spokesman").
var articles = set("a", "an", "the")

// functionWords are capitalised only at the start of a sentence and never
// begin a name.
var functionWords = set(
	"the", "a", "an", "and", "or", "but", "if", "in", "on", "at", "to", "for", "of", "by", "with", "from",
	"as", "is", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "his",
	"her", "their", "our", "my", "your", "who", "which", "what", "when", "where", "why", "how", "there",
	"here", "then", "so", "not", "no", "yes", "after", "before", "during", "while", "since", "until",
	"although", "though", "because", "however", "meanwhile", "also", "yet", "still", "even", "only",
	"all", "some", "any", "many", "most", "more", "each", "every", "both", "such", "one", "about",
	"according", "despite", "following", "including", "under", "over", "between", "among", "against",
	"into", "through", "via", "be", "are", "was", "were", "has", "have", "had", "do", "does", "did", "will",
	"would", "can", "could", "should", "may", "might", "must", "nevertheless", "nonetheless", "moreover",
	"furthermore", "thus", "therefore", "instead", "indeed", "perhaps", "once", "again", "now", "today",
	"yesterday", "tomorrow", "earlier", "later", "last", "next", "other", "another", "several", "few",
	"much", "very", "too", "than", "whether", "unlike", "like", "upon", "within", "without", "towards",
	"across", "along", "around", "behind", "beyond", "near", "above", "below", "ahead", "amid", "amongst",
)

// breakers are capitalised words that end a name: days, months, time
// zones, pronouns.
var breakers = set(
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
	"march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gmt", "est",
	"edt", "bst", "cet", "utc", "i", "he", "she", "we", "they", "it", "the", "a", "an", "in", "on", "at",
	"his", "her", "their", "our", "my", "your", "this", "that", "these", "those", "but", "and", "or",
	"if", "as", "to", "of", "for", "by", "with", "from", "reuter", "reuters", "pct", "dlrs", "mln", "bln",
)

// datelineRegions are the abbreviations wire datelines give for US states
// and Canadian provinces ("ALBANY, N.Y.", "SAN MATEO, Calif."), by key.
var datelineRegions = map[string]string{
	"ala": "us-al", "alas": "us-ak", "alaska": "us-ak", "ariz": "us-az", "ark": "us-ar", "calif": "us-ca",
	"cal": "us-ca", "colo": "us-co", "conn": "us-ct", "del": "us-de", "dc": "us-washington-dc",
	"fla": "us-fl", "ga": "us-ga", "hawaii": "us-hi", "idaho": "us-id", "ill": "us-il", "ind": "us-in",
	"iowa": "us-ia", "kan": "us-ks", "kans": "us-ks", "ky": "us-ky", "la": "us-la", "maine": "us-me",
	"md": "us-md", "mass": "us-ma", "mich": "us-mi", "minn": "us-mn", "miss": "us-ms", "mo": "us-mo",
	"mont": "us-mt", "neb": "us-ne", "nebr": "us-ne", "nev": "us-nv", "nh": "us-nh", "nj": "us-nj",
	"nm": "us-nm", "ny": "us-ny", "nc": "us-nc", "nd": "us-nd", "ohio": "us-oh", "okla": "us-ok",
	"ore": "us-or", "oreg": "us-or", "pa": "us-pa", "penn": "us-pa", "ri": "us-ri", "sc": "us-sc",
	"sd": "us-sd", "tenn": "us-tn", "tex": "us-tx", "utah": "us-ut", "vt": "us-vt", "va": "us-va",
	"wash": "us-wa", "wva": "us-wv", "wis": "us-wi", "wisc": "us-wi", "wyo": "us-wy", "pr": "pr",
	// the two-letter postal codes
	"al": "us-al", "ak": "us-ak", "az": "us-az", "ar": "us-ar", "ca": "us-ca", "co": "us-co", "ct": "us-ct",
	"de": "us-de", "fl": "us-fl", "hi": "us-hi", "id": "us-id", "il": "us-il", "in": "us-in", "ia": "us-ia",
	"ks": "us-ks", "me": "us-me", "ma": "us-ma", "mi": "us-mi", "mn": "us-mn", "ms": "us-ms", "mt": "us-mt",
	"ne": "us-ne", "nv": "us-nv", "oh": "us-oh", "ok": "us-ok", "or": "us-or", "tn": "us-tn", "tx": "us-tx",
	"ut": "us-ut", "wa": "us-wa", "wv": "us-wv", "wi": "us-wi", "wy": "us-wy",
	"alta": "ca-ab", "bc": "ca-bc", "man": "ca-mb", "nb": "ca-nb", "nfld": "ca-nl", "ns": "ca-ns",
	"ont": "ca-on", "pei": "ca-pe", "que": "ca-qc", "sask": "ca-sk", "nwt": "ca-nt",
}

// currencyWords after a country or demonym make it a currency ("U.S.
// Dlrs", "Swiss francs"), not a place the story is about.
var currencyWords = set("dlrs", "dlr", "dollar", "dollars", "cents", "cent", "francs", "franc", "yen",
	"marks", "mark", "pounds", "pound", "stg", "sterling", "crowns", "crown", "kronor", "krona", "kroner",
	"krone", "lire", "lira", "pesos", "peso", "rupees", "rupee", "dinars", "dinar", "riyals", "riyal",
	"rand", "ringgit", "baht", "won", "yuan", "renminbi", "currency", "currencies", "schillings",
	"schilling", "guilders", "guilder", "escudos", "escudo", "pesetas", "peseta", "drachmas", "shekels",
	"rouble", "roubles", "ruble", "rubles", "cruzados", "cruzado", "australs", "austral", "bolivars",
	"dirhams", "euro", "euros", "zloty", "forint", "lei", "leu", "kwacha", "naira", "cedi", "shillings")
