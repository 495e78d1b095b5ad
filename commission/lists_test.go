package commission_test

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/internal/memstore"
)

func (d *discardMarkers) ListStatements(_ context.Context, merchant uuid.UUID, page shopkit.PageRequest) (shopkit.Page[commission.Statement], error) {
	var found []commission.Statement
	for _, s := range d.statements {
		if s.MerchantID == merchant {
			found = append(found, s)
		}
	}
	return memstore.Paged(found, func(s commission.Statement) shopkit.Cursor { return shopkit.Cursor{At: s.Period.Start, ID: s.Key} }, true, page)
}
