package pulse

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes. Each maps to one HTTP status; see HTTPStatus.
const (
	EInvalid      = "invalid_parameter" // a request parameter or input item is wrong
	ENotFound     = "not_found"
	EUnauthorized = "unauthorized"
	EForbidden    = "forbidden"
	ETooLarge     = "too_large"
	EConflict     = "conflict"    // e.g. the index is held by another process
	EUnavailable  = "unavailable" // e.g. writes disabled, server saturated
	ERateLimited  = "rate_limited"
	EInternal     = "internal"
)

// Error is an error a user can act on: a code, a message naming the item
// and the reason, and the request parameter at fault, if any.
type Error struct {
	Code      string
	Message   string
	Parameter string
	Err       error // the cause, if any
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ParamError returns an invalid_parameter error naming the parameter; the
// message is prefixed with the parameter's name.
func ParamError(param, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Parameter: param, Message: param + ": " + fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, or EInternal when err is not
// one: an unexpected fault is never blamed on the user.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// statuses maps each error code to its HTTP status: the one table, from
// which the API and the page both render.
var statuses = map[string]int{
	EInvalid:      http.StatusBadRequest,
	ENotFound:     http.StatusNotFound,
	EUnauthorized: http.StatusUnauthorized,
	EForbidden:    http.StatusForbidden,
	ETooLarge:     http.StatusRequestEntityTooLarge,
	EConflict:     http.StatusConflict,
	EUnavailable:  http.StatusServiceUnavailable,
	ERateLimited:  http.StatusTooManyRequests,
	EInternal:     http.StatusInternalServerError,
}

// HTTPStatus returns the HTTP status for err's code: 500 for an error
// that is not an *Error, or whose code has no entry.
func HTTPStatus(err error) int {
	if s, ok := statuses[ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}
