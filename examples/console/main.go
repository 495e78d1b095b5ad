// Console: a reference frontend for one shop's day on the in-memory stores — a
// JSON API over orders, after-sales cases with their buttons and countdowns,
// conversations waiting for an agent and the month's statement, and one page
// that uses it (package consoleapp).
//
// Run it with: go run ./examples/console  (then open the URL it prints)
//
// The console's clock starts at the end of the seeded day (2 November 2026,
// 12:00 in Shanghai) and runs on with the wall clock, so the countdowns move.
// With -smoke it starts, asks itself for the day's cases, prints the answer's
// status and exits: what CI runs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/shopkit/shopkit/examples/console/consoleapp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	smoke := flag.Bool("smoke", os.Getenv("SHOPKIT_EXAMPLE_SMOKE") == "1", "start, make one request, print it and exit")
	flag.Parse()
	if err := run(*addr, *smoke); err != nil {
		fmt.Fprintln(os.Stderr, "console:", err)
		os.Exit(1)
	}
}

func run(addr string, smoke bool) error {
	started := time.Now()
	var dayEnd time.Time
	app, err := consoleapp.New(consoleapp.Config{Clock: func() time.Time { return dayEnd.Add(time.Since(started)) }})
	if err != nil {
		return err
	}
	dayEnd = app.Day().End
	if smoke {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: app.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Println("shopkit console:", url)
	if smoke {
		err := check(url + "api/cases")
		_ = srv.Shutdown(context.Background())
		return err
	}
	stop, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	select {
	case err := <-served:
		return err
	case <-stop.Done():
		return srv.Shutdown(context.Background())
	}
}

// check asks the console for the shop's cases as its merchant and prints the
// status and the size of the answer.
func check(url string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("X-Role", "merchant")
	req.Header.Set("X-Actor", "7a1c0000-0000-4000-8000-000000000001")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	fmt.Printf("GET %s → %s, %d bytes\n", url, resp.Status, len(body))
	if resp.StatusCode != http.StatusOK {
		return errors.New("smoke request failed: " + string(body))
	}
	return nil
}
