package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit/examples/console/consoleapp"
)

// chromiumPath is Debian's chromium package.
const chromiumPath = "/usr/bin/chromium"

// testClock is the console's time: the test sets it, so the page's buttons
// and countdown follow the test, not the wall clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// browser starts headless Chromium with a fresh profile. Without chromium the
// test skips, unless CI is set: then it fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("%s is missing (apt-get install -y chromium): %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // required as root, as in CI containers
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	require.NoError(t, chromedp.Do(ctx)) // starts the browser
	return ctx
}

// buttons returns the actions of the buttons the page shows for the case.
func buttons(t *testing.T, ctx context.Context) []string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("#actions button.action")).filter(b => b.offsetParent !== null).map(b => b.dataset.action + "=" + b.textContent)`))
	require.NoError(t, err)
	return got
}

// open loads the page as the merchant with the case open, and waits until
// the case is drawn.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#case-state`)),
	))
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err)
	return strings.TrimSpace(s)
}

// TestConsoleInChromium opens the exchange case as the merchant (R3.3): at
// exactly 48 h after the request the page shows 同意 and 拒绝 and a countdown;
// one second after, reloaded, neither (R0.3); back in time, a click on 同意
// approves it and the page shows the new state and the Chinese message.
func TestConsoleInChromium(t *testing.T) {
	ctx := browser(t)
	clk := &testClock{}
	app, err := consoleapp.New(consoleapp.Config{Clock: clk.Now})
	require.NoError(t, err)
	day := app.Day()
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	url := srv.URL + "/?role=merchant&case=" + day.Exchange.String()

	// Exactly at the deadline: in time.
	require.Equal(t, day.ExchangeRequested.Add(48*time.Hour), day.ExchangeDeadline)
	clk.Set(day.ExchangeDeadline)
	open(t, ctx, url)
	assert.Equal(t, []string{"approve=同意", "reject=拒绝"}, buttons(t, ctx))
	assert.Equal(t, "待商家处理", text(t, ctx, "#case-state"))
	// The page counts down against the server's clock from the answer's now:
	// at the deadline nothing is left.
	assert.Regexp(t, `^(剩余 00:00:00|已超过截止时间)$`, text(t, ctx, "#countdown"))

	// One second after: late, no buttons, and the countdown says so.
	clk.Set(day.ExchangeDeadline.Add(time.Second))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#case-state`)),
	))
	assert.Empty(t, buttons(t, ctx))
	assert.Equal(t, "已超过截止时间", text(t, ctx, "#countdown"))
	assert.Contains(t, text(t, ctx, "#case-message"), "已过")

	// Before the deadline again: approve.
	clk.Set(day.ExchangeDeadline.Add(-time.Hour))
	open(t, ctx, url)
	require.Equal(t, []string{"approve=同意", "reject=拒绝"}, buttons(t, ctx))
	assert.Regexp(t, `^剩余 (00:59:5\d|01:00:00)$`, text(t, ctx, "#countdown"))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#actions button[data-action="approve"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#case-state[data-state="awaiting_return"]`)),
	))
	assert.Equal(t, "待买家退货", text(t, ctx, "#case-state"))
	msg := text(t, ctx, "#case-message")
	assert.Contains(t, msg, "已同意。当前状态：待买家退货。")
	assert.Empty(t, buttons(t, ctx), "the merchant has nothing to do while the buyer ships")

	if os.Getenv("SHOPKIT_UPDATE_SCREENSHOT") == "1" {
		// Quality 100 is a PNG; anything less a JPEG.
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join("..", "docs", "console.png"), png, 0o644))
	}
}
