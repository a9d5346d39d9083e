// Package freeport gives tests loopback addresses to listen on where the
// address must be known before the listener starts, as a NATS cluster's
// routes must: each server is configured with all the others'. Only
// tests import it.
package freeport

import (
	"net"
	"testing"
)

// Addr returns a 127.0.0.1 address whose port was free a moment ago.
func Addr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
