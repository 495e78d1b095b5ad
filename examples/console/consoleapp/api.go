package consoleapp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/messages"
)

// maxBody is the largest action body the API reads: an action's fields are a
// few short strings.
const maxBody = 64 << 10

// errorReply is an error as the API answers it: the error's JSON form
// (shopkit.NewErrorBody), which a frontend switches on by kind and code, and
// the message in the request's language (messages.For), which it shows.
type errorReply struct {
	Error   shopkit.ErrorBody `json:"error"`
	Message string            `json:"message"`
}

// statusOf maps an error's kind to its HTTP status: the caller's input (400),
// an action the actor may not take (403: wrong party, role, state or a passed
// deadline, R0.3, R0.4), an unknown entity (404), a conflict with the current
// state (409), a transient failure (503); anything else is the console's own
// fault (500).
func statusOf(err error) int {
	switch shopkit.KindName(err) {
	case shopkit.KindInvalid, shopkit.KindOverflow, shopkit.KindCurrencyMismatch:
		return http.StatusBadRequest
	case shopkit.KindNotAllowed:
		return http.StatusForbidden
	case shopkit.KindNotFound:
		return http.StatusNotFound
	case shopkit.KindConflict:
		return http.StatusConflict
	case shopkit.KindRetry:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func (a *App) fail(w http.ResponseWriter, r *http.Request, err error) {
	lang, lerr := langOf(r)
	if lerr != nil {
		lang = messages.ZhCN
	}
	writeJSON(w, statusOf(err), errorReply{Error: shopkit.NewErrorBody(err), Message: messages.For(lang, err)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"kind":"internal","code":"","message":"internal error"},"message":"系统出了点问题，请稍后重试"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// langOf reads the reader's language: ?lang= when given (an unknown one is
// messages.CodeUnknownLang), else the first Accept-Language entry the
// catalogue has, else zh-CN, the platform's language.
func langOf(r *http.Request) (messages.Lang, error) {
	if tag := r.URL.Query().Get("lang"); tag != "" {
		return messages.ParseLang(tag)
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(part, ";")
		if l, err := messages.ParseLang(tag); err == nil {
			return l, nil
		}
	}
	return messages.ZhCN, nil
}

// actorOf reads who acts from the X-Role and X-Actor headers. This is a
// reference console's identity, not authentication: a host takes the actor
// from its session.
func actorOf(r *http.Request) (shopkit.Actor, error) {
	var role shopkit.Role
	switch v := r.Header.Get("X-Role"); v {
	case "buyer":
		role = shopkit.Buyer
	case "merchant":
		role = shopkit.Merchant
	case "platform":
		role = shopkit.Platform
	default:
		return shopkit.Actor{}, shopkit.Invalid("console.invalid_actor", "X-Role", "must be buyer, merchant or platform")
	}
	id := strings.TrimSpace(r.Header.Get("X-Actor"))
	if id == "" {
		return shopkit.Actor{}, shopkit.Invalid("console.invalid_actor", "X-Actor", "is required")
	}
	return shopkit.Actor{Role: role, ID: id}, nil
}

// begin reads the language and the actor every API request needs.
func (a *App) begin(w http.ResponseWriter, r *http.Request) (messages.Lang, shopkit.Actor, bool) {
	lang, err := langOf(r)
	if err != nil {
		a.fail(w, r, err)
		return "", shopkit.Actor{}, false
	}
	by, err := actorOf(r)
	if err != nil {
		a.fail(w, r, err)
		return "", shopkit.Actor{}, false
	}
	return lang, by, true
}

// beginList is begin for a list: it also reads the page asked for.
func (a *App) beginList(w http.ResponseWriter, r *http.Request) (messages.Lang, shopkit.Actor, shopkit.PageRequest, bool) {
	lang, by, ok := a.begin(w, r)
	if !ok {
		return "", by, shopkit.PageRequest{}, false
	}
	p, err := pageOf(r)
	if err != nil {
		a.fail(w, r, err)
		return "", by, p, false
	}
	return lang, by, p, true
}

// pageOf reads ?limit= (default 20) and ?after= into a page request; the
// services check it (shopkit.PageRequest.Check).
func pageOf(r *http.Request) (shopkit.PageRequest, error) {
	p := shopkit.PageRequest{After: r.URL.Query().Get("after"), Limit: 20}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return p, shopkit.Invalid(shopkit.CodeInvalidLimit, "limit", "must be a whole number")
		}
		p.Limit = n
	}
	return p, nil
}

// page is a list's JSON: its items and the cursor of the next page.
type page[T any] struct {
	Now   time.Time `json:"now"`
	Items []T       `json:"items"`
	Next  string    `json:"next,omitempty"`
}

// party is one of the day's actors, for the page's role picker.
type party struct {
	Role  string `json:"role"`
	Actor string `json:"actor"`
	Label string `json:"label"`
}

func (a *App) getDay(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"now":  a.clock(),
		"shop": a.day.Shop,
		"parties": []party{
			{"merchant", a.day.Shop.String(), "商家（福州茶语）"},
			{"buyer", a.day.Buyer, "买家 " + a.day.Buyer},
			{"platform", a.day.Operator, "平台 " + a.day.Operator},
		},
	})
}

type orderJSON struct {
	ID         uuid.UUID     `json:"id"`
	Number     string        `json:"number"`
	State      order.State   `json:"state"`
	StateLabel string        `json:"state_label"`
	BuyerID    string        `json:"buyer_id"`
	Total      shopkit.Money `json:"total"`
	TotalText  string        `json:"total_text"`
	PlacedAt   time.Time     `json:"placed_at"`
	Deadline   *time.Time    `json:"deadline,omitempty"`
}

func (a *App) listOrders(w http.ResponseWriter, r *http.Request) {
	lang, by, p, ok := a.beginList(w, r)
	if !ok {
		return
	}
	got, err := a.orders.OrdersOfShop(r.Context(), by, order.ListQuery{Shop: a.day.Shop}, p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := page[orderJSON]{Now: a.clock(), Items: []orderJSON{}, Next: got.Next}
	for _, o := range got.Items {
		j := orderJSON{ID: o.ID(), Number: o.Number(), State: o.State(), StateLabel: orderLabel(lang, string(o.State())),
			BuyerID: o.BuyerID(), Total: o.Total(), TotalText: messages.Amount(lang, o.Total()), PlacedAt: o.PlacedAt()}
		// The deadline that matters to the viewer (an unpaid order's payment
		// limit), not the store's next consequence (its reminder).
		if next, ok := o.NextDeadline(by); ok {
			j.Deadline = &next.At
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}

// choiceJSON is an action the actor may take now: a button.
type choiceJSON struct {
	Action aftersales.Action `json:"action"`
	Label  string            `json:"label"`
	Until  *time.Time        `json:"until,omitempty"`
}

// upcomingJSON is the case's next deadline as it matters to the actor: a
// countdown.
type upcomingJSON struct {
	At          time.Time         `json:"at"`
	Action      aftersales.Action `json:"action"`
	ActionLabel string            `json:"action_label"`
	To          aftersales.State  `json:"to"`
	ToLabel     string            `json:"to_label"`
	Awaits      []shopkit.Role    `json:"awaits,omitempty"`
}

type entryJSON struct {
	Seq         int          `json:"seq"`
	At          time.Time    `json:"at"`
	Role        shopkit.Role `json:"role"`
	Action      string       `json:"action"`
	ActionLabel string       `json:"action_label"`
	From        string       `json:"from,omitempty"`
	To          string       `json:"to,omitempty"`
	Reason      string       `json:"reason,omitempty"`
}

// caseJSON is a case as a screen shows it to one actor at the console's now.
type caseJSON struct {
	Now          time.Time         `json:"now"`
	ID           uuid.UUID         `json:"id"`
	Kind         aftersales.Kind   `json:"kind"`
	KindLabel    string            `json:"kind_label"`
	State        aftersales.State  `json:"state"`
	StateLabel   string            `json:"state_label"`
	OrderID      uuid.UUID         `json:"order_id"`
	BuyerID      string            `json:"buyer_id"`
	OpenedAt     time.Time         `json:"opened_at"`
	Actions      []choiceJSON      `json:"actions"`
	NextDeadline *upcomingJSON     `json:"next_deadline,omitempty"`
	Trail        []entryJSON       `json:"trail,omitempty"`
	Message      string            `json:"message"`
	Done         aftersales.Action `json:"done,omitempty"`
}

// caseView is c as by sees it at now; done is the action just taken, if any.
func (a *App) caseView(lang messages.Lang, c *aftersales.Case, by shopkit.Actor, now time.Time, trail []shopkit.Entry, done aftersales.Action) caseJSON {
	j := caseJSON{Now: now, ID: c.ID(), Kind: c.Kind(), KindLabel: kindLabel(lang, c.Kind()), State: c.State(),
		StateLabel: caseLabel(lang, string(c.State())), OrderID: c.OrderID(), BuyerID: c.BuyerID(),
		OpenedAt: c.OpenedAt(), Actions: []choiceJSON{}, Done: done}
	for _, ch := range c.ActionsAt(by, now) {
		cj := choiceJSON{Action: ch.Action, Label: caseLabel(lang, string(ch.Action))}
		if !ch.Until.IsZero() {
			u := ch.Until
			cj.Until = &u
		}
		j.Actions = append(j.Actions, cj)
	}
	if up, ok := c.NextDeadline(by); ok {
		j.NextDeadline = &upcomingJSON{At: up.At, Action: up.Action, ActionLabel: caseLabel(lang, string(up.Action)),
			To: up.To, ToLabel: caseLabel(lang, string(up.To)), Awaits: up.Awaits}
	}
	if trail != nil {
		j.Trail = []entryJSON{}
		for _, e := range trail {
			if e.Kind != shopkit.EntryChange {
				continue // effects (notifications) are the host's business
			}
			j.Trail = append(j.Trail, entryJSON{Seq: e.Seq, At: e.At, Role: e.Role, Action: e.Action,
				ActionLabel: caseLabel(lang, e.Action), From: e.From, To: e.To, Reason: e.Reason})
		}
	}
	j.Message = caseMessage(lang, j, now)
	return j
}

// caseMessage says where the case stands for the actor: the action just
// taken, the state, and what the next deadline does when it passes.
func caseMessage(lang messages.Lang, j caseJSON, now time.Time) string {
	var b strings.Builder
	if lang == messages.En {
		if j.Done != "" {
			b.WriteString("Done: " + string(j.Done) + ". ")
		}
		b.WriteString("State: " + j.StateLabel + ".")
		if up := j.NextDeadline; up != nil {
			if now.After(up.At) {
				b.WriteString(" The deadline " + messages.Instant(lang, up.At) + " has passed; the system will " + up.ActionLabel + ".")
			} else {
				b.WriteString(" By " + messages.Instant(lang, up.At) + " (" + messages.Duration(lang, up.At.Sub(now)) + " left); after it the system will " + up.ActionLabel + ".")
			}
		}
		return b.String()
	}
	if j.Done != "" {
		b.WriteString("已" + caseLabel(lang, string(j.Done)) + "。")
	}
	b.WriteString("当前状态：" + j.StateLabel + "。")
	if up := j.NextDeadline; up != nil {
		if now.After(up.At) {
			b.WriteString("处理期限 " + messages.Instant(lang, up.At) + " 已过，系统将自动" + up.ActionLabel + "。")
		} else {
			b.WriteString("截止时间 " + messages.Instant(lang, up.At) + "（剩余 " + messages.Duration(lang, up.At.Sub(now)) + "），逾期系统将自动" + up.ActionLabel + "。")
		}
	}
	return b.String()
}

type caseItem struct {
	ID         uuid.UUID        `json:"id"`
	Kind       aftersales.Kind  `json:"kind"`
	KindLabel  string           `json:"kind_label"`
	State      aftersales.State `json:"state"`
	StateLabel string           `json:"state_label"`
	OpenedAt   time.Time        `json:"opened_at"`
	Deadline   *time.Time       `json:"deadline,omitempty"`
	Actions    []choiceJSON     `json:"actions"`
}

func (a *App) listCases(w http.ResponseWriter, r *http.Request) {
	lang, by, p, ok := a.beginList(w, r)
	if !ok {
		return
	}
	var got shopkit.Page[*aftersales.Case]
	var err error
	if by.Role == shopkit.Buyer {
		got, err = a.cases.CasesOfBuyer(r.Context(), by, p)
	} else {
		got, err = a.cases.CasesOfShop(r.Context(), by, a.day.Shop, nil, p)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	now := a.clock()
	out := page[caseItem]{Now: now, Items: []caseItem{}, Next: got.Next}
	for _, c := range got.Items {
		v := a.caseView(lang, c, by, now, nil, "")
		it := caseItem{ID: v.ID, Kind: v.Kind, KindLabel: v.KindLabel, State: v.State, StateLabel: v.StateLabel,
			OpenedAt: v.OpenedAt, Actions: v.Actions}
		if v.NextDeadline != nil {
			it.Deadline = &v.NextDeadline.At
		}
		out.Items = append(out.Items, it)
	}
	writeJSON(w, http.StatusOK, out)
}

// loadCase reads the {id} of the path and the case, checking that by is one
// of its parties (R0.4).
func (a *App) loadCase(r *http.Request, by shopkit.Actor) (*aftersales.Case, error) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		return nil, shopkit.Invalid("console.invalid_id", "id", "is not a case ID")
	}
	c, err := a.cases.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := c.Parties().Check(by); err != nil {
		return nil, err
	}
	return c, nil
}

func (a *App) getCase(w http.ResponseWriter, r *http.Request) {
	lang, by, ok := a.begin(w, r)
	if !ok {
		return
	}
	c, err := a.loadCase(r, by)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	trail, err := shopkit.ReadTrail(r.Context(), a.caseStore, c.ID(), 100)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.caseView(lang, c, by, a.clock(), trail, ""))
}

func (a *App) postAction(w http.ResponseWriter, r *http.Request) {
	lang, by, ok := a.begin(w, r)
	if !ok {
		return
	}
	var action aftersales.Action
	if err := action.UnmarshalText([]byte(r.PathValue("action"))); err != nil || action == "" {
		if err == nil {
			err = shopkit.Invalid(aftersales.CodeUnknownAction, "action", "is required")
		}
		a.fail(w, r, err)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		a.fail(w, r, shopkit.Invalid("console.invalid_body", "body", "must be a JSON object of at most 64 KiB"))
		return
	}
	do, err := actionOf(action, by, body)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.loadCase(r, by); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.cases.Act(r.Context(), uuid.MustParse(r.PathValue("id")), do)
	if err != nil && c == nil {
		a.fail(w, r, err)
		return
	}
	// A follow-up left pending (err with a saved case) is finished by Resume;
	// the action itself took effect.
	trail, err := shopkit.ReadTrail(r.Context(), a.caseStore, c.ID(), 100)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.caseView(lang, c, by, a.clock(), trail, action))
}

// decodeStrict reads body into dst: one JSON object with only dst's fields,
// each of its type. An empty body is the empty object. Anything else is a
// *shopkit.ValidationError naming the field at fault.
func decodeStrict(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return shopkit.Invalid("console.invalid_body", typeErr.Field, "must be a JSON "+jsonType(typeErr.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return shopkit.Invalid("console.invalid_body", name, "is not a field of this action")
	}
	return shopkit.Invalid("console.invalid_body", "body", "must be one JSON object")
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "slice":
		return "array"
	case "int", "int64":
		return "integer"
	}
	return kind
}

// The bodies of the actions the console performs, one type each, so a field
// another action takes is an unknown field here.
type (
	reasonBody struct {
		Reason string `json:"reason"`
	}
	rejectBody struct {
		Reason       string   `json:"reason"`
		Conversation string   `json:"conversation"`
		Evidence     []string `json:"evidence"`
	}
	evidenceBody struct {
		Reason   string   `json:"reason"`
		Evidence []string `json:"evidence"`
	}
	waybillBody struct {
		Waybill string `json:"waybill"`
	}
	emptyBody struct{}
	rateBody  struct {
		Stars int    `json:"stars"`
		Note  string `json:"note"`
	}
)

// actionOf decodes the body of action and returns the case method it calls,
// for aftersales.Service.Act. The case itself checks role, party, state and
// deadline when it runs (R0.3, R0.4); an action the console has no form for
// is aftersales.CodeUnknownAction.
func actionOf(action aftersales.Action, by shopkit.Actor, body []byte) (func(*aftersales.Case, time.Time) error, error) {
	type act = func(*aftersales.Case, time.Time) error
	reason := func(call func(c *aftersales.Case, now time.Time, reason string) error) (act, error) {
		var b reasonBody
		if err := decodeStrict(body, &b); err != nil {
			return nil, err
		}
		return func(c *aftersales.Case, now time.Time) error { return call(c, now, b.Reason) }, nil
	}
	none := func(call act) (act, error) {
		if err := decodeStrict(body, &emptyBody{}); err != nil {
			return nil, err
		}
		return call, nil
	}
	waybill := func(call func(c *aftersales.Case, now time.Time, waybill string) error) (act, error) {
		var b waybillBody
		if err := decodeStrict(body, &b); err != nil {
			return nil, err
		}
		return func(c *aftersales.Case, now time.Time) error { return call(c, now, b.Waybill) }, nil
	}
	switch action {
	case aftersales.ActApprove:
		return reason(func(c *aftersales.Case, now time.Time, r string) error { return c.Approve(by, now, r) })
	case aftersales.ActCancel:
		return reason(func(c *aftersales.Case, now time.Time, r string) error { return c.Cancel(by, now, r) })
	case aftersales.ActApproveRefund:
		return reason(func(c *aftersales.Case, now time.Time, r string) error { return c.ApproveRefund(by, now, r) })
	case aftersales.ActDecideForBuyer:
		return reason(func(c *aftersales.Case, now time.Time, r string) error { return c.DecideForBuyer(by, now, r) })
	case aftersales.ActDecideForMerch:
		return reason(func(c *aftersales.Case, now time.Time, r string) error { return c.DecideForMerchant(by, now, r) })
	case aftersales.ActDecideRefund:
		return reason(func(c *aftersales.Case, now time.Time, r string) error { return c.DecideRefund(by, now, r) })
	case aftersales.ActReject:
		var b rejectBody
		if err := decodeStrict(body, &b); err != nil {
			return nil, err
		}
		return func(c *aftersales.Case, now time.Time) error {
			return c.Reject(by, now, aftersales.Rejection{Conversation: b.Conversation, Evidence: b.Evidence, Reason: b.Reason})
		}, nil
	case aftersales.ActEscalate, aftersales.ActResubmit:
		var b evidenceBody
		if err := decodeStrict(body, &b); err != nil {
			return nil, err
		}
		if action == aftersales.ActResubmit {
			return func(c *aftersales.Case, now time.Time) error { return c.Resubmit(by, now, b.Reason, b.Evidence) }, nil
		}
		return func(c *aftersales.Case, now time.Time) error { return c.Escalate(by, now, b.Reason, b.Evidence) }, nil
	case aftersales.ActShipBack:
		return waybill(func(c *aftersales.Case, now time.Time, w string) error { return c.ShipBack(by, now, w) })
	case aftersales.ActShipReplacement:
		return waybill(func(c *aftersales.Case, now time.Time, w string) error { return c.ShipReplacement(by, now, w) })
	case aftersales.ActReceiveReturn:
		return none(func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(by, now, now) })
	case aftersales.ActSignForDelivery:
		return none(func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(by, now, now) })
	case aftersales.ActPassInspection:
		return none(func(c *aftersales.Case, now time.Time) error { return c.PassInspection(by, now) })
	case aftersales.ActConfirmReceipt:
		return none(func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(by, now) })
	case aftersales.ActRate:
		var b rateBody
		if err := decodeStrict(body, &b); err != nil {
			return nil, err
		}
		return func(c *aftersales.Case, now time.Time) error { return c.Rate(by, now, b.Stars, b.Note) }, nil
	}
	return nil, shopkit.Invalid(aftersales.CodeUnknownAction, "action", "has no form in this console")
}

type conversationJSON struct {
	ID         uuid.UUID `json:"id"`
	CustomerID string    `json:"customer_id"`
	State      string    `json:"state"`
	StateLabel string    `json:"state_label"`
	Group      string    `json:"group"`
	EnqueuedAt time.Time `json:"enqueued_at"`
	First      string    `json:"first_message"`
}

func (a *App) listWaiting(w http.ResponseWriter, r *http.Request) {
	lang, by, p, ok := a.beginList(w, r)
	if !ok {
		return
	}
	got, err := a.desk.WaitingOf(r.Context(), by, a.day.Shop, "", p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := page[conversationJSON]{Now: a.clock(), Items: []conversationJSON{}, Next: got.Next}
	for _, c := range got.Items {
		j := conversationJSON{ID: c.ID(), CustomerID: c.CustomerID(), State: string(c.State()),
			StateLabel: conversationLabel(lang, string(c.State())), Group: string(c.Group()), EnqueuedAt: c.EnqueuedAt()}
		if ms := c.Messages(); len(ms) > 0 {
			j.First = ms[0].Content
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *App) listStatements(w http.ResponseWriter, r *http.Request) {
	_, by, ok := a.begin(w, r)
	if !ok {
		return
	}
	p, err := pageOf(r)
	if err == nil {
		err = p.Check()
	}
	if err == nil {
		// The statement store has no notion of parties: the console checks
		// that by acts for the shop (R0.4).
		err = shopkit.Parties{Shop: a.day.Shop}.Check(by)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	got, err := a.ledger.ListStatements(r.Context(), a.day.Shop, p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := page[any]{Now: a.clock(), Items: []any{}, Next: got.Next}
	for _, st := range got.Items {
		out.Items = append(out.Items, st)
	}
	writeJSON(w, http.StatusOK, out)
}
