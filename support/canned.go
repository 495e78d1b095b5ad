package support

import (
	"context"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// CannedReply is a shop's quick reply, called up by a short code such as "/ship"
// (快捷短语).
type CannedReply struct {
	ShopID uuid.UUID `json:"shop_id"` // the shop (its merchant's ID)
	Code   string    `json:"code"`
	Text   string    `json:"text"`
}

// Validate checks the reply: a code of 1–32 characters without spaces, unique per
// shop (the store enforces uniqueness), and a non-empty text.
func (r CannedReply) Validate() error {
	var ps []shopkit.FieldProblem
	if r.ShopID == uuid.Nil {
		ps = append(ps, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	n := 0
	bad := false
	for _, c := range r.Code {
		n++
		bad = bad || unicode.IsSpace(c) || unicode.IsControl(c)
	}
	if n == 0 || n > 32 || bad {
		ps = append(ps, shopkit.FieldProblem{Field: "code", Problem: "must be 1 to 32 characters without spaces"})
	}
	if strings.TrimSpace(r.Text) == "" {
		ps = append(ps, shopkit.FieldProblem{Field: "text", Problem: "must not be empty"})
	}
	return shopkit.Incomplete(CodeInvalidCannedReply, ps)
}

// CannedStore keeps canned replies. Add validates the reply; a code the shop
// already uses is ErrCodeTaken (CodeCannedCodeTaken). Lookup and Delete of an
// unknown code are ErrCannedNotFound (CodeCannedNotFound). It stores no
// instant.
type CannedStore interface {
	Add(ctx context.Context, r CannedReply) error
	Lookup(ctx context.Context, shop uuid.UUID, code string) (CannedReply, error)
	// List returns the shop's replies, sorted by code.
	List(ctx context.Context, shop uuid.UUID) ([]CannedReply, error)
	Delete(ctx context.Context, shop uuid.UUID, code string) error
}

// ErrCodeTaken returns the conflict a CannedStore reports for a code in use.
func ErrCodeTaken(shop uuid.UUID, code string) error {
	return conflict(CodeCannedCodeTaken, "shop "+shop.String()+" already uses code "+text.Quote(code))
}

// ErrCannedNotFound returns the error a CannedStore reports for an unknown code.
func ErrCannedNotFound(shop uuid.UUID, code string) error {
	return notFound(CodeCannedNotFound, "shop "+shop.String()+" has no code "+text.Quote(code))
}
