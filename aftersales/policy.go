package aftersales

import (
	"maps"
	"slices"
	"time"

	"github.com/shopkit/shopkit"
)

// Calendar is what after-sales needs of a calendar: working-day deadlines (R0.3,
// R3.8) and the zone in which a date-only signed-for time is read (R3.2).
// *shopkit.Calendar implements it.
type Calendar interface {
	shopkit.WorkingCalendar
	Location() *time.Location
}

// ShippingRule says when the order's shipping fee is refunded (R3.7).
type ShippingRule string

// Shipping rules.
const (
	// ShippingOnFullRefund refunds shipping with the refund that leaves every unit
	// of every line refunded (the default of R3.7).
	ShippingOnFullRefund ShippingRule = "on_full_refund"
	// ShippingWithFirstRefund refunds shipping with the order's first refund.
	ShippingWithFirstRefund ShippingRule = "with_first_refund"
	// ShippingNever never refunds shipping.
	ShippingNever ShippingRule = "never"
)

// Valid reports whether r is one of the shipping rules.
func (r ShippingRule) Valid() bool {
	switch r {
	case ShippingOnFullRefund, ShippingWithFirstRefund, ShippingNever:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler; an unknown rule is an error.
func (r ShippingRule) MarshalText() ([]byte, error) {
	return marshalEnum(CodeUnknownShippingRule, "shipping_rule", r, r.Valid())
}

// UnmarshalText implements encoding.TextUnmarshaler: only the rules' names (and
// "", the zero value that Policy.Validate rejects) decode; any other text is a
// ValidationError with code aftersales.unknown_shipping_rule naming the field.
func (r *ShippingRule) UnmarshalText(b []byte) error {
	return unmarshalEnum(CodeUnknownShippingRule, "shipping_rule", b, r, ShippingRule.Valid)
}

// InstantRefundRule is a shop's instant auto-refund setting (自动退款, R3.6): a
// refund-only request on an order not shipped when the case opens, whose refund
// is at or below Limit, is approved at once by the system. The refund compared is
// the whole amount the ledger would pay, shipping included when the refund
// completes the order (R3.7).
type InstantRefundRule struct {
	// Enabled switches the rule on; the zero rule approves nothing.
	Enabled bool `json:"enabled"`
	// Limit is the largest refund approved at once: exactly Limit is approved,
	// one minor unit more waits for the merchant.
	Limit shopkit.Money `json:"limit"`
}

// Policy holds every number of R3 (the rule defaults of docs/rules.md) and the calendar
// the working-day deadlines use. It is passed by value; a case keeps a copy of the
// policy it was opened with (its map and slice are copied too). The zero Policy is
// invalid: start from DefaultPolicy.
type Policy struct {
	// MerchantResponse: the merchant handles a request within 48 h, else the
	// system approves it (R3.3, R3.6; also used for mail-in repair requests).
	MerchantResponse time.Duration `json:"merchant_response"`
	// BuyerShipBack: the buyer ships the item back and enters the waybill within
	// 10 days of approval, else the case closes (R3.3, R3.6).
	BuyerShipBack time.Duration `json:"buyer_ship_back"`
	// MerchantRefundAfterReceipt: after signing for a return the merchant refunds
	// within 7 days, else the refund is approved by the system (R3.6).
	MerchantRefundAfterReceipt time.Duration `json:"merchant_refund_after_receipt"`
	// ExchangeInspection: the merchant inspects a returned exchange item within
	// 7 days of signing for it (R3.3); then the inspection counts as passed.
	ExchangeInspection time.Duration `json:"exchange_inspection"`
	// BuyerConfirmReplacement: the buyer confirms the replacement within 10 days
	// of signing for it (签收换货后), else the system confirms (R3.3).
	BuyerConfirmReplacement time.Duration `json:"buyer_confirm_replacement"`
	// BuyerConfirmRepaired: the buyer confirms a repaired item within this time
	// of signing for it, else the system confirms. The rules give no number; 10
	// days from signing like R3.3.
	BuyerConfirmRepaired time.Duration `json:"buyer_confirm_repaired"`
	// RepairPeriod: with no period agreed, a mail-in repair is done and sent back
	// within 30 days of receiving the item (R3.4).
	RepairPeriod time.Duration `json:"repair_period"`
	// OnSiteAgree: the merchant agrees a visit time within 3 natural days of the
	// request (R3.5).
	OnSiteAgree time.Duration `json:"on_site_agree"`
	// OnSiteVisitAfterWindow: with no time agreed, the merchant visits within
	// 15 days after the 3-day window (R3.5).
	OnSiteVisitAfterWindow time.Duration `json:"on_site_visit_after_window"`
	// OnSiteFinish: where no visit time was agreed within the 3 days, the repair
	// is finished within 30 natural days of the first visit (R3.5). After a visit
	// at an agreed time the rule sets no finish deadline.
	OnSiteFinish time.Duration `json:"on_site_finish"`
	// VisitGrace: how long after the agreed visit time the visit still counts as
	// made at that time. The rules say "at that time": 0 by default.
	VisitGrace time.Duration `json:"visit_grace"`
	// NoReasonWindow: the no-reason return window, 168 h from signing (R3.2).
	NoReasonWindow time.Duration `json:"no_reason_window"`
	// NoReasonWindowByCategory overrides NoReasonWindow per category (R3.2).
	NoReasonWindowByCategory map[string]time.Duration `json:"no_reason_window_by_category"`
	// NoReasonExcluded lists categories excluded from no-reason returns (R3.2).
	NoReasonExcluded []string `json:"no_reason_excluded"`
	// BuyerAfterRejection: how long a rejected case waits for the buyer to
	// resubmit, cancel or escalate before it closes. The rules give no number;
	// 7 days by default.
	BuyerAfterRejection time.Duration `json:"buyer_after_rejection"`
	// RefundWorkingDays: money of an approved goods refund is back within this
	// many working days, else the refund is marked overdue. The rules give no
	// number for goods; 7 like R3.8.
	RefundWorkingDays int `json:"refund_working_days"`
	// VoucherRefundWorkingDays: voucher refunds are back within 7 working days
	// (R3.8).
	VoucherRefundWorkingDays int `json:"voucher_refund_working_days"`
	// VoucherExpiryStart: the refund of unused expired vouchers starts within
	// 24 h after expiry (R3.8). The refund is due from the expiry on and the
	// first sweep after it starts it, stamped with the sweep's time: a host
	// meets the rule by sweeping at least this often. No rule reads it; it
	// labels the diagrams and states the host's sweep interval.
	VoucherExpiryStart time.Duration `json:"voucher_expiry_start"`
	// Shipping says when shipping is refunded (R3.7).
	Shipping ShippingRule `json:"shipping"`
	// MinRating and MaxRating bound the buyer's rating of the handling (R3.2).
	MinRating int `json:"min_rating"`
	MaxRating int `json:"max_rating"`
	// ClaimGrace: how long an unconfirmed ledger claim waits for its case
	// before Service.Resume frees it (R3.2). Opening a case claims the units
	// first and stores the case after, in another store call; a claim whose case
	// is not found once ClaimGrace has passed was left by an opening that
	// failed or crashed. It must be longer than any opening can take between
	// the two calls (store timeouts and retries included), so that a creation
	// still in flight is never freed. The rules give no number: 10 minutes by
	// default, which a host may change.
	ClaimGrace time.Duration `json:"claim_grace"`
	// Calendar answers working-day questions; nil means shopkit.DefaultCalendar().
	// It is code, not data, so it is not part of a snapshot's JSON: a host whose
	// shops use another calendar sets it again on a decoded CaseSnapshot.Policy
	// before RestoreCase.
	Calendar Calendar `json:"-"`
}

// DefaultPolicy returns the defaults of R3 (docs/rules.md) with the default calendar.
func DefaultPolicy() Policy {
	const day = 24 * time.Hour
	return Policy{
		MerchantResponse:           48 * time.Hour,
		BuyerShipBack:              10 * day,
		MerchantRefundAfterReceipt: 7 * day,
		ExchangeInspection:         7 * day,
		BuyerConfirmReplacement:    10 * day,
		BuyerConfirmRepaired:       10 * day,
		RepairPeriod:               30 * day,
		OnSiteAgree:                3 * day,
		OnSiteVisitAfterWindow:     15 * day,
		OnSiteFinish:               30 * day,
		NoReasonWindow:             168 * time.Hour,
		BuyerAfterRejection:        7 * day,
		RefundWorkingDays:          7,
		VoucherRefundWorkingDays:   7,
		VoucherExpiryStart:         24 * time.Hour,
		Shipping:                   ShippingOnFullRefund,
		MinRating:                  1,
		MaxRating:                  5,
		ClaimGrace:                 10 * time.Minute,
		Calendar:                   shopkit.DefaultCalendar(),
	}
}

// Validate checks that every duration and count is usable: a ValidationError
// (CodeInvalidPolicy) names every field at fault.
func (p Policy) Validate() error {
	var problems []shopkit.FieldProblem
	pos := func(field string, d time.Duration) {
		if d <= 0 {
			problems = append(problems, shopkit.FieldProblem{Field: field, Problem: "must be positive"})
		}
	}
	pos("merchant_response", p.MerchantResponse)
	pos("buyer_ship_back", p.BuyerShipBack)
	pos("merchant_refund_after_receipt", p.MerchantRefundAfterReceipt)
	pos("exchange_inspection", p.ExchangeInspection)
	pos("buyer_confirm_replacement", p.BuyerConfirmReplacement)
	pos("buyer_confirm_repaired", p.BuyerConfirmRepaired)
	pos("repair_period", p.RepairPeriod)
	pos("onsite_agree", p.OnSiteAgree)
	pos("onsite_visit_after_window", p.OnSiteVisitAfterWindow)
	pos("onsite_finish", p.OnSiteFinish)
	pos("no_reason_window", p.NoReasonWindow)
	pos("buyer_after_rejection", p.BuyerAfterRejection)
	pos("claim_grace", p.ClaimGrace)
	for c, d := range p.NoReasonWindowByCategory {
		pos("no_reason_window_by_category."+c, d)
	}
	if p.VisitGrace < 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "visit_grace", Problem: "must not be negative"})
	}
	if p.VoucherExpiryStart < 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "voucher_expiry_start", Problem: "must not be negative"})
	}
	if p.RefundWorkingDays < 0 || p.VoucherRefundWorkingDays < 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "refund_working_days", Problem: "must not be negative"})
	}
	if !p.Shipping.Valid() {
		problems = append(problems, shopkit.FieldProblem{Field: "shipping", Problem: "unknown shipping rule"})
	}
	if p.MinRating < 1 || p.MaxRating < p.MinRating {
		problems = append(problems, shopkit.FieldProblem{Field: "rating", Problem: "needs 1 ≤ min ≤ max"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, problems)
}

func (p *Policy) calendar() Calendar {
	if p.Calendar == nil {
		return shopkit.DefaultCalendar()
	}
	return p.Calendar
}

func (p *Policy) noReasonWindow(category string) time.Duration {
	if d, ok := p.NoReasonWindowByCategory[category]; ok {
		return d
	}
	return p.NoReasonWindow
}

func (p *Policy) excluded(category string) bool {
	return slices.Contains(p.NoReasonExcluded, category)
}

// clone returns p with its own copy of the category map and list, so that a
// caller changing theirs later does not change a case's deadlines.
func (p Policy) clone() Policy {
	p.NoReasonWindowByCategory = maps.Clone(p.NoReasonWindowByCategory)
	p.NoReasonExcluded = slices.Clone(p.NoReasonExcluded)
	return p
}
