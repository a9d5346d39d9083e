package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestUsage checks the flags' errors, which come before anything starts.
func TestUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no binary", nil, "-pulse: give a built pulse binary"},
		{"two nodes", []string{"-pulse", "/bin/true", "-nodes", "2"}, "-nodes: must be 1 or 3, got 2"},
		{"no rate", []string{"-pulse", "/bin/true", "-rate", "0"}, "-rate and -duration must be positive"},
		{"join without corpus", []string{"-pulse", "/bin/true", "-mode", "join"}, "-mode join needs -corpus"},
		{"unknown mode", []string{"-pulse", "/bin/true", "-mode", "read"}, `-mode: writes, join or serve, got "read"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), c.args, &out, &errb)
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("run(%q) = %v, want a usage error with %q", c.args, err, c.want)
			}
		})
	}
}

func TestPercentiles(t *testing.T) {
	if got := percentiles(nil); got != "none" {
		t.Errorf("percentiles(nil) = %q", got)
	}
}
