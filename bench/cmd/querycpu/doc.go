// Command querycpu measures what the peers' 60 benchmark queries cost
// Pulse on an existing index: the CPU time of the process per query, by
// kind (term, and, phrase, rare), and each query's median wall time over
// the passes, optionally with a CPU profile:
//
//	go run ./bench/cmd/querycpu -data /tmp/pb1m/data-1000000-seed1 -reps 5 [-only and] [-cpuprofile cpu.pprof]
//
// CPU time (CLOCK_PROCESS_CPUTIME_ID, garbage collection included)
// moves far less than wall time when other work shares the machine, so
// two builds can be compared on a busy machine by running them in turn
// on the same index (or on indexes of the same corpus). The index is
// opened and warmed as `pulse serve` does (package cli), with the result
// cache off; the queries are the peers' (../shared/bench/queries.txt:
// phrases quoted, "facet" lines with the place and topic facets), as
// pulsebench sends them. Run it from the repository's root.
//
// It exits 1 on an error and 2 on a usage error.
package main
