// Package html reads news article pages in HTML.
//
// In: one page per file, in any charset the page declares (a byte-order
// mark, the Content-Type charset or a <meta charset>; undeclared bytes that
// are not UTF-8 are read as Windows-1252, as browsers do).
//
// The main content is found with go-readability (a port of Mozilla's
// Readability.js) and rendered to text, one paragraph per block element,
// with page furniture that survives it (share prompts, "Read more" links,
// cookie notices) dropped. The metadata comes from, in order of trust:
// JSON-LD NewsArticle/Article objects (headline, datePublished,
// dateModified, author, publisher, articleSection, keywords, description,
// inLanguage, url), Open Graph and article: meta tags (og:title,
// og:site_name, og:url, article:published_time, article:modified_time,
// article:section, article:tag, article:author), the canonical link, the
// html lang attribute, and what go-readability finds itself.
//
// Out: one format.Item per page, at Pos "page": the article, or an Err
// wrapping format.ErrTooLarge, format.ErrBinary or format.ErrNoBody. The URL is the page's
// canonical URL when it declares one; the ID is left empty, for the
// pipeline to derive from it. Dates are in UTC; the language is the
// primary subtag, lower case ("en").
//
// Text and Paragraphs turn an HTML fragment or plain text into cleaned
// text ("\n\n" between paragraphs, white space normalised); the feed and
// ninjs readers use them for their HTML fields.
package html
