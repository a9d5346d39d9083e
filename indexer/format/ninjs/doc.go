// Package ninjs reads IPTC ninjs ("News in JSON"), versions 1.x and 2.x.
//
// In: a file holding one ninjs object, a JSON array of them, or one per
// line (NDJSON). NDJSON is read line by line, so a bad line costs only
// itself; in an array or a stream of objects, a syntax error ends the
// read, as the next entry cannot be found.
//
// Out: one format.Item per object, at Pos "line N" (NDJSON) or "entry
// N", with Raw set to the object:
//   - ID: uri. Title: headline (1.x), the main of headlines (2.x), else
//     title.
//   - Body: the main of bodies (2.x), or body_html, body_xhtml, body_text
//     or another body_* field (1.x), rendered to text with "\n\n" between
//     paragraphs. Summary: the summary of descriptions (2.x) or
//     description_text/description_html (1.x).
//   - Author: by (2.x) or byline (1.x), without a leading "By". Dateline:
//     located, else the dateline opening the body.
//   - PublishedAt: firstcreated, else contentcreated, else
//     versioncreated; UpdatedAt: versioncreated when later. Both in UTC.
//   - Tags: the names of subject (1.x) or subjects (2.x), and keywords.
//     People, places and organisations are left to entity extraction.
//   - Source: copyrightholder, else the first info source;
//     OriginalSource: an info source whose role names the originator, or
//     the agency of the body's dateline. Section: the first service, if
//     any. Language: the primary subtag of language.
//
// An item's Err wraps ErrMalformed (bad JSON), format.ErrTooLarge (an NDJSON
// line over MaxItemBytes), format.ErrNotUTF8, ErrField (a field of the wrong type,
// or a date that is not one, named with its value), format.ErrNoText (neither
// headline nor body), ErrNotText (a picture, video, audio or graphic
// item) or ErrNotUsable (pubstatus canceled or withheld; the Article
// then carries the ID, so a withdrawn story can be removed).
package ninjs
