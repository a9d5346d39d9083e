package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/indexer"
)

// TestIngestSurvivesSIGKILL kills `pulse ingest` with SIGKILL in the
// middle of a large run, runs it again on the same input, and checks that
// the index opens cleanly, that every article is there exactly once, and
// that files the first run finished were not read again.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	in := t.TempDir()
	const files, per = 8, 1500
	var ids []string
	words := strings.Fields("market talks minister border security election trade oil prices growth inflation harvest")
	for f := 0; f < files; f++ {
		var b bytes.Buffer
		for i := 0; i < per; i++ {
			id := fmt.Sprintf("kill-%d-%04d", f, i)
			ids = append(ids, id)
			var body []string
			for k := 0; k < 60; k++ {
				body = append(body, words[(f*7+i*3+k*5)%len(words)])
			}
			fmt.Fprintf(&b, `{"id": %q, "title": "Story %d of file %d", "body": %q}`+"\n", id, i, f, strings.Join(body, " ")+" "+id)
		}
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("part-%02d.jsonl", f)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	cmd := pulseCmd(t, "ingest", in, "--data-dir", data)
	cmd.Env = append(cmd.Env, "PULSE_INGEST_BATCH_SIZE=250")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(data, indexer.JournalFile)
	deadline := time.Now().Add(5 * time.Minute)
	for lines(journal) < 2 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the first run finished no file in time: %s", stderr.String())
		}
		if cmd.ProcessState != nil {
			t.Fatalf("the first run ended before the kill: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	finished := lines(journal)
	if finished >= files {
		t.Fatalf("the kill came after the whole run (%d files done); the test proves nothing", finished)
	}

	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"ingest", in, "--data-dir", data}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s %s", code, out.String(), errb.String())
	}
	m := regexp.MustCompile(`files already ingested (\d+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("second run re-read every file: %s", out.String())
	}
	if n, _ := strconv.Atoi(m[1]); n < finished {
		t.Errorf("second run skipped %d files, the first had finished %d", n, finished)
	}
	ix, err := indexer.Open(data, "test")
	if err != nil {
		t.Fatalf("the index does not open cleanly after SIGKILL: %v", err)
	}
	count, _ := ix.Bleve().DocCount()
	ix.Close()
	if count != uint64(len(ids)) {
		t.Errorf("%d articles in the index, want each of the %d exactly once", count, len(ids))
	}
	if lost := missing(t, data, ids); len(lost) > 0 {
		t.Errorf("%d articles missing: %v", len(lost), lost[:min(10, len(lost))])
	}
	t.Logf("killed after %d of %d files; the second run: %s", finished, files, strings.TrimSpace(out.String()))
}

func lines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
	}
	return n
}
