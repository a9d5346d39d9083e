// Package extract finds the persons, places, organisations and IPTC Media
// Topics of an article, and its language, and resolves every name to one
// canonical entity of the knowledge base (package kb) or, for a person or
// organisation the knowledge base lacks, to a stable slug of its fullest
// name in the article.
//
// What comes in: a *pulse.Article. Only Dateline, Title and Body are read;
// entity fields and tags already set (editorial labels, possibly answer
// keys) are ignored and overwritten. When Dateline is empty, a dateline at
// the start of the body ("BRASILIA, June 2 - ", "BEIRUT (Reuters) — ") is
// read as the dateline (InlineDateline). Options.Archive, an Archive
// shared by every article of an archive, lets a surname named alone join
// the one full name that owns it archive-wide, and a firm named without
// its legal form ("GenCorp") the full name the archive holds ("GenCorp
// Inc").
//
// What goes out: Extract sets Language (ISO 639-1, by
// github.com/abadojack/whatlanggo, with a fast path for plain English),
// Persons, Places, Orgs and Topics. Each list holds unique entities ordered
// by salience, in [0, 1]. A place is salient (salience ≥ SalientThreshold)
// when it is named in the dateline, the title or the lead (the body's
// first sentence, at most LeadWords words), or named at least four
// times, and carries its ISO 3166-1 alpha-2 Country.
// Topics have the QCode as ID ("medtop:04000000") and the English label as
// Name. Aliases hold the knowledge base's names of an entity and the forms
// the article used; with Options.Spans, Spans locate every mention by byte
// offsets into Title or Body.
//
// How: text is cut into words and sentences; a token trie matches the
// knowledge base's names (longest first, case-aware: "IS" and "US" only in
// capitals, ordinary words such as "Reading" only capitalised and with
// their country named elsewhere). Capitalised phrases are then read by
// rules: titles and roles before a name ("Foreign Minister Fuad Hussein"),
// appositives ("Ethiopia's prime minister, Abiy Ahmed,"), bylines, first
// names and initials, name particles (al-, bin, de, van), saying verbs,
// company suffixes, institution words read with their inner of/and/for
// ("Ministry of Trade and Industry"), and acronyms defined in the text
// ("Islamic State (IS)"), teams named by a city and a plural nickname
// ("Indianapolis Colts"), and firms written with an inner capital
// ("SeaMicro"). A headline in capitals or Title Case takes the persons
// the body names in full, and its lone first name before a headline verb
// ("VOLCKER SEES") or after its closing dash is its speaker; a headline
// in Title Case that opens with a first name and a word no list knows
// names a person ("Lindsay Lohan Checks Into Rehab"). An age before a
// name is a person's cue ("59 - year - old Raj Chohan"). A town
// named like the surname of a person named in full is that person
// ("Vincent Jackson … Jackson"). Peoples and faiths ("Alawites", "Shiite"), the
// trade's common nouns ("Dealers"), firms ("Merrill Lynch"), regions
// ("Far East") are nobody; so are firms named like people: a name in
// angle brackets (a wire's firm without a ticker, "<Royal Ordnance>"), a
// name holding a firm's market or trade ("Reynolds Tobacco USA", "Tracor
// Applied Sciences") or followed by a unit word ("its Esselte Meto
// division"), banks that co-manage or underwrite an issue, the employer
// of an analyst named after it, a name the article also gives with a
// legal form, and one whose first word opens the name of the article's
// firm ("Honeywell Bull" beside Honeywell Inc, an organisation). A lone
// surname later in the text joins the full name it shortens; a single word is a person only when it resolves
// to a full name (in the article, a prominent knowledge-base person, or
// the Archive) or follows a title as a known one-name person; a short
// given name joins the full one ("Mo Cheeks", "Maurice Cheeks"). A place
// no list holds is read from its kind ("Mount Cook", "Brazos County",
// "Akhal province"), from "the city of" or from the state after it
// ("Fort Smith, Ark."), and takes a country; in a sports story a city
// named as a side ("victory over Evansville") is the team. A place that
// only says where a firm comes from ("Swiss-based", "Canon Inc of
// Japan", inside a firm's name, also before a title: "Bank of France
// Governor …") is named in passing, without a span. One span is never
// two kinds (TwoKinds lists any); a short alias (an acronym, a one-word name) of a
// lesser organisation needs its full name in the article. Places that share a name are told apart by the article's
// countries, the dateline and population, and share a name in no list:
// "New York" and "New York (state)". Topics come from a hand-written
// lexicon per IPTC topic; a topic may require words of its own (sport
// needs a sport, conflict a fight). The words of firms' names are no
// evidence, a lexicon phrase is one term ("government bonds" are the
// bond market's), a word counts once for a top-level topic however many
// of its children name it, and an entry written with a capital
// ("Labour") counts only where the text capitalises it. The first topic
// is named in the headline, by two distinct words or by one word again;
// a second needs two distinct words, nearly a third of the evidence, a
// word in the lead, and a word in the headline or half the evidence. A
// firm's story (a ticker or legal suffix in the headline, or a company
// named first in the body) is business and keeps another topic only
// when its headline names it; when its headline names a transaction
// (buys, sells, stake, contract, lease, pact, talks, an appointment)
// another topic needs twice business's evidence, and the goods traded
// (science and technology, health) are none. On a headline that trades,
// makes, licenses, regulates or litigates (exports, sanctions, suit,
// output, licence) and on a table of figures, science and technology or
// health needs twice any other topic's evidence; science and technology
// there also needs its headline or lead to say what a technology does or
// makes (developed, introduced, launched, research, test), unless a long
// story is about it throughout. Health is people's: it needs a word of
// people, their doctors or their diseases, and more of them than of
// animals (a drug for dogs is a vet's).
//
// Bad input has a plain outcome: an empty article gets empty lists; bytes
// that are not UTF-8 separate words and never enter a span; a body longer
// than MaxTextBytes is read up to that bound; a page of capitalised words
// yields knowledge-base names only.
package extract
