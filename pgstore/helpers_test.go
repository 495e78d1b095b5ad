package pgstore_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/require"
)

// unpaidOrder returns an unpaid order whose close deadline is at (its
// reminder sent), with a number of its own; ApplyDue after at closes it and
// emits a notification effect.
func unpaidOrder(t testing.TB, at time.Time) *order.Order {
	t.Helper()
	p := order.DefaultPolicy()
	id := uuid.New()
	o, err := order.RestoreOrder(order.Snapshot{
		ID: id, Number: new(big.Int).SetBytes(id[:]).String(), BuyerID: "b", MerchantID: uuid.New(), State: order.OrderPendingPayment,
		Policy: p, PlacedAt: at.Add(-p.CloseUnpaidAfter), Flags: order.Flags{Reminded: true},
		Lines:   []order.Line{{SKU: "S", UnitPrice: shopkit.CNY(1), Quantity: 1, Subtotal: shopkit.CNY(1), Paid: shopkit.CNY(1)}},
		Total:   shopkit.CNY(1),
		Address: order.Address{Recipient: "李四", Phone: "13900001111", Region: "上海市", Detail: "南京路2号"},
	})
	require.NoError(t, err)
	return o
}

// touch changes the order's address: one entry, no effect, repeatable.
func touch(o *order.Order) error {
	return o.ChangeAddress(shopkit.Actor{Role: shopkit.Buyer, ID: o.BuyerID()}, o.Address(), o.PlacedAt().Add(time.Minute))
}

// effectIDs are the IDs of the effect entries of es.
func effectIDs(es []shopkit.Entry) []string {
	var ids []string
	for _, e := range es {
		if e.Kind == shopkit.EntryEffect {
			ids = append(ids, e.Effect.ID)
		}
	}
	return ids
}
