package aftersales

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopkit/shopkit"
)

// The printed forms of the values that hold personal data (R0.5). %v, %+v, %s
// and %#v all print them masked: a buyer's ID through shopkit.MaskPhone (buyers
// are often known by their phone number), and what people wrote — the buyer's
// note, a rejection's or a dispute's reason, which may name a person, a phone
// number or an address — only by its length; evidence, conversation and waybill
// references (a waybill finds the parcel's addressee) only by their count. The
// values themselves keep every field in full: the snapshots are what a host's
// store persists.

// String describes the case with its personal data masked (R0.5).
func (c *Case) String() string {
	return "case " + c.id.String() + " " + string(c.kind) + " of order " + c.orderNumber + " (buyer " +
		shopkit.MaskPhone(c.buyerID) + ", shop " + c.merchantID.String() + "): " + string(c.state)
}

// GoString is String, so %#v prints the same masked form.
func (c *Case) GoString() string { return c.String() }

// String describes the snapshot as Case.String describes the case. The snapshot
// itself keeps every field in full.
func (s CaseSnapshot) String() string {
	return "CaseSnapshot{" + s.ID.String() + " " + string(s.Kind) + " order " + s.OrderNumber + " buyer " +
		shopkit.MaskPhone(s.BuyerID) + " shop " + s.MerchantID.String() + " " + string(s.State) +
		" note " + chars(s.Note) + " evidence " + count(len(s.Evidence)) + " trail " + count(s.Seq) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (s CaseSnapshot) GoString() string { return s.String() }

// String describes the ledger without personal data (R0.5).
func (l *Ledger) String() string {
	return "ledger of order " + l.number + ": paid " + l.Paid().String() + ", refunded " + l.Refunded().String() +
		", " + count(len(l.refunds)) + " refunds"
}

// GoString is String, so %#v prints the same masked form.
func (l *Ledger) GoString() string { return l.String() }

// String describes the snapshot with its buyer masked. The snapshot itself
// keeps every field in full.
func (s LedgerSnapshot) String() string {
	return "LedgerSnapshot{order " + s.OrderID.String() + " " + s.OrderNumber + " buyer " + shopkit.MaskPhone(s.BuyerID) +
		" shop " + s.MerchantID.String() + " " + count(len(s.Lines)) + " lines " + count(len(s.Refunds)) + " refunds " +
		count(len(s.Debts)) + " debts}"
}

// GoString is String, so %#v prints the same masked form.
func (s LedgerSnapshot) GoString() string { return s.String() }

// String describes the order snapshot with its buyer masked.
func (o Order) String() string {
	return "Order{" + o.ID.String() + " " + o.Number + " buyer " + shopkit.MaskPhone(o.BuyerID) + " shop " +
		o.MerchantID.String() + " " + string(o.State) + " " + count(len(o.Lines)) + " lines}"
}

// GoString is String, so %#v prints the same masked form.
func (o Order) GoString() string { return o.String() }

// String describes the application with its buyer masked, the note by its
// length and the evidence by its count.
func (a Application) String() string {
	return "Application{" + string(a.Kind) + " " + string(a.Reason) + " buyer " + shopkit.MaskPhone(a.BuyerID) + " " +
		count(len(a.Lines)) + " lines note " + chars(a.Note) + " evidence " + count(len(a.Evidence)) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (a Application) GoString() string { return a.String() }

// String describes the dispute with its reason by length and its evidence by
// count.
func (d Dispute) String() string {
	return "Dispute{by " + string(d.RequestedBy) + " at " + stamp(d.RequestedAt) + " reason " + chars(d.Reason) +
		" evidence " + count(len(d.Evidence)) + " decision " + string(d.Decision) + " at " + stamp(d.DecidedAt) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (d Dispute) GoString() string { return d.String() }

// String describes the rejection by what it shows, not by its words.
func (r Rejection) String() string {
	conv := "without"
	if r.Conversation != "" {
		conv = "with"
	}
	return "Rejection{" + conv + " conversation, evidence " + count(len(r.Evidence)) + " reason " + chars(r.Reason) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (r Rejection) GoString() string { return r.String() }

// String describes the request with a buyer asking masked and the reason by
// its length.
func (r RefundRequest) String() string {
	return "RefundRequest{" + r.Key + " case " + r.CaseID.String() + " " + count(len(r.Lines)) + " lines advance " +
		strconv.FormatBool(r.Advance) + " by " + actor(r.By) + " due " + stamp(r.DueBy) + " reason " + chars(r.Reason) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (r RefundRequest) GoString() string { return r.String() }

// String describes the debt with the platform's reason by its length.
func (d MerchantDebt) String() string {
	return "MerchantDebt{" + d.Key + " shop " + d.MerchantID.String() + " order " + d.OrderID.String() + " case " +
		d.CaseID.String() + " " + d.Amount.String() + " at " + stamp(d.At) + " reason " + chars(d.Reason) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (d MerchantDebt) GoString() string { return d.String() }

// chars prints free text by its length only.
func chars(s string) string { return strconv.Itoa(utf8.RuneCountInString(s)) + " chars" }

func count(n int) string { return strconv.Itoa(n) }

// stamp prints a time, or "-" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}

// actor prints who acts: a buyer's ID masked like a phone number, another
// actor's ID (a shop, an operator, the system) as it is.
func actor(by shopkit.Actor) string {
	id := by.ID
	if by.Role == shopkit.Buyer {
		id = shopkit.MaskPhone(id)
	}
	return string(by.Role) + " " + id
}
