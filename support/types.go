package support

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/internal/enum"
)

// The roles of customer service (R6.1). shopkit.System applies sweeps and FAQ
// answers.
const (
	// Customer is the buyer or prospective buyer who asks.
	Customer shopkit.Role = "customer"
	// Agent is a customer-service agent (客服).
	Agent shopkit.Role = "agent"
	// Supervisor is a team lead who may assign, transfer and close on an agent's
	// behalf.
	Supervisor shopkit.Role = "supervisor"
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
		return shopkit.Invalid("support.invalid_channel", "channel", "must be 1 to 32 characters")
	}
	for _, r := range string(c) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return shopkit.Invalid("support.invalid_channel", "channel", "must be lower-case letters, digits or _")
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

// phases is the strict text codec of Phase (support.invalid_phase).
var phases = enum.New("support.invalid_phase", "phase", PreSale, InSale, AfterSale)

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

// Tier is what support needs to know of a customer's member tier (R5.1, R6.2).
type Tier struct {
	Name            string
	Rank            int  // higher is a better tier; 0 for non-members
	PriorityService bool // the tier's "priority customer service" benefit
}

// TierReader gives a customer's member tier in a shop. The membership package (or
// the host) implements it; a customer without a tier returns the zero Tier.
type TierReader interface {
	Tier(ctx context.Context, shopID, customerID string) (Tier, error)
}

// OrderRef is an order shown beside a conversation (R6.1).
type OrderRef struct {
	OrderID  uuid.UUID
	Number   string
	PlacedAt time.Time
	Paid     commerce.Money
	Status   string
}

// OrderReader lists a customer's most recent orders in a shop, newest first. The
// host or the commerce order store implements it.
type OrderReader interface {
	RecentOrders(ctx context.Context, shopID, customerID string, limit int) ([]OrderRef, error)
}

func invalid(field, problem string) error {
	return shopkit.Invalid("support.invalid_"+field, field, problem)
}

func requireText(code, field, s string) error {
	if strings.TrimSpace(s) == "" {
		return shopkit.Invalid(code, field, "must not be empty")
	}
	return nil
}

// MemberTiers is the per-shop tier reader the membership package provides
// (membership.Service.ForSupport()): priority is the tier's priority-service
// benefit. Declared here so support does not import membership.
type MemberTiers interface {
	TierOf(ctx context.Context, customerID string) (name string, rank int, priority bool, err error)
}

// ShopTiers adapts one MemberTiers per shop to a TierReader; a shop without a
// reader has no members (the zero Tier).
type ShopTiers map[string]MemberTiers

// Tier implements TierReader.
func (s ShopTiers) Tier(ctx context.Context, shopID, customerID string) (Tier, error) {
	r, ok := s[shopID]
	if !ok || r == nil {
		return Tier{}, nil
	}
	name, rank, priority, err := r.TierOf(ctx, customerID)
	if err != nil {
		return Tier{}, err
	}
	return Tier{Name: name, Rank: rank, PriorityService: priority}, nil
}
