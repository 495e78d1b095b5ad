package merchanttest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Store is an in-memory merchant.Store, safe for concurrent use, with Due
// indexed by deadline.
type Store struct {
	*memstore.Store[*merchant.Merchant]
}

var _ merchant.Store = (*Store)(nil)

// NewStore returns an empty in-memory merchant store.
func NewStore() *Store {
	return &Store{memstore.NewAggregate[*merchant.Merchant]("merchant", merchant.CodeMerchantNotFound, merchant.CodeMerchantExists)}
}

// OverdueReviews lists at most limit (≥ 1) applications whose review is overdue
// at now, earliest review deadline first (ties by ID). It reads every merchant:
// a production store indexes state and review deadline.
func (s *Store) OverdueReviews(ctx context.Context, now time.Time, limit int) ([]*merchant.Merchant, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.Find(ctx, func(m *merchant.Merchant) bool { return m.ReviewOverdue(now) })
	if err != nil {
		return nil, err
	}
	sortByReviewDue(out)
	return out[:min(len(out), limit)], nil
}

func sortByReviewDue(ms []*merchant.Merchant) {
	slices.SortFunc(ms, func(a, b *merchant.Merchant) int {
		da, _ := a.ReviewDue()
		db, _ := b.ReviewDue()
		if c := da.Compare(db); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
}

// TestStore runs the store conformance suite (R2.8) against stores made by
// newStore — atomic updates under concurrent writers, nothing written when fn
// fails, not-found, Due order and limit, a limit below 1 rejected, a round trip of
// every field — and checks OverdueReviews with its order and limit (R1.1) and a
// sweep (R2.9). Each subtest gets a fresh store.
func TestStore(t *testing.T, newStore func() merchant.Store) {
	t.Helper()
	storetest.Run(t, func() storetest.Store[*merchant.Merchant] { return newStore() }, merchantHarness())

	t.Run("OverdueReviews", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		now := time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC)
		before := reviewMerchant(t, merchant.MerchantUnderReview, now.Add(-time.Hour))
		exactly := reviewMerchant(t, merchant.MerchantUnderReview, now) // in time at exactly the deadline
		earliest := reviewMerchant(t, merchant.MerchantReviewOverdue, now.Add(-48*time.Hour))
		after := reviewMerchant(t, merchant.MerchantUnderReview, now.Add(time.Nanosecond))
		decided := reviewMerchant(t, merchant.MerchantActive, now.Add(-72*time.Hour))
		for _, m := range []*merchant.Merchant{before, exactly, earliest, after, decided} {
			require.NoError(t, s.Create(ctx, m))
		}
		got, err := s.OverdueReviews(ctx, now, 10)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{earliest.ID(), before.ID()}, merchantIDs(got))

		got, err = s.OverdueReviews(ctx, now.Add(time.Nanosecond), 10)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{earliest.ID(), before.ID(), exactly.ID()}, merchantIDs(got),
			"1 ns after the deadline the review is overdue")

		got, err = s.OverdueReviews(ctx, now.Add(time.Nanosecond), 2)
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{earliest.ID(), before.ID()}, merchantIDs(got), "at most limit, earliest first")
	})

	t.Run("LimitBelowOne", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		now := time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC)
		require.NoError(t, s.Create(ctx, reviewMerchant(t, merchant.MerchantUnderReview, now.Add(-time.Hour))))
		for _, limit := range []int{0, -1} {
			_, err := s.Due(ctx, now, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
			_, err = s.OverdueReviews(ctx, now, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
		}
	})

	t.Run("SweepMarksOverdueOnce", func(t *testing.T) {
		ctx := context.Background()
		s := newStore()
		due := time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC)
		m := reviewMerchant(t, merchant.MerchantUnderReview, due)
		require.NoError(t, s.Create(ctx, m))
		res, err := shopkit.Sweep[*merchant.Merchant](ctx, s, due, 10)
		require.NoError(t, err)
		assert.Equal(t, 0, res.Applied, "nothing is due at exactly the deadline")
		for i := 0; i < 2; i++ {
			res, err = shopkit.Sweep[*merchant.Merchant](ctx, s, due.Add(time.Hour), 10)
			require.NoError(t, err)
			assert.Equal(t, 1-i, res.Applied, "sweeping twice is harmless")
		}
		got, err := s.Get(ctx, m.ID())
		require.NoError(t, err)
		assert.Equal(t, merchant.MerchantReviewOverdue, got.State())
		h := got.History()
		var last shopkit.Entry
		for _, e := range h {
			if e.Kind == shopkit.EntryChange {
				last = e
			}
		}
		assert.Equal(t, string(merchant.MerchantMarkOverdue), last.Action)
		assert.True(t, due.Equal(last.At), "stamped with the deadline, not the sweep's time")
	})
}

func merchantIDs(ms []*merchant.Merchant) []uuid.UUID {
	out := make([]uuid.UUID, len(ms))
	for i, m := range ms {
		out[i] = m.ID()
	}
	return out
}

// reviewMerchant restores a merchant in state with the review deadline due.
func reviewMerchant(t testing.TB, state merchant.State, due time.Time) *merchant.Merchant {
	t.Helper()
	m, err := merchant.RestoreMerchant(merchant.Snapshot{
		ID: uuid.New(), State: state, Name: "Acme", Email: "ops@acme.example", Phone: "13812345678",
		SubmittedAt: due.Add(-72 * time.Hour), ReviewDue: due, Categories: []string{"cleaning"},
	})
	require.NoError(t, err)
	return m
}

func merchantHarness() storetest.Harness[*merchant.Merchant] {
	at := time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC)
	return storetest.Harness[*merchant.Merchant]{
		Full: func(t testing.TB) *merchant.Merchant {
			t.Helper()
			m, err := merchant.RestoreMerchant(fullMerchantSnapshot(at))
			require.NoError(t, err)
			return m
		},
		Due: func(t testing.TB, due time.Time) *merchant.Merchant {
			return reviewMerchant(t, merchant.MerchantUnderReview, due)
		},
		ID: (*merchant.Merchant).ID,
		// A draft's categories can be chosen again and again: one audit entry each.
		Touch: func(m *merchant.Merchant) error {
			applicant := shopkit.Actor{Role: shopkit.Merchant, ID: m.ID().String()} // the merchant itself
			return m.ChooseCategories(applicant, at.Add(time.Minute), m.Categories())
		},
		Touches: func(m *merchant.Merchant) int { return len(m.History()) },
		Equal: func(t testing.TB, want, got *merchant.Merchant) {
			t.Helper()
			assert.Equal(t, normalSnapshot(want.Snapshot()), normalSnapshot(got.Snapshot()))
		},
	}
}

// fullMerchantSnapshot has every field set, so a round trip proves each is stored.
func fullMerchantSnapshot(at time.Time) merchant.Snapshot {
	return merchant.Snapshot{
		ID: uuid.New(), State: merchant.MerchantDraft,
		Name: "张三丰", Email: "zhang@example.com", Phone: "13812345678",
		TokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", TokenExpiresAt: at.Add(time.Hour),
		EmailVerifiedAt: at.Add(2 * time.Hour),
		Profile: merchant.Profile{
			Kind: merchant.MerchantCompany, Region: merchant.RegionMainland, LegalName: "福州示例科技有限公司",
			CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰", IDNumber: "110101199003074518",
			IDDocument: "doc:id", BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
			Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
		},
		Categories:       []string{"cleaning", "repair"},
		SubmittedAt:      at.Add(3 * time.Hour),
		ReviewDue:        at.Add(72 * time.Hour),
		RejectionReasons: []string{"licence scan unreadable"},
		Terms:            merchant.Terms{Deposit: shopkit.CNY(500000), CommissionPlanID: "plan-standard"},
		ActivatedAt:      at.Add(96 * time.Hour),
		History: []shopkit.Entry{
			{Seq: 1, Kind: shopkit.EntryChange, At: at, Role: shopkit.Merchant, Actor: "applicant-1", Action: "register",
				To: "registered", Reason: "r", Evidence: []string{"doc:1"}},
			{Seq: 2, Kind: shopkit.EntryEffect, At: at, Role: shopkit.System, Action: "register",
				Effect: shopkit.Effect{ID: "x#2", Type: shopkit.EffectNotify, Party: "merchant:x", Amount: shopkit.CNY(1), Ref: "x", Note: "verify_email"}},
		},
	}
}

// normalSnapshot puts times in UTC and empty slices as nil, so a host store that
// returns times in another zone or empty slices for nil still compares equal.
func normalSnapshot(s merchant.Snapshot) merchant.Snapshot {
	for _, t := range []*time.Time{&s.TokenExpiresAt, &s.EmailVerifiedAt, &s.SubmittedAt, &s.ReviewDue, &s.ActivatedAt} {
		*t = t.UTC()
	}
	if len(s.Categories) == 0 {
		s.Categories = nil
	}
	if len(s.RejectionReasons) == 0 {
		s.RejectionReasons = nil
	}
	if len(s.History) == 0 {
		s.History = nil
	}
	h := slices.Clone(s.History)
	for i := range h {
		h[i].At = h[i].At.UTC()
		if len(h[i].Evidence) == 0 {
			h[i].Evidence = nil
		}
	}
	s.History = h
	return s
}
