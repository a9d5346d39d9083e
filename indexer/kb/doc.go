// Package kb is Pulse's knowledge base: the countries, regions, cities,
// persons and organisations that entity extraction resolves names to, the
// first names that mark a person, and the IPTC Media Topics with the
// lexicon that assigns them.
//
// What comes in: nothing at run time. The data is generated from Debian
// packages (iso-codes, wordnet-base, libgeonames-common's GeoNames cities),
// a public-domain list of English first names and the hand-written
// data/curated.yaml by the program in gen/ (see gen/README.md), committed
// under data/, and embedded in the binary. data/topics.yaml is written by
// hand and embedded as it is. data/NOTICE.md gives the sources' licences.
//
// What goes out: Load parses the embedded data into a KB, a read-only value
// safe for concurrent use. Every entity has a stable, URL-safe ID (ISO
// 3166-1 alpha-2 in lower case for countries, "iq-baghdad" for cities,
// "us-ca" for regions, a slug of the canonical name for persons and
// organisations), a kind, a canonical name, its aliases, its parent (city
// → region → country) and a prior (population, or prominence).
package kb
