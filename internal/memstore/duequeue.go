package memstore

import (
	"bytes"
	"time"
)

// dueQueue is an indexed min-heap of (deadline, id) over the store's slots: insert,
// move and remove in O(log n), and the k earliest entries at or before t in
// O(k log k), so a sweep's cost grows with what is due, not with what is stored.
// Each slot remembers its heap position, so no second map is needed.
type dueQueue[T any] struct {
	items []*slot[T]
}

func less[T any](a, b *slot[T]) bool {
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return bytes.Compare(a.id[:], b.id[:]) < 0
}

// set places s at deadline at, or removes it when has is false.
func (q *dueQueue[T]) set(s *slot[T], at time.Time, has bool) {
	switch {
	case !has && s.pos >= 0:
		q.remove(s.pos)
	case has && s.pos >= 0:
		s.at = at
		if !q.up(s.pos) {
			q.down(s.pos)
		}
	case has:
		s.at = at
		s.pos = len(q.items)
		q.items = append(q.items, s)
		q.up(s.pos)
	}
}

func (q *dueQueue[T]) remove(i int) {
	last := len(q.items) - 1
	q.items[i].pos = -1
	if i != last {
		q.items[i] = q.items[last]
		q.items[i].pos = i
	}
	q.items[last] = nil
	q.items = q.items[:last]
	if i < len(q.items) && !q.up(i) {
		q.down(i)
	}
}

func (q *dueQueue[T]) swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.items[i].pos = i
	q.items[j].pos = j
}

func (q *dueQueue[T]) up(i int) bool {
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

func (q *dueQueue[T]) down(i int) {
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

// upTo returns, earliest first, at most limit slots whose deadline is at or before
// t and that keep accepts (nil: all). It walks the heap with a second, small heap
// of candidate indexes (the frontier), touching only the nodes it visits and
// their children: O(k log k) for k visited.
func (q *dueQueue[T]) upTo(t time.Time, limit int, keep func(*slot[T]) bool) []*slot[T] {
	if limit <= 0 || len(q.items) == 0 || q.items[0].at.After(t) {
		return nil
	}
	var out []*slot[T]
	f := frontier[T]{q: q, idx: []int{0}}
	for len(f.idx) > 0 && len(out) < limit {
		i := f.pop()
		if keep == nil || keep(q.items[i]) {
			out = append(out, q.items[i])
		}
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(q.items) && !q.items[c].at.After(t) {
				f.push(c)
			}
		}
	}
	return out
}

// frontier is a binary min-heap of indexes into q.items.
type frontier[T any] struct {
	q   *dueQueue[T]
	idx []int
}

func (f *frontier[T]) less(a, b int) bool { return less(f.q.items[f.idx[a]], f.q.items[f.idx[b]]) }

func (f *frontier[T]) push(i int) {
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

func (f *frontier[T]) pop() int {
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
