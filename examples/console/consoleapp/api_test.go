package consoleapp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/messages"
)

// testClock is the console's time in a test: set by the test, never the wall.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

type fixture struct {
	t     *testing.T
	app   *App
	clock *testClock
	srv   *httptest.Server
	day   Day
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := &testClock{}
	app, err := New(Config{Clock: clk.Now})
	require.NoError(t, err)
	clk.Set(app.Day().End)
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	return &fixture{t: t, app: app, clock: clk, srv: srv, day: app.Day()}
}

func (f *fixture) merchant() [2]string { return [2]string{"merchant", f.day.Shop.String()} }
func (f *fixture) buyer() [2]string    { return [2]string{"buyer", f.day.Buyer} }

// do sends a request as who (role, actor) and decodes the JSON answer.
func (f *fixture) do(method, path string, who [2]string, body string) (int, map[string]any) {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	require.NoError(f.t, err)
	if who[0] != "" {
		req.Header.Set("X-Role", who[0])
	}
	if who[1] != "" {
		req.Header.Set("X-Actor", who[1])
	}
	resp, err := f.srv.Client().Do(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	assert.Equal(f.t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	var out map[string]any
	require.NoError(f.t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// unchanged asserts that the case is where it was: same state, same trail.
func (f *fixture) unchanged(id uuid.UUID, state aftersales.State, trail int) {
	f.t.Helper()
	c, err := f.app.cases.Get(context.Background(), id)
	require.NoError(f.t, err)
	assert.Equal(f.t, state, c.State(), "state changed")
	entries, err := shopkit.ReadTrail(context.Background(), f.app.caseStore, id, 100)
	require.NoError(f.t, err)
	assert.Len(f.t, entries, trail, "trail changed")
}

func (f *fixture) caseNow(id uuid.UUID) (aftersales.State, int) {
	f.t.Helper()
	c, err := f.app.cases.Get(context.Background(), id)
	require.NoError(f.t, err)
	entries, err := shopkit.ReadTrail(context.Background(), f.app.caseStore, id, 100)
	require.NoError(f.t, err)
	return c.State(), len(entries)
}

// assertError checks an error answer: the status, the error's JSON form as
// shopkit.NewErrorBody gives it (kind, code, field) and a message in Chinese.
func assertError(t *testing.T, status int, body map[string]any, wantStatus int, kind, code, field string) {
	t.Helper()
	assert.Equal(t, wantStatus, status)
	e, ok := body["error"].(map[string]any)
	require.True(t, ok, "no error object in %v", body)
	assert.Equal(t, kind, e["kind"])
	assert.Equal(t, code, e["code"])
	if field != "" {
		assert.Equal(t, field, e["field"])
	}
	msg, _ := body["message"].(string)
	assert.NotEmpty(t, msg)
	assert.Regexp(t, `\p{Han}`, msg, "message is not in Chinese")
}

func actionNames(body map[string]any) []string {
	var out []string
	list, _ := body["actions"].([]any)
	for _, a := range list {
		out = append(out, a.(map[string]any)["action"].(string))
	}
	return out
}

// R3.3: the merchant decides an exchange within 48 h; exactly at the deadline
// approve and reject are listed with it as their Until, one nanosecond later
// neither is (R0.3), and the countdown is the next deadline, auto-approve.
func TestCaseButtonsAtTheMerchantsDeadline_R3_3(t *testing.T) {
	f := newFixture(t)
	require.Equal(t, f.day.ExchangeRequested.Add(48*time.Hour), f.day.ExchangeDeadline)
	path := "/api/cases/" + f.day.Exchange.String()

	f.clock.Set(f.day.ExchangeDeadline)
	status, body := f.do("GET", path, f.merchant(), "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, []string{"approve", "reject"}, actionNames(body))
	until, err := time.Parse(time.RFC3339Nano, body["actions"].([]any)[0].(map[string]any)["until"].(string))
	require.NoError(t, err)
	assert.True(t, until.Equal(f.day.ExchangeDeadline))
	now, err := time.Parse(time.RFC3339Nano, body["now"].(string))
	require.NoError(t, err)
	assert.True(t, now.Equal(f.day.ExchangeDeadline), "now is the console's clock")
	next := body["next_deadline"].(map[string]any)
	assert.Equal(t, "approve", next["action"])
	assert.Equal(t, "awaiting_return", next["to"])
	assert.Equal(t, "requested", body["state"])
	assert.Equal(t, "待商家处理", body["state_label"])
	assert.Contains(t, body["message"], "截止时间 2026年11月4日 10:00（剩余 0秒），逾期系统将自动同意。")

	f.clock.Set(f.day.ExchangeDeadline.Add(time.Nanosecond))
	status, body = f.do("GET", path, f.merchant(), "")
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, actionNames(body))
	assert.Contains(t, body["message"], "已过")

	// The buyer of the case sees only cancel, and not the merchant's buttons.
	f.clock.Set(f.day.ExchangeDeadline)
	status, body = f.do("GET", path, f.buyer(), "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, []string{"cancel"}, actionNames(body))
}

// R3.3: the merchant approves the exchange in time: the answer is the case in
// its new state with the Chinese message, and the trail has one more entry.
func TestApproveExchange_R3_3(t *testing.T) {
	f := newFixture(t)
	id := f.day.Exchange
	_, trail := f.caseNow(id)
	f.clock.Set(f.day.ExchangeDeadline) // the last instant in time (R0.3)
	status, body := f.do("POST", "/api/cases/"+id.String()+"/actions/approve", f.merchant(), `{"reason":"同意换货"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "awaiting_return", body["state"])
	assert.Equal(t, "待买家退货", body["state_label"])
	assert.Contains(t, body["message"], "已同意")
	assert.Contains(t, body["message"], "待买家退货")
	assert.NotContains(t, actionNames(body), "approve")
	f.unchanged(id, aftersales.AwaitingReturn, trail+2) // the approval and its notice to the buyer
	entries := body["trail"].([]any)
	last := entries[len(entries)-1].(map[string]any)
	assert.Equal(t, "approve", last["action"])
	assert.Equal(t, "同意换货", last["reason"])

	// The buyer now ships it back; an empty body is the empty object.
	status, body = f.do("POST", "/api/cases/"+id.String()+"/actions/ship_back", f.buyer(), `{"waybill":"SF100"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "returning", body["state"])
	status, body = f.do("POST", "/api/cases/"+id.String()+"/actions/receive_return", f.merchant(), ``)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "inspecting", body["state"])
}

// A strict body: a field the action does not take is refused, naming it, and
// nothing changes.
func TestActionUnknownField(t *testing.T) {
	f := newFixture(t)
	id := f.day.Exchange
	state, trail := f.caseNow(id)
	for _, body := range []string{`{"reason":"ok","stars":5}`, `{"waybill":"SF1"}`} {
		status, out := f.do("POST", "/api/cases/"+id.String()+"/actions/approve", f.merchant(), body)
		assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, "console.invalid_body", "")
		field := out["error"].(map[string]any)["field"]
		assert.Contains(t, []any{"stars", "waybill"}, field)
		assert.Contains(t, out["message"], field)
		f.unchanged(id, state, trail)
	}
}

// Wrong types and malformed JSON are 400 naming the field (or the body), and
// nothing changes.
func TestActionWrongType(t *testing.T) {
	f := newFixture(t)
	id := f.day.Exchange
	state, trail := f.caseNow(id)
	for body, field := range map[string]string{
		`{"reason":5}`:                  "reason",
		`{"reason":["a"]}`:              "reason",
		`{"reason":"x","evidence":1}`:   "evidence",
		`{"reason":"x"`:                 "body",
		`["reason"]`:                    "body",
		`{"reason":"a"} {"reason":"b"}`: "body",
	} {
		action := "approve"
		if field == "evidence" {
			action = "reject"
		}
		status, out := f.do("POST", "/api/cases/"+id.String()+"/actions/"+action, f.merchant(), body)
		assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, "console.invalid_body", field)
		f.unchanged(id, state, trail)
	}
}

// R0.4: only a party acts, and only in its role: another buyer, another
// shop and the case's own buyer pressing the merchant's button are refused
// with 403 and nothing changes.
func TestActionByTheWrongParty_R0_4(t *testing.T) {
	f := newFixture(t)
	id := f.day.Exchange
	state, trail := f.caseNow(id)
	path := "/api/cases/" + id.String() + "/actions/approve"
	for _, tc := range []struct {
		who  [2]string
		code string
	}{
		{[2]string{"buyer", "b-9999"}, shopkit.CodeNotParty},
		{[2]string{"merchant", uuid.NewString()}, shopkit.CodeNotParty},
		{[2]string{"platform", ""}, ""}, // no actor: invalid, below
		{f.buyer(), "aftersales.approve_not_allowed"},
	} {
		status, out := f.do("POST", path, tc.who, `{"reason":"ok"}`)
		switch tc.code {
		case "":
			assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, "console.invalid_actor", "X-Actor")
		case shopkit.CodeNotParty:
			assertError(t, status, out, http.StatusForbidden, shopkit.KindNotAllowed, tc.code, "")
		default:
			assert.Equal(t, http.StatusForbidden, status, out)
			e := out["error"].(map[string]any)
			assert.Equal(t, shopkit.KindNotAllowed, e["kind"])
			assert.Contains(t, out["message"], "买家不能")
		}
		f.unchanged(id, state, trail)
	}
	// Reading the case is refused to a stranger too.
	status, out := f.do("GET", "/api/cases/"+id.String(), [2]string{"buyer", "b-9999"}, "")
	assertError(t, status, out, http.StatusForbidden, shopkit.KindNotAllowed, shopkit.CodeNotParty, "")
	// An unknown role is bad input.
	status, out = f.do("GET", "/api/cases", [2]string{"admin", "root"}, "")
	assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, "console.invalid_actor", "X-Role")
}

// An unknown case is 404 with the store's code; a malformed ID and an unknown
// action are 400.
func TestUnknownCaseAndAction(t *testing.T) {
	f := newFixture(t)
	status, out := f.do("GET", "/api/cases/"+uuid.NewString(), f.merchant(), "")
	assertError(t, status, out, http.StatusNotFound, shopkit.KindNotFound, aftersales.CodeCaseNotFound, "")
	status, out = f.do("POST", "/api/cases/"+uuid.NewString()+"/actions/approve", f.merchant(), `{}`)
	assertError(t, status, out, http.StatusNotFound, shopkit.KindNotFound, aftersales.CodeCaseNotFound, "")
	status, out = f.do("GET", "/api/cases/not-a-uuid", f.merchant(), "")
	assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, "console.invalid_id", "id")

	id := f.day.Exchange
	state, trail := f.caseNow(id)
	status, out = f.do("POST", "/api/cases/"+id.String()+"/actions/teleport", f.merchant(), `{}`)
	assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, aftersales.CodeUnknownAction, "action")
	status, out = f.do("POST", "/api/cases/"+id.String()+"/actions/convert", f.merchant(), `{}`)
	assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, aftersales.CodeUnknownAction, "action")
	f.unchanged(id, state, trail)

	status, out = f.do("GET", "/api/nothing", f.merchant(), "")
	assertError(t, status, out, http.StatusNotFound, shopkit.KindNotFound, "console.no_route", "")
}

// R3.3, R0.3: one nanosecond after the merchant's 48 h the approval is late:
// 403 with aftersales.deadline_passed, and nothing changes.
func TestActionPastTheDeadline_R3_3(t *testing.T) {
	f := newFixture(t)
	id := f.day.Exchange
	state, trail := f.caseNow(id)
	f.clock.Set(f.day.ExchangeDeadline.Add(time.Nanosecond))
	for _, tc := range []struct{ action, body string }{
		{"approve", `{"reason":"ok"}`},
		{"reject", `{"reason":"no","conversation":"chat-1","evidence":["photo-1"]}`},
	} {
		status, out := f.do("POST", "/api/cases/"+id.String()+"/actions/"+tc.action, f.merchant(), tc.body)
		assertError(t, status, out, http.StatusForbidden, shopkit.KindNotAllowed, aftersales.CodeDeadlinePassed, "")
		f.unchanged(id, state, trail)
	}
}

// A rejection without its evidence is the case's own validation error: 400
// naming the fields, nothing changed (R3.3).
func TestRejectWithoutEvidence_R3_3(t *testing.T) {
	f := newFixture(t)
	id := f.day.Exchange
	state, trail := f.caseNow(id)
	status, out := f.do("POST", "/api/cases/"+id.String()+"/actions/reject", f.merchant(), `{"reason":"no"}`)
	assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, aftersales.CodeEvidenceRequired, "")
	f.unchanged(id, state, trail)
}

// The language: Chinese by default, English on ?lang=en or Accept-Language,
// and an unknown ?lang= is messages.CodeUnknownLang.
func TestLanguage(t *testing.T) {
	f := newFixture(t)
	path := "/api/cases/" + uuid.NewString()
	_, zh := f.do("GET", path, f.merchant(), "")
	_, en := f.do("GET", path+"?lang=en", f.merchant(), "")
	assert.NotEqual(t, zh["message"], en["message"])
	assert.NotRegexp(t, `\p{Han}`, en["message"])

	req, err := http.NewRequest("GET", f.srv.URL+"/api/cases/"+f.day.Exchange.String(), nil)
	require.NoError(t, err)
	req.Header.Set("X-Role", "merchant")
	req.Header.Set("X-Actor", f.day.Shop.String())
	req.Header.Set("Accept-Language", "fr-FR;q=0.9, en-GB;q=0.8")
	resp, err := f.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	assert.Equal(t, "requested", body["state_label"])
	assert.True(t, strings.HasPrefix(body["message"].(string), "State: requested."), body["message"])

	status, out := f.do("GET", path+"?lang=fr", f.merchant(), "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, messages.CodeUnknownLang, out["error"].(map[string]any)["code"])
}

// The day's lists: the shop's orders, cases, waiting conversations and the
// October statement, each a page; a buyer lists only their own cases and no
// shop list (R0.4); a bad limit is shopkit.CodeInvalidLimit.
func TestLists_R0_4(t *testing.T) {
	f := newFixture(t)
	for path, n := range map[string]int{"/api/orders": 5, "/api/cases": 3, "/api/conversations/waiting": 2, "/api/statements": 1} {
		status, out := f.do("GET", path, f.merchant(), "")
		require.Equal(t, http.StatusOK, status, path)
		assert.Len(t, out["items"], n, path)
	}
	_, out := f.do("GET", "/api/statements", f.merchant(), "")
	st := out["items"].([]any)[0].(map[string]any)
	assert.Equal(t, f.day.Statement, st["key"])

	status, out := f.do("GET", "/api/cases?limit=2", f.merchant(), "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, out["items"], 2)
	next, _ := out["next"].(string)
	require.NotEmpty(t, next)
	_, out = f.do("GET", "/api/cases?limit=2&after="+next, f.merchant(), "")
	assert.Len(t, out["items"], 1)

	status, out = f.do("GET", "/api/cases", f.buyer(), "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, out["items"], 3)
	_, out = f.do("GET", "/api/cases", [2]string{"buyer", "b-3107"}, "")
	assert.Empty(t, out["items"])
	for _, path := range []string{"/api/orders", "/api/conversations/waiting", "/api/statements"} {
		status, out := f.do("GET", path, f.buyer(), "")
		assertError(t, status, out, http.StatusForbidden, shopkit.KindNotAllowed, shopkit.CodeNotParty, "")
	}
	for _, q := range []string{"?limit=x", "?limit=0", "?limit=501"} {
		status, out := f.do("GET", "/api/orders"+q, f.merchant(), "")
		assertError(t, status, out, http.StatusBadRequest, shopkit.KindInvalid, shopkit.CodeInvalidLimit, "limit")
	}
}

// The page and its script are served by the same handler.
func TestStaticPage(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{"/": "售后详情", "/app.js": "setInterval"} {
		resp, err := f.srv.Client().Get(f.srv.URL + path)
		require.NoError(t, err)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Contains(t, string(b), want, path)
	}
}

// New needs a clock; the zero App has no day and a handler that says so.
func TestNewNeedsAClock(t *testing.T) {
	_, err := New(Config{})
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	var zero *App
	assert.Equal(t, Day{}, zero.Day())
	rec := httptest.NewRecorder()
	zero.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/day", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
}
