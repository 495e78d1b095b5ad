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

// Store is an in-memory merchant.Store, safe for concurrent use, with Due and
// Claim indexed by deadline and each merchant's trail kept apart from its
// state.
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
// fails, not-found, the trail appended once and in order (R0.4), Due order and
// limit, claims that split due work between sweepers, a limit below 1
// rejected, a round trip of every field, in the store and through JSON — and
// checks OverdueReviews with its order and limit (R1.1) and a sweep (R2.9).
// Each subtest gets a fresh store.
func TestStore(t *testing.T, newStore func() merchant.Store) {
	t.Helper()
	storetest.Run(t, func() storetest.Store[*merchant.Merchant] { return newStore() }, merchantHarness(t))

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
			_, err = s.Claim(ctx, now, limit, shopkit.Lease{Owner: "sweeper", Until: now.Add(time.Minute)})
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
		trail, err := shopkit.ReadTrail(ctx, s, m.ID(), 3)
		require.NoError(t, err)
		var marks []shopkit.Entry
		for i, e := range trail {
			assert.Equal(t, i+1, e.Seq, "the trail has a gap or a repeat")
			if e.Kind == shopkit.EntryChange && e.Action == string(merchant.MerchantMarkOverdue) {
				marks = append(marks, e)
			}
		}
		require.Len(t, marks, 1, "the second sweep appended nothing")
		assert.True(t, due.Equal(marks[0].At), "stamped with the deadline, not the sweep's time")
	})
}

func merchantIDs(ms []*merchant.Merchant) []uuid.UUID {
	out := make([]uuid.UUID, len(ms))
	for i, m := range ms {
		out[i] = m.ID()
	}
	return out
}

// reviewMerchant restores a merchant in state with the review deadline due,
// with an e-mail address of its own so that a store with a unique address
// passes.
func reviewMerchant(t testing.TB, state merchant.State, due time.Time) *merchant.Merchant {
	t.Helper()
	id := uuid.New()
	m, err := merchant.RestoreMerchant(merchant.Snapshot{
		ID: id, State: state, Name: "Acme", Email: "ops+" + id.String() + "@acme.example", Phone: "13812345678",
		Profile:     fullProfile(),
		SubmittedAt: due.Add(-72 * time.Hour), ReviewDue: due, Categories: []string{"cleaning"},
	})
	require.NoError(t, err)
	return m
}

func merchantHarness(t testing.TB) storetest.Harness[*merchant.Merchant] {
	at := time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC)
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{Location: time.UTC})
	require.NoError(t, err)
	// touch can be made again and again and leaves a due merchant due: a
	// draft chooses its categories again (one entry); an application under
	// review is rejected, reopened and submitted again, so that its new
	// deadline, 3 working days after at, has long passed at the instants the
	// suite sweeps at (late in 2026-11).
	touch := func(m *merchant.Merchant) error {
		now := at.Add(time.Minute)
		applicant := shopkit.Actor{Role: shopkit.Merchant, ID: m.ID().String()} // the merchant itself
		if m.State() != merchant.MerchantUnderReview {
			return m.ChooseCategories(applicant, now, m.Categories())
		}
		reviewer := shopkit.Actor{Role: shopkit.Platform, ID: "reviewer-1"}
		if err := m.Reject(reviewer, now, []string{"licence scan unreadable"}); err != nil {
			return err
		}
		if err := m.Edit(applicant, now); err != nil {
			return err
		}
		return m.Submit(applicant, now, merchant.DefaultPolicy(), cal)
	}
	return storetest.Harness[*merchant.Merchant]{
		Full: func(t testing.TB) *merchant.Merchant {
			t.Helper()
			m, err := merchant.RestoreMerchant(fullMerchantSnapshot(at))
			require.NoError(t, err)
			// An entry to append on Create, so the stored Seq is not zero.
			require.NoError(t, touch(m))
			return m
		},
		Due: func(t testing.TB, due time.Time) *merchant.Merchant {
			return reviewMerchant(t, merchant.MerchantUnderReview, due)
		},
		ID:     (*merchant.Merchant).ID,
		Touch:  touch,
		Expire: (*merchant.Merchant).ApplyDue,
		JSON: func(t testing.TB, m *merchant.Merchant) *merchant.Merchant {
			return storetest.ViaJSON(t, m.Snapshot(), merchant.RestoreMerchant, nil)
		},
		Equal: func(t testing.TB, want, got *merchant.Merchant) {
			t.Helper()
			assert.Equal(t, normalSnapshot(want.Snapshot()), normalSnapshot(got.Snapshot()))
		},
	}
}

// fullMerchantSnapshot has every field set, so a round trip proves each is
// stored; its e-mail address is the merchant's own, so a store with a unique
// address passes. Seq is 0: the merchant is new to the store, whose trail
// starts at the entries of its Create.
func fullMerchantSnapshot(at time.Time) merchant.Snapshot {
	id := uuid.New()
	return merchant.Snapshot{
		ID: id, State: merchant.MerchantDraft,
		Name: "张三丰", Email: "zhang+" + id.String() + "@example.com", Phone: "13812345678",
		TokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", TokenExpiresAt: at.Add(time.Hour),
		EmailVerifiedAt:  at.Add(2 * time.Hour),
		Profile:          fullProfile(),
		Categories:       []string{"cleaning", "repair"},
		SubmittedAt:      at.Add(3 * time.Hour),
		ReviewDue:        at.Add(72 * time.Hour),
		RejectionReasons: []string{"licence scan unreadable"},
		Terms:            merchant.Terms{Deposit: shopkit.CNY(500000), CommissionPlanID: "plan-standard"},
		ActivatedAt:      at.Add(96 * time.Hour),
		// R1.2 global purchase: the tag and the next evaluation are stored too.
		GlobalPurchaseTagged: true,
		NextEvaluation:       at.Add(120 * time.Hour),
	}
}

// fullProfile is a complete company profile with every field set.
func fullProfile() merchant.Profile {
	return merchant.Profile{
		Kind: merchant.MerchantCompany, Region: merchant.RegionMainland, LegalName: "福州示例科技有限公司",
		CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰", IDNumber: "110101199003074518",
		IDDocument: "doc:id", BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
		Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
	}
}

// normalSnapshot puts times in UTC and empty slices as nil, so a host store that
// returns times in another zone or empty slices for nil still compares equal.
func normalSnapshot(s merchant.Snapshot) merchant.Snapshot {
	for _, t := range []*time.Time{&s.TokenExpiresAt, &s.EmailVerifiedAt, &s.SubmittedAt, &s.ReviewDue, &s.ActivatedAt, &s.NextEvaluation} {
		*t = t.UTC()
	}
	if len(s.Categories) == 0 {
		s.Categories = nil
	}
	if len(s.RejectionReasons) == 0 {
		s.RejectionReasons = nil
	}
	return s
}
