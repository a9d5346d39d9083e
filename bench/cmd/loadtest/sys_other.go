//go:build !unix

package main

// cpuSeconds is unknown here: the report then shows no CPU figures.
func cpuSeconds() float64 { return 0 }

// openFileLimit is unknown here.
func openFileLimit() uint64 { return 0 }
