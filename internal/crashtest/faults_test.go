package crashtest_test

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/internal/faults"
	"github.com/shopkit/shopkit/membership"
)

// The wrappers embed the store interface and override the methods the services
// of the flow call, each going through faults first; a failed call does not
// reach the store, as a crash just before it. What they do not override
// passes through uncounted: the trail (Trail), which only the assertions read,
// from the in-memory stores themselves, and the listings no service of the
// flow calls (inventory LowStock and SlowMoving, order ByNumber and
// ListFlagged, coupon ListByCustomer, case ByOrder, ledger Debts, member
// ByTier).

// faultyItems counts inventory Create, Get, Update and Holding.
type faultyItems struct {
	inventory.Store
	f *faults.Counter
}

func (s faultyItems) Create(ctx context.Context, item *inventory.StockItem) error {
	if err := s.f.Hit("stock.Create"); err != nil {
		return err
	}
	return s.Store.Create(ctx, item)
}

func (s faultyItems) Get(ctx context.Context, sku string) (*inventory.StockItem, error) {
	if err := s.f.Hit("stock.Get"); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, sku)
}

func (s faultyItems) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	if err := s.f.Hit("stock.Update"); err != nil {
		return err
	}
	return s.Store.Update(ctx, sku, fn)
}

func (s faultyItems) Holding(ctx context.Context, ref string) ([]*inventory.StockItem, error) {
	if err := s.f.Hit("stock.Holding"); err != nil {
		return nil, err
	}
	return s.Store.Holding(ctx, ref)
}

// faultyOrders counts order Create, Get, Update, Due, Claim and Pending.
type faultyOrders struct {
	order.Store
	f *faults.Counter
}

func (s faultyOrders) Create(ctx context.Context, o *order.Order) error {
	if err := s.f.Hit("order.Create"); err != nil {
		return err
	}
	return s.Store.Create(ctx, o)
}

func (s faultyOrders) Get(ctx context.Context, id uuid.UUID) (*order.Order, error) {
	if err := s.f.Hit("order.Get"); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, id)
}

func (s faultyOrders) Update(ctx context.Context, id uuid.UUID, fn func(*order.Order) error) error {
	if err := s.f.Hit("order.Update"); err != nil {
		return err
	}
	return s.Store.Update(ctx, id, fn)
}

func (s faultyOrders) Due(ctx context.Context, t time.Time, limit int) ([]*order.Order, error) {
	if err := s.f.Hit("order.Due"); err != nil {
		return nil, err
	}
	return s.Store.Due(ctx, t, limit)
}

func (s faultyOrders) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*order.Order, error) {
	if err := s.f.Hit("order.Claim"); err != nil {
		return nil, err
	}
	return s.Store.Claim(ctx, t, limit, lease)
}

func (s faultyOrders) Pending(ctx context.Context, limit int) ([]*order.Order, error) {
	if err := s.f.Hit("order.Pending"); err != nil {
		return nil, err
	}
	return s.Store.Pending(ctx, limit)
}

// faultyTemplates counts template Create and Get.
type faultyTemplates struct {
	promotion.CouponTemplateStore
	f *faults.Counter
}

func (s faultyTemplates) Create(ctx context.Context, t *promotion.CouponTemplate) error {
	if err := s.f.Hit("template.Create"); err != nil {
		return err
	}
	return s.CouponTemplateStore.Create(ctx, t)
}

func (s faultyTemplates) Get(ctx context.Context, id uuid.UUID) (*promotion.CouponTemplate, error) {
	if err := s.f.Hit("template.Get"); err != nil {
		return nil, err
	}
	return s.CouponTemplateStore.Get(ctx, id)
}

// faultyQuotas counts quota Create, Get, Update and Pending.
type faultyQuotas struct {
	promotion.CouponQuotaStore
	f *faults.Counter
}

func (s faultyQuotas) Create(ctx context.Context, q *promotion.CouponQuota) error {
	if err := s.f.Hit("quota.Create"); err != nil {
		return err
	}
	return s.CouponQuotaStore.Create(ctx, q)
}

func (s faultyQuotas) Get(ctx context.Context, id uuid.UUID) (*promotion.CouponQuota, error) {
	if err := s.f.Hit("quota.Get"); err != nil {
		return nil, err
	}
	return s.CouponQuotaStore.Get(ctx, id)
}

func (s faultyQuotas) Update(ctx context.Context, id uuid.UUID, fn func(*promotion.CouponQuota) error) error {
	if err := s.f.Hit("quota.Update"); err != nil {
		return err
	}
	return s.CouponQuotaStore.Update(ctx, id, fn)
}

func (s faultyQuotas) Pending(ctx context.Context, limit int) ([]*promotion.CouponQuota, error) {
	if err := s.f.Hit("quota.Pending"); err != nil {
		return nil, err
	}
	return s.CouponQuotaStore.Pending(ctx, limit)
}

// faultyCoupons counts coupon Create, Get, Update, Due, Claim and Pending.
type faultyCoupons struct {
	promotion.CouponStore
	f *faults.Counter
}

func (s faultyCoupons) Create(ctx context.Context, c *promotion.Coupon) error {
	if err := s.f.Hit("coupon.Create"); err != nil {
		return err
	}
	return s.CouponStore.Create(ctx, c)
}

func (s faultyCoupons) Get(ctx context.Context, id uuid.UUID) (*promotion.Coupon, error) {
	if err := s.f.Hit("coupon.Get"); err != nil {
		return nil, err
	}
	return s.CouponStore.Get(ctx, id)
}

func (s faultyCoupons) Update(ctx context.Context, id uuid.UUID, fn func(*promotion.Coupon) error) error {
	if err := s.f.Hit("coupon.Update"); err != nil {
		return err
	}
	return s.CouponStore.Update(ctx, id, fn)
}

func (s faultyCoupons) Due(ctx context.Context, t time.Time, limit int) ([]*promotion.Coupon, error) {
	if err := s.f.Hit("coupon.Due"); err != nil {
		return nil, err
	}
	return s.CouponStore.Due(ctx, t, limit)
}

func (s faultyCoupons) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*promotion.Coupon, error) {
	if err := s.f.Hit("coupon.Claim"); err != nil {
		return nil, err
	}
	return s.CouponStore.Claim(ctx, t, limit, lease)
}

func (s faultyCoupons) Pending(ctx context.Context, limit int) ([]*promotion.Coupon, error) {
	if err := s.f.Hit("coupon.Pending"); err != nil {
		return nil, err
	}
	return s.CouponStore.Pending(ctx, limit)
}

// faultyCampaigns counts campaign Create, Get, Update, Pending and ListByShop
// (the campaign service's gap check, at setup).
type faultyCampaigns struct {
	promotion.CampaignStore
	f *faults.Counter
}

func (s faultyCampaigns) Create(ctx context.Context, c *promotion.Campaign) error {
	if err := s.f.Hit("campaign.Create"); err != nil {
		return err
	}
	return s.CampaignStore.Create(ctx, c)
}

func (s faultyCampaigns) Get(ctx context.Context, id uuid.UUID) (*promotion.Campaign, error) {
	if err := s.f.Hit("campaign.Get"); err != nil {
		return nil, err
	}
	return s.CampaignStore.Get(ctx, id)
}

func (s faultyCampaigns) Update(ctx context.Context, id uuid.UUID, fn func(*promotion.Campaign) error) error {
	if err := s.f.Hit("campaign.Update"); err != nil {
		return err
	}
	return s.CampaignStore.Update(ctx, id, fn)
}

func (s faultyCampaigns) Pending(ctx context.Context, limit int) ([]*promotion.Campaign, error) {
	if err := s.f.Hit("campaign.Pending"); err != nil {
		return nil, err
	}
	return s.CampaignStore.Pending(ctx, limit)
}

func (s faultyCampaigns) ListByShop(ctx context.Context, shopID uuid.UUID, endsAfter time.Time, limit int) ([]*promotion.Campaign, error) {
	if err := s.f.Hit("campaign.ListByShop"); err != nil {
		return nil, err
	}
	return s.CampaignStore.ListByShop(ctx, shopID, endsAfter, limit)
}

// faultyCases counts case Create, Get, Update, Due, Claim and Pending.
type faultyCases struct {
	aftersales.Store
	f *faults.Counter
}

func (s faultyCases) Create(ctx context.Context, c *aftersales.Case) error {
	if err := s.f.Hit("case.Create"); err != nil {
		return err
	}
	return s.Store.Create(ctx, c)
}

func (s faultyCases) Get(ctx context.Context, id uuid.UUID) (*aftersales.Case, error) {
	if err := s.f.Hit("case.Get"); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, id)
}

func (s faultyCases) Update(ctx context.Context, id uuid.UUID, fn func(*aftersales.Case) error) error {
	if err := s.f.Hit("case.Update"); err != nil {
		return err
	}
	return s.Store.Update(ctx, id, fn)
}

func (s faultyCases) Due(ctx context.Context, t time.Time, limit int) ([]*aftersales.Case, error) {
	if err := s.f.Hit("case.Due"); err != nil {
		return nil, err
	}
	return s.Store.Due(ctx, t, limit)
}

func (s faultyCases) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*aftersales.Case, error) {
	if err := s.f.Hit("case.Claim"); err != nil {
		return nil, err
	}
	return s.Store.Claim(ctx, t, limit, lease)
}

func (s faultyCases) Pending(ctx context.Context, limit int) ([]*aftersales.Case, error) {
	if err := s.f.Hit("case.Pending"); err != nil {
		return nil, err
	}
	return s.Store.Pending(ctx, limit)
}

// faultyLedgers counts ledger Create, Get, Update, Due, Claim and Pending.
type faultyLedgers struct {
	aftersales.LedgerStore
	f *faults.Counter
}

func (s faultyLedgers) Create(ctx context.Context, l *aftersales.Ledger) error {
	if err := s.f.Hit("ledger.Create"); err != nil {
		return err
	}
	return s.LedgerStore.Create(ctx, l)
}

func (s faultyLedgers) Get(ctx context.Context, id uuid.UUID) (*aftersales.Ledger, error) {
	if err := s.f.Hit("ledger.Get"); err != nil {
		return nil, err
	}
	return s.LedgerStore.Get(ctx, id)
}

func (s faultyLedgers) Update(ctx context.Context, id uuid.UUID, fn func(*aftersales.Ledger) error) error {
	if err := s.f.Hit("ledger.Update"); err != nil {
		return err
	}
	return s.LedgerStore.Update(ctx, id, fn)
}

func (s faultyLedgers) Due(ctx context.Context, t time.Time, limit int) ([]*aftersales.Ledger, error) {
	if err := s.f.Hit("ledger.Due"); err != nil {
		return nil, err
	}
	return s.LedgerStore.Due(ctx, t, limit)
}

func (s faultyLedgers) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*aftersales.Ledger, error) {
	if err := s.f.Hit("ledger.Claim"); err != nil {
		return nil, err
	}
	return s.LedgerStore.Claim(ctx, t, limit, lease)
}

func (s faultyLedgers) Pending(ctx context.Context, limit int) ([]*aftersales.Ledger, error) {
	if err := s.f.Hit("ledger.Pending"); err != nil {
		return nil, err
	}
	return s.LedgerStore.Pending(ctx, limit)
}

// faultyMembers counts member Create, Get and Update.
type faultyMembers struct {
	membership.Store
	f *faults.Counter
}

func (s faultyMembers) Create(ctx context.Context, m *membership.Member) error {
	if err := s.f.Hit("member.Create"); err != nil {
		return err
	}
	return s.Store.Create(ctx, m)
}

func (s faultyMembers) Get(ctx context.Context, id uuid.UUID) (*membership.Member, error) {
	if err := s.f.Hit("member.Get"); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, id)
}

func (s faultyMembers) Update(ctx context.Context, id uuid.UUID, fn func(*membership.Member) error) error {
	if err := s.f.Hit("member.Update"); err != nil {
		return err
	}
	return s.Store.Update(ctx, id, fn)
}

// faultySettlements counts every commission store call, MarkSettledBatch
// among them: the wrapper is a commission.BatchStore as the in-memory store
// is, so the settler writes its markers the same way through it.
type faultySettlements struct {
	settlementStore
	f *faults.Counter
}

// settlementStore is a commission store that writes markers in batches.
type settlementStore interface {
	commission.Store
	commission.BatchStore
}

func (s faultySettlements) SaveRuleSet(ctx context.Context, rs commission.RuleSet) error {
	if err := s.f.Hit("commission.SaveRuleSet"); err != nil {
		return err
	}
	return s.settlementStore.SaveRuleSet(ctx, rs)
}

func (s faultySettlements) RuleSets(ctx context.Context) ([]commission.RuleSet, error) {
	if err := s.f.Hit("commission.RuleSets"); err != nil {
		return nil, err
	}
	return s.settlementStore.RuleSets(ctx)
}

func (s faultySettlements) MarkSettled(ctx context.Context, m commission.Marker) error {
	if err := s.f.Hit("commission.MarkSettled"); err != nil {
		return err
	}
	return s.settlementStore.MarkSettled(ctx, m)
}

func (s faultySettlements) MarkSettledBatch(ctx context.Context, ms []commission.Marker) error {
	if err := s.f.Hit("commission.MarkSettledBatch"); err != nil {
		return err
	}
	return s.settlementStore.MarkSettledBatch(ctx, ms)
}

func (s faultySettlements) Marker(ctx context.Context, orderID uuid.UUID) (commission.Marker, bool, error) {
	if err := s.f.Hit("commission.Marker"); err != nil {
		return commission.Marker{}, false, err
	}
	return s.settlementStore.Marker(ctx, orderID)
}

func (s faultySettlements) SaveStatement(ctx context.Context, st commission.Statement) error {
	if err := s.f.Hit("commission.SaveStatement"); err != nil {
		return err
	}
	return s.settlementStore.SaveStatement(ctx, st)
}

func (s faultySettlements) Statement(ctx context.Context, key string) (commission.Statement, error) {
	if err := s.f.Hit("commission.Statement"); err != nil {
		return commission.Statement{}, err
	}
	return s.settlementStore.Statement(ctx, key)
}

var (
	_ inventory.Store               = faultyItems{}
	_ order.Store                   = faultyOrders{}
	_ promotion.CouponTemplateStore = faultyTemplates{}
	_ promotion.CouponQuotaStore    = faultyQuotas{}
	_ promotion.CouponStore         = faultyCoupons{}
	_ promotion.CampaignStore       = faultyCampaigns{}
	_ aftersales.Store              = faultyCases{}
	_ aftersales.LedgerStore        = faultyLedgers{}
	_ membership.Store              = faultyMembers{}
	_ commission.Store              = faultySettlements{}
	_ commission.BatchStore         = faultySettlements{}
)
