package qlang

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrSyntax is the sentinel of every *SyntaxError: errors.Is(err, ErrSyntax)
// reports whether the query string itself is malformed.
var ErrSyntax = errors.New("query syntax error")

// ErrLimit is the sentinel of every *LimitError: errors.Is(err, ErrLimit)
// reports whether a query exceeded a configured limit.
var ErrLimit = errors.New("query limit exceeded")

// SyntaxError reports a malformed query: where, and what was expected or
// what is wrong there.
//
// Offset is a byte offset into the query (len(query) for "at the end");
// Column is the same place counted in characters from 1, which is what
// Error shows, since a reader counts characters, not bytes.
type SyntaxError struct {
	Offset int
	Column int
	Msg    string // e.g. `expected ")" to close "(" opened at position 3, found end of query`
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("at position %d: %s", e.Column, e.Msg)
}

// Unwrap returns ErrSyntax.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// LimitError reports a query that exceeds one of the limits of Limits or
// Options: Limit names it (max_length, max_depth, max_clauses,
// max_expansion) and Max is its value.
//
// Offset and Column locate the offending part of the query as in
// SyntaxError; both are -1 when the error has no place in the query (an
// expansion that overflows at search time).
type LimitError struct {
	Limit  string
	Max    int
	Offset int
	Column int
	Msg    string // what exceeded it, e.g. `prefix "s*" matches more than 100 terms in body`
}

func (e *LimitError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("at position %d: %s (limit %s is %d)", e.Column, e.Msg, e.Limit, e.Max)
	}
	return fmt.Sprintf("%s (limit %s is %d)", e.Msg, e.Limit, e.Max)
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// column returns the 1-based character position of byte offset off in s.
func column(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return utf8.RuneCountInString(s[:off]) + 1
}

func syntaxErrorf(input string, off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: off, Column: column(input, off), Msg: fmt.Sprintf(format, args...)}
}

func limitErrorf(input string, off int, limit string, max int, format string, args ...any) *LimitError {
	return &LimitError{Limit: limit, Max: max, Offset: off, Column: column(input, off), Msg: fmt.Sprintf(format, args...)}
}
