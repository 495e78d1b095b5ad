package catalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/catalog/catalogtest"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	lstT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// lstShop is the merchant of the test listings; lstMerchant acts as it
	// (Listing.Parties).
	lstShop     = uuid.MustParse("5c0e0000-0000-4000-8000-0000000000b1")
	lstMerchant = shopkit.Actor{Role: shopkit.Merchant, ID: lstShop.String()}
	lstPlatform = shopkit.Actor{Role: shopkit.Platform, ID: "reviewer-1"}
	lstSystem   = shopkit.SystemActor()
)

func lstContent() catalog.ListingContent {
	return catalog.ListingContent{
		Name: "羊毛围巾", Description: "100% 羊毛，手工编织", Category: "apparel.scarf",
		Images: []string{"img/scarf.jpg"}, Price: shopkit.CNY(12900), Stock: 20, SKUs: []string{"SCARF-RED"},
	}
}

func lstNew(t testing.TB) *catalog.Listing {
	t.Helper()
	l, err := catalog.NewListing(lstShop, lstContent(), lstMerchant, lstT0)
	require.NoError(t, err)
	return l
}

// lstPublished walks a listing to published.
func lstPublished(t testing.TB) *catalog.Listing {
	t.Helper()
	l := lstNew(t)
	p := catalog.DefaultListingPolicy()
	require.NoError(t, l.Submit(lstMerchant, lstT0, p))
	require.NoError(t, l.Approve(lstSystem, lstT0, l.Revision(), "ok"))
	require.NoError(t, l.Publish(lstMerchant, lstT0))
	return l
}

// R2.1: price in fen > 0, stock ≥ 0, at the edges; bad input is a typed error.
func TestListingR2_1_NewListingValidates(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(c *catalog.ListingContent)
		code  string
		field string
	}{
		{"price 0 fen", func(c *catalog.ListingContent) { c.Price = shopkit.CNY(0) }, catalog.CodeInvalidPrice, "price"},
		{"price -1 fen", func(c *catalog.ListingContent) { c.Price = shopkit.CNY(-1) }, catalog.CodeInvalidPrice, "price"},
		{"stock -1", func(c *catalog.ListingContent) { c.Stock = -1 }, catalog.CodeInvalidStock, "stock"},
		{"no name", func(c *catalog.ListingContent) { c.Name = "  " }, catalog.CodeInvalidName, "name"},
		{"empty image", func(c *catalog.ListingContent) { c.Images = []string{""} }, catalog.CodeInvalidImage, "images[0]"},
		{"repeated SKU", func(c *catalog.ListingContent) { c.SKUs = []string{"A", "A"} }, catalog.CodeInvalidSKU, "skus[1]"},
		{"unknown kind", func(c *catalog.ListingContent) { c.Kind = "rental" }, catalog.CodeUnknownKind, "kind"},
		{"service time on goods", func(c *catalog.ListingContent) { c.ServiceTime.Duration = time.Hour }, catalog.CodeInvalidServiceTime, "service_time"},
		{"two problems", func(c *catalog.ListingContent) { c.Price = shopkit.CNY(0); c.Stock = -1 }, catalog.CodeInvalidListing, "price"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			content := lstContent()
			c.edit(&content)
			_, err := catalog.NewListing(lstShop, content, lstMerchant, lstT0)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			var ve *shopkit.ValidationError
			require.True(t, errors.As(err, &ve))
			assert.Equal(t, c.code, ve.Code())
			assert.Equal(t, c.field, ve.Field)
		})
	}
	t.Run("the last valid values", func(t *testing.T) {
		content := lstContent()
		content.Price = shopkit.CNY(1) // 1 fen
		content.Stock = 0
		l, err := catalog.NewListing(lstShop, content, lstMerchant, lstT0)
		require.NoError(t, err)
		assert.Equal(t, catalog.ListingDraft, l.State())
		assert.Equal(t, catalog.ListingKindGoods, l.Content().Kind)
	})
	t.Run("merchant required", func(t *testing.T) {
		_, err := catalog.NewListing(uuid.Nil, lstContent(), lstMerchant, lstT0)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
	})
}

// R2.1: completeness check: description, category, ≥ 1 image, ≥ 1 SKU, a service
// time for a service listing.
func TestListingR2_1_Completeness(t *testing.T) {
	c := catalog.ListingContent{Kind: catalog.ListingKindService, Name: "保洁", Price: shopkit.CNY(100)}
	var fields []string
	for _, f := range catalog.CheckCompleteness(c) {
		fields = append(fields, f.Field)
		assert.Equal(t, catalog.CodeIncompleteListing, f.Code)
	}
	assert.Equal(t, []string{"description", "category", "images", "skus", "service_time"}, fields)
	c.Description, c.Category, c.Images, c.SKUs = "d", "home", []string{"i"}, []string{"S"}
	c.ServiceTime = catalog.ServiceTime{Description: "on site within 48 h"}
	assert.Empty(t, catalog.CheckCompleteness(c))
	assert.Empty(t, catalog.CheckCompleteness(lstContent()))
}

// R2.1, R0.4: the happy path draft → submitted → approved → published ↔
// unpublished, each step journaled with role, actor, from and to.
func TestListingR2_1_Workflow(t *testing.T) {
	l := lstNew(t)
	p := catalog.DefaultListingPolicy()
	assert.Equal(t, []catalog.ListingAction{catalog.ListingSubmit, catalog.ListingEdit, catalog.ListingRemove}, l.AllowedActions(lstMerchant))
	assert.Empty(t, l.AllowedActions(lstPlatform))
	_, has := l.Deadline()
	assert.False(t, has)

	require.NoError(t, l.Submit(lstMerchant, lstT0.Add(time.Minute), p))
	d, has := l.Deadline()
	require.True(t, has)
	assert.Equal(t, lstT0.Add(time.Minute+24*time.Hour), d)
	assert.Equal(t, []catalog.ListingAction{catalog.ListingApprove, catalog.ListingReject, catalog.ListingEscalate}, l.AllowedActions(lstSystem))

	require.NoError(t, l.Approve(lstSystem, lstT0.Add(2*time.Minute), l.Revision(), "automatic review passed"))
	_, has = l.Deadline()
	assert.False(t, has)
	assert.False(t, l.Visible())
	require.NoError(t, l.Publish(lstMerchant, lstT0.Add(3*time.Minute)))
	assert.True(t, l.Visible())
	require.NoError(t, l.Unpublish(lstMerchant, lstT0.Add(4*time.Minute), "out of season"))
	require.NoError(t, l.Publish(lstMerchant, lstT0.Add(5*time.Minute)))

	var steps []string
	for _, e := range l.History() {
		if e.Kind == shopkit.EntryChange {
			steps = append(steps, e.Action+":"+e.From+"->"+e.To+":"+string(e.Role))
		}
	}
	assert.Equal(t, []string{
		"create:->draft:merchant", "submit:draft->submitted:merchant", "approve:submitted->approved:system",
		"publish:approved->published:merchant", "unpublish:published->unpublished:merchant",
		"publish:unpublished->published:merchant",
	}, steps)
	effects := l.Unsaved()
	assert.NotEmpty(t, effects)
	l.MarkSaved()
	assert.Empty(t, l.Unsaved())
}

// R2.1, R2.3.8: an action in the wrong state or by the wrong role is a typed error
// that changes nothing.
func TestListingR2_1_WrongStateOrRole(t *testing.T) {
	p := catalog.DefaultListingPolicy()
	l := lstNew(t)
	before := l.Snapshot()

	err := l.Publish(lstMerchant, lstT0)
	var te *shopkit.TransitionError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, catalog.WorkflowName, te.Workflow)
	assert.Equal(t, "draft", te.State)
	assert.Equal(t, "publish", te.Action)
	assert.Equal(t, catalog.CodeWrongState, te.Code())

	err = l.Submit(lstPlatform, lstT0, p)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, catalog.CodeWrongRole, shopkit.CodeOf(err))
	assert.Equal(t, before, l.Snapshot())

	require.NoError(t, l.Submit(lstMerchant, lstT0, p))
	// A merchant cannot approve their own listing; nor edit it while in review.
	require.ErrorIs(t, l.Approve(lstMerchant, lstT0, l.Revision(), ""), shopkit.ErrNotAllowed)
	_, err = l.Edit(lstMerchant, lstT0, lstContent(), p)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	// A review of another revision is a conflict.
	err = l.Approve(lstSystem, lstT0, l.Revision()-1, "")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, catalog.CodeListingChanged, shopkit.CodeOf(err))
	// A rejection needs a reason.
	require.ErrorIs(t, l.Reject(lstSystem, lstT0, l.Revision(), nil), shopkit.ErrInvalid)
	assert.Equal(t, catalog.ListingSubmitted, l.State())
}

// R2.1: rejected with reasons → edit → resubmit.
func TestListingR2_1_RejectEditResubmit(t *testing.T) {
	p := catalog.DefaultListingPolicy()
	l := lstNew(t)
	require.NoError(t, l.Submit(lstMerchant, lstT0, p))
	reasons := []catalog.Finding{{Code: catalog.CodeBannedWord, Field: "name", Detail: "name contains banned word \"最好\""}}
	require.NoError(t, l.Reject(lstSystem, lstT0, l.Revision(), reasons))
	assert.Equal(t, catalog.ListingRejected, l.State())
	assert.Equal(t, reasons, l.Findings())
	assert.Equal(t, []catalog.ListingAction{catalog.ListingEdit, catalog.ListingRemove}, l.AllowedActions(lstMerchant))
	effects := l.Unsaved()
	last := effects[len(effects)-1]
	assert.Equal(t, shopkit.EntryEffect, last.Kind)
	assert.Equal(t, shopkit.EffectNotify, last.Effect.Type)
	assert.Contains(t, last.Effect.Note, "最好")

	c := l.Content()
	c.Name = "羊毛围巾 红色"
	toReview, err := l.Edit(lstMerchant, lstT0, c, p)
	require.NoError(t, err)
	assert.False(t, toReview)
	assert.Equal(t, catalog.ListingDraft, l.State())
	require.NoError(t, l.Submit(lstMerchant, lstT0, p))
	require.NoError(t, l.Approve(lstPlatform, lstT0, l.Revision(), "checked by hand"))
	assert.Nil(t, l.Findings())
}

// R2.1: editing a published listing's name, description, category or images sends
// it back to review; price and stock edits do not (configurable).
func TestListingR2_1_EditSendsBackToReview(t *testing.T) {
	p := catalog.DefaultListingPolicy()
	cases := []struct {
		name   string
		edit   func(c *catalog.ListingContent)
		review bool
	}{
		{"name", func(c *catalog.ListingContent) { c.Name += "!" }, true},
		{"description", func(c *catalog.ListingContent) { c.Description += "!" }, true},
		{"category", func(c *catalog.ListingContent) { c.Category = "apparel.hat" }, true},
		{"images", func(c *catalog.ListingContent) { c.Images = append(c.Images, "img/2.jpg") }, true},
		{"price", func(c *catalog.ListingContent) { c.Price = shopkit.CNY(9900) }, false},
		{"stock", func(c *catalog.ListingContent) { c.Stock = 0 }, false},
		{"skus", func(c *catalog.ListingContent) { c.SKUs = append(c.SKUs, "SCARF-BLUE") }, false},
		{"no change", func(c *catalog.ListingContent) {}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := lstPublished(t)
			content := l.Content()
			c.edit(&content)
			toReview, err := l.Edit(lstMerchant, lstT0.Add(time.Hour), content, p)
			require.NoError(t, err)
			assert.Equal(t, c.review, toReview)
			if c.review {
				assert.Equal(t, catalog.ListingSubmitted, l.State())
				assert.False(t, l.Visible())
				d, ok := l.Deadline()
				require.True(t, ok)
				assert.Equal(t, lstT0.Add(25*time.Hour), d)
				assert.NotEqual(t, l.Revision(), l.ApprovedRevision())
			} else {
				assert.Equal(t, catalog.ListingPublished, l.State())
				assert.Equal(t, l.Revision(), l.ApprovedRevision())
			}
			assert.Equal(t, content, l.Content())
		})
	}
	t.Run("configurable: price edits reviewed", func(t *testing.T) {
		strict := p
		strict.ReviewOnEdit = []catalog.ListingField{catalog.FieldPrice}
		l := lstPublished(t)
		c := l.Content()
		c.Price = shopkit.CNY(1)
		toReview, err := l.Edit(lstMerchant, lstT0, c, strict)
		require.NoError(t, err)
		assert.True(t, toReview)
		assert.Equal(t, catalog.ListingSubmitted, l.State())
	})
	t.Run("bad edit changes nothing", func(t *testing.T) {
		l := lstPublished(t)
		before := l.Snapshot()
		c := l.Content()
		c.Price = shopkit.CNY(0)
		_, err := l.Edit(lstMerchant, lstT0, c, p)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, before, l.Snapshot())
	})
}

// R2.1, R2.9: a submitted listing whose automatic review did not run by its
// deadline (24 h by default) escalates to manual review, stamped at the
// deadline; at exactly the deadline nothing is due yet, 1 ns later it is.
func TestListingR2_1_ReviewDeadlineEscalates(t *testing.T) {
	p := catalog.DefaultListingPolicy()
	require.Equal(t, 24*time.Hour, p.ReviewWithin)
	l := lstNew(t)
	require.NoError(t, l.Submit(lstMerchant, lstT0, p))
	deadline := lstT0.Add(24 * time.Hour)

	before := l.Snapshot()
	for _, at := range []time.Time{deadline.Add(-time.Nanosecond), deadline} {
		err := l.ApplyDue(at)
		require.ErrorIs(t, err, shopkit.ErrConflict, at)
		assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(err))
		assert.Equal(t, before, l.Snapshot(), "nothing due changes nothing")
	}
	require.NoError(t, l.ApplyDue(deadline.Add(time.Nanosecond)), "1 ns after the deadline it is due")
	assert.Equal(t, catalog.ListingManualReview, l.State())

	l = lstNew(t)
	require.NoError(t, l.Submit(lstMerchant, lstT0, p))

	require.NoError(t, l.ApplyDue(deadline.Add(time.Hour)))
	assert.Equal(t, catalog.ListingManualReview, l.State())
	h := l.History()
	var esc shopkit.Entry
	for _, e := range h {
		if e.Action == string(catalog.ListingEscalate) && e.Kind == shopkit.EntryChange {
			esc = e
		}
	}
	assert.Equal(t, deadline, esc.At)
	assert.Equal(t, shopkit.System, esc.Role)
	// Manual review: the platform decides, the system no longer can.
	assert.Empty(t, l.AllowedActions(lstSystem))
	assert.Equal(t, []catalog.ListingAction{catalog.ListingApprove, catalog.ListingReject}, l.AllowedActions(lstPlatform))
	require.ErrorIs(t, l.ApplyDue(deadline.Add(time.Hour)), shopkit.ErrConflict)
	require.NoError(t, l.Approve(lstPlatform, deadline.Add(2*time.Hour), l.Revision(), "manual"))

	t.Run("the zero policy is invalid", func(t *testing.T) {
		// R0.3: a waiting state always has a deadline, so the zero ReviewWithin no
		// longer means "none": Submit refuses the policy and changes nothing.
		l := lstNew(t)
		before := l.Snapshot()
		err := l.Submit(lstMerchant, lstT0, catalog.ListingPolicy{})
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, catalog.CodeInvalidPolicy, ve.Code())
		assert.Equal(t, "review_within", ve.Field)
		assert.Equal(t, before, l.Snapshot())
		_, ok := l.Deadline()
		assert.False(t, ok)
	})
}

// R2.1, R2.7: views and purchases are counted; conversion = purchases / views,
// 0 with no views.
func TestListingR2_1_Conversion(t *testing.T) {
	l := lstPublished(t)
	assert.True(t, l.Conversion().Equal(decimal.Zero))
	require.NoError(t, l.RecordPurchase(2)) // a purchase without a counted view
	assert.True(t, l.Conversion().Equal(decimal.Zero))
	for range 3 {
		l.RecordView()
	}
	assert.Equal(t, "0.333333", l.Conversion().String())
	require.NoError(t, l.RecordPurchase(5))
	assert.Equal(t, "0.666667", l.Conversion().String())
	assert.Equal(t, int64(2), l.Purchases())
	assert.Equal(t, int64(7), l.UnitsSold())
	assert.Equal(t, int64(3), l.Views())
	require.ErrorIs(t, l.RecordPurchase(0), shopkit.ErrInvalid)
	require.ErrorIs(t, l.RecordPurchase(-1), shopkit.ErrInvalid)
	assert.Equal(t, int64(2), l.Purchases())
}

// R2.1: platform take-down and merchant removal.
func TestListingR2_1_TakeDownAndRemove(t *testing.T) {
	l := lstPublished(t)
	require.ErrorIs(t, l.TakeDown(lstMerchant, lstT0, []catalog.Finding{{Detail: "x"}}), shopkit.ErrNotAllowed)
	require.ErrorIs(t, l.TakeDown(lstPlatform, lstT0, nil), shopkit.ErrInvalid)
	require.NoError(t, l.TakeDown(lstPlatform, lstT0, []catalog.Finding{{Code: "platform.counterfeit", Detail: "counterfeit report"}}))
	assert.Equal(t, catalog.ListingRejected, l.State())
	require.NoError(t, l.Remove(lstMerchant, lstT0, "discontinued"))
	assert.Equal(t, catalog.ListingRemoved, l.State())
	for _, r := range []shopkit.Role{shopkit.Merchant, shopkit.Platform, shopkit.System, shopkit.Buyer} {
		assert.Empty(t, l.AllowedActions(authztest.Rightful(r, l.Parties())))
	}
}

// R2.1: service listings carry a service time.
func TestListingR2_1_ServiceListing(t *testing.T) {
	c := lstContent()
	c.Kind = catalog.ListingKindService
	c.ServiceTime = catalog.ServiceTime{Duration: 90 * time.Minute, Description: "上门服务"}
	l, err := catalog.NewListing(lstShop, c, lstMerchant, lstT0)
	require.NoError(t, err)
	assert.Equal(t, 90*time.Minute, l.Content().ServiceTime.Duration)
	c.ServiceTime.Duration = -time.Minute
	_, err = catalog.NewListing(lstShop, c, lstMerchant, lstT0)
	assert.Equal(t, catalog.CodeInvalidServiceTime, shopkit.CodeOf(err))
}

// Snapshot and RestoreListing round-trip; Clone is deep.
func TestListingSnapshotRestoreClone(t *testing.T) {
	l := lstPublished(t)
	l.RecordView()
	r, err := catalog.RestoreListing(l.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, l.Snapshot(), r.Snapshot())
	assert.Empty(t, r.Unsaved())

	c := l.Clone()
	c.RecordView()
	require.NoError(t, c.Unpublish(lstMerchant, lstT0, ""))
	assert.Equal(t, int64(1), l.Views())
	assert.Equal(t, catalog.ListingPublished, l.State())
	assert.Contains(t, l.String(), "published")

	bad := l.Snapshot()
	bad.State = "limbo"
	_, err = catalog.RestoreListing(bad)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
}

// JSON of the workflow enums rejects unknown strings.
func TestListingEnumsJSON(t *testing.T) {
	var s catalog.ListingState
	require.NoError(t, json.Unmarshal([]byte(`"published"`), &s))
	assert.Equal(t, catalog.ListingPublished, s)
	err := json.Unmarshal([]byte(`"deleted"`), &s)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, catalog.CodeUnknownState, shopkit.CodeOf(err))
	assert.Equal(t, catalog.ListingPublished, s, "an unknown value changes nothing")
	_, err = json.Marshal(catalog.ListingState("nope"))
	require.Error(t, err)

	var a catalog.ListingAction
	require.NoError(t, json.Unmarshal([]byte(`"take_down"`), &a))
	assert.Equal(t, catalog.ListingTakeDown, a)
	err = json.Unmarshal([]byte(`"delete"`), &a)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, catalog.CodeUnknownAction, shopkit.CodeOf(err))
	assert.Equal(t, catalog.ListingTakeDown, a, "an unknown value changes nothing")

	var k catalog.ListingKind
	require.NoError(t, json.Unmarshal([]byte(`"service"`), &k))
	err = json.Unmarshal([]byte(`"rental"`), &k)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, catalog.CodeUnknownKind, shopkit.CodeOf(err))
	assert.Equal(t, catalog.ListingKindService, k, "an unknown value changes nothing")
	var content catalog.ListingContent
	err = json.Unmarshal([]byte(`{"kind":"rental","name":"x"}`), &content)
	assert.Equal(t, catalog.CodeUnknownKind, shopkit.CodeOf(err), "inside a listing's content too")
	b, err := json.Marshal(struct{ K catalog.ListingKind }{catalog.ListingKindGoods})
	require.NoError(t, err)
	assert.JSONEq(t, `{"K":"goods"}`, string(b))
}

func lstService(t testing.TB, checkers ...catalog.ComplianceChecker) (*catalog.ListingService, *time.Time) {
	t.Helper()
	now := lstT0
	svc, err := catalog.NewListingService(catalog.ListingServiceConfig{
		Store: catalogtest.NewListingStore(), Checkers: checkers,
		Policy: catalog.DefaultListingPolicy(), Clock: func() time.Time { return now },
	})
	require.NoError(t, err)
	return svc, &now
}

// R2.1, R2.8, R2.9: the service submits, reviews automatically (completeness,
// then compliance), publishes, re-reviews content edits, and its sweep
// escalates listings whose review did not run.
func TestListingServiceR2_1(t *testing.T) {
	ctx := context.Background()
	banned, err := catalog.NewBannedWordsChecker([]string{"最好", "假货"})
	require.NoError(t, err)
	// The test swaps the compliance check midway; the service's checkers are fixed
	// at construction, so it holds one that delegates to the current one.
	var current catalog.ComplianceChecker = banned
	svc, now := lstService(t, catalog.ComplianceCheckerFunc(func(ctx context.Context, c catalog.ListingContent) ([]catalog.Finding, error) {
		return current.Check(ctx, c)
	}))
	merchant := lstShop

	l, err := svc.Create(ctx, merchant, lstContent(), lstMerchant)
	require.NoError(t, err)
	l, err = svc.Submit(ctx, l.ID(), lstMerchant)
	require.NoError(t, err)
	assert.Equal(t, catalog.ListingApproved, l.State())
	l, err = svc.Publish(ctx, l.ID(), lstMerchant)
	require.NoError(t, err)
	assert.True(t, l.Visible())

	// A content edit with a banned word: back to review, rejected with the word.
	c := l.Content()
	c.Description = "全网最好的围巾"
	l, err = svc.Edit(ctx, l.ID(), lstMerchant, c)
	require.NoError(t, err)
	assert.Equal(t, catalog.ListingRejected, l.State())
	require.Len(t, l.Findings(), 1)
	assert.Equal(t, "description", l.Findings()[0].Field)

	// Incomplete: completeness fails first, compliance is not consulted.
	inc := lstContent()
	inc.Images = nil
	inc.Name = "假货"
	l2, err := svc.Create(ctx, merchant, inc, lstMerchant)
	require.NoError(t, err)
	l2, err = svc.Submit(ctx, l2.ID(), lstMerchant)
	require.NoError(t, err)
	assert.Equal(t, catalog.ListingRejected, l2.State())
	require.Len(t, l2.Findings(), 1)
	assert.Equal(t, "images", l2.Findings()[0].Field)

	// A checker that fails leaves the listing submitted; the sweep escalates it
	// at its deadline.
	down := catalog.ComplianceCheckerFunc(func(context.Context, catalog.ListingContent) ([]catalog.Finding, error) {
		return nil, errors.New("moderation service down")
	})
	current = down
	l3, err := svc.Create(ctx, merchant, lstContent(), lstMerchant)
	require.NoError(t, err)
	l3, err = svc.Submit(ctx, l3.ID(), lstMerchant)
	require.Error(t, err)
	assert.Equal(t, catalog.ListingSubmitted, l3.State())
	*now = lstT0.Add(24 * time.Hour) // exactly the deadline: still in time
	res, err := svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Applied)
	*now = lstT0.Add(24*time.Hour + time.Nanosecond)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	res, err = svc.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Applied)
	got, err := svc.Get(ctx, l3.ID())
	require.NoError(t, err)
	assert.Equal(t, catalog.ListingManualReview, got.State())
	_, err = svc.Review(ctx, l3.ID())
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	got, err = svc.Approve(ctx, l3.ID(), lstPlatform, got.Revision(), "checked by hand")
	require.NoError(t, err)
	assert.Equal(t, catalog.ListingApproved, got.State())

	require.NoError(t, svc.RecordView(ctx, got.ID()))
	require.NoError(t, svc.RecordView(ctx, got.ID()))
	require.NoError(t, svc.RecordPurchase(ctx, got.ID(), 1))
	got, err = svc.Get(ctx, got.ID())
	require.NoError(t, err)
	assert.Equal(t, "0.5", got.Conversion().String())

	list, err := svc.ListByMerchant(ctx, merchant, 10)
	require.NoError(t, err)
	assert.Len(t, list, 3)
}

// R2.1: every bad input to a listing's actions — a zero or negative price or
// stock, an action in the wrong state or by the wrong role, a review of an older
// revision, a rejection without reasons, a purchase of no units, a deadline not
// yet passed — is a typed error with a stable code, matching the shared kind,
// and changes nothing: not the state, the content, the counters or the trail.
func TestListingR2_1_BadInputChangesNothing(t *testing.T) {
	p := catalog.DefaultListingPolicy()
	submitted := func(t testing.TB) *catalog.Listing {
		l := lstNew(t)
		require.NoError(t, l.Submit(lstMerchant, lstT0, p))
		return l
	}
	edit := func(change func(c *catalog.ListingContent)) func(l *catalog.Listing) error {
		return func(l *catalog.Listing) error {
			c := l.Content()
			change(&c)
			_, err := l.Edit(lstMerchant, lstT0, c, p)
			return err
		}
	}
	cases := []struct {
		name string
		l    func(t testing.TB) *catalog.Listing
		act  func(l *catalog.Listing) error
		kind error
		code string
	}{
		{"price 0 fen", lstPublished, edit(func(c *catalog.ListingContent) { c.Price = shopkit.CNY(0) }),
			shopkit.ErrInvalid, catalog.CodeInvalidPrice},
		{"price -1 fen", lstPublished, edit(func(c *catalog.ListingContent) { c.Price = shopkit.CNY(-1) }),
			shopkit.ErrInvalid, catalog.CodeInvalidPrice},
		{"stock -1", lstPublished, edit(func(c *catalog.ListingContent) { c.Stock = -1 }),
			shopkit.ErrInvalid, catalog.CodeInvalidStock},
		{"unknown kind", lstNew, edit(func(c *catalog.ListingContent) { c.Kind = "rental" }),
			shopkit.ErrInvalid, catalog.CodeUnknownKind},
		{"purchase of 0 units", lstPublished, func(l *catalog.Listing) error { return l.RecordPurchase(0) },
			shopkit.ErrInvalid, catalog.CodeInvalidQuantity},
		{"publish a draft", lstNew, func(l *catalog.Listing) error { return l.Publish(lstMerchant, lstT0) },
			shopkit.ErrNotAllowed, catalog.CodeWrongState},
		{"edit while in review", submitted, edit(func(c *catalog.ListingContent) { c.Stock++ }),
			shopkit.ErrNotAllowed, catalog.CodeWrongState},
		{"merchant approves", submitted, func(l *catalog.Listing) error { return l.Approve(lstMerchant, lstT0, l.Revision(), "") },
			shopkit.ErrNotAllowed, catalog.CodeWrongRole},
		{"buyer takes down", lstPublished, func(l *catalog.Listing) error { // a listing has no buyer party
			return l.TakeDown(shopkit.Actor{Role: shopkit.Buyer, ID: "b"}, lstT0, []catalog.Finding{{Detail: "x"}})
		}, shopkit.ErrNotAllowed, shopkit.CodeNotParty},
		{"review of an older revision", submitted, func(l *catalog.Listing) error { return l.Approve(lstSystem, lstT0, l.Revision()-1, "") },
			shopkit.ErrConflict, catalog.CodeListingChanged},
		{"reject without reasons", submitted, func(l *catalog.Listing) error { return l.Reject(lstSystem, lstT0, l.Revision(), nil) },
			shopkit.ErrInvalid, catalog.CodeReasonRequired},
		{"take down with a blank reason", lstPublished, func(l *catalog.Listing) error {
			return l.TakeDown(lstPlatform, lstT0, []catalog.Finding{{Detail: " "}})
		}, shopkit.ErrInvalid, catalog.CodeReasonRequired},
		{"escalate at the deadline", submitted, func(l *catalog.Listing) error { return l.ApplyDue(lstT0.Add(p.ReviewWithin)) },
			shopkit.ErrConflict, shopkit.CodeNotDue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := c.l(t)
			before := l.Snapshot()
			err := c.act(l)
			require.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Equal(t, before, l.Snapshot(), "bad input changes nothing")
		})
	}
}
