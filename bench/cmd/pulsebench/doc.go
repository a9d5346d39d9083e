// Command pulsebench measures Pulse on a generated corpus: ingest rate,
// index size, peak memory, query latency in process and over HTTP, and
// throughput, optionally beside the peer engines (bench/README.md):
//
//	go run ./bench/cmd/pulsebench --size 100000 [--peers] [--reuse] [--json]
//
// It opens the index and serves it as `pulse serve` does, through package
// cli, and takes pulse's global flags (--config, --data-dir, --timezone)
// and configuration. It is a command of its own so that the product
// binary carries neither the corpus generator nor net/http/httptest.
// Run it from the repository's root: the default source corpus and
// queries are in ../shared, and --peers runs bench/peers/run.sh.
//
// It exits 1 on an error and 2 on a usage error.
package main
