package support

import (
	"context"
	"strings"
	"unicode"

	"github.com/shopkit/shopkit"
)

// CannedReply is a shop's quick reply, called up by a short code such as "/ship"
// (快捷短语).
type CannedReply struct {
	ShopID string
	Code   string
	Text   string
}

// Validate checks the reply: a code of 1–32 characters without spaces, unique per
// shop (the store enforces uniqueness), and a non-empty text.
func (r CannedReply) Validate() error {
	var ps []shopkit.FieldProblem
	if r.ShopID == "" {
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
	return shopkit.Incomplete("support.invalid_canned_reply", ps)
}

// CannedStore keeps canned replies. Add of a code the shop already uses is a
// conflict with code support.canned_code_taken.
type CannedStore interface {
	Add(ctx context.Context, r CannedReply) error
	Lookup(ctx context.Context, shopID, code string) (CannedReply, error)
	List(ctx context.Context, shopID string) ([]CannedReply, error)
	Delete(ctx context.Context, shopID, code string) error
}

// ErrCodeTaken returns the conflict a CannedStore reports for a code in use.
func ErrCodeTaken(shopID, code string) error {
	return shopkit.NewError(shopkit.ErrConflict, "support.canned_code_taken", "support: shop "+shopID+" already uses code "+code)
}

// ErrCannedNotFound returns the error a CannedStore reports for an unknown code.
func ErrCannedNotFound(shopID, code string) error {
	return shopkit.NewError(shopkit.ErrNotFound, "support.canned_not_found", "support: shop "+shopID+" has no code "+code)
}
