package aftersales_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func apply(kind aftersales.Kind, reason aftersales.Reason, lines ...aftersales.LineQty) aftersales.Application {
	return aftersales.Application{Kind: kind, Lines: lines, Reason: reason, BuyerID: buyer.ID}
}

// R3.2: the no-reason window is 168 h from the signed-for time: at exactly 168 h a
// return is in time, 1 ns later it is not.
func TestNoReasonWindow168h_R3_2(t *testing.T) {
	p := policy(t)
	signed := t0(t)
	o := sampleOrder(signed)
	app := apply(aftersales.ReturnRefund, aftersales.NoReason, aftersales.LineQty{Line: 0, Units: 1})
	require.NoError(t, aftersales.CheckEligibility(p, o, app, signed.Add(168*time.Hour)))
	err := aftersales.CheckEligibility(p, o, app, signed.Add(168*time.Hour+1))
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, aftersales.CodeWindowClosed, shopkit.CodeOf(err))
	// A quality return is not bound by the no-reason window.
	app.Reason = aftersales.Quality
	require.NoError(t, aftersales.CheckEligibility(p, o, app, signed.Add(30*day)))
}

// R3.2: where only the signed-for date is known, the window runs from 00:00 of the
// next day in the calendar's zone.
func TestNoReasonWindowDateOnly_R3_2(t *testing.T) {
	p := policy(t)
	loc := shanghai(t)
	o := sampleOrder(time.Date(2026, 11, 2, 23, 59, 0, 0, loc))
	o.SignedDateOnly = true
	start, ok := aftersales.NoReasonStart(p, o)
	require.True(t, ok)
	assert.True(t, start.Equal(time.Date(2026, 11, 3, 0, 0, 0, 0, loc)))
	app := apply(aftersales.Exchange, aftersales.NoReason, aftersales.LineQty{Line: 1, Units: 1})
	end := time.Date(2026, 11, 10, 0, 0, 0, 0, loc)
	require.NoError(t, aftersales.CheckEligibility(p, o, app, end))
	assert.Equal(t, aftersales.CodeWindowClosed, shopkit.CodeOf(aftersales.CheckEligibility(p, o, app, end.Add(1))))
}

// R3.2: the window is set by category and some categories are excluded.
func TestNoReasonCategories_R3_2(t *testing.T) {
	p := policy(t)
	p.NoReasonExcluded = []string{"appliance"}
	p.NoReasonWindowByCategory = map[string]time.Duration{"home": 15 * day}
	o := sampleOrder(t0(t))
	err := aftersales.CheckEligibility(p, o, apply(aftersales.ReturnRefund, aftersales.NoReason, aftersales.LineQty{Line: 1, Units: 1}), t0(t))
	assert.Equal(t, aftersales.CodeCategoryExcluded, shopkit.CodeOf(err))
	home := apply(aftersales.ReturnRefund, aftersales.NoReason, aftersales.LineQty{Line: 0, Units: 1})
	require.NoError(t, aftersales.CheckEligibility(p, o, home, t0(t).Add(15*day)))
	assert.Equal(t, aftersales.CodeWindowClosed, shopkit.CodeOf(aftersales.CheckEligibility(p, o, home, t0(t).Add(15*day+1))))
}

// R3.2: order state, buyer, lines and quantities are checked; nothing is opened.
func TestEligibilityRejectsBadApplications_R3_2(t *testing.T) {
	p := policy(t)
	o := sampleOrder(t0(t))
	unpaid := sampleOrder(time.Time{})
	unpaid.State = aftersales.OrderPendingPayment
	shipped := sampleOrder(time.Time{})
	shipped.State = aftersales.OrderShipped
	for _, tc := range []struct {
		name string
		o    aftersales.Order
		app  aftersales.Application
		code string
	}{
		{"unpaid", unpaid, apply(aftersales.RefundOnly, aftersales.Other, aftersales.LineQty{Line: 0, Units: 1}), aftersales.CodeOrderNotEligible},
		{"return before receipt", shipped, apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 1}), aftersales.CodeOrderNotEligible},
		{"no-reason refund of received goods", o, apply(aftersales.RefundOnly, aftersales.NoReason, aftersales.LineQty{Line: 0, Units: 1}), aftersales.CodeReturnRequired},
		{"more than bought", o, apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 4}), aftersales.CodeInvalidQuantity},
		{"zero units", o, apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0}), aftersales.CodeInvalidQuantity},
		{"no such line", o, apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 2, Units: 1}), aftersales.CodeInvalidApplication},
		{"unknown kind", o, apply("swap", aftersales.Quality, aftersales.LineQty{Line: 0, Units: 1}), aftersales.CodeUnknownKind},
		{"someone else", o, aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.Quality, BuyerID: "other",
			Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, aftersales.CodeNotBuyer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := aftersales.NewCase(p, tc.o, tc.app, t0(t))
			require.Error(t, err)
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
		})
	}
}

// R3.2: quantities already in another open case cannot be claimed again; once that
// case ends they can.
func TestQuantitiesNotInAnotherOpenCase_R3_2(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t))
	first := f.open(t, o, aftersales.ReturnRefund, aftersales.LineQty{Line: 0, Units: 2})
	f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 1}) // the third unit
	_, err := f.svc.Open(f.ctx, o, apply(aftersales.RefundOnly, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 1}))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, aftersales.CodeQuantityClaimed, shopkit.CodeOf(err))
	cases, err := f.cases.ByOrder(f.ctx, o.ID)
	require.NoError(t, err)
	assert.Len(t, cases, 2, "the refused case was not stored")

	f.act(t, first.ID(), func(c *aftersales.Case, now time.Time) error { return c.Cancel(buyer, now, "changed my mind") })
	f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 2})
}

// Unknown kinds, states and actions in JSON are rejected with stable codes.
func TestJSONRejectsUnknownValues(t *testing.T) {
	var k aftersales.Kind
	err := json.Unmarshal([]byte(`"swap"`), &k)
	assert.Equal(t, aftersales.CodeUnknownKind, shopkit.CodeOf(err))
	var s aftersales.State
	assert.Equal(t, aftersales.CodeUnknownState, shopkit.CodeOf(json.Unmarshal([]byte(`"limbo"`), &s)))
	var a aftersales.Action
	assert.Equal(t, aftersales.CodeUnknownAction, shopkit.CodeOf(json.Unmarshal([]byte(`"fly"`), &a)))
	require.NoError(t, json.Unmarshal([]byte(`"exchange"`), &k))
	assert.Equal(t, aftersales.Exchange, k)
	b, err := json.Marshal(aftersales.Refunding)
	require.NoError(t, err)
	assert.Equal(t, `"refunding"`, string(b))
}
