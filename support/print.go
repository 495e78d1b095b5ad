package support

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopkit/shopkit"
)

// The printed forms of the values that carry personal data (R0.5). %v, %+v, %s
// and %#v all print them masked: a customer's or buyer's ID through
// shopkit.MaskPhone (customers are often known by their phone number), and free
// text — what the customer wrote, an agent's summary — only by its length, for it
// may hold a phone number, a street or an ID number. The fields themselves keep
// the data in full, for the host's stores.

// String describes the inquiry without its content; the customer is masked.
func (in Inquiry) String() string {
	return "Inquiry{shop " + in.ShopID.String() + " customer " + shopkit.MaskPhone(in.CustomerID) + " " +
		string(in.Channel) + " " + string(in.Phase) + " group " + string(in.Group) + " " + runes(in.Content) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (in Inquiry) GoString() string { return in.String() }

// String describes the message without its content; a customer author is
// masked.
func (m Message) String() string {
	author := m.Author
	if m.Role == shopkit.Buyer {
		author = shopkit.MaskPhone(m.Author)
	}
	return "Message{" + m.At.Format(time.RFC3339) + " " + string(m.Role) + " " + author + " " + runes(m.Content) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (m Message) GoString() string { return m.String() }

// String shows the topic and only the length of the text.
func (s Summary) String() string { return "Summary{" + string(s.Topic) + " " + runes(s.Text) + "}" }

// GoString is String, so %#v prints the same masked form.
func (s Summary) GoString() string { return s.String() }

// String describes the signals without the customer's words.
func (s Signals) String() string {
	return "Signals{" + runes(s.Text) + " prior " + strconv.Itoa(s.PriorContacts) + " order " + s.OrderValue.String() + "}"
}

// GoString is String, so %#v prints the same masked form.
func (s Signals) GoString() string { return s.String() }

// String describes the input without personal data.
func (in ComplaintInput) String() string {
	return "ComplaintInput{shop " + in.ShopID.String() + " customer " + shopkit.MaskPhone(in.CustomerID) + " " +
		string(in.Channel) + " " + in.Signals.String() + "}"
}

// GoString is String, so %#v prints the same masked form.
func (in ComplaintInput) GoString() string { return in.String() }

// String describes the snapshot as Conversation.String describes the
// conversation. The snapshot itself keeps every field in full: it is what a
// host's store persists.
func (s ConversationSnapshot) String() string {
	return "ConversationSnapshot{" + s.ID.String() + " shop " + s.ShopID.String() + " customer " + shopkit.MaskPhone(s.CustomerID) +
		" " + string(s.Channel) + " " + string(s.State) + " agent " + s.AgentID + " messages " + strconv.Itoa(len(s.Messages)) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (s ConversationSnapshot) GoString() string { return s.String() }

// String describes the snapshot as Complaint.String describes the complaint.
// The snapshot itself keeps every field in full: it is what a host's store
// persists.
func (s ComplaintSnapshot) String() string {
	return "ComplaintSnapshot{" + s.ID.String() + " shop " + s.ShopID.String() + " customer " + shopkit.MaskPhone(s.CustomerID) +
		" " + s.Severity.String() + " " + string(s.State) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (s ComplaintSnapshot) GoString() string { return s.String() }

// String describes the inquiry with its buyer masked.
func (q InquiryFact) String() string {
	return "InquiryFact{shop " + q.ShopID.String() + " buyer " + shopkit.MaskPhone(q.BuyerID) + " " + q.At.Format(time.RFC3339) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (q InquiryFact) GoString() string { return q.String() }

// String describes the order with its buyer masked.
func (o OrderFact) String() string {
	return "OrderFact{" + o.OrderID.String() + " shop " + o.ShopID.String() + " buyer " + shopkit.MaskPhone(o.BuyerID) +
		" placed " + o.PlacedAt.Format(time.RFC3339) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (o OrderFact) GoString() string { return o.String() }

// runes prints free text by its length only.
func runes(s string) string { return strconv.Itoa(utf8.RuneCountInString(s)) + " runes" }
