package order_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderWorkflowDoc is the text of DIAGRAMS.md around the generated diagram.
func orderWorkflowDoc() string {
	return `# The order workflow (R2.3)

Generated from the table in order_workflow.go by TestOrderDiagram, drawn with
` + "`OrderDiagram(DefaultPolicy())`" + `; regenerate with
` + "`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce/order/...`" + `.

Edges marked "after" are consequences a sweep applies strictly after the
deadline (R0.3, R2.9), stamped with the deadline's time; a sweep at exactly the
deadline applies nothing. Every deadline is a field of order.Policy, and
` + "`OrderDiagram(p)`" + ` labels the edges with p's deadlines; an action at exactly
the deadline is in time, one nanosecond later it is late.

| State | Waits for | Deadline (default) | Consequence when it passes |
|---|---|---|---|
| pending_payment | the buyer's payment | 30 min after placing | one payment reminder, only while payable: not after payment, and not when the sweep comes only at or after the close deadline (R2.3.5); Deadline reports it, PaymentDeadline the payment limit |
| pending_payment | the buyer's payment | 24 h after placing | closed, stock released (R2.3.4); a payment taken at exactly 24 h is accepted, and a sweep at exactly 24 h does not close |
| paid | the merchant's confirmation | 24 h after payment | the system confirms and records the merchant late, only while the order's stock is reserved (R2.3.4). Through Service a paid order always holds it (under ReserveAtPayment a shortage fails the payment); an order without one is listed by NeedsAttention instead and waits for the ship deadline |
| paid, confirmed | the shipment | 48 h after payment | flagged ship-overdue and listed for customer service; from then on (strictly after 48 h) the buyer's cancellation is approved automatically (RefundOnlyRequest.AutoApprove) |
| shipped | tracking updates | 3 days after shipment or the latest update | flagged slow and listed (R2.3.7); an update clears it |
| delivered | the buyer's confirmation | 10 days after signing | completed (R2.3.4) |

The self-loops change a flag, not the state: the payment reminder, ship
overdue, slow tracking, a tracking update, a lost parcel, and an address change
(until shipment, R2.3.6). A buyer's cancellation before payment closes the
order and releases its stock; after payment (and before shipment) it moves the
order to refund_requested and exposes a RefundOnlyRequest for the after-sales
package (R3.6): order ID and number, buyer, merchant, every line with its
quantity and paid amount, shipping and shipping discount, total, the payment
to refund through, reason, time, and AutoApprove. The case's outcome comes back
as refund (refunded, stock released) or reject_refund (confirmed, the ship
deadline still running from payment).

Every action first checks that its actor is a party of the order (R0.4): the
order's buyer, its shop's merchant (actor ID = the order's MerchantID), an
operator for its shop, or the system; anyone else, and any actor with an empty
ID, is shopkit.not_party whatever the state. Then the table (R2.3.8): a wrong
state or role is a TransitionError (order.wrong_state, order.wrong_role). A
rejected action changes nothing.

` + "```mermaid\n" + order.OrderDiagram(order.DefaultPolicy()) + "```\n"
}

// The order diagram in DIAGRAMS.md is generated from the table; this golden
// test fails when they disagree.
func TestOrderDiagram(t *testing.T) {
	got := orderWorkflowDoc()
	golden.Assert(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "pending_payment --> closed: close (system) after 24h unpaid")
	assert.Contains(t, got, "paid --> confirmed: confirm (merchant, system) after 24h\n")
	assert.Contains(t, got, "confirmed --> confirmed: flag_ship_overdue (system) after 48h of payment")
	assert.Contains(t, got, "shipped --> shipped: flag_slow (system) after 3 days without tracking")
	assert.Contains(t, got, "delivered --> completed: complete (buyer, system) after 10 days")
}

// R2.3.4: the diagram's deadlines are the policy's: a shop that closes unpaid
// orders after 30 min and completes 7 days after delivery sees those numbers.
func TestOrderDiagramFollowsPolicy_R2_3_4(t *testing.T) {
	p := order.DefaultPolicy()
	p.CloseUnpaidAfter = 90 * time.Minute
	p.ShipWithin = 72 * time.Hour
	p.AutoCompleteAfter = 7 * 24 * time.Hour
	p.TrackingStaleAfter = 36 * time.Hour
	got := order.OrderDiagram(p)
	assert.Contains(t, got, "close (system) after 90 min unpaid")
	assert.Contains(t, got, "flag_ship_overdue (system) after 72h of payment")
	assert.Contains(t, got, "complete (buyer, system) after 7 days")
	assert.Contains(t, got, "flag_slow (system) after 36h without tracking")
	assert.NotContains(t, got, "10 days")

	// The table orders check against keeps the defaults.
	assert.Contains(t, order.OrderDiagram(order.DefaultPolicy()), "after 10 days")
	wf := order.OrderWorkflow(p)
	assert.Equal(t, order.WorkflowName, wf.Workflow())
	to, ok := wf.Timeout(order.OrderDelivered)
	require.True(t, ok)
	assert.Equal(t, order.OrderComplete, to.Action)
	assert.Equal(t, "7 days", to.Label)
}
