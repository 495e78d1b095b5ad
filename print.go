package shopkit

import (
	"fmt"
	"strconv"
	"strings"
)

// The printed forms of the shared records mask personal data (R0.5): an actor or
// a buyer ID prints masked, free text (reasons, notes) and evidence references
// print only as their length or count, since a buyer may type a phone number into
// them. The fields keep the data in full for storage.

// String is the entry in a log: kind, sequence, time, who, action and states.
func (e Entry) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s #%d %s %s:%s %s", e.Kind, e.Seq, e.At.Format("2006-01-02T15:04:05.999999999Z07:00"),
		e.Role, MaskPhone(e.Actor), e.Action)
	if e.From != "" || e.To != "" {
		fmt.Fprintf(&b, " %s→%s", e.From, e.To)
	}
	if e.Reason != "" {
		b.WriteString(" reason(" + strconv.Itoa(len([]rune(e.Reason))) + " chars)")
	}
	if len(e.Evidence) > 0 {
		b.WriteString(" evidence(" + strconv.Itoa(len(e.Evidence)) + ")")
	}
	if e.Kind == EntryEffect {
		b.WriteString(" " + e.Effect.String())
	}
	return b.String()
}

// GoString is String, so %#v masks too.
func (e Entry) GoString() string { return e.String() }

// String is the effect in a log, its party masked.
func (e Effect) String() string {
	s := "effect " + e.ID + " " + string(e.Type) + " to " + maskParty(e.Party)
	if !e.Amount.IsZero() {
		s += " " + e.Amount.String()
	}
	return s
}

// GoString is String, so %#v masks too.
func (e Effect) GoString() string { return e.String() }

// maskParty masks the ID in "buyer:<id>"; shops and the platform are not persons.
func maskParty(p string) string {
	if id, ok := strings.CutPrefix(p, "buyer:"); ok {
		return "buyer:" + MaskPhone(id)
	}
	return p
}

// String is the refund in a log: its key, order, amount and lines, the buyer
// masked and the reason only as its length.
func (r Refund) String() string {
	s := fmt.Sprintf("refund %s of order %s to buyer %s: %s (%d lines, shipping %s)",
		r.Key, r.OrderID, MaskPhone(r.BuyerID), r.Amount, len(r.Lines), r.Shipping)
	if r.Advance {
		s += " advanced by the platform"
	}
	if r.Confirmed {
		s += " confirmed"
	}
	return s
}

// GoString is String, so %#v masks too.
func (r Refund) GoString() string { return r.String() }
