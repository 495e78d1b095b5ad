package catalog_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/catalog/catalogtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fieldsOf(ve *shopkit.ValidationError) []string {
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

// NewListingService checks its whole config once: a missing store or clock, a
// nil checker and every bad policy field are named in one ValidationError, so no
// method fails later for want of them (R2.1, R0.3).
func TestNewListingServiceValidatesConfig(t *testing.T) {
	_, err := catalog.NewListingService(catalog.ListingServiceConfig{Checkers: []catalog.ComplianceChecker{nil}})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, catalog.CodeInvalidConfig, ve.Code())
	assert.Equal(t, []string{"store", "clock", "checkers[0]", "policy.review_within"}, fieldsOf(ve))

	p := catalog.DefaultListingPolicy()
	svc, err := catalog.NewListingService(catalog.ListingServiceConfig{Store: catalogtest.NewListingStore(), Policy: p,
		Clock: func() time.Time { return lstT0 }})
	require.NoError(t, err, "no compliance checker is allowed: completeness still runs")
	p.ReviewOnEdit[0] = catalog.FieldPrice
	assert.Equal(t, catalog.DefaultListingPolicy(), svc.Policy(), "the service keeps its own copy of the policy")
	_, err = svc.ListByMerchant(context.Background(), uuid.New(), 0)
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "a limit below 1 is refused")
}

// R2.1: the zero ListingPolicy is invalid, the default is valid, and every
// field of ReviewOnEdit must be a content field, named once.
func TestListingPolicyValidate_R2_1(t *testing.T) {
	require.NoError(t, catalog.DefaultListingPolicy().Validate())
	require.NoError(t, catalog.ListingPolicy{ReviewWithin: time.Hour}.Validate(), "no field needs review: allowed")
	err := catalog.ListingPolicy{ReviewWithin: -time.Hour,
		ReviewOnEdit: []catalog.ListingField{catalog.FieldName, "colour", catalog.FieldName}}.Validate()
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, catalog.CodeInvalidPolicy, ve.Code())
	assert.Equal(t, []string{"review_within", "review_on_edit[1]", "review_on_edit[2]"}, fieldsOf(ve))

	l := lstPublished(t)
	before := l.Snapshot()
	c := l.Content()
	c.Name = "新名字"
	_, err = l.Edit(lstMerchant, lstT0, c, catalog.ListingPolicy{})
	assert.Equal(t, catalog.CodeInvalidPolicy, shopkit.CodeOf(err), "Edit validates its policy")
	assert.Equal(t, before, l.Snapshot(), "and changes nothing")
}

// R0.4: a listing's journal is numbered from 1 and its effects carry the stable
// ID "<listing id>#<seq>", also after a restore: the restored listing holds
// none of the entries before, and numbers on from them.
func TestListingEffectIDs_R0_4(t *testing.T) {
	l := lstNew(t)
	require.NoError(t, l.Submit(lstMerchant, lstT0, catalog.DefaultListingPolicy()))
	require.NoError(t, l.Approve(shopkit.SystemActor(), lstT0, l.Revision(), ""))
	r, err := catalog.RestoreListing(l.Snapshot())
	require.NoError(t, err)
	require.NoError(t, r.TakeDown(lstPlatform, lstT0.Add(time.Hour), []catalog.Finding{{Code: catalog.CodeBannedWord, Detail: "x"}}))
	var ids []string
	for i, e := range append(l.History(), r.History()...) {
		require.Equal(t, i+1, e.Seq)
		if e.Kind == shopkit.EntryEffect {
			ids = append(ids, e.Effect.ID)
		}
	}
	id := l.ID().String()
	assert.Equal(t, []string{id + "#4", id + "#6"}, ids)
}

// RestoreListing refuses a snapshot without a merchant.
func TestRestoreListingRejectsNoMerchant(t *testing.T) {
	s := lstNew(t).Snapshot()
	s.MerchantID = uuid.Nil
	_, err := catalog.RestoreListing(s)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, catalog.CodeInvalidSnapshot, ve.Code())
	assert.Equal(t, "merchant_id", ve.Field)
}

// RestoreListing refuses a snapshot whose trail length is negative.
func TestRestoreListingRejectsNegativeSeq(t *testing.T) {
	s := lstNew(t).Snapshot()
	s.Seq = -1
	_, err := catalog.RestoreListing(s)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, catalog.CodeInvalidSnapshot, ve.Code())
	assert.Equal(t, "seq", ve.Field)
}

// Codes lists every declared code once, each with the package's prefix.
func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range catalog.Codes() {
		assert.Regexp(t, `^catalog\.[a-z_]+$`, c)
		assert.False(t, seen[c], "%s listed twice", c)
		seen[c] = true
	}
	assert.True(t, seen[catalog.CodeWrongState] && seen[catalog.CodeWrongRole] && seen[catalog.CodeBannedWord])
}
