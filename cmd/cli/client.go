package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pulsesearch/pulse"
)

// client talks to a running server's API, for --server.
type client struct {
	base  *url.URL
	token string
	http  *http.Client
}

// tokenEnv holds the bearer token the CLI sends with --server writes.
const tokenEnv = "PULSE_TOKEN"

func newClient(server, token string) (*client, error) {
	u, err := url.Parse(strings.TrimRight(server, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError{fmt.Errorf("--server %q: want a URL such as http://127.0.0.1:8080", server)}
	}
	if token == "" {
		token = os.Getenv(tokenEnv)
	}
	return &client{base: u, token: token, http: &http.Client{Timeout: 5 * time.Minute}}, nil
}

// do sends a request and decodes a JSON answer into out; an API error
// comes back as a *pulse.Error with the server's code and message.
func (c *client) do(ctx context.Context, method, path string, query url.Values, body []byte, contentType string, out any) error {
	u := *c.base
	u.Path += path
	if query != nil {
		u.RawQuery = query.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.base, err)
	}
	if resp.StatusCode >= 400 && resp.StatusCode != http.StatusUnprocessableEntity {
		var e struct {
			Error struct {
				Code, Message, Parameter string
			} `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error.Message != "" {
			return &pulse.Error{Code: e.Error.Code, Message: "server: " + e.Error.Message, Parameter: e.Error.Parameter}
		}
		return fmt.Errorf("server %s: %s", c.base, resp.Status)
	}
	if out == nil {
		return nil
	}
	if raw, ok := out.(*json.RawMessage); ok {
		*raw = data
		return nil
	}
	return json.Unmarshal(data, out)
}

// stream copies a GET response body to w; an API error comes back as a
// *pulse.Error.
func (c *client) stream(ctx context.Context, path string, w io.Writer) error {
	u := *c.base
	u.Path += path
	req, err := http.NewRequestWithContext(ctx, "GET", u.String(), nil)
	if err != nil {
		return err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		var e struct {
			Error struct{ Code, Message, Parameter string } `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error.Message != "" {
			return &pulse.Error{Code: e.Error.Code, Message: "server: " + e.Error.Message}
		}
		return fmt.Errorf("server %s: %s", c.base, resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
