// Package newstext holds the helpers the format readers share for the
// text of news copy, wherever it comes from (a raw page, an HTML page, a
// feed item, a ninjs item).
//
// In: strings as an input prints them: a date, a first paragraph, one
// paragraph of a page.
//
// Out: ParseDate and ParseDateIn read a date in the many ways pages print
// one ("March 3, 2025 9:00 AM ET", "03/03/2025", RFC 3339, "Published:
// …"), in a given zone when the text names none, and return it in UTC.
// SplitDateline cuts the dateline ("BAGHDAD (Reuters) -") off a first
// paragraph and names its agency; InferDate reads a dateline's day printed
// without a year ("RIYADH, April 9") as the most recent such day not
// after a time the caller gives (the time of ingest). IsBoilerplate
// tells page furniture (cookie banners, share prompts, comment forms,
// "Read more" links, copyright footers, rows of navigation words) from
// article text;
// IsNavWord, MarkerKey, IsListHeading, IsTail and CopyrightName are its
// pieces that the raw page extractor uses to find where an article ends
// and whose site it is.
//
// The package reads nothing and holds no state; of ours it imports only
// the root package (pulse.ParseTime).
package newstext
