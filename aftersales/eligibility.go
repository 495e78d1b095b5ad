package aftersales

import (
	"fmt"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// CheckEligibility checks an application against the order and the policy (R3.2):
// the applicant is the order's buyer; the order's state allows the kind (nothing
// before payment; only refund-only before the goods are received; no money back
// without the goods for a no-reason request); the lines and units exist; no-reason
// returns and exchanges are within the category's window from the signed-for time
// and not of an excluded category. Whether the units are already in another open
// case is the order ledger's business (Ledger.Claim). An invalid policy is an error.
func CheckEligibility(p Policy, o Order, app Application, now time.Time) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return checkEligibility(p, o, app, now)
}

// checkEligibility is CheckEligibility under a policy already validated.
func checkEligibility(p Policy, o Order, app Application, now time.Time) error {
	if err := validateOrder(o); err != nil {
		return err
	}
	if err := checkApplication(o, app); err != nil {
		return err
	}
	if app.BuyerID != o.BuyerID {
		return notAllowed(CodeNotBuyer, "only the order's buyer may open a case")
	}
	switch {
	case o.State == OrderPendingPayment || o.State == OrderClosed:
		return notAllowed(CodeOrderNotEligible, "an order in state "+string(o.State)+" has nothing to refund")
	case !o.State.Received() && app.Kind != RefundOnly:
		return notAllowed(CodeOrderNotEligible, "a "+string(app.Kind)+" case needs the goods received; before that only refund_only")
	case o.State.Received() && app.Kind == RefundOnly && app.Reason == NoReason:
		return notAllowed(CodeReturnRequired, "a no-reason refund of received goods is a return_refund")
	}
	if app.Reason != NoReason || (app.Kind != ReturnRefund && app.Kind != Exchange) {
		return nil
	}
	// R3.2: the no-reason window, from the signed-for time.
	start, ok := NoReasonStart(p, o)
	if !ok {
		return notAllowed(CodeWindowClosed, "the signed-for time is not known")
	}
	for i, q := range app.Lines {
		cat := o.Lines[q.Line].Category
		if p.excluded(cat) {
			return notAllowed(CodeCategoryExcluded, fmt.Sprintf("lines[%d]: category %s has no no-reason returns", i, text.Quote(cat)))
		}
		if end := start.Add(p.noReasonWindow(cat)); now.After(end) {
			return notAllowed(CodeWindowClosed, fmt.Sprintf("lines[%d]: the no-reason window closed at %s", i, end.Format(time.RFC3339)))
		}
	}
	return nil
}

// NoReasonStart returns when the no-reason window starts (R3.2): the signed-for
// time, or 00:00 of the next day in the calendar's zone when only the date is
// known. ok is false when the order has not been signed for.
func NoReasonStart(p Policy, o Order) (time.Time, bool) {
	if o.SignedAt.IsZero() {
		return time.Time{}, false
	}
	if !o.SignedDateOnly {
		return o.SignedAt, true
	}
	loc := p.calendar().Location()
	d := o.SignedAt.In(loc)
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc), true
}

const negativeProblem = "must not be negative"

func checkApplication(o Order, app Application) error {
	var problems []shopkit.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, shopkit.FieldProblem{Field: field, Problem: problem})
	}
	if !app.Kind.Valid() || app.Kind == Voucher {
		add("kind", "must be one of refund_only, return_refund, exchange, repair, onsite_repair")
	}
	if !app.Reason.Valid() {
		add("reason", "is unknown")
	}
	if len(app.Lines) == 0 {
		add("lines", "is required")
	}
	seen := map[int]bool{}
	for i, q := range app.Lines {
		f := fmt.Sprintf("lines[%d]", i)
		switch {
		case q.Line < 0 || q.Line >= len(o.Lines):
			add(f+".line", "is not a line of the order")
		case seen[q.Line]:
			add(f+".line", "appears twice")
		case q.Units < 0:
			add(f+".units", "must not be negative")
		case q.Units > o.Lines[q.Line].Quantity:
			add(f+".units", fmt.Sprintf("is more than the %d bought", o.Lines[q.Line].Quantity))
		case q.Amount.IsNegative():
			add(f+".amount", negativeProblem)
		case q.Units == 0 && q.Amount.IsZero():
			add(f+".units", "must be positive")
		case q.Units > 0 && !q.Amount.IsZero():
			add(f+".amount", "is for money-only refunds without units")
		case !q.Amount.IsZero() && app.Kind != RefundOnly:
			add(f+".amount", "money-only refunds are refund_only cases")
		case !q.Amount.IsZero() && q.Amount.Currency() != o.Lines[q.Line].Paid.Currency():
			add(f+".amount", "must be in the order's currency")
		case q.Amount.Amount() > o.Lines[q.Line].Paid.Amount():
			add(f+".amount", "is more than the line paid")
		}
		if q.Line >= 0 {
			seen[q.Line] = true
		}
	}
	if len(problems) == 0 {
		return nil
	}
	p := problems[0]
	code := CodeInvalidApplication
	if len(problems) == 1 {
		switch {
		case p.Field == "kind":
			code = CodeUnknownKind
		case len(p.Field) > 6 && p.Field[len(p.Field)-6:] == ".units":
			code = CodeInvalidQuantity
		case len(p.Field) > 7 && p.Field[len(p.Field)-7:] == ".amount" && p.Problem == negativeProblem:
			code = CodeNegativeAmount // the code the ledger gives too (R3.7)
		}
	}
	return shopkit.Incomplete(code, problems)
}
