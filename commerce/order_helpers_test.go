package commerce_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/require"
)

// t0 is when the test orders are placed.
var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

var (
	buyer    = commerce.Actor{Role: shopkit.Buyer, ID: "buyer-1"}
	stranger = commerce.Actor{Role: shopkit.Buyer, ID: "buyer-2"} // not the buyer of the test orders
	merchant = commerce.Actor{Role: shopkit.Merchant, ID: "merchant-1"}
	platform = commerce.Actor{Role: shopkit.Platform, ID: "agent-7"}
	system   = commerce.SystemActor()
)

func testAddress() commerce.Address {
	return commerce.Address{Recipient: "张三", Phone: "13812345678", Region: "浙江省杭州市西湖区", Detail: "文三路100号3幢", PostalCode: "310000"}
}

// placeInput is a two-line order: ¥100.00 × 2 with a ¥10.00 member discount and
// a ¥15.00 coupon share, and ¥30.00 × 1; shipping ¥10.00 with ¥5.00 off.
func placeInput() commerce.PlaceOrder {
	return commerce.PlaceOrder{
		BuyerID:    buyer.ID,
		MerchantID: uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88"),
		Lines: []commerce.OrderLine{
			{SKU: "TEA-1", ListingID: uuid.MustParse("0b7e8f00-0000-4000-8000-000000000001"), Name: "Longjing tea",
				UnitPrice: commerce.CNY(10000), Quantity: 2, Subtotal: commerce.CNY(20000),
				MemberDiscount: commerce.CNY(1000), CouponDiscount: commerce.CNY(1500), Paid: commerce.CNY(17500)},
			{SKU: "CUP-1", ListingID: uuid.MustParse("0b7e8f00-0000-4000-8000-000000000002"), Name: "Cup",
				UnitPrice: commerce.CNY(3000), Quantity: 1},
		},
		Shipping:         commerce.CNY(1000),
		ShippingDiscount: commerce.CNY(500),
		Address:          testAddress(),
		Source:           "app",
	}
}

// placeTotal is placeInput's total: 17500 + 3000 + 1000 − 500.
const placeTotal = 21000

func newTestOrder(t testing.TB) *commerce.Order {
	return newTestOrderWith(t, commerce.DefaultOrderPolicy())
}

func newTestOrderWith(t testing.TB, p commerce.OrderPolicy) *commerce.Order {
	o, err := commerce.NewOrder(placeInput(), "20261122180000000001", p, t0)
	require.NoError(t, err)
	return o
}

func payment(at time.Time) commerce.Payment {
	return commerce.Payment{Method: commerce.WeChatPay, Amount: commerce.CNY(placeTotal), GatewayRef: "WX-4200001", PaidAt: at}
}

// paidOrder is paid 10 minutes after placing.
func paidOrder(t testing.TB) (*commerce.Order, time.Time) {
	o := newTestOrder(t)
	paid := t0.Add(10 * time.Minute)
	require.NoError(t, o.Pay(buyer, payment(paid), paid))
	return o, paid
}

// shippedOrder is confirmed an hour after payment and shipped two hours after it.
func shippedOrder(t testing.TB) (*commerce.Order, time.Time) {
	o, paid := paidOrder(t)
	require.NoError(t, o.Confirm(merchant, paid.Add(time.Hour)))
	shipped := paid.Add(2 * time.Hour)
	require.NoError(t, o.Ship(merchant, "SF Express", "SF1234567890", shipped))
	return o, shipped
}

func effectsOf(o *commerce.Order, typ commerce.EffectType, note string) []commerce.Entry {
	var out []commerce.Entry
	for _, e := range o.History() {
		if e.Kind == commerce.EntryEffect && e.Effect.Type == typ && (note == "" || e.Effect.Note == note) {
			out = append(out, e)
		}
	}
	return out
}

// fakeStock is a tiny StockKeeper: on-hand and reservations per ref,
// all-or-nothing, idempotent per ref.
type fakeStock struct {
	mu       sync.Mutex
	onHand   map[string]int64
	reserved map[string][]commerce.StockLine
	calls    []string
}

func newFakeStock(onHand map[string]int64) *fakeStock {
	return &fakeStock{onHand: onHand, reserved: map[string][]commerce.StockLine{}}
}

func (f *fakeStock) reservedOf(sku string) int64 {
	var n int64
	for _, lines := range f.reserved {
		for _, l := range lines {
			if l.SKU == sku {
				n += l.Quantity
			}
		}
	}
	return n
}

func (f *fakeStock) Reserve(_ context.Context, ref string, lines []commerce.StockLine) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "reserve "+ref)
	if _, ok := f.reserved[ref]; ok {
		return nil
	}
	want := map[string]int64{}
	for _, l := range lines {
		want[l.SKU] += l.Quantity
	}
	for sku, q := range want {
		if f.onHand[sku]-f.reservedOf(sku) < q {
			return shopkit.NewError(shopkit.ErrConflict, "commerce.insufficient_stock", "commerce: not enough "+sku)
		}
	}
	f.reserved[ref] = append([]commerce.StockLine(nil), lines...)
	return nil
}

func (f *fakeStock) Release(_ context.Context, ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "release "+ref)
	delete(f.reserved, ref)
	return nil
}

func (f *fakeStock) Commit(_ context.Context, ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "commit "+ref)
	for _, l := range f.reserved[ref] {
		f.onHand[l.SKU] -= l.Quantity
	}
	delete(f.reserved, ref)
	return nil
}

// invariantOK reports reserved ≤ on-hand for every SKU.
func (f *fakeStock) invariantOK() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for sku, n := range f.onHand {
		if f.reservedOf(sku) > n || n < 0 {
			return false
		}
	}
	return true
}
