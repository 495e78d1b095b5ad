// Package consoleapp is a reference frontend for one shop's day, built only on
// shopkit's public API: a JSON API over the order, after-sales, support and
// commission services on the in-memory stores, and one static page that shows a
// case's allowed actions as buttons, its deadline as a live countdown and the
// library's messages in Chinese.
//
// It is a reference, not a product: the actor comes from two request headers
// (X-Role: buyer, merchant or platform; X-Actor: the buyer's, shop's or
// operator's ID) with no authentication, and every store is in memory. What it
// shows is how a host wires the contract a frontend needs: pages of lists
// (shopkit.PageRequest), actions a person may take now with their deadlines
// (ActionsAt, NextDeadline), and errors in their JSON form with a message in
// the reader's language (shopkit.NewErrorBody, messages.For).
//
// The console's time is Config.Clock, never the wall clock, so a test moves it
// across a deadline and sees the buttons go (R0.3).
package consoleapp

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commission/commissiontest"
	"github.com/shopkit/shopkit/support"
)

//go:embed static
var static embed.FS

// Config is what the console needs.
type Config struct {
	// Clock is the console's time once its day is seeded: every action and
	// every deadline check reads it. The day's own events happen at fixed
	// instants (Day), before Day.End.
	Clock shopkit.Clock
}

// App is the console: the seeded services and the HTTP handler over them.
// Its methods are safe for concurrent use once New returned.
type App struct {
	clock  shopkit.Clock
	day    Day
	stock  *inventory.Service
	orders *order.Service
	cases  *aftersales.Service
	// caseStore is the cases' store, read for a case's whole trail (R0.4).
	caseStore aftersales.Store
	desk      *support.Service
	ledger    *commissiontest.Store
	mux       *http.ServeMux
}

// New seeds a shop's day on the in-memory stores and returns the console. A
// nil Clock is shopkit.CodeNilArgument (field "clock"); a failure while
// seeding is returned as it came.
func New(cfg Config) (*App, error) {
	if cfg.Clock == nil {
		return nil, shopkit.NilArgument("clock")
	}
	ctx := context.Background()
	seeding := &seedClock{}
	a := &App{day: Day{
		Shop:     uuid.MustParse("7a1c0000-0000-4000-8000-000000000001"),
		Buyer:    "b-2001",
		Operator: "ops-7",
	}}
	// Until the day is seeded the services read the seeding clock; afterwards
	// the configured one.
	a.clock = seeding.now
	now := func() time.Time { return a.clock() }
	if err := a.newServices(ctx, now); err != nil {
		return nil, err
	}
	if err := a.seed(ctx, seeding); err != nil {
		return nil, err
	}
	a.clock = cfg.Clock
	a.mux = a.routes()
	return a, nil
}

// Day returns what the seeded day holds: the shop, the buyer, the cases and
// their deadlines. The zero App has no day.
func (a *App) Day() Day {
	if a == nil {
		return Day{}
	}
	return a.day
}

// Handler returns the console's HTTP handler: the JSON API under /api/ and
// the static page at /. The zero App's handler answers every request with
// 503, since it has no services.
func (a *App) Handler() http.Handler {
	if a == nil || a.mux == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "console not built with New", http.StatusServiceUnavailable)
		})
	}
	return a.mux
}

// routes registers the API and the page (Go 1.22 method and wildcard
// patterns).
func (a *App) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/day", a.getDay)
	mux.HandleFunc("GET /api/orders", a.listOrders)
	mux.HandleFunc("GET /api/cases", a.listCases)
	mux.HandleFunc("GET /api/cases/{id}", a.getCase)
	mux.HandleFunc("POST /api/cases/{id}/actions/{action}", a.postAction)
	mux.HandleFunc("GET /api/conversations/waiting", a.listWaiting)
	mux.HandleFunc("GET /api/statements", a.listStatements)
	files, _ := fs.Sub(static, "static")
	page := http.FileServerFS(files)
	// Everything else: an unknown API route is a JSON 404, the rest is the
	// page and its script.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/"):
			a.fail(w, r, shopkit.NewError(shopkit.ErrNotFound, "console.no_route", "no API route "+r.Method+" "+r.URL.Path))
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		default:
			page.ServeHTTP(w, r)
		}
	})
	return mux
}
