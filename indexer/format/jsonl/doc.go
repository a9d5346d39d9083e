// Package jsonl reads Pulse's own input format: JSON Lines, one article
// per line in the shape of pulse.Article (see README.md).
//
// In: a .jsonl or .ndjson file, or a .json file or stream whose first
// line is an object with a title or a body. Dates may be RFC 3339 or plain
// dates, read in the Reader's Location when they carry no zone; entity
// lists may hold {id, name} objects or plain names; a numeric id is taken
// as its decimal string. Unknown fields are ignored.
//
// Out: one format.Item per non-blank line, at Pos "line N": the article,
// or an Err saying why the line is not one (invalid JSON, a field of the
// wrong shape, a date that is not one) and wrapping format.ErrTooLarge for
// a line over MaxLineBytes or format.ErrNotUTF8. Reading goes on after a
// bad line. Decode reads one line's article, for the API's JSON bodies.
package jsonl
