package promotion

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// CouponPolicy holds the coupon service's numbers a host may change. Start
// from DefaultCouponPolicy; in a CouponServiceConfig the zero policy means the
// default.
type CouponPolicy struct {
	// Grace is how long a step between two stores may be in flight (R2.8): a
	// quota's or campaign's hold whose coupon is still not stored after Grace
	// is given back by Resume, and a campaign forgets a spend's key Grace after
	// it was recorded and its coupon finished the step. It must be longer than
	// any one call of the service takes: an action that finds itself running
	// for more than half of it leaves its remaining steps to Resume, and Issue
	// then stores no coupon. RULES gives no number; the default is 15 minutes.
	Grace time.Duration `json:"grace"`
}

// DefaultCouponPolicy returns the defaults: a 15-minute grace period.
func DefaultCouponPolicy() CouponPolicy { return CouponPolicy{Grace: 15 * time.Minute} }

// Validate returns nil for a usable policy, else a *shopkit.ValidationError
// (CodeInvalidPolicy) naming the field: Grace must be positive.
func (p CouponPolicy) Validate() error {
	if p.Grace <= 0 {
		return shopkit.Invalid(CodeInvalidPolicy, "grace", "must be positive")
	}
	return nil
}

// UnmarshalJSON decodes a policy a host sends in strictly: a key that is not
// a field is a *shopkit.ValidationError with code CodeInvalidPolicy naming it.
// It does not validate: NewCouponService does.
func (p *CouponPolicy) UnmarshalJSON(data []byte) error {
	type plain CouponPolicy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = CouponPolicy(v)
	return nil
}

// CouponStepKind is what a coupon's pending step asks of the other stores.
type CouponStepKind string

// The steps a coupon action leaves for its campaign and quota (R2.4, R2.8).
const (
	// StepSpend adds the discount an order's use took to the campaign's
	// Spent (a campaign coupon's use).
	StepSpend CouponStepKind = "spend"
	// StepGiveBack takes a released use back: its discount off the campaign's
	// Spent (a campaign coupon) and the use off the customer's quota.
	StepGiveBack CouponStepKind = "give_back"
)

var couponStepKinds = enum.New(CodeUnknownStep, "kind", StepSpend, StepGiveBack)

// MarshalText implements encoding.TextMarshaler; an unknown kind is an error.
func (k CouponStepKind) MarshalText() ([]byte, error) { return couponStepKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown kind is an error.
func (k *CouponStepKind) UnmarshalText(b []byte) error { return couponStepKinds.Unmarshal(k, b) }

// CouponStep is a follow-up a coupon action recorded in the coupon's state, in
// the same write as the action (R2.8): the campaign spend of a use, or the
// give-back of a release. The service carries it out right after the action
// and then marks it done with a second write of the coupon; Resume finishes
// those a crash or a failed store call left (CouponStore.Pending lists them).
// Carrying a step out twice changes nothing the second time: the campaign
// records its spend under Key, and the quota counts the use under QuotaRef.
type CouponStep struct {
	Kind     CouponStepKind `json:"kind"`        // spend or give back
	OrderRef string         `json:"order_ref"`   // the order whose use the step follows
	Discount shopkit.Money  `json:"discount"`    // what that use took off the order (never negative)
	QuotaRef string         `json:"quota_ref"`   // give back: the ref the customer's quota counts the use under ("" for none)
	Seq      int            `json:"seq"`         // the coupon's audit entry that recorded the step
	At       time.Time      `json:"at,omitzero"` // when it was recorded
}

// Key is the step's idempotency key for Campaign.RecordSpend: the coupon, the
// entry that recorded the step, its kind and its order,
// "<coupon>#<seq>/<kind>/<order ref>". The entry's Seq makes a second use by
// the same order (released, then redeemed again) a step of its own.
func (s CouponStep) Key(coupon uuid.UUID) string {
	return coupon.String() + "#" + strconv.Itoa(s.Seq) + "/" + string(s.Kind) + "/" + s.OrderRef
}

// signed is the step's change of the campaign's Spent.
func (s CouponStep) signed() shopkit.Money {
	if s.Kind == StepGiveBack {
		back, _ := s.Discount.Neg() // never negative, so it never overflows
		return back
	}
	return s.Discount
}

// stepCoupon returns the coupon a CouponStep.Key names.
func stepCoupon(key string) (uuid.UUID, bool) {
	id, _, ok := strings.Cut(key, "#")
	if !ok {
		return uuid.Nil, false
	}
	u, err := uuid.Parse(id)
	return u, err == nil
}

// QuotaHold is an issue a CouponQuota counts for a coupon that may not be
// stored yet (R2.8): it counts toward the issue limit like any other until
// Resume confirms it (the coupon exists) or gives it back (no coupon after
// CouponPolicy.Grace).
type QuotaHold struct {
	Coupon string    `json:"coupon"`      // the coupon's ref (its ID)
	At     time.Time `json:"at,omitzero"` // when it was counted
}

// CampaignHold is a reservation a Campaign holds for a coupon that may not be
// stored yet (R2.4, R2.8): it counts in Reserved and Issued like any other,
// so the budget is never exceeded, until Resume confirms it (the coupon
// exists) or gives it back (no coupon after CouponPolicy.Grace).
type CampaignHold struct {
	Coupon string        `json:"coupon"`      // the coupon's ref (its ID)
	Amount shopkit.Money `json:"amount"`      // the maximum discount reserved
	At     time.Time     `json:"at,omitzero"` // when it was reserved
}

func (h QuotaHold) held() (string, time.Time)    { return h.Coupon, h.At }
func (h CampaignHold) held() (string, time.Time) { return h.Coupon, h.At }

// couponHold is a hold counted for a coupon that may not be stored yet.
type couponHold interface {
	QuotaHold | CampaignHold
	held() (coupon string, at time.Time)
}

// holdRefs returns the coupons holds count for, in order.
func holdRefs[H couponHold](holds []H) []string {
	refs := make([]string, len(holds))
	for i, h := range holds {
		refs[i], _ = h.held()
	}
	return refs
}

// settleHolds is the hold loop CouponQuota.settle and Campaign.settle share
// (R2.8): it confirms (drops) the holds of the coupons in stored and calls
// unhold for those of the coupons in missing counted more than grace before
// now (unhold deletes hold i from *holds). It reports whether anything changed.
func settleHolds[H couponHold](holds *[]H, stored, missing map[string]bool, now time.Time, grace time.Duration, unhold func(i int, reason string)) bool {
	changed := false
	for i := 0; i < len(*holds); {
		ref, at := (*holds)[i].held()
		switch {
		case stored[ref]:
			*holds = slices.Delete(*holds, i, i+1)
			changed = true
		case missing[ref] && now.After(at.Add(grace)):
			unhold(i, "no coupon was stored within "+grace.String())
			changed = true
		default:
			i++
		}
	}
	return changed
}

// TemplateHold is a template a Campaign lists that may not be stored yet
// (R2.8): Resume confirms it when the template is stored, and takes it out of
// the campaign when it is still not stored after CouponPolicy.Grace.
type TemplateHold struct {
	Template uuid.UUID `json:"template"`    // the template
	At       time.Time `json:"at,omitzero"` // when it was added
}

// CampaignSpend is a change of a campaign's Spent that the campaign
// remembers by its key (R2.8), so RecordSpend with that key again changes
// nothing, until Resume settles it: Resume marks it Done when it finds that
// its coupon no longer holds the step (CouponStep.Key), and forgets it
// CouponPolicy.Grace after that, when nobody can still be carrying the step
// out.
type CampaignSpend struct {
	Key    string        `json:"key"`           // the RecordSpend key
	Amount shopkit.Money `json:"amount"`        // what it added to Spent (negative: took back)
	At     time.Time     `json:"at,omitzero"`   // when the step it carries out was recorded
	Done   time.Time     `json:"done,omitzero"` // when Resume found its coupon done with the step (zero: not yet)
}

// stepPending wraps the failures of an action's follow-ups. Its kind is the
// first cause's kind (typically shopkit.ErrRetry).
func stepPending(cause error) error {
	if cause == nil {
		return nil
	}
	kind := shopkit.ErrRetry
	for _, k := range []error{shopkit.ErrRetry, shopkit.ErrConflict, shopkit.ErrNotFound, shopkit.ErrNotAllowed, shopkit.ErrInvalid,
		shopkit.ErrOverflow, shopkit.ErrCurrencyMismatch} {
		if errors.Is(cause, k) {
			kind = k
			break
		}
	}
	e := shopkit.NewError(kind, CodeStepPending, "the action took effect; its follow-up is pending and Resume finishes it: "+cause.Error())
	e.Cause = cause
	return e
}
