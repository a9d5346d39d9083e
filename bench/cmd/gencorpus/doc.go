// Command gencorpus generates a synthetic news corpus from a real one and
// reports the two side by side (see package corpus):
//
//	go run ./bench/cmd/gencorpus -size 1000000 -seed 1 -o /tmp/gen-1m.jsonl.gz [-source PATH] [-report report.json]
//
// The source defaults to ../shared/data/reuters21578/reuters-dev.jsonl.gz
// beside the repository. The table (real against generated: Heaps' K and
// β, vocabulary, lengths, each label kind's Zipf slope, dates, and the
// ±10% checks) goes to standard output, or to standard error when the
// corpus itself does (-o -); -report also writes it as JSON. With
// -measure FILE it only measures a JSON Lines corpus the same way and
// prints the statistics as JSON.
//
// It exits 1 on an error and 2 on a usage error. Checks out of range are
// reported but do not change the exit status.
package main
