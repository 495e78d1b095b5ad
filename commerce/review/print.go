package review

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopkit/shopkit"
)

// The printed forms of the values that carry personal data (R0.5). %v, %+v, %s
// and %#v all print them masked: the buyer's ID through shopkit.MaskPhone
// (hosts often key buyers by their phone number), and the review's and reply's
// free text only by its length, for it may hold a phone number, a street or a
// name. The fields themselves, and the Snapshot, keep the data in full, for the
// host's stores.

// String describes the review: its order, shop, stars and state, the buyer
// masked and the text by its length (R0.5).
func (r *Review) String() string {
	return "review " + r.id.String() + " of order " + r.orderID.String() + " by " + shopkit.MaskPhone(r.buyerID) +
		" for shop " + r.merchantID.String() + ": " + strconv.Itoa(r.stars) + " stars, " + runes(r.text) + ", " + string(r.State())
}

// GoString is String, so %#v prints the same masked form (R0.5).
func (r *Review) GoString() string { return r.String() }

// String describes the snapshot as Review.String describes the review (R0.5).
func (s Snapshot) String() string {
	return "Snapshot{" + s.ID.String() + " order " + s.OrderID.String() + " buyer " + shopkit.MaskPhone(s.BuyerID) +
		" shop " + s.MerchantID.String() + " " + strconv.Itoa(s.Stars) + " stars " + runes(s.Text) + " " + string(s.Reply.state()) +
		" " + strconv.Itoa(s.Seq) + " entries}"
}

// GoString is String, so %#v prints the same masked form.
func (s Snapshot) GoString() string { return s.String() }

// String describes the reply by its author, time and the length of its text.
func (r Reply) String() string {
	if !r.Replied {
		return "Reply{none}"
	}
	return "Reply{" + r.By + " " + r.At.Format(time.RFC3339) + " " + runes(r.Text) + "}"
}

// GoString is String, so %#v prints the same masked form.
func (r Reply) GoString() string { return r.String() }

// runes describes a free text by its length only.
func runes(s string) string { return strconv.Itoa(utf8.RuneCountInString(s)) + " characters" }
