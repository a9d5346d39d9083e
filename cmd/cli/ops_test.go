package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse/indexer"
)

// child is `pulse serve` running in its own process.
type child struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

func startChild(t *testing.T, dataDir string) *child {
	t.Helper()
	cmd := pulseCmd(t, "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--sample=false")
	cmd.Env = append(cmd.Env, "PULSE_AUTH_WRITE_TOKENS="+testToken, "PULSE_LIMITS_ENABLED=false")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		re := regexp.MustCompile(`serving (http://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		c.done <- cmd.Wait()
	}()
	select {
	case c.base = <-addr:
	case err := <-c.done:
		t.Fatalf("serve exited before listening: %v: %s", err, stderr.String())
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	})
	return c
}

// writer posts one article at a time until stopped, recording the ids
// the server acknowledged with a 2xx.
type writer struct {
	base  string
	mu    sync.Mutex
	acked []string
	stop  chan struct{}
	done  chan struct{}
}

func startWriter(base, prefix string) *writer {
	w := &writer{base: base, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		client := &http.Client{Timeout: 10 * time.Second}
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			id := fmt.Sprintf("%s-%05d", prefix, i)
			body := fmt.Sprintf(`{"id": %q, "title": "Acknowledged write %d", "body": "Article number %d written during the test, with enough words to be a real article."}`, id, i, i)
			req, _ := http.NewRequest("POST", w.base+"/api/articles", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := client.Do(req)
			if err != nil {
				// The server is going away; keep trying until told to stop,
				// so that writes in flight at the signal are exercised.
				time.Sleep(5 * time.Millisecond)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				w.mu.Lock()
				w.acked = append(w.acked, id)
				w.mu.Unlock()
			}
		}
	}()
	return w
}

func (w *writer) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.acked)
}

func (w *writer) ids() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.acked...)
}

func (w *writer) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for w.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes acknowledged", w.count())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// missing returns the ids absent from the index in dataDir.
func missing(t *testing.T, dataDir string, ids []string) []string {
	t.Helper()
	ix, err := indexer.Open(dataDir, "test")
	if err != nil {
		t.Fatalf("the index does not open cleanly: %v", err)
	}
	defer ix.Close()
	found := map[string]bool{}
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(chunk), len(chunk), 0, false))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			found[h.ID] = true
		}
	}
	var out []string
	for _, id := range ids {
		if !found[id] {
			out = append(out, id)
		}
	}
	return out
}

// TestSIGTERMKeepsAcknowledgedWrites sends SIGTERM to a serving process
// in the middle of API ingestion: it must exit 0, and every write it
// acknowledged must be in the index afterwards.
func TestSIGTERMKeepsAcknowledgedWrites(t *testing.T) {
	dir := t.TempDir()
	c := startChild(t, dir)
	w := startWriter(c.base, "sigterm")
	w.waitFor(t, 50)
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM, want status 0", err)
		}
	case <-time.After(90 * time.Second):
		c.cmd.Process.Kill()
		t.Fatal("serve did not exit within 90s of SIGTERM")
	}
	close(w.stop)
	<-w.done
	acked := w.ids()
	if lost := missing(t, dir, acked); len(lost) > 0 {
		t.Errorf("%d of %d acknowledged writes lost across SIGTERM: %v", len(lost), len(acked), lost[:min(len(lost), 10)])
	}
	t.Logf("%d writes acknowledged before shutdown, all present", len(acked))
}

// TestBackupUnderLoad backs up a live index through the server while
// writes go on, restores it elsewhere, and finds every write acknowledged
// before the backup started.
func TestBackupUnderLoad(t *testing.T) {
	dir := t.TempDir()
	c := startChild(t, dir)
	w := startWriter(c.base, "backup")
	w.waitFor(t, 100)
	before := w.ids()
	dest := filepath.Join(t.TempDir(), "backup.tar.gz")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"backup", dest, "--server", c.base, "--token", testToken}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("backup: %d %s", code, errb.String())
	}
	w.waitFor(t, len(before)+20) // writes went on meanwhile
	close(w.stop)
	<-w.done
	c.cmd.Process.Signal(syscall.SIGTERM)
	<-c.done

	restored := t.TempDir()
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"restore", dest, "--data-dir", restored}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("restore: %d %s", code, errb.String())
	}
	if lost := missing(t, restored, before); len(lost) > 0 {
		t.Errorf("%d of %d writes acknowledged before the backup are not in it: %v", len(lost), len(before), lost[:min(len(lost), 10)])
	}
	// A restore refuses what is not a backup.
	bogus := filepath.Join(t.TempDir(), "bogus.tar.gz")
	os.WriteFile(bogus, []byte("not a backup"), 0o644)
	errb.Reset()
	if code := run(context.Background(), []string{"restore", bogus, "--data-dir", t.TempDir()}, strings.NewReader(""), &out, &errb); code == 0 || !strings.Contains(errb.String(), "not a gzipped backup") {
		t.Errorf("restore of a bogus file: %d %s", code, errb.String())
	}
}
