package membership_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.5: every printed form (%v, %+v, %#v, %s) of a member, its snapshot, a
// completed order and a campaign's skips masks the customer, whom hosts often
// key by phone number; the snapshot itself keeps it, for the store.
func TestPrintedFormsMaskTheCustomerR0_5(t *testing.T) {
	const phone = "13812345678"
	set := newSet(t, membership.ByAmount)
	m, err := membership.NewMember(shop, phone, "", start())
	require.NoError(t, err)
	o := membership.CompletedOrder{OrderID: oid("o1"), CustomerID: phone, Amount: shopkit.CNY(1200_00), CompletedAt: start()}
	_, err = m.CompleteOrder(set, o, start())
	require.NoError(t, err)
	skip := membership.CampaignSkip{CustomerID: phone, Err: errors.New("limit reached")}
	values := map[string]any{
		"member":          m,
		"snapshot":        m.Snapshot(),
		"completed order": o,
		"skip":            skip,
		"report":          membership.CampaignReport{Skipped: []membership.CampaignSkip{skip}},
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, phone, "%s printed with %s: %s", name, verb, out)
			assert.Contains(t, out, shopkit.MaskPhone(phone), "%s printed with %s: %s", name, verb, out)
		}
	}
	assert.Equal(t, phone, m.Snapshot().CustomerID, "the snapshot keeps the customer for the store")
}
