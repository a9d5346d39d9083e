// Command gen writes the sample corpus shipped in the repository: every
// 45th story of the Reuters-21578 development files that has a title, a
// body and at least one place label, converted by Pulse's own Reuters
// reader into Pulse's JSON Lines shape.
//
//	go run ./sample/gen ../shared/data/reuters21578 > sample/reuters-sample.jsonl
package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/reuters"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen REUTERS21578_DIR > sample/reuters-sample.jsonl")
		os.Exit(2)
	}
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "reut2-*.sgm.gz"))
	sort.Strings(files)
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "gen: no reut2-*.sgm.gz in", os.Args[1])
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	n := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", f, err)
			os.Exit(1)
		}
		// The shipped caps, as `pulse ingest` reads the files.
		rd := reuters.Reader{MaxBytes: config.Defaults().Ingest.MaxFileBytes, MaxStoryBytes: config.Defaults().Ingest.MaxStoryBytes}
		err = rd.Read(zr, f, func(it format.Item) error {
			a := it.Article
			if it.Err != nil || a.Title == "" || a.Body == "" || len(a.Places) == 0 {
				return nil
			}
			n++
			if n%45 != 0 {
				return nil
			}
			return enc.Encode(&a)
		})
		fh.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", f, err)
			os.Exit(1)
		}
	}
}
