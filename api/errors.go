package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
)

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Parameter string `json:"parameter,omitempty"`
}

// writeError renders err. An internal fault is logged in full and shown
// as a plain 500: its details are for operators, not for clients.
func writeError(c *gin.Context, err error) {
	var e *pulse.Error
	status := pulse.HTTPStatus(err)
	if !errors.As(err, &e) || status == http.StatusInternalServerError {
		// Internal faults are logged in full and shown plainly.
		slog.ErrorContext(c.Request.Context(), "request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody{errorDetail{Code: pulse.EInternal, Message: "internal error; the server log has the details"}})
		return
	}
	c.AbortWithStatusJSON(status, errorBody{errorDetail{Code: e.Code, Message: e.Message, Parameter: e.Parameter}})
}
