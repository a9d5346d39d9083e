// Command pulse is Pulse's one binary: it serves the search page and API,
// ingests articles, searches from the terminal and maintains the index.
// Run `pulse help` for the commands; they live in package cli.
package main

import "github.com/pulsesearch/pulse/cmd/cli"

func main() { cli.Main() }
