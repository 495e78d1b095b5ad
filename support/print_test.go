package support_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The personal values of the printing tests: the customer's ID (a phone
// number), and what they write — another phone number, a street, a name, an
// e-mail address.
const (
	customerPhone = "13812345678"
	otherPhone    = "13912345678"
	street        = "建国路88号"
	personName    = "张三丰"
	emailAddress  = "zhangsan@example.com"
)

var personal = []string{customerPhone, otherPhone, street, personName, emailAddress}

// printed returns v in every form fmt offers a log line.
func printed(v any) []string {
	return []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v)}
}

func assertMasked(t *testing.T, name string, v any, secrets ...string) {
	t.Helper()
	for _, out := range printed(v) {
		for _, s := range secrets {
			assert.NotContains(t, out, s, "%s prints %q in clear: %s", name, s, out)
		}
	}
}

// R0.5: every entity and every value holding personal data prints masked with
// %v, %+v, %#v and %s — %#v included, which printed a conversation's messages
// (a phone number, a street) in clear before GoString. The snapshots keep the
// data in full for storage.
func TestPrintedFormsMaskPersonalData_R0_5(t *testing.T) {
	p := support.DefaultPolicy()
	said := "我是" + personName + "，电话" + otherPhone + "，地址北京市朝阳区" + street + "，邮箱" + emailAddress
	in := support.Inquiry{ShopID: shop1, CustomerID: customerPhone, Channel: support.Phone, Phase: support.InSale, Group: "pre_sale", Content: said}
	c, err := support.NewConversation(in, p, at(23, 10, 0, 0))
	require.NoError(t, err)
	require.NoError(t, c.Assign(shopkit.SystemActor(), at(23, 10, 0, 0), "agent-1"))
	require.NoError(t, c.Reply(agent1, at(23, 10, 1, 0), "好的，"+personName+"，改到"+street))
	customer := shopkit.Actor{Role: shopkit.Buyer, ID: customerPhone}
	require.NoError(t, c.Message(customer, at(23, 10, 2, 0), "谢谢 "+otherPhone))
	sum := support.Summary{Text: "address changed to " + street + " for " + otherPhone, Topic: "address"}
	require.NoError(t, c.Resolve(agent1, at(23, 10, 3, 0), sum))

	signals := support.Signals{Text: said + " 12315"}
	k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: customerPhone, Channel: support.Phone, Signals: signals},
		support.DefaultSeverityPolicy(), p, at(23, 10, 0, 0))
	require.NoError(t, err)

	order := uuid.MustParse("0d0e0000-0000-4000-8000-000000000001")
	for name, v := range map[string]any{
		"conversation":          c,
		"conversation snapshot": c.Snapshot(),
		"complaint":             k,
		"complaint snapshot":    k.Snapshot(),
		"inquiry":               in,
		"messages":              c.Messages(),
		"summary":               c.Summary(),
		"signals":               signals,
		"complaint input":       support.ComplaintInput{ShopID: shop1, CustomerID: customerPhone, Channel: support.Email, Signals: signals},
		"agent view":            support.AgentView{Conversation: c},
		"inquiry fact":          support.InquiryFact{ShopID: shop1, BuyerID: customerPhone},
		"order fact":            support.OrderFact{OrderID: order, ShopID: shop1, BuyerID: customerPhone},
	} {
		assertMasked(t, name, v, personal...)
	}
	assert.Contains(t, fmt.Sprintf("%#v", c), "customer "+shopkit.MaskPhone(customerPhone))

	s := c.Snapshot()
	assert.Equal(t, customerPhone, s.CustomerID, "the snapshot keeps the data for storage")
	assert.Equal(t, said, s.Messages[0].Content)
	assert.Equal(t, signals, k.Snapshot().Signals)
}

// R0.5: a customer ID of any length is masked with the kernel's MaskPhone —
// "12345" prints as "1***5", never with its last four characters in clear — and
// at the edges (1, 4, 7, 8, 10 and 11 characters) nothing short is printed
// whole.
func TestShortCustomerIDsAreMasked_R0_5(t *testing.T) {
	assert.Equal(t, "1***5", shopkit.MaskPhone("12345"), "the kernel masks short values")
	for _, id := range []string{"1", "1234", "12345", "1234567", "12345678", "1234567890", "13812345678", "buyer-a"} {
		c, err := support.NewConversation(support.Inquiry{ShopID: shop1, CustomerID: id, Channel: support.App,
			Phase: support.PreSale, Content: "在吗"}, support.DefaultPolicy(), at(23, 10, 0, 0))
		require.NoError(t, err)
		k, err := support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: id, Channel: support.App,
			Signals: support.Signals{Text: "投诉"}}, support.DefaultSeverityPolicy(), support.DefaultPolicy(), at(23, 10, 0, 0))
		require.NoError(t, err)
		for _, v := range []any{c, k, c.Snapshot(), k.Snapshot()} {
			for _, out := range printed(v) {
				assert.Contains(t, out, " customer "+shopkit.MaskPhone(id)+" ", out)
				assert.NotContains(t, out, " customer "+id+" ", "%q in clear", id)
				if n := len(id); n >= 4 && n < 11 {
					// Only the customer's field: the random IDs beside it may
					// hold any four digits.
					_, field, _ := strings.Cut(out, " customer ")
					field, _, _ = strings.Cut(field, " ")
					assert.NotContains(t, field, id[n-4:], "a short ID keeps less than its last four: %s", out)
				}
			}
		}
	}
	assert.Contains(t, openWith(t, "12345").String(), "customer 1***5 ")
}

func openWith(t *testing.T, customer string) *support.Conversation {
	c, err := support.NewConversation(support.Inquiry{ShopID: shop1, CustomerID: customer, Channel: support.App,
		Phase: support.PreSale, Content: "在吗"}, support.DefaultPolicy(), at(23, 10, 0, 0))
	require.NoError(t, err)
	return c
}

// R0.5: a message prints its time, role and masked author, never its content;
// an agent's ID is staff, not personal data, and prints as it is.
func TestMessageForm_R0_5(t *testing.T) {
	m := support.Message{At: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Role: shopkit.Buyer, Author: customerPhone, Content: "电话" + otherPhone}
	assert.Equal(t, "Message{2026-11-23T10:00:00Z buyer 138****5678 13 runes}", m.String())
	m.Role, m.Author = shopkit.Merchant, "agent-1"
	assert.Equal(t, "Message{2026-11-23T10:00:00Z merchant agent-1 13 runes}", fmt.Sprintf("%#v", m))
	assert.False(t, strings.Contains(fmt.Sprintf("%+v", []support.Message{m}), otherPhone))
}
