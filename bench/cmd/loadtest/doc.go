// Command loadtest drives a running Pulse server's /api/search with an
// open-loop load: requests are sent at a constant arrival rate whether or
// not earlier ones have been answered, so a slow server faces the same
// offered load and its saturation shows as latency, errors and refusals
// (a closed loop, where each client waits for its answer, would slow down
// with the server and hide it).
//
//	go run ./bench/cmd/loadtest -url http://127.0.0.1:18080 -rate 200 -duration 20s [-queries FILE] [-clients N] [-pid PID] [-json]
//	go run ./bench/cmd/loadtest -url http://127.0.0.1:18080 -find-capacity [-slo 50ms] [-pid PID]
//
// Several -url, comma-separated, take the requests in turn (a round
// robin in front of replicas; each query goes to every one).
//
// Queries come from a file in the peers' format (../shared/bench/queries.txt
// by default): tab-separated qid, facets ("-" or "facet"), kind (term, and,
// phrase, rare) and text. A phrase is sent in double quotes; a faceted line
// asks for facets=place,topic&facet_size=10, the others for facets= and
// histogram=off; every request asks per_page=10. The file is cycled in
// order.
//
// A run reports the offered and achieved rates, the status codes (200,
// 429, 503, others, transport errors and requests not sent because the
// in-flight cap was reached), the latency percentiles (p50, p95, p99, max;
// nearest rank) of the requests served (2xx) and of all, measured from
// the time each request was due, and, with -pid, the server's peak
// resident memory (VmHWM from /proc/PID/status, and the highest VmRSS
// seen during the run) and CPU, besides the tool's own CPU and the rest of
// the machine's.
//
// -find-capacity steps the rate up from -start (50, 100, 200, …) until a
// step fails, then bisects between the last pass and the first failure
// until they are within -precision, and reports the highest rate that
// passed: no error of any kind and p99 of all requests within -slo. On a
// shared machine, -max-background C runs a step again (up to -reruns
// times) when the rest of the machine used more than C cores during it.
//
// Everything is bounded: each request has a -timeout, requests in flight
// are capped (-max-inflight; by default 4 × rate × timeout, at most
// 10,000), and a run at most 5,000,000 requests.
//
// -clients N spreads the requests round-robin over N X-Forwarded-For
// addresses (10.0.0.1, 10.0.0.2, …), to load a server's per-client rate
// limits as N clients would. The header counts only when the server trusts
// the proxy that sends it (Pulse: server.trusted_proxies, e.g.
// PULSE_SERVER_TRUSTED_PROXIES=127.0.0.1); otherwise every request is the
// tool's own address, one client.
//
// It exits 1 on an error and 2 on a usage error; a run that sees errors
// or a capacity search that finds no passing rate still exits 0.
package main
