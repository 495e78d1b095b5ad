package memstore

import (
	"context"
	"slices"

	"github.com/shopkit/shopkit"
)

// Paged returns the page of items that page asks for: items ordered by key
// (ascending, or descending when newestFirst), those at or before the page's
// cursor in that order left out, at most page.Limit of them, and Next the
// cursor of the last one when more follow. It sorts items in place; the page's
// Items is a slice of its own, empty (not nil) when nothing is left. An
// invalid page request is shopkit.PageRequest.Check's error.
func Paged[T any](items []T, key func(T) shopkit.Cursor, newestFirst bool, page shopkit.PageRequest) (shopkit.Page[T], error) {
	after, started, err := page.Start()
	if err != nil {
		return shopkit.Page[T]{}, err
	}
	order := func(a, b shopkit.Cursor) int {
		if newestFirst {
			return b.Compare(a)
		}
		return a.Compare(b)
	}
	slices.SortFunc(items, func(a, b T) int { return order(key(a), key(b)) })
	from := 0
	if started {
		from, _ = slices.BinarySearchFunc(items, after, func(v T, c shopkit.Cursor) int {
			if order(key(v), c) <= 0 {
				return -1
			}
			return 1
		})
	}
	rest := items[from:]
	if len(rest) <= page.Limit {
		return shopkit.Page[T]{Items: append([]T{}, rest...)}, nil
	}
	got := append([]T{}, rest[:page.Limit]...)
	return shopkit.Page[T]{Items: got, Next: key(got[len(got)-1]).Encode()}, nil
}

// List returns a page of copies of the entities keep admits, ordered by key
// (its instant, then the entity's ID; descending when newestFirst), after
// page's cursor, whose ID must be a UUID (shopkit.Cursor.UUID). It reads
// every entity, as of one moment: a database store serves the same list from
// an index over the filter's columns and the key. An invalid page request is
// shopkit.PageRequest.Check's error.
func (s *Store[T]) List(ctx context.Context, keep func(T) bool, key func(T) shopkit.Cursor, newestFirst bool, page shopkit.PageRequest) (shopkit.Page[T], error) {
	if err := s.ready(ctx); err != nil {
		return shopkit.Page[T]{}, err
	}
	if keep == nil || key == nil {
		return shopkit.Page[T]{}, shopkit.NilArgument("keep")
	}
	if after, started, err := page.Start(); err != nil {
		return shopkit.Page[T]{}, err
	} else if started {
		if _, err := after.UUID(); err != nil {
			return shopkit.Page[T]{}, err
		}
	}
	s.mu.RLock()
	var found []T
	for _, sl := range s.items {
		if keep(sl.v) {
			found = append(found, sl.v)
		}
	}
	out, err := Paged(found, key, newestFirst, page)
	s.mu.RUnlock()
	if err != nil {
		return shopkit.Page[T]{}, err
	}
	for i := range out.Items {
		out.Items[i] = s.cfg.Clone(out.Items[i])
	}
	return out, nil
}
