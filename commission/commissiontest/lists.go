package commissiontest

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/internal/memstore"
)

// statementCursor is a statement's position in a merchant's list: its
// period's start and its key.
func statementCursor(st commission.Statement) shopkit.Cursor {
	return shopkit.Cursor{At: st.Period.Start, ID: st.Key}
}

// ListStatements implements commission.Store: a merchant's statements,
// newest period first, ties by key. It reads every statement; a database
// store reads an index.
func (s *Store) ListStatements(ctx context.Context, merchant uuid.UUID, page shopkit.PageRequest) (shopkit.Page[commission.Statement], error) {
	if err := ctx.Err(); err != nil {
		return shopkit.Page[commission.Statement]{}, err
	}
	if err := page.Check(); err != nil {
		return shopkit.Page[commission.Statement]{}, err
	}
	s.mu.Lock()
	var found []commission.Statement
	for _, st := range s.statements {
		if st.MerchantID == merchant {
			found = append(found, st)
		}
	}
	s.mu.Unlock()
	return memstore.Paged(found, statementCursor, true, page)
}
