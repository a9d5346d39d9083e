// Package reuters reads the SGML files of the Reuters-21578 collection
// (reut2-NNN.sgm).
//
// In: a .sgm file, or input that opens with the collection's doctype or a
// <REUTERS> tag. The collection's dates carry no zone; they are read in
// the Reader's Location (UTC, as the collection's README assumes, when
// nil).
//
// Out: one format.Item per <REUTERS> story, at Pos "story NEWID": an
// article with id "reuters-NEWID", whose TITLE, DATELINE, AUTHOR and BODY
// give the text (an UNPROC story's whole TEXT is its body); TOPICS codes
// become tags; PLACES, PEOPLE and ORGS codes fill the entity fields as
// simple ids, being editorial labels that name places, people and
// organisations. A story without a numeric NEWID, with a DATE that is not
// a date, or without its closing tag is an item with an Err, and reading
// goes on.
package reuters
