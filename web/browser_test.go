package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's Chromium through the DevTools
// protocol against the real pages over the sample corpus. Where no
// Chromium is installed they skip with a message, except under CI=true,
// where they fail: CI installs it.
//
//	PULSE_CHROMIUM     the browser to run (default: /usr/bin/chromium, then $PATH)
//	PULSE_AXE_JS       an axe.min.js to use instead of installing axe-core with npm
//	PULSE_SCREENSHOTS  where to keep the screenshots (default: the test's temp dir)

// axeVersion is the axe-core release the accessibility checks install.
const axeVersion = "4.14.1"

// browserWatchdog bounds the whole browser test, so a hung browser fails
// it rather than the package's timeout.
const browserWatchdog = 3 * time.Minute

func needBrowser(tb testing.TB) string {
	tb.Helper()
	candidates := []string{os.Getenv("PULSE_CHROMIUM"), "/usr/bin/chromium"}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	msg := "no Chromium found (install Debian's chromium, or set PULSE_CHROMIUM): the browser tests did not run"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// axeSource returns axe-core's script, from PULSE_AXE_JS or installed
// with npm into a temporary directory. It returns "" (after logging why)
// when neither works outside CI.
func axeSource(tb testing.TB) string {
	tb.Helper()
	path := os.Getenv("PULSE_AXE_JS")
	if path == "" {
		dir := tb.TempDir()
		cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, "axe-core@"+axeVersion)
		out, err := cmd.CombinedOutput()
		if err != nil {
			msg := fmt.Sprintf("cannot install axe-core %s with npm (%v): the accessibility checks did not run\n%s", axeVersion, err, out)
			if os.Getenv("CI") == "true" {
				tb.Fatal(msg)
			}
			tb.Log(msg)
			return ""
		}
		path = filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func screenshotDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("PULSE_SCREENSHOTS")
	if dir == "" {
		return tb.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// axeFinding is one serious or critical axe violation.
type axeFinding struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
	.filter(v => v.impact === "serious" || v.impact === "critical")
	.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`

func TestBrowser(t *testing.T) {
	exe := needBrowser(t)
	if testing.Short() {
		t.Skip("the browser tests do not run with -short")
	}
	axe := axeSource(t)
	site := mustSite(t, sampleArticles(t))
	srv := httptest.NewServer(site.engine)
	defer srv.Close()
	shots := screenshotDir(t)
	downloads := t.TempDir()

	ctx := startBrowser(t, exe)

	b := &tab{t: t, ctx: ctx, base: srv.URL, shots: shots, axe: axe}

	t.Run("search, facet, count", func(t *testing.T) {
		b.t = t
		b.open("/")
		b.do(chromedp.SendKeys(chromedp.CSS("#q"), "coffee"))
		b.navigate(chromedp.Submit(chromedp.CSS("#q")))
		if u := b.location(); u.Path != "/search" || u.Query().Get("q") != "coffee" {
			t.Fatalf("submitted to %s", u)
		}
		total, hits := b.counts()
		if total == 0 || total != hits {
			t.Fatalf("count shown %d, results listed %d", total, hits)
		}
		b.checkAxe("search")
		b.screenshot("search")

		// Select the first place of the sidebar: the count shown is its
		// facet count, and every result is listed.
		facetCount := b.int(`parseInt(document.querySelector("#facet-place ~ ul li a .count").textContent, 10)`)
		b.navigate(chromedp.Click(chromedp.CSS("#facet-place ~ ul li a")))
		if u := b.location(); u.Query().Get("place") == "" || u.Query().Get("q") != "coffee" {
			t.Fatalf("facet link went to %s", u)
		}
		total, hits = b.counts()
		if total != facetCount || hits != min(total, 10) {
			t.Errorf("after the facet: count shown %d, facet said %d, %d listed", total, facetCount, hits)
		}
		shown := b.text("#result-count")
		if !strings.HasSuffix(shown, "of "+strconv.Itoa(total)) {
			t.Errorf("count text %q, want … of %d", shown, total)
		}
		if got := b.int(`document.querySelectorAll(".chips a[aria-label^='Remove filter']").length`); got != 1 {
			t.Errorf("%d removable filters", got)
		}
	})

	t.Run("keyboard and focus", func(t *testing.T) {
		b.t = t
		b.open("/search?q=oil")
		b.do(chromedp.KeyEvent("\t"))
		if got := b.str(`document.activeElement.className`); got != "skip" {
			t.Errorf("first tab stop is %q, want the skip link", got)
		}
		if got := b.str(`getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
			t.Error("the focused skip link has no outline")
		}
		b.do(chromedp.KeyEvent("\t"), chromedp.KeyEvent("\t"))
		if got := b.str(`getComputedStyle(document.activeElement).outlineStyle + " " + document.activeElement.id`); !strings.HasPrefix(got, "solid") && !strings.HasPrefix(got, "auto") {
			t.Errorf("focused element's outline: %q", got)
		}
		b.axeWorks()
	})

	t.Run("article and related stories", func(t *testing.T) {
		b.t = t
		b.open("/search?q=coffee+quotas")
		title := b.text("li.hit h2 a")
		b.navigate(chromedp.Click(chromedp.CSS("li.hit h2 a")))
		if got := b.text("article h1"); got != title {
			t.Errorf("article headline %q, the result said %q", got, title)
		}
		if n := b.int(`document.querySelectorAll("section.related li > a").length`); n == 0 {
			t.Error("no related stories")
		}
		if n := b.int(`document.querySelectorAll("aside a[href^='/search?']").length`); n == 0 {
			t.Error("no entity links")
		}
		b.checkAxe("article")
		b.screenshot("article")
		b.navigate(chromedp.Click(chromedp.CSS("section.related li > a")))
		if !strings.HasPrefix(b.location().Path, "/articles/") {
			t.Errorf("related link went to %s", b.location())
		}
	})

	t.Run("coverage chart and a bar", func(t *testing.T) {
		b.t = t
		b.open("/search?q=trade")
		b.navigate(chromedp.Click(chromedp.CSS("nav.views a[href^='/coverage']")))
		if b.location().Path != "/coverage" {
			t.Fatalf("coverage link went to %s", b.location())
		}
		if got := b.str(`document.querySelector("svg.chart title").textContent`); !strings.Contains(got, "trade") {
			t.Errorf("chart title %q", got)
		}
		b.checkAxe("coverage")
		b.screenshot("coverage")
		// The busiest bar: its count is in its title.
		label := b.str(`[...document.querySelectorAll("svg.chart a.bar-link")].map(a => a.querySelector("title").textContent)
			.sort((x, y) => parseInt(y.split(": ")[1].replace(/,/g, ""), 10) - parseInt(x.split(": ")[1].replace(/,/g, ""), 10))[0]`)
		want := countOf(t, label)
		b.navigate(chromedp.Click(chromedp.JSPath(fmt.Sprintf(`[...document.querySelectorAll("svg.chart a.bar-link")].find(a => a.querySelector("title").textContent === %q)`, label))))
		u := b.location()
		if u.Path != "/search" || u.Query().Get("from") == "" || u.Query().Get("to") == "" {
			t.Fatalf("bar went to %s", u)
		}
		total, hits := b.counts()
		if total != want || hits != min(want, 10) {
			t.Errorf("bar %q: %d results shown, %d listed", label, total, hits)
		}
	})

	t.Run("compare, who and where, facet values", func(t *testing.T) {
		b.t = t
		b.open("/compare?q=coffee&q=oil&q=trade")
		if n := b.int(`document.querySelectorAll("svg.chart a.bar-link").length`); n == 0 {
			t.Error("no bars on the compare chart")
		}
		b.checkAxe("compare")
		b.screenshot("compare")
		b.open("/entities?q=trade")
		if n := b.int(`document.querySelectorAll("ol.ranked a").length`); n == 0 {
			t.Error("who and where lists nothing")
		}
		b.checkAxe("entities")
		b.screenshot("entities")
		b.open("/search/facets/place?q=trade")
		b.checkAxe("facet values")
		b.screenshot("facet-values")
		b.open("/help")
		b.checkAxe("help")
		b.open("/search?q=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`))
		if n := b.int(`document.querySelectorAll("img").length`); n != 0 {
			t.Error("hostile query made an image")
		}
		b.checkAxe("refused search")
		b.screenshot("refused")
	})

	t.Run("csv download", func(t *testing.T) {
		b.t = t
		b.open("/search?q=coffee")
		want, _ := b.counts()
		progress := chromedp.Events(ctx, browser.DownloadProgress)
		// Sent through the tab, so that the tab gets the download's events.
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true),
		})
		if err != nil {
			t.Fatal(err)
		}
		b.do(chromedp.Click(chromedp.CSS(".takeaway a[href*='format=csv']")))
		var file string
		for ev, err := range progress {
			if err != nil {
				t.Fatalf("waiting for the download: %v", err)
			}
			if ev.State == browser.DownloadProgressStateCanceled {
				t.Fatal("download cancelled")
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				file = filepath.Join(downloads, ev.GUID)
				break
			}
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("downloaded CSV: %v", err)
		}
		if len(recs) != want+1 || strings.Join(recs[0], ",") != strings.Join(exportColumns, ",") {
			t.Errorf("downloaded %d rows with header %v, want %d", len(recs)-1, recs[0], want)
		}
	})

	t.Run("no horizontal scrolling at 375 px", func(t *testing.T) {
		b.t = t
		b.do(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		defer b.do(chromedp.EmulateViewport(1280, 900))
		for _, path := range []string{
			"/search?q=trade&place=usa", "/articles/reuters-290", "/coverage?q=trade&histogram=day",
			"/compare?q=coffee&q=oil&q=trade&q=japan", "/entities?q=trade", "/search/facets/place?q=trade", "/help",
			"/search?q=" + url.QueryEscape(strings.Repeat("averyveryverylongwordwithoutspaces", 8)),
		} {
			b.open(path)
			if w := b.int(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
				t.Errorf("%s scrolls %d px sideways at 375 px", path, w)
			}
		}
		// What a phone shows: the top of the page, and the filters below
		// the results.
		b.open("/search?q=trade&place=usa")
		b.viewportShot("search-375")
		b.do(chromedp.ScrollIntoView(chromedp.CSS("aside.facets")))
		b.viewportShot("search-375-filters")
		b.open("/coverage?q=trade")
		b.viewportShot("coverage-375")
		b.open("/articles/reuters-290")
		b.viewportShot("article-375")
	})
	t.Logf("screenshots in %s", shots)
}

// startBrowser starts Chromium with one tab, closed when the test ends
// and bounded by browserWatchdog.
func startBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelCtx)
	ctx, cancelWatchdog := context.WithTimeout(ctx, browserWatchdog)
	t.Cleanup(cancelWatchdog)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// tab drives the one browser tab of the test.
type tab struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	axe   string
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func (b *tab) open(path string) {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status >= 500 {
		b.t.Fatalf("open %s: status %d", path, resp.Status)
	}
}

// navigate runs steps that load a new page and waits for it.
func (b *tab) navigate(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, steps...)
	if err != nil {
		b.t.Fatal(err)
	}
	if resp == nil || resp.Status != 200 {
		b.t.Fatalf("navigation answered %v", resp)
	}
}

func (b *tab) location() *url.URL {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return mustURL(b.t, loc)
}

func (b *tab) str(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return s
}

func (b *tab) int(expr string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return n
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	return strings.Join(strings.Fields(b.str(fmt.Sprintf(`document.querySelector(%q).textContent`, sel))), " ")
}

// counts are the result count the page shows and the results it lists.
func (b *tab) counts() (total, listed int) {
	b.t.Helper()
	return b.int(`parseInt(document.querySelector("#result-count").dataset.total, 10)`),
		b.int(`document.querySelectorAll("ol.hits > li.hit").length`)
}

func (b *tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *tab) viewportShot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// checkAxe runs axe-core in the page and fails on serious or critical
// findings.
func (b *tab) checkAxe(page string) {
	b.t.Helper()
	if b.axe == "" {
		return
	}
	for _, f := range b.runAxe() {
		b.t.Errorf("%s: axe %s (%s): %s at %s", page, f.ID, f.Impact, f.Help, strings.Join(f.Nodes, "; "))
	}
}

// runAxe loads axe-core into the page (DevTools evaluation is not bound
// by the page's CSP) and returns its serious and critical findings.
func (b *tab) runAxe() []axeFinding {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
		b.t.Fatalf("load axe-core: %v", err)
	}
	found, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeFinding](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core: %v", err)
	}
	return found
}

// axeWorks proves the checker reports what it should, so that a clean
// run means a clean page: an image without a text alternative, added to
// the page, must be found.
func (b *tab) axeWorks() {
	b.t.Helper()
	if b.axe == "" {
		return
	}
	b.do(chromedp.Evaluate[chromedp.Void](`document.body.insertAdjacentHTML("beforeend", '<img src="/static/pulse.css">')`))
	if !slices.ContainsFunc(b.runAxe(), func(f axeFinding) bool { return f.ID == "image-alt" }) {
		b.t.Error("axe-core did not report an image without alt: the accessibility checks are not working")
	}
}
