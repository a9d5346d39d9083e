package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// fakeReplica is a node at sequence applied, lag changes behind the log
// (or unable to read the log, with err).
type fakeReplica struct {
	applied, lag uint64
	err          error
}

func (f fakeReplica) Applied() uint64                     { return f.applied }
func (f fakeReplica) Lag(context.Context) (uint64, error) { return f.lag, f.err }

// WaitFor never sees the node move: a sequence past applied waits for
// ctx's end.
func (f fakeReplica) WaitFor(ctx context.Context, seq uint64) error {
	if seq <= f.applied {
		return nil
	}
	<-ctx.Done()
	return ctx.Err()
}

// TestMinSeq checks min_seq on a replica at sequence 7: a read at or
// below it is served, one past it waits cluster.min_seq_wait and gets a
// 503 naming both sequences, and a bad value a 400.
func TestMinSeq(t *testing.T) {
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	idx := testindex.Build(t, []pulse.Article{{ID: "a", Title: "Oil prices", Body: "Oil prices rose."}})
	conf := apiConfig(&cfg)
	conf.MinSeqWait = 50 * time.Millisecond
	srv := httptest.NewServer(api.NewRouter(&api.Handler{
		Searcher: search.New(idx, cfg.Search, time.UTC),
		Config:   conf,
		Replica:  fakeReplica{applied: 7},
	}))
	defer srv.Close()
	for _, c := range []struct {
		name, path string
		status     int
		message    string
	}{
		{"search at the node's sequence", "/api/search?q=oil&min_seq=7", http.StatusOK, ""},
		{"article below it", "/api/articles/a?min_seq=0", http.StatusOK, ""},
		{"search past it", "/api/search?q=oil&min_seq=8", http.StatusServiceUnavailable, "min_seq=8: this node has applied the log up to sequence 7 and did not reach 8 within 50ms (cluster.min_seq_wait)"},
		{"not a number", "/api/search?q=oil&min_seq=soon", http.StatusBadRequest, `min_seq: must be one sequence of the log, a whole number from 0, got "soon"`},
		{"twice", "/api/search?q=oil&min_seq=1&min_seq=2", http.StatusBadRequest, `got "1,2"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := do(t, "GET", srv.URL+c.path, "", nil)
			var body struct {
				Error struct {
					Message string `json:"message"`
				} `json:"error"`
			}
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != c.status || !strings.Contains(body.Error.Message, c.message) {
				t.Errorf("GET %s: %d %q, want %d with %q", c.path, resp.StatusCode, body.Error.Message, c.status, c.message)
			}
		})
	}
}

// TestReplica checks what a replica adds to responses: Pulse-Seq on
// every one, and /readyz failing while the node is more than
// cluster.max_lag behind or cannot read the log.
func TestReplica(t *testing.T) {
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	idx := testindex.Build(t, []pulse.Article{{ID: "a", Title: "Oil prices", Body: "Oil prices rose."}})
	for _, c := range []struct {
		name    string
		replica fakeReplica
		maxLag  int64
		status  int
		reason  string
	}{
		{"caught up", fakeReplica{applied: 7}, 10, http.StatusOK, ""},
		{"behind within max_lag", fakeReplica{applied: 7, lag: 10}, 10, http.StatusOK, ""},
		{"behind past max_lag", fakeReplica{applied: 7, lag: 11}, 10, http.StatusServiceUnavailable, "11 changes behind the log, more than cluster.max_lag (10)"},
		{"max_lag 0 and one behind", fakeReplica{applied: 7, lag: 1}, 0, http.StatusServiceUnavailable, "more than cluster.max_lag (0)"},
		{"log unreachable", fakeReplica{applied: 7, err: errors.New("no servers")}, 10, http.StatusServiceUnavailable, "the log does not answer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			conf := apiConfig(&cfg)
			conf.MaxLag = c.maxLag
			srv := httptest.NewServer(api.NewRouter(&api.Handler{
				Searcher: search.New(idx, cfg.Search, time.UTC),
				Config:   conf,
				Replica:  c.replica,
			}))
			defer srv.Close()
			resp := do(t, "GET", srv.URL+"/readyz", "", nil)
			var body struct {
				Status   string `json:"status"`
				Reason   string `json:"reason"`
				Articles int    `json:"articles"`
				Seq      uint64 `json:"seq"`
			}
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != c.status || !strings.Contains(body.Reason, c.reason) || body.Articles != 1 || body.Seq != 7 {
				t.Errorf("/readyz: %d %+v, want %d with reason %q, 1 article at seq 7", resp.StatusCode, body, c.status, c.reason)
			}
			for _, path := range []string{"/readyz", "/api/search?q=oil", "/api/articles/nope"} {
				if got := do(t, "GET", srv.URL+path, "", nil).Header.Get("Pulse-Seq"); got != "7" {
					t.Errorf("GET %s: Pulse-Seq %q, want 7", path, got)
				}
			}
		})
	}
}

// TestNoReplica checks that a node on its own says nothing of a log.
func TestNoReplica(t *testing.T) {
	srv, _ := newServer(t, nil, 0)
	resp := do(t, "GET", srv.URL+"/readyz", "", nil)
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Pulse-Seq") != "" || body["seq"] != nil {
		t.Errorf("/readyz of a node on its own: %d, Pulse-Seq %q, %v", resp.StatusCode, resp.Header.Get("Pulse-Seq"), body)
	}
}
