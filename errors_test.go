package pulse

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestHTTPStatus(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"invalid", ParamError("limit", "must be between 1 and 100, got %q", "500"), http.StatusBadRequest},
		{"not found", Errorf(ENotFound, "article %q: not found", "a1"), http.StatusNotFound},
		{"too large", Errorf(ETooLarge, "body too large"), http.StatusRequestEntityTooLarge},
		{"rate limited", Errorf(ERateLimited, "too many search requests"), http.StatusTooManyRequests},
		{"unavailable", Errorf(EUnavailable, "busy"), http.StatusServiceUnavailable},
		{"wrapped", fmt.Errorf("search: %w", Errorf(EConflict, "index locked")), http.StatusConflict},
		{"unknown code", Errorf("no_such_code", "odd"), http.StatusInternalServerError},
		{"plain error", errors.New("disk on fire"), http.StatusInternalServerError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := HTTPStatus(c.err); got != c.want {
				t.Errorf("HTTPStatus(%v) = %d, want %d", c.err, got, c.want)
			}
		})
	}
}
