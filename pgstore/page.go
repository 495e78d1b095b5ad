package pgstore

import (
	"context"
	"fmt"

	"github.com/shopkit/shopkit"
)

// page returns one page of a keyset list (docs/storage.md, "Lists"): the rows
// where admits (its arguments numbered from $1), ordered by (sortColumn, key),
// descending when newestFirst, starting after req's cursor. It reads one row
// more than the page holds, to know whether a page follows; the index on
// (filter columns, sortColumn, key) serves it whatever the page's depth.
func (t *table[T, K]) page(ctx context.Context, op string, req shopkit.PageRequest, sortColumn string, newestFirst bool,
	cursor func(T) shopkit.Cursor, where string, args ...any) (shopkit.Page[T], error) {
	after, started, err := req.Start()
	if err != nil {
		return shopkit.Page[T]{}, err
	}
	dir, past := "ASC", ">"
	if newestFirst {
		dir, past = "DESC", "<"
	}
	k := t.def.keyColumn
	if started {
		var key any = after.ID
		if k == "id" {
			if key, err = after.UUID(); err != nil {
				return shopkit.Page[T]{}, err
			}
		}
		where += fmt.Sprintf(" AND (%s, %s) %s ($%d, $%d)", sortColumn, k, past, len(args)+1, len(args)+2)
		args = append(args, nanos(after.At), key)
	}
	where += fmt.Sprintf(" ORDER BY %[1]s %[2]s, %[3]s %[2]s LIMIT $%[4]d", sortColumn, dir, k, len(args)+1)
	items, err := t.query(ctx, op, where, append(args, req.Limit+1)...)
	if err != nil || len(items) <= req.Limit {
		return shopkit.Page[T]{Items: items}, err
	}
	items = items[:req.Limit]
	return shopkit.Page[T]{Items: items, Next: cursor(items[len(items)-1]).Encode()}, nil
}

// names returns the names of values, for a text[] argument (state = ANY($n)).
func names[S ~string](values []S) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
