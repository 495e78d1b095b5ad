package storetest

import (
	"encoding/base64"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ListFunc is one list of a store with its filter fixed: it returns the page
// a request asks for.
type ListFunc[T any] func(page shopkit.PageRequest) (shopkit.Page[T], error)

// ListAll pages through list from its start, limit entities a page, and
// returns the IDs (id) of what it lists, in order. It fails the test when a
// page is empty or longer than limit but has a Next, when a page but the last
// is short, or when the list does not end within as many pages as it could
// have entities.
func ListAll[T any](t testing.TB, list ListFunc[T], id func(T) string, limit int) []string {
	t.Helper()
	out := []string{}
	after := ""
	for range 10_000 {
		p, err := list(shopkit.PageRequest{After: after, Limit: limit})
		require.NoError(t, err)
		require.LessOrEqual(t, len(p.Items), limit, "a page holds at most its limit")
		for _, v := range p.Items {
			out = append(out, id(v))
		}
		if p.Next == "" {
			return out
		}
		require.Len(t, p.Items, limit, "a page with a Next is full")
		after = p.Next
	}
	t.Fatalf("the list did not end")
	return nil
}

// CheckPaging checks a list whose whole content, in its order, is want (the
// IDs of its entities): paged with limits 1, 2 and 3, with the limit of its
// length (one page, Next "") and with shopkit.MaxPageLimit, it returns want
// exactly once each, in order; limits 0, -1 and MaxPageLimit+1 are
// shopkit.CodeInvalidLimit, and After values no list made are
// shopkit.CodeInvalidPageCursor naming "after", both matching
// shopkit.ErrInvalid.
func CheckPaging[T any](t *testing.T, list ListFunc[T], id func(T) string, want []string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	for _, limit := range []int{1, 2, 3, max(1, len(want)), shopkit.MaxPageLimit} {
		assert.Equal(t, want, ListAll(t, list, id, limit), "limit %d", limit)
	}
	if len(want) > 0 {
		p, err := list(shopkit.PageRequest{Limit: len(want)})
		require.NoError(t, err)
		assert.Len(t, p.Items, len(want))
		assert.Empty(t, p.Next, "a page that holds the rest of the list has no Next")
	}
	for _, limit := range []int{0, -1, shopkit.MaxPageLimit + 1} {
		_, err := list(shopkit.PageRequest{Limit: limit})
		require.ErrorIs(t, err, shopkit.ErrInvalid, "limit %d", limit)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "limit %d", limit)
	}
	for _, after := range BadCursors() {
		_, err := list(shopkit.PageRequest{After: after, Limit: 2})
		require.ErrorIs(t, err, shopkit.ErrInvalid, "after %q", after)
		assert.Equal(t, shopkit.CodeInvalidPageCursor, shopkit.CodeOf(err), "after %q", after)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "after", ve.Field)
	}
}

// BadCursors returns After values that are not cursors: not base64url, no
// separators, a signed or short nanosecond part, no ID.
func BadCursors() []string {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	return []string{"%%%", "a", enc("x"), enc("12.000000001"), enc("12.1.id"), enc("12.-00000001.id"),
		enc("+12.000000001.id"), enc("12.000000001."), enc("1795000000")}
}

// NotAUUIDCursor returns a well-formed cursor whose ID is not a UUID: an
// error in a list of entities with UUID IDs.
func NotAUUIDCursor(at time.Time) string {
	return shopkit.Cursor{At: at, ID: "not-a-uuid"}.Encode()
}

// Listed is an entity of a list: its ID, and its place in the list (the
// keyset cursor its lists order it by).
type Listed interface {
	ID() uuid.UUID
	ListCursor() shopkit.Cursor
}

// InListOrder returns the IDs of vs in a list's order: by their cursors,
// newest first (ties by ID descending) when newestFirst, else oldest first
// (ties by ID ascending).
func InListOrder[T Listed](newestFirst bool, vs ...T) []string {
	out := slices.Clone(vs)
	slices.SortFunc(out, func(a, b T) int {
		if newestFirst {
			return b.ListCursor().Compare(a.ListCursor())
		}
		return a.ListCursor().Compare(b.ListCursor())
	})
	ids := make([]string, len(out))
	for i, v := range out {
		ids[i] = v.ID().String()
	}
	return ids
}
