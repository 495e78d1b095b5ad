package memstore_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.8: a page starts right after its cursor in the list's order, whether or
// not an item still sits at the cursor (it changed or left meanwhile), in
// both directions; Next is set only when more follow.
func TestPagedStartsAfterTheCursor_R2_8(t *testing.T) {
	at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	var items []shopkit.Cursor
	for i := range 6 {
		items = append(items, shopkit.Cursor{At: at.Add(time.Duration(i/2) * time.Second), ID: "id-" + strconv.Itoa(i)})
	}
	key := func(c shopkit.Cursor) shopkit.Cursor { return c }
	ids := func(p shopkit.Page[shopkit.Cursor]) []string {
		out := []string{}
		for _, c := range p.Items {
			out = append(out, c.ID)
		}
		return out
	}
	page := func(after shopkit.Cursor, newestFirst bool, limit int) shopkit.Page[shopkit.Cursor] {
		p, err := memstore.Paged(slices.Clone(items), key, newestFirst, shopkit.PageRequest{After: after.Encode(), Limit: limit})
		require.NoError(t, err)
		return p
	}
	// At an item: the items after it.
	assert.Equal(t, []string{"id-3", "id-4"}, ids(page(items[2], false, 2)))
	assert.Equal(t, []string{"id-1", "id-0"}, ids(page(items[2], true, 2)))
	// Between items (no item at the cursor): the same.
	gone := shopkit.Cursor{At: items[2].At, ID: "id-2x"}
	assert.Equal(t, []string{"id-3", "id-4", "id-5"}, ids(page(gone, false, 5)))
	assert.Equal(t, []string{"id-2", "id-1", "id-0"}, ids(page(gone, true, 5)))
	// Past the end: nothing, and no Next.
	p := page(shopkit.Cursor{At: at.Add(time.Hour), ID: "z"}, false, 2)
	assert.Empty(t, p.Items)
	assert.NotNil(t, p.Items)
	assert.Empty(t, p.Next)
	// A full last page has no Next; one short of the end has.
	assert.Empty(t, page(items[3], false, 2).Next)
	p = page(items[2], false, 2)
	assert.Equal(t, items[4].Encode(), p.Next)
}
