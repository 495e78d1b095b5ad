package pgstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sweptEntities is how many due entities each two-sweeper test stores.
const sweptEntities = 10_000

// sweepAt is the deadline of every entity of the two-sweeper tests; they
// sweep a second later.
var sweepAt = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// twoSweepers is the common part of the tests where two instances of a
// service, each over a pool of its own, sweep the same 10,000 due entities at
// READ COMMITTED (R2.9).
type twoSweepers struct {
	// table is the entities' table; its trail is table+"_trail".
	table string
	// consequence is the SQL condition on the trail's entry (jsonb column
	// entry) that the entity's due consequence was applied, with args from $1.
	consequence string
	args        []any
	// config completes the configuration of each DB, which sets only Pool
	// (nil: as it is).
	config func(pgstore.Config) pgstore.Config
	// create stores the i-th due entity through db and returns its ID.
	create func(db *pgstore.DB, i int) (uuid.UUID, error)
	// sweeper returns one instance's sweep over db, which runs at now.
	sweeper func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error)
}

// run stores the due entities from 8 goroutines, sweeps them with two
// instances at once, and checks that each consequence is in its entity's
// trail exactly once, that the two sweeps' Applied add up to the number of
// entities without a failure, and that nothing is due afterwards.
func (w twoSweepers) run(t *testing.T) {
	t.Helper()
	configure := func(cfg pgstore.Config) pgstore.Config {
		if w.config != nil {
			return w.config(cfg)
		}
		return cfg
	}
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(configure(pgstore.Config{Pool: s.Pool}))
	require.NoError(t, err)

	start := time.Now()
	ids := make([]uuid.UUID, sweptEntities)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < sweptEntities; i += 8 {
				var err error
				if ids[i], err = w.create(db, i); err != nil {
					t.Errorf("store %s %d: %v", w.table, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	filled := time.Since(start)

	now := sweepAt.Add(time.Second)
	sweeps := make([]func(context.Context) (shopkit.SweepResult, error), 2)
	for i := range sweeps {
		idb, err := pgstore.Open(configure(pgstore.Config{Pool: pgtest.PoolIn(t, s.DSN, s.Name, 4, nil)}))
		require.NoError(t, err)
		sweeps[i] = w.sweeper(t, idb, now)
	}
	start = time.Now()
	results := make([]shopkit.SweepResult, len(sweeps))
	for i, sweep := range sweeps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			results[i], err = sweep(context.Background())
			assert.NoError(t, err)
			assert.Empty(t, results[i].Failures)
		}()
	}
	wg.Wait()
	t.Logf("stored %d in %v, swept in %v: applied %d + %d, skipped %d + %d", sweptEntities, filled.Round(time.Millisecond),
		time.Since(start).Round(time.Millisecond), results[0].Applied, results[1].Applied, results[0].Skipped, results[1].Skipped)
	assert.Equal(t, sweptEntities, results[0].Applied+results[1].Applied, "applied by the two sweeps")

	ctx := context.Background()
	rows, err := s.Pool.Query(ctx, fmt.Sprintf(`SELECT e.id, count(t.seq) FROM %[1]s e
 LEFT JOIN %[1]s_trail t ON t.entity = e.id AND (%[2]s) GROUP BY e.id`, w.table, w.consequence), w.args...)
	require.NoError(t, err)
	applied := map[uuid.UUID]int{}
	for rows.Next() {
		var id uuid.UUID
		var n int
		require.NoError(t, rows.Scan(&id, &n))
		applied[id] = n
	}
	require.NoError(t, rows.Err())
	require.Len(t, applied, sweptEntities)
	wrong := 0
	for _, id := range ids {
		if applied[id] != 1 {
			wrong++
			if wrong <= 10 {
				t.Errorf("%s %s: the consequence is in its trail %d times, want once", w.table, id, applied[id])
			}
		}
	}
	assert.Zero(t, wrong, "entities whose consequence is not in the trail exactly once")

	var due int
	require.NoError(t, s.Pool.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE deadline_ns <= $1", w.table),
		now.UnixNano()).Scan(&due))
	assert.Zero(t, due, "entities still due after the sweeps")
}

// change is the trail condition of a change entry by action from one state
// to another.
const change = "t.entry->>'kind' = $1 AND t.entry->>'action' = $2 AND t.entry->>'from' = $3 AND t.entry->>'to' = $4"

// R2.9: two after-sales services sweep the same 10,000 repair cases whose
// repair period has passed: each case is entitled to a refund exactly once.
func TestTwoSweepersEntitleEachRepairOnce_R2_9(t *testing.T) {
	t.Parallel()
	twoSweepers{
		table: "aftersales_cases", consequence: change,
		args: []any{string(shopkit.EntryChange), string(aftersales.ActEntitleRefund), string(aftersales.Repairing), string(aftersales.RefundEntitled)},
		create: func(db *pgstore.DB, i int) (uuid.UUID, error) {
			c, err := aftersales.RestoreCase(aftersales.CaseSnapshot{
				ID: uuid.New(), Kind: aftersales.Repair, OrderID: uuid.New(), OrderNumber: fmt.Sprintf("20261102%08d", i),
				OrderState: aftersales.OrderDelivered, BuyerID: "b-" + fmt.Sprint(i), MerchantID: uuid.New(),
				Lines: []aftersales.LineQty{{Line: 1, Units: 1}}, Reason: aftersales.Quality, Note: "broken",
				State: aftersales.Repairing, Deadline: sweepAt, OpenedAt: sweepAt.Add(-30 * 24 * time.Hour),
				ReceivedAt: sweepAt.Add(-20 * 24 * time.Hour), RepairPeriod: 20 * 24 * time.Hour,
				Policy: aftersales.DefaultPolicy(),
			})
			if err != nil {
				return uuid.Nil, err
			}
			return c.ID(), db.Cases().Create(context.Background(), c)
		},
		sweeper: func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error) {
			svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: db.Cases(), Ledgers: db.Ledgers(),
				Policy: aftersales.DefaultPolicy(), Clock: func() time.Time { return now }})
			require.NoError(t, err)
			return svc.Sweep
		},
	}.run(t)
}

// R2.9: two listing services sweep the same 10,000 submitted listings whose
// review deadline has passed: each is escalated to manual review exactly
// once.
func TestTwoSweepersEscalateEachListingOnce_R2_9(t *testing.T) {
	t.Parallel()
	p := catalog.DefaultListingPolicy()
	twoSweepers{
		table: "listings", consequence: change,
		args: []any{string(shopkit.EntryChange), string(catalog.ListingEscalate), string(catalog.ListingSubmitted), string(catalog.ListingManualReview)},
		create: func(db *pgstore.DB, i int) (uuid.UUID, error) {
			m := uuid.New()
			by := shopkit.Actor{Role: shopkit.Merchant, ID: m.String()}
			submitted := sweepAt.Add(-p.ReviewWithin)
			sku := fmt.Sprint("SW-", i)
			l, err := catalog.NewListing(m, catalog.ListingContent{
				Kind: catalog.ListingKindService, Name: "上门保洁 2小时", Description: "专业保洁，含工具",
				Category: "home.cleaning", Images: []string{"img/1.jpg"}, Price: shopkit.CNY(19900),
				Stock: 7, ServiceTime: catalog.ServiceTime{Duration: 2 * time.Hour, Description: "工作日 9:00–18:00"},
				SKUs: []string{sku},
			}, by, submitted)
			if err != nil {
				return uuid.Nil, err
			}
			if err := l.Submit(by, submitted, p); err != nil {
				return uuid.Nil, err
			}
			return l.ID(), db.Listings().Create(context.Background(), l)
		},
		sweeper: func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error) {
			svc, err := catalog.NewListingService(catalog.ListingServiceConfig{Store: db.Listings(), Policy: p,
				Clock: func() time.Time { return now }})
			require.NoError(t, err)
			return svc.Sweep
		},
	}.run(t)
}

// R1.1, R2.9: two merchant services sweep the same 10,000 applications whose
// review deadline has passed: each is marked overdue exactly once.
func TestTwoSweepersMarkEachReviewOverdueOnce_R1_1_R2_9(t *testing.T) {
	t.Parallel()
	twoSweepers{
		table:       "merchants",
		consequence: "t.entry->>'kind' = $1 AND t.entry->>'from' = $2 AND t.entry->>'to' = $3",
		args:        []any{string(shopkit.EntryChange), string(merchant.MerchantUnderReview), string(merchant.MerchantReviewOverdue)},
		create: func(db *pgstore.DB, _ int) (uuid.UUID, error) {
			id := uuid.New()
			m, err := merchant.RestoreMerchant(merchant.Snapshot{
				ID: id, State: merchant.MerchantUnderReview, Name: "Acme", Email: "ops+" + id.String() + "@acme.example", Phone: "13812345678",
				Profile: merchant.Profile{
					Kind: merchant.MerchantCompany, Region: merchant.RegionMainland, LegalName: "福州示例科技有限公司",
					CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰", IDNumber: "110101199003074518",
					IDDocument: "doc:id", BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
					Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
				},
				SubmittedAt: sweepAt.Add(-72 * time.Hour), ReviewDue: sweepAt, Categories: []string{"cleaning"},
			})
			if err != nil {
				return uuid.Nil, err
			}
			return id, db.Merchants().Create(context.Background(), m)
		},
		sweeper: func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error) {
			cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{Location: time.UTC})
			require.NoError(t, err)
			svc, err := merchant.NewService(merchant.ServiceConfig{Store: db.Merchants(), Policy: merchant.DefaultPolicy(),
				Calendar: cal, Clock: func() time.Time { return now }})
			require.NoError(t, err)
			return svc.Sweep
		},
	}.run(t)
}

// R2.4, R2.9: two coupon services sweep the same 10,000 issued coupons whose
// validity window has ended: each expires exactly once.
func TestTwoSweepersExpireEachCouponOnce_R2_4_R2_9(t *testing.T) {
	t.Parallel()
	twoSweepers{
		table: "coupons", consequence: change,
		args: []any{string(shopkit.EntryChange), string(promotion.CouponActionExpire), string(promotion.CouponIssued), string(promotion.CouponExpired)},
		create: func(db *pgstore.DB, _ int) (uuid.UUID, error) {
			// The deadline is 1 ns after ValidTo.
			to := sweepAt.Add(-time.Nanosecond)
			tpl, err := promotion.NewCouponTemplate(shopkit.SystemActor(), promotion.CouponTemplateSpec{
				Name: "100 off 20", Kind: promotion.CouponAmountOff, Issuer: promotion.IssuerShop, ShopID: uuid.New(),
				Amount: shopkit.CNY(2000), MinSpend: shopkit.CNY(10000), ValidFrom: to.Add(-time.Hour), ValidTo: to,
				IssueLimit: 3, UseLimit: 2,
			}, to.Add(-time.Hour))
			if err != nil {
				return uuid.Nil, err
			}
			c, err := promotion.IssueCoupon(shopkit.SystemActor(), tpl, "customer-"+uuid.NewString(), to.Add(-time.Hour))
			if err != nil {
				return uuid.Nil, err
			}
			return c.ID(), db.Coupons().Create(context.Background(), c)
		},
		sweeper: func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error) {
			svc, err := promotion.NewCouponService(promotion.CouponServiceConfig{Templates: db.CouponTemplates(),
				Quotas: db.CouponQuotas(), Coupons: db.Coupons(), Campaigns: db.Campaigns(), Clock: func() time.Time { return now }})
			require.NoError(t, err)
			return svc.Sweep
		},
	}.run(t)
}

// supportSweeper returns a support service over db for desk, at now, with the
// SLA calendar of openSupport; the desk is created on first use.
func supportSweeper(t *testing.T, db *pgstore.DB, desk uuid.UUID, now time.Time) *support.Service {
	t.Helper()
	r, err := support.NewRouter(desk, support.RoundRobin)
	require.NoError(t, err)
	if err := db.Queues().Create(context.Background(), r); err != nil {
		require.ErrorIs(t, err, shopkit.ErrConflict)
	}
	p := alwaysOpenSupport()
	svc, err := support.NewService(support.ServiceConfig{Conversations: db.Conversations(), Complaints: db.Complaints(),
		Queues: db.Queues(), Desk: desk, Policy: p, Severity: support.DefaultSeverityPolicy(), Clock: func() time.Time { return now }})
	require.NoError(t, err)
	return svc
}

// alwaysOpenSupport is the support policy with the SLA calendar of
// openSupport (always open).
func alwaysOpenSupport() support.Policy {
	p := support.DefaultPolicy()
	p.Hours = &shopkit.Calendar{}
	return p
}

// withSupportHours is the configuration of openSupport: the support kits'
// SLA calendar (always open).
func withSupportHours(cfg pgstore.Config) pgstore.Config {
	cfg.SupportHours = &shopkit.Calendar{}
	return cfg
}

// R6.3, R2.9: two support services sweep the same 10,000 open conversations
// whose first-response target has passed: each breach is recorded exactly
// once.
func TestTwoSweepersRecordEachBreachOnce_R6_3_R2_9(t *testing.T) {
	t.Parallel()
	desk := uuid.New()
	p := alwaysOpenSupport()
	twoSweepers{
		table:       "support_conversations",
		consequence: "t.entry->>'kind' = $1 AND t.entry->>'action' = $2 AND t.entry->>'reason' = $3",
		args:        []any{string(shopkit.EntryChange), "sla_breach", string(support.FirstResponseSLA)},
		config:      withSupportHours,
		create: func(db *pgstore.DB, _ int) (uuid.UUID, error) {
			enqueued := sweepAt.Add(-time.Minute)
			c, err := support.RestoreConversation(support.ConversationSnapshot{ID: uuid.New(), ShopID: uuid.New(), CustomerID: "c",
				Channel: support.WebChat, Phase: support.PreSale, Group: "returns", State: support.Open, OpenedAt: enqueued,
				EnqueuedAt: enqueued, FirstDue: sweepAt, ResolveDue: sweepAt.Add(8 * time.Hour), Policy: p})
			if err != nil {
				return uuid.Nil, err
			}
			return c.ID(), db.Conversations().Create(context.Background(), c)
		},
		sweeper: func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error) {
			return supportSweeper(t, db, desk, now).Sweep
		},
	}.run(t)
}

// R6.4, R2.9: two support services sweep the same 10,000 complaints whose
// follow-up is overdue: each is marked overdue exactly once.
func TestTwoSweepersMarkEachFollowUpOverdueOnce_R6_4_R2_9(t *testing.T) {
	t.Parallel()
	desk := uuid.New()
	p := alwaysOpenSupport()
	twoSweepers{
		table:       "support_complaints",
		consequence: "t.entry->>'kind' = $1 AND t.entry->>'action' = $2 AND t.entry->>'from' = $3",
		args:        []any{string(shopkit.EntryChange), string(support.ActFollowUpLate), string(support.FollowUp)},
		config:      withSupportHours,
		create: func(db *pgstore.DB, _ int) (uuid.UUID, error) {
			c, err := support.RestoreComplaint(support.ComplaintSnapshot{
				ID: uuid.New(), ShopID: uuid.New(), CustomerID: "13812345678", Channel: support.Phone,
				ConversationID: uuid.New(), OrderID: uuid.New(),
				Signals:  support.Signals{Text: "骗子", PriorContacts: 2, OrderValue: shopkit.CNY(199900)},
				Severity: support.High, State: support.FollowUp, Handler: support.Handler{ID: "lead-1", Level: support.High},
				Compensation: support.Compensation{Kind: support.Coupon, Note: "sorry", CouponRef: "c-20", Value: shopkit.CNY(2000)},
				FiledAt:      sweepAt.Add(-48 * time.Hour), ClosedAt: sweepAt.Add(-24 * time.Hour), FollowUpDue: sweepAt, FollowUpNote: "call back",
				Policy: p,
			})
			if err != nil {
				return uuid.Nil, err
			}
			return c.ID(), db.Complaints().Create(context.Background(), c)
		},
		sweeper: func(t *testing.T, db *pgstore.DB, now time.Time) func(context.Context) (shopkit.SweepResult, error) {
			return supportSweeper(t, db, desk, now).SweepComplaints
		},
	}.run(t)
}
