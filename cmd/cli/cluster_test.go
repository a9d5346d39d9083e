package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeRefusesCluster checks that serve, which does not run as a
// replica yet, refuses a cluster configuration before it opens the index
// or binds a port, rather than serving a node the others never hear of.
func TestServeRefusesCluster(t *testing.T) {
	for _, c := range []struct {
		name string
		env  []string
	}{
		{"existing cluster", []string{"PULSE_CLUSTER_NATS_URLS=nats://127.0.0.1:4222"}},
		{"embedded", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222", "PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:6222"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, kv := range c.env {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			dir := filepath.Join(t.TempDir(), "data")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, strings.NewReader(""), &stdout, &stderr)
			if code == 0 || !strings.Contains(stderr.String(), "does not run as a replica yet") {
				t.Errorf("serve with a cluster configured: exit %d, stderr %q", code, stderr.String())
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("serve touched the data directory before refusing: %v", err)
			}
		})
	}
}
