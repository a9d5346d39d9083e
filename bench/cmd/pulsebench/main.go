package main

import "github.com/pulsesearch/pulse/cmd/cli"

func main() { cli.MainCommand(benchCmd) }
