// Package cli is the pulse command line: the cobra commands that serve
// the search page and API, ingest articles, search from the terminal and
// maintain the index. It is the only place where the concrete pieces
// (config, indexer, search, api, web) are put together.
//
// In comes the command line (arguments, standard streams, signals); out
// go the commands' output and an exit status. cmd/pulse calls Main and
// nothing else. Tools built on the same wiring but kept out of the
// product binary (the benchmark, bench/cmd/pulsebench) run their own
// command with MainCommand and open the index as serve does with
// OpenNode.
package cli
