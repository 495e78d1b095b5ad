package support

import (
	"context"
	"slices"
	"strconv"

	"github.com/shopkit/shopkit"
)

// FAQEntry is a common question with its answer (R6.2). The entry matches a
// message that contains any of its keywords; Chinese text needs no word
// segmentation because matching is by substring.
type FAQEntry struct {
	ID       string   `json:"id"`
	Keywords []string `json:"keywords"`
	Answer   string   `json:"answer"`
	Topic    Topic    `json:"topic"`
}

// Classifier decides whether a message is a common question the FAQ answers
// (R6.2). A host may plug a better one (a trained model) in place of the FAQ;
// such a one may do I/O, so it gets the caller's ctx. One that cannot answer
// (it fails, or ctx is done) reports no match, and the inquiry goes to an
// agent.
type Classifier interface {
	Classify(ctx context.Context, content string) (FAQEntry, bool)
}

// FAQ is a keyword classifier over a set of entries: an Aho–Corasick automaton
// over every keyword, so a message is scanned once whatever the number of entries
// (R6.2). ASCII letters match case-insensitively. It is immutable and safe for
// concurrent use.
type FAQ struct {
	entries []FAQEntry
	kwEntry []int32 // keyword index → entry index
	kwLen   []int32 // keyword index → length in bytes
	nodes   []acNode
	root    [256]int32 // the root's full transition row
}

type acNode struct {
	edges []acEdge
	fail  int32
	out   []int32 // keyword indexes ending here, including via suffix links
}

type acEdge struct {
	b  byte
	to int32
}

var _ Classifier = (*FAQ)(nil)

// NewFAQ builds the matcher. Each entry needs an ID (unique), an answer and at
// least one non-empty keyword.
func NewFAQ(entries []FAQEntry) (*FAQ, error) {
	f := &FAQ{entries: make([]FAQEntry, len(entries)), nodes: []acNode{{}}}
	ids := map[string]bool{}
	for i, e := range entries {
		field := "entries[" + strconv.Itoa(i) + "]"
		switch {
		case e.ID == "" || ids[e.ID]:
			return nil, shopkit.Invalid(CodeInvalidFAQ, field+".id", "must be unique and not empty")
		case len(e.Keywords) == 0:
			return nil, shopkit.Invalid(CodeInvalidFAQ, field+".keywords", "must not be empty")
		case e.Answer == "":
			return nil, shopkit.Invalid(CodeInvalidFAQ, field+".answer", "must not be empty")
		case e.Topic.Validate() != nil:
			return nil, shopkit.Invalid(CodeInvalidFAQ, field+".topic", problem(e.Topic.Validate()))
		}
		ids[e.ID] = true
		e.Keywords = append([]string(nil), e.Keywords...)
		f.entries[i] = e
		for _, kw := range e.Keywords {
			if kw == "" {
				return nil, shopkit.Invalid(CodeInvalidFAQ, field+".keywords", "must not contain an empty keyword")
			}
			f.insert(kw, int32(len(f.kwEntry)))
			f.kwEntry = append(f.kwEntry, int32(i))
			f.kwLen = append(f.kwLen, int32(len(kw)))
		}
	}
	f.link()
	return f, nil
}

func fold(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

func (f *FAQ) child(n int32, b byte) int32 {
	for _, e := range f.nodes[n].edges {
		if e.b == b {
			return e.to
		}
	}
	return -1
}

func (f *FAQ) insert(kw string, k int32) {
	n := int32(0)
	for i := 0; i < len(kw); i++ {
		b := fold(kw[i])
		c := f.child(n, b)
		if c < 0 {
			c = int32(len(f.nodes))
			f.nodes = append(f.nodes, acNode{})
			f.nodes[n].edges = append(f.nodes[n].edges, acEdge{b, c})
		}
		n = c
	}
	f.nodes[n].out = append(f.nodes[n].out, k)
}

// link computes failure links breadth first and the root's transition row.
func (f *FAQ) link() {
	var bfs []int32
	for _, e := range f.nodes[0].edges {
		f.root[e.b] = e.to
		f.nodes[e.to].fail = 0
		bfs = append(bfs, e.to)
	}
	for len(bfs) > 0 {
		n := bfs[0]
		bfs = bfs[1:]
		for _, e := range f.nodes[n].edges {
			fl := f.nodes[n].fail
			for {
				if c := f.step0(fl, e.b); c >= 0 {
					f.nodes[e.to].fail = c
					break
				}
				fl = f.nodes[fl].fail
			}
			if fo := f.nodes[f.nodes[e.to].fail].out; len(fo) > 0 {
				own := f.nodes[e.to].out
				f.nodes[e.to].out = append(append(make([]int32, 0, len(own)+len(fo)), own...), fo...)
			}
			bfs = append(bfs, e.to)
		}
	}
}

// step0 is child lookup where the root never fails.
func (f *FAQ) step0(n int32, b byte) int32 {
	if n == 0 {
		return f.root[b]
	}
	return f.child(n, b)
}

// Len returns the number of entries.
func (f *FAQ) Len() int { return len(f.entries) }

// Classify returns a copy of the entry Match finds (Classifier). The copy owns
// its Keywords, so a caller changing them cannot change the matcher; it costs one
// allocation per match. Use Match and Entry to avoid it. The FAQ does no I/O
// and does not read ctx.
func (f *FAQ) Classify(_ context.Context, content string) (FAQEntry, bool) {
	i, ok := f.Match(content)
	if !ok {
		return FAQEntry{}, false
	}
	return f.Entry(i)
}

// Entry returns a copy of entry i (as given to NewFAQ), with its own Keywords
// slice; false when i is out of range.
func (f *FAQ) Entry(i int) (FAQEntry, bool) {
	if i < 0 || i >= len(f.entries) {
		return FAQEntry{}, false
	}
	e := f.entries[i]
	e.Keywords = slices.Clone(e.Keywords)
	return e, true
}

// Match returns the index of the entry whose keywords the message matches best
// (R6.2): the most distinct keywords found, then the longest keyword bytes
// found, then the earlier entry. It scans the message once, O(len(content) +
// matches), and allocates nothing; Entry gives the entry.
func (f *FAQ) Match(content string) (int, bool) {
	var hits [16]int32
	found := hits[:0]
	f.scan(content, func(k int32) {
		for _, h := range found {
			if h == k {
				return
			}
		}
		found = append(found, k)
	})
	if len(found) == 0 {
		return 0, false
	}
	best, bestCount, bestLen := int32(-1), 0, 0
	for i, k := range found {
		e := f.kwEntry[k]
		if i > 0 && alreadyScored(found[:i], f.kwEntry, e) {
			continue
		}
		count, length := 0, 0
		for _, h := range found {
			if f.kwEntry[h] == e {
				count++
				length += int(f.kwLen[h])
			}
		}
		if count > bestCount || count == bestCount && (length > bestLen || length == bestLen && e < best) {
			best, bestCount, bestLen = e, count, length
		}
	}
	return int(best), true
}

func alreadyScored(prev []int32, kwEntry []int32, e int32) bool {
	for _, p := range prev {
		if kwEntry[p] == e {
			return true
		}
	}
	return false
}

// walk follows the automaton one byte.
func (f *FAQ) walk(n int32, b byte) int32 {
	for n != 0 {
		if c := f.child(n, b); c >= 0 {
			return c
		}
		n = f.nodes[n].fail
	}
	return f.root[b]
}

// scan calls fn for every keyword occurrence in content, in order of its end.
func (f *FAQ) scan(content string, fn func(k int32)) {
	n := int32(0)
	for i := 0; i < len(content); i++ {
		n = f.walk(n, fold(content[i]))
		for _, k := range f.nodes[n].out {
			fn(k)
		}
	}
}
