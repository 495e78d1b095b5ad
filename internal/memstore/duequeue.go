package memstore

import (
	"bytes"
	"time"

	"github.com/google/uuid"
)

// dueQueue is an indexed min-heap of (deadline, id): insert, move and remove in
// O(log n), and the k earliest entries at or before t in O(k log k), so a sweep's
// cost grows with what is due, not with what is stored.
type dueQueue struct {
	items []dueItem
	pos   map[uuid.UUID]int
}

type dueItem struct {
	at time.Time
	id uuid.UUID
}

func newDueQueue() *dueQueue { return &dueQueue{pos: make(map[uuid.UUID]int)} }

func less(a, b dueItem) bool {
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return bytes.Compare(a.id[:], b.id[:]) < 0
}

// set places id at deadline at, or removes it when has is false.
func (q *dueQueue) set(id uuid.UUID, at time.Time, has bool) {
	i, ok := q.pos[id]
	switch {
	case !has && ok:
		q.remove(i)
	case has && ok:
		q.items[i].at = at
		if !q.up(i) {
			q.down(i)
		}
	case has:
		q.items = append(q.items, dueItem{at: at, id: id})
		q.pos[id] = len(q.items) - 1
		q.up(len(q.items) - 1)
	}
}

func (q *dueQueue) remove(i int) {
	last := len(q.items) - 1
	delete(q.pos, q.items[i].id)
	if i != last {
		q.items[i] = q.items[last]
		q.pos[q.items[i].id] = i
	}
	q.items = q.items[:last]
	if i < len(q.items) && !q.up(i) {
		q.down(i)
	}
}

func (q *dueQueue) swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.pos[q.items[i].id] = i
	q.pos[q.items[j].id] = j
}

func (q *dueQueue) up(i int) bool {
	moved := false
	for i > 0 {
		p := (i - 1) / 2
		if !less(q.items[i], q.items[p]) {
			break
		}
		q.swap(i, p)
		i = p
		moved = true
	}
	return moved
}

func (q *dueQueue) down(i int) {
	n := len(q.items)
	for {
		l, m := 2*i+1, i
		if l < n && less(q.items[l], q.items[m]) {
			m = l
		}
		if r := l + 1; r < n && less(q.items[r], q.items[m]) {
			m = r
		}
		if m == i {
			return
		}
		q.swap(i, m)
		i = m
	}
}

// upTo returns, earliest first, at most limit ids whose deadline is at or before t.
// It walks the heap with a second, small heap of candidate indexes (the frontier),
// touching only the nodes it returns and their children: O(k log k) for k results.
func (q *dueQueue) upTo(t time.Time, limit int) []uuid.UUID {
	if limit <= 0 || len(q.items) == 0 || q.items[0].at.After(t) {
		return nil
	}
	var out []uuid.UUID
	f := frontier{q: q, idx: []int{0}}
	for len(f.idx) > 0 && len(out) < limit {
		i := f.pop()
		out = append(out, q.items[i].id)
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(q.items) && !q.items[c].at.After(t) {
				f.push(c)
			}
		}
	}
	return out
}

// frontier is a binary min-heap of indexes into q.items.
type frontier struct {
	q   *dueQueue
	idx []int
}

func (f *frontier) less(a, b int) bool { return less(f.q.items[f.idx[a]], f.q.items[f.idx[b]]) }

func (f *frontier) push(i int) {
	f.idx = append(f.idx, i)
	for c := len(f.idx) - 1; c > 0; {
		p := (c - 1) / 2
		if !f.less(c, p) {
			break
		}
		f.idx[c], f.idx[p] = f.idx[p], f.idx[c]
		c = p
	}
}

func (f *frontier) pop() int {
	top := f.idx[0]
	last := len(f.idx) - 1
	f.idx[0] = f.idx[last]
	f.idx = f.idx[:last]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(f.idx) && f.less(l, m) {
			m = l
		}
		if r := l + 1; r < len(f.idx) && f.less(r, m) {
			m = r
		}
		if m == i {
			return top
		}
		f.idx[i], f.idx[m] = f.idx[m], f.idx[i]
		i = m
	}
}
