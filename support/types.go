package support

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
)

// Channel is where an inquiry came in (R6.1). The list is open: a host may use
// any lower-case name such as "douyin".
type Channel string

// The channels of R6.1.
const (
	WebChat Channel = "web_chat"
	App     Channel = "app"
	Phone   Channel = "phone"
	Email   Channel = "email"
	Social  Channel = "social"
)

// Validate accepts any non-empty lower-case name of letters, digits and '_'.
func (c Channel) Validate() error {
	if c == "" || len(c) > 32 {
		return shopkit.Invalid(CodeInvalidChannel, "channel", "must be 1 to 32 characters")
	}
	for _, r := range string(c) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return shopkit.Invalid(CodeInvalidChannel, "channel", "must be lower-case letters, digits or _")
		}
	}
	return nil
}

// Phase is the stage of the purchase an inquiry belongs to (R6.1).
type Phase string

// The phases of R6.1.
const (
	PreSale   Phase = "pre_sale"   // product info, guide to order, payment reminder
	InSale    Phase = "in_sale"    // address change, cancel, tracking, logistics exception
	AfterSale Phase = "after_sale" // quality, return, exchange, refund (link to an R3 case)
)

// phases is the strict text codec of Phase (CodeInvalidPhase).
var phases = enum.New(CodeInvalidPhase, "phase", PreSale, InSale, AfterSale)

// Validate rejects an unknown phase.
func (p Phase) Validate() error { return phases.Check(p) }

// MarshalText implements encoding.TextMarshaler; unknown values are rejected.
func (p Phase) MarshalText() ([]byte, error) { return phases.Marshal(p) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown values are rejected.
func (p *Phase) UnmarshalText(b []byte) error { return phases.Unmarshal(p, b) }

// Topic is what a conversation was about (热门问题), e.g. "shipping" or "size";
// set by the FAQ or by the agent's summary.
type Topic string

// SkillGroup is a queue of agents with one skill, e.g. "pre_sale" or "returns".
type SkillGroup string

// OrderRef is an order shown beside a conversation (R6.1).
type OrderRef struct {
	OrderID  uuid.UUID
	Number   string
	PlacedAt time.Time
	Paid     shopkit.Money
	Status   string
}

// OrderReader lists a customer's most recent orders in a shop, newest first,
// shown beside a conversation (R6.1). The host or its order store implements it.
type OrderReader interface {
	// RecentOrders returns at most limit orders; limit must be at least 1
	// (shopkit.CheckLimit).
	RecentOrders(ctx context.Context, shop uuid.UUID, customer string, limit int) ([]OrderRef, error)
}

func requireText(code, field, s string) error {
	if strings.TrimSpace(s) == "" {
		return shopkit.Invalid(code, field, "must not be empty")
	}
	return nil
}
