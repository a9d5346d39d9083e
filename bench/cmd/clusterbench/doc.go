// Command clusterbench measures Pulse's replicas fed from NATS JetStream
// (issue 18) on this machine: nodes run as child processes of a built
// pulse binary, on loopback, each with its own data directory under
// -work (removed at the end).
//
//	go build -o /tmp/pulse ./cmd/pulse
//	go run ./bench/cmd/clusterbench -pulse /tmp/pulse -mode writes -nodes 3 -rate 200 -duration 30s
//	go run ./bench/cmd/clusterbench -pulse /tmp/pulse -mode writes -nodes 1 -rate 200 -duration 30s
//	go run ./bench/cmd/clusterbench -pulse /tmp/pulse -mode join -corpus /tmp/chaos-gen-100k.jsonl.gz
//	go run ./bench/cmd/clusterbench -pulse /tmp/pulse -mode serve -nodes 3 -corpus FILE
//
// -mode writes sends one-article POST /api/articles at -rate a second
// (open loop: a write is due at its time whether or not the earlier ones
// were answered) for -duration, to the nodes in turn. -nodes 3 runs three
// nodes, each with an embedded NATS server of one cluster (the stream
// has three replicas); -nodes 1 runs the single-node default, without a
// cluster. It reports the write acknowledgement latency (from the time
// the write was due to its 200) and, with three nodes, the replication
// lag: for each acknowledged write, the time from its acknowledgement
// until each other node has applied it (a GET /healthz?min_seq=N on that
// node, which answers once it has).
//
// -mode join runs one node (one embedded NATS server), ingests -corpus
// through it (pulse ingest --server, so through the log), then times a
// new node joining by replaying the whole log; then restarts the first
// node, which publishes a snapshot at once, and times a new node joining
// from that snapshot. A node has joined when /readyz answers 200 with
// the first node's article count and no lag.
//
// -mode serve starts -nodes nodes, loads -corpus through the log when
// given, prints their URLs and waits for SIGINT: for
// bench/cmd/loadtest's round robin (-url A,B,C).
//
// It exits 1 on an error and 2 on a usage error.
package main
