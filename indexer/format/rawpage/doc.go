// Package rawpage reads the plain text of a scraped news page, such as
// a page saved from a browser or a crawler's text dump, and finds the
// article in it.
//
// In: one page per file, UTF-8 text. A page is a sequence of lines; runs
// of non-blank lines form blocks, and hard-wrapped lines are joined back
// into paragraphs. Each paragraph (a "unit") is classified by its length,
// its sentence punctuation, its position and a list of known boilerplate
// phrases: prose, short lines (headlines, navigation, list items),
// metadata (bylines, dates, "Posted in", "Tags:", "Original Source:"),
// boilerplate to drop (cookie banners, share buttons, "Read more" links,
// comment forms) and markers that end the article (related-post lists,
// comment sections, author bios).
//
// The body is the run of prose paragraphs with the most text. A run goes
// on over a single short line (a subheading), bylines and furniture, and
// stops at two short lines in a row (a menu or a list), a label, a list
// heading or an end marker; the chosen run is then carried over short
// lists inside the article (up to eight lines) to the prose after them. A
// run after a comment or bio marker is chosen only when nothing before it
// reads as an article. The headline is the nearest title-like line above
// the body (passing over bylines and dates), or the line above that when
// it is in Title Case or much shorter and the nearer one is a deck, which
// becomes the summary; a standfirst set apart by a byline is the summary
// too. The site name is a domain alone on a line near the top, the owner
// in a copyright footer, or a masthead line above the headline; the
// dateline ("BAGHDAD (Reuters) -") is read from the first paragraph, its
// agency becoming the original source when no "Original Source:",
// "Source:" or "Via" line names one. An author bio's name is the author
// when no byline names one.
//
// Out: one format.Item per page, at Pos "page": the article, or an Err
// wrapping format.ErrTooLarge, format.ErrBinary, format.ErrNotUTF8 or format.ErrNoBody. Dates without
// a zone are read in the Reader's Location (UTC by default) and returned
// in UTC. The ID is left empty; entity fields are left to extraction.
//
// Two pieces of the extractor are exported for the HTML reader, which
// meets the same text: Clean (tidy paragraphs another extractor found, and
// read their bylines and labels) and HasProse. The helpers the readers
// share for dates, datelines and page furniture are in package newstext.
package rawpage
