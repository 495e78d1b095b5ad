package catalog_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lstInState returns a listing in state, ready for any action of the table there
// by its rightful party.
func lstInState(t *testing.T, state catalog.ListingState) *catalog.Listing {
	t.Helper()
	p := catalog.DefaultListingPolicy()
	submitted := func() *catalog.Listing {
		l := lstNew(t)
		require.NoError(t, l.Submit(lstMerchant, lstT0, p))
		return l
	}
	switch state {
	case catalog.ListingDraft:
		return lstNew(t)
	case catalog.ListingSubmitted:
		return submitted()
	case catalog.ListingManualReview:
		l := submitted()
		require.NoError(t, l.ApplyDue(lstT0.Add(p.ReviewWithin+time.Nanosecond)))
		return l
	case catalog.ListingApproved:
		l := submitted()
		require.NoError(t, l.Approve(lstSystem, lstT0, l.Revision(), ""))
		return l
	case catalog.ListingRejected:
		l := submitted()
		require.NoError(t, l.Reject(lstSystem, lstT0, l.Revision(), []catalog.Finding{{Detail: "blurry image"}}))
		return l
	case catalog.ListingPublished:
		return lstPublished(t)
	case catalog.ListingUnpublished:
		l := lstPublished(t)
		require.NoError(t, l.Unpublish(lstMerchant, lstT0, ""))
		return l
	}
	t.Fatalf("no fixture for state %s", state)
	return nil
}

// lstAct takes action on l as by with valid arguments. An edit changes the price
// (no review needed), a revision the name (back to review).
func lstAct(l *catalog.Listing, action catalog.ListingAction, by shopkit.Actor) error {
	at := lstT0.Add(time.Hour)
	p := catalog.DefaultListingPolicy()
	reasons := []catalog.Finding{{Code: catalog.CodeBannedWord, Field: "name", Detail: "banned word"}}
	switch action {
	case catalog.ListingSubmit:
		return l.Submit(by, at, p)
	case catalog.ListingApprove:
		return l.Approve(by, at, l.Revision(), "")
	case catalog.ListingReject:
		return l.Reject(by, at, l.Revision(), reasons)
	case catalog.ListingPublish:
		return l.Publish(by, at)
	case catalog.ListingUnpublish:
		return l.Unpublish(by, at, "")
	case catalog.ListingTakeDown:
		return l.TakeDown(by, at, reasons)
	case catalog.ListingRemove:
		return l.Remove(by, at, "")
	case catalog.ListingEdit, catalog.ListingRevise:
		c := l.Content()
		if action == catalog.ListingEdit {
			c.Price = shopkit.CNY(9900)
		} else {
			c.Name = "羊毛围巾 新款"
		}
		toReview, err := l.Edit(by, at, c, p)
		if err == nil && toReview != (action == catalog.ListingRevise) {
			return fmt.Errorf("the edit took the wrong row: to review %v", toReview)
		}
		return err
	}
	return fmt.Errorf("no method takes %s", action)
}

// R0.4, R2.1: every row of the listing workflow refuses another merchant, an
// operator of another shop and an actor without an ID (CodeNotParty), changing
// nothing, and lets the rightful party act: the listing's merchant, the
// platform, the system (the automatic review).
func TestListingEveryRowChecksParties_R0_4(t *testing.T) {
	authztest.EveryRow(t, authztest.Workflow[catalog.ListingState, catalog.ListingAction, *catalog.Listing]{
		Table: catalog.ListingWorkflow(catalog.DefaultListingPolicy()),
		New: func(t *testing.T, from catalog.ListingState, _ catalog.ListingAction) *catalog.Listing {
			return lstInState(t, from)
		},
		Parties:  (*catalog.Listing).Parties,
		Act:      lstAct,
		Snapshot: func(l *catalog.Listing) any { return l.Snapshot() },
		Skip: map[catalog.ListingAction]string{
			catalog.ListingEscalate: "taken only by the sweep (ApplyDue, as the system): TestListingR2_1_ReviewDeadlineEscalates",
		},
	})
}

// R0.4: a listing's parties are its merchant (no buyer); the merchant's staff
// act through Actor.Shops, an operator scoped to other shops does not, and
// AllowedActions answers for the actor.
func TestListingParties_R0_4(t *testing.T) {
	l := lstPublished(t)
	assert.Equal(t, shopkit.Parties{Shop: lstShop}, l.Parties())

	other := shopkit.Actor{Role: shopkit.Merchant, ID: authztest.OtherShop().String()}
	assert.Empty(t, l.AllowedActions(other), "another merchant sees no buttons")
	err := l.Unpublish(other, lstT0, "")
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))

	elsewhere := shopkit.Actor{Role: shopkit.Platform, ID: "ops-2", Shops: []uuid.UUID{authztest.OtherShop()}}
	assert.Empty(t, l.AllowedActions(elsewhere))
	scoped := shopkit.Actor{Role: shopkit.Platform, ID: "ops-2", Shops: []uuid.UUID{lstShop}}
	assert.Equal(t, []catalog.ListingAction{catalog.ListingTakeDown}, l.AllowedActions(scoped))

	staff := shopkit.Actor{Role: shopkit.Merchant, ID: "staff-8", Shops: []uuid.UUID{lstShop}}
	assert.Equal(t, []catalog.ListingAction{catalog.ListingUnpublish, catalog.ListingEdit, catalog.ListingRevise},
		l.AllowedActions(staff))
	require.NoError(t, l.Unpublish(staff, lstT0, "restocking"))
	assert.Equal(t, "staff-8", l.History()[len(l.History())-1].Actor, "R0.4: the audit names who acted")
}

// R0.4, R2.1: only the merchant creates its listings: another merchant or an
// actor without an ID is refused with CodeNotParty, another role with
// CodeWrongRole; the merchant's staff may.
func TestNewListingChecksMerchant_R0_4(t *testing.T) {
	for _, by := range []shopkit.Actor{
		{Role: shopkit.Merchant, ID: authztest.OtherShop().String()},
		{Role: shopkit.Merchant},
	} {
		_, err := catalog.NewListing(lstShop, lstContent(), by, lstT0)
		require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v", by)
	}
	for _, by := range []shopkit.Actor{lstPlatform, lstSystem, {Role: shopkit.Buyer, ID: "b-1"}} {
		_, err := catalog.NewListing(lstShop, lstContent(), by, lstT0)
		var te *shopkit.TransitionError
		require.ErrorAs(t, err, &te, "%+v", by)
		assert.Equal(t, catalog.CodeWrongRole, te.Code())
		assert.Equal(t, string(catalog.ListingCreate), te.Action)
	}
	staff := shopkit.Actor{Role: shopkit.Merchant, ID: "staff-8", Shops: []uuid.UUID{lstShop}}
	l, err := catalog.NewListing(lstShop, lstContent(), staff, lstT0)
	require.NoError(t, err)
	assert.Equal(t, lstShop, l.MerchantID())
}

// R0.5: a listing holds no personal data; every printed form (%v, %+v, %#v, %s)
// of a listing and of its snapshot is the short String form, so nothing of the
// content or the audit trail — say a phone number a merchant typed into a
// reason — reaches a log.
func TestListingPrintedForms_R0_5(t *testing.T) {
	l := lstPublished(t)
	require.NoError(t, l.Unpublish(lstMerchant, lstT0, "call 13812345678 for wholesale"))
	snap := l.Snapshot()
	for _, e := range []any{l, snap, &snap, []*catalog.Listing{l}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, e)
			assert.NotContains(t, out, "13812345678", "%T printed with %s", e, verb)
			assert.NotContains(t, out, "手工编织", "%T printed with %s: the content is not printed", e, verb)
			assert.Contains(t, out, l.ID().String())
		}
	}
	unsaved := l.Unsaved()
	assert.Equal(t, "call 13812345678 for wholesale", unsaved[len(unsaved)-1].Reason,
		"the entries a store appends to the trail keep the data in full")
}

// Strict decoding: a listing policy a host supplies in JSON decodes only its
// own fields (an unknown key is a ValidationError naming it) and ReviewOnEdit
// only field names; a failed decode changes nothing, and the fields the JSON
// names overlay the rest. A wholesale tier decodes only its own fields too.
func TestListingPolicyJSONIsStrict(t *testing.T) {
	def := catalog.DefaultListingPolicy()
	p := catalog.DefaultListingPolicy()
	var ve *shopkit.ValidationError
	for _, c := range []struct{ json, code, field string }{
		{`{"review_within":"PT1H","review_withn":1}`, catalog.CodeInvalidPolicy, "review_withn"},
		{`{"review_on_edit":["name","colour"]}`, catalog.CodeUnknownField, "field"},
		{`{"review_within":"1h"}`, catalog.CodeInvalidPolicy, "review_within"},
		{`{"review_within":3600000000000}`, catalog.CodeInvalidPolicy, "review_within"},
	} {
		err := json.Unmarshal([]byte(c.json), &p)
		require.ErrorAs(t, err, &ve, c.json)
		assert.Equal(t, c.code, ve.Code(), c.json)
		assert.Equal(t, c.field, ve.Field, c.json)
		assert.Equal(t, def, p, "%s: a failed decode changes nothing", c.json)
	}
	shared := catalog.DefaultListingPolicy()
	p = shared
	require.NoError(t, json.Unmarshal([]byte(`{"review_on_edit":["price"]}`), &p))
	assert.Equal(t, []catalog.ListingField{catalog.FieldPrice}, p.ReviewOnEdit)
	assert.Equal(t, def.ReviewWithin, p.ReviewWithin, "fields the JSON does not name keep their value")
	assert.Equal(t, def, shared, "the slice of the policy decoded over is not reused")

	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"review_on_edit":["price"],"review_within":"PT24H"}`, string(b))
	_, err = json.Marshal(catalog.ListingPolicy{ReviewOnEdit: []catalog.ListingField{"colour"}})
	assert.Equal(t, catalog.CodeUnknownField, shopkit.CodeOf(err))

	var tiers catalog.PriceTiers
	err = json.Unmarshal([]byte(`[{"min_qty":1,"unit_price":{"amount":1000,"currency":"CNY"},"discount":5}]`), &tiers)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, catalog.CodeInvalidTiers, ve.Code())
	assert.Equal(t, "discount", ve.Field)
	require.NoError(t, json.Unmarshal([]byte(`[{"min_qty":1,"max_qty":99,"unit_price":{"amount":1000,"currency":"CNY"}},`+
		`{"min_qty":100,"unit_price":{"amount":850,"currency":"CNY"}}]`), &tiers))
	assert.Equal(t, int64(1), tiers.MOQ())
}

// No panic outside Must…: a zero ListingService answers shopkit.CodeNotBuilt, a
// nil compliance checker shopkit.CodeNilArgument.
func TestZeroServiceAndNilCheckerAreErrors(t *testing.T) {
	var svc catalog.ListingService
	_, err := svc.Create(t.Context(), lstShop, lstContent(), lstMerchant)
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(svc.RecordView(t.Context(), uuid.New())))
	_, err = svc.Sweep(t.Context())
	assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))

	_, err = catalog.ReviewListing(t.Context(), lstContent(), []catalog.ComplianceChecker{catalog.ComplianceCheckerFunc(nil)})
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
	_, err = catalog.ReviewListing(t.Context(), lstContent(), []catalog.ComplianceChecker{nil})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "checkers[0]", ve.Field)
}
