package promotion

import (
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// CouponState is the state of an issued coupon.
type CouponState string

// The coupon states: issued → used (once) or expired. A used coupon returns to
// issued when the order that used it is cancelled before payment.
const (
	CouponIssued  CouponState = "issued"
	CouponUsed    CouponState = "used"
	CouponExpired CouponState = "expired"
)

var couponStates = enum.New(CodeUnknownState, "state", CouponIssued, CouponUsed, CouponExpired)

// MarshalText implements encoding.TextMarshaler; an unknown state is an error.
func (s CouponState) MarshalText() ([]byte, error) { return couponStates.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown state is an error.
func (s *CouponState) UnmarshalText(b []byte) error { return couponStates.Unmarshal(s, b) }

// CouponAction is an action on an issued coupon.
type CouponAction string

// The coupon actions.
const (
	CouponActionUse     CouponAction = "use"     // an order uses the coupon (once)
	CouponActionRelease CouponAction = "release" // the order was cancelled: the coupon may be used again
	CouponActionExpire  CouponAction = "expire"  // the validity window ended unused
)

// couponFSM is the issued coupon's workflow (R2.4) that every coupon action
// checks against: used once, expired by the sweep when its window ends unused.
// Its timeout label is the generic one; CouponWorkflow labels it for a template.
var couponFSM = shopkit.MustNewTable(CouponWorkflowName, []shopkit.Transition[CouponState, CouponAction]{
	{From: CouponIssued, Action: CouponActionUse, Roles: []shopkit.Role{shopkit.Buyer, shopkit.System}, To: CouponUsed},
	{From: CouponUsed, Action: CouponActionRelease, Roles: []shopkit.Role{shopkit.Buyer, shopkit.System, shopkit.Platform}, To: CouponIssued},
	{From: CouponIssued, Action: CouponActionExpire, Roles: []shopkit.Role{shopkit.System}, To: CouponExpired},
}, shopkit.Timeout[CouponState, CouponAction]{State: CouponIssued, Action: CouponActionExpire, Label: expiryLabel(CouponTemplateSpec{})})

// CouponWorkflow returns the workflow of a coupon issued from a template with
// spec s, its expiry labelled from s. A coupon has no policy deadline: it
// expires 1 ns after its own ValidTo, so the label names valid_to and the length
// of s's validity window ("valid_to (30-day window)"); a spec without a window
// gives plain "valid_to". Coupons check against the same transitions whatever s
// is.
func CouponWorkflow(s CouponTemplateSpec) *shopkit.Table[CouponState, CouponAction] {
	return couponFSM.Relabel(func(shopkit.Timeout[CouponState, CouponAction]) string { return expiryLabel(s) })
}

// CouponDiagram draws CouponWorkflow(s) as a Mermaid state diagram.
func CouponDiagram(s CouponTemplateSpec) string { return CouponWorkflow(s).Mermaid() }

// expiryLabel describes when a coupon of s expires: after valid_to, with the
// window's length in whole days, else hours, else as a duration.
func expiryLabel(s CouponTemplateSpec) string {
	span := s.ValidTo.Sub(s.ValidFrom)
	if s.ValidFrom.IsZero() || s.ValidTo.IsZero() || span <= 0 {
		return "valid_to"
	}
	var length string
	switch day := 24 * time.Hour; {
	case span%day == 0:
		length = strconv.FormatInt(int64(span/day), 10) + "-day"
	case span%time.Hour == 0:
		length = strconv.FormatInt(int64(span/time.Hour), 10) + "h"
	default:
		length = span.String()
	}
	return "valid_to (" + length + " window)"
}
