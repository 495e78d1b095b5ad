package support

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/text"
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

// Validate accepts a name of 1 to 32 lower-case letters, digits and '_'
// (CodeInvalidChannel, field "channel").
func (c Channel) Validate() error { return checkName(CodeInvalidChannel, "channel", string(c)) }

// MarshalText implements encoding.TextMarshaler; a malformed channel is an
// error.
func (c Channel) MarshalText() ([]byte, error) { return marshalName(c, c.Validate()) }

// UnmarshalText implements encoding.TextUnmarshaler strictly: only a well-formed
// channel (Validate) decodes; on error *c is unchanged. Every channel a frontend
// sends is required, so the empty one does not decode either.
func (c *Channel) UnmarshalText(b []byte) error { return unmarshalName(c, b, Channel(b).Validate()) }

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
// set by the FAQ or by the agent's summary. TopTopics counts conversations by
// it, so it is a key: 1 to 64 characters, each a lower-case ASCII letter, a
// digit, '_' or '-', or a letter of another script ("物流"). The empty topic
// means none yet.
type Topic string

// Validate rejects a malformed topic (CodeInvalidTopic, field "topic"); the empty
// topic is valid (none yet).
func (t Topic) Validate() error {
	if t == "" {
		return nil
	}
	n := 0
	for _, r := range string(t) {
		n++
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r > unicode.MaxASCII && unicode.IsLetter(r)
		if !ok {
			return shopkit.Invalid(CodeInvalidTopic, "topic", "must be lower-case letters, digits, _ or -, not "+text.Quote(string(t)))
		}
	}
	if n > 64 {
		return shopkit.Invalid(CodeInvalidTopic, "topic", "must be at most 64 characters")
	}
	return nil
}

// MarshalText implements encoding.TextMarshaler; a malformed topic is an error.
func (t Topic) MarshalText() ([]byte, error) { return marshalName(t, t.Validate()) }

// UnmarshalText implements encoding.TextUnmarshaler strictly: only a
// well-formed topic or "" decodes; on error *t is unchanged.
func (t *Topic) UnmarshalText(b []byte) error { return unmarshalName(t, b, Topic(b).Validate()) }

// SkillGroup is a queue of agents with one skill, e.g. "pre_sale" or "returns":
// 1 to 32 lower-case letters, digits and '_'. The empty group means not given
// (an Inquiry without one goes to "general").
type SkillGroup string

// Validate rejects a malformed group (CodeInvalidGroup, field "group"); the
// empty group is valid (not given).
func (g SkillGroup) Validate() error {
	if g == "" {
		return nil
	}
	return checkName(CodeInvalidGroup, "group", string(g))
}

// MarshalText implements encoding.TextMarshaler; a malformed group is an error.
func (g SkillGroup) MarshalText() ([]byte, error) { return marshalName(g, g.Validate()) }

// UnmarshalText implements encoding.TextUnmarshaler strictly: only a
// well-formed group or "" decodes; on error *g is unchanged.
func (g *SkillGroup) UnmarshalText(b []byte) error {
	return unmarshalName(g, b, SkillGroup(b).Validate())
}

// OrderRef is an order shown beside a conversation (R6.1).
type OrderRef struct {
	OrderID  uuid.UUID     `json:"order_id"`
	Number   string        `json:"number"`
	PlacedAt time.Time     `json:"placed_at,omitzero"`
	Paid     shopkit.Money `json:"paid"`
	Status   string        `json:"status"`
}

// OrderReader lists a customer's most recent orders in a shop, newest first,
// shown beside a conversation (R6.1). The host or its order store implements it.
type OrderReader interface {
	// RecentOrders returns at most limit orders; limit must be at least 1
	// (shopkit.CheckLimit).
	RecentOrders(ctx context.Context, shop uuid.UUID, customer string, limit int) ([]OrderRef, error)
}

// checkName accepts 1 to 32 lower-case ASCII letters, digits and '_': the shape
// of channel and skill group names.
func checkName(code, field, s string) error {
	if s == "" || len(s) > 32 {
		return shopkit.Invalid(code, field, "must be 1 to 32 characters, not "+text.Quote(s))
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return shopkit.Invalid(code, field, "must be lower-case letters, digits or _, not "+text.Quote(s))
		}
	}
	return nil
}

func marshalName[N ~string](n N, invalid error) ([]byte, error) {
	if invalid != nil {
		return nil, invalid
	}
	return []byte(n), nil
}

// unmarshalName sets *dst to b unless b is invalid.
func unmarshalName[N ~string](dst *N, b []byte, invalid error) error {
	if invalid != nil {
		return invalid
	}
	*dst = N(b)
	return nil
}

func requireText(code, field, s string) error {
	if strings.TrimSpace(s) == "" {
		return shopkit.Invalid(code, field, "must not be empty")
	}
	return nil
}
