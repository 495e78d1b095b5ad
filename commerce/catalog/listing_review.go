package catalog

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopkit/shopkit"
)

// Finding is one reason a listing fails review (R2.1): which check found it
// (Code, e.g. CodeBannedWord), on which field, and a human-readable detail.
// A rejected listing keeps the findings of its last rejection.
type Finding struct {
	Code   string `json:"code"`   // stable code of the check, e.g. CodeBannedWord
	Field  string `json:"field"`  // the content field at fault, e.g. "name"
	Detail string `json:"detail"` // what is wrong, for the merchant
}

// ComplianceChecker is a pluggable compliance check of the listing review (R2.1):
// banned words, image moderation, category qualifications. Check returns the
// problems it found (none: the listing passes this check). An error means the
// check could not run (a moderation service is down): the listing stays
// submitted and is reviewed again, or escalated to manual review when its review
// deadline passes. Checkers run outside the store's Update, so they may do I/O.
type ComplianceChecker interface {
	Check(ctx context.Context, c ListingContent) ([]Finding, error)
}

// ComplianceCheckerFunc adapts a function to ComplianceChecker.
type ComplianceCheckerFunc func(ctx context.Context, c ListingContent) ([]Finding, error)

// Check calls f. A nil f cannot check: it returns an error with code
// shopkit.CodeNilArgument, so the listing stays submitted.
func (f ComplianceCheckerFunc) Check(ctx context.Context, c ListingContent) ([]Finding, error) {
	if f == nil {
		return nil, shopkit.NilArgument("checker")
	}
	return f(ctx, c)
}

// CheckCompleteness is the first review step (R2.1): every field a listing needs
// before it can be approved is present — description, category, at least one
// image, at least one SKU, and a service time for a service listing. (Name, a
// price above zero and a stock of at least zero are enforced when the content is
// set, so a draft always has them.)
func CheckCompleteness(c ListingContent) []Finding {
	var out []Finding
	missing := func(field, problem string) {
		out = append(out, Finding{Code: CodeIncompleteListing, Field: field, Detail: field + " " + problem})
	}
	if strings.TrimSpace(c.Name) == "" {
		missing("name", "is required")
	}
	if strings.TrimSpace(c.Description) == "" {
		missing("description", "is required")
	}
	if strings.TrimSpace(c.Category) == "" {
		missing("category", "is required")
	}
	if !c.Price.IsPositive() {
		missing("price", "must be greater than zero")
	}
	if c.Stock < 0 {
		missing("stock", "must not be negative")
	}
	if len(c.Images) == 0 {
		missing("images", "needs at least one image")
	}
	if len(c.SKUs) == 0 {
		missing("skus", "needs at least one SKU")
	}
	if c.Kind == ListingKindService && c.ServiceTime.IsZero() {
		missing("service_time", "is required for a service listing")
	}
	return out
}

// ReviewListing runs the automatic review of R2.1: the completeness check first,
// and only when the content is complete, every compliance checker in order. It
// returns every finding (none: approve). It stops at the first checker error;
// a nil checker is one (code shopkit.CodeNilArgument).
func ReviewListing(ctx context.Context, c ListingContent, checkers []ComplianceChecker) ([]Finding, error) {
	if f := CheckCompleteness(c); len(f) > 0 {
		return f, nil
	}
	var out []Finding
	for i, ch := range checkers {
		if ch == nil {
			return nil, shopkit.NilArgument("checkers[" + strconv.Itoa(i) + "]")
		}
		f, err := ch.Check(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, f...)
	}
	return out, nil
}

// BannedWordsChecker is the compliance checker that ships with the library (R2.1):
// it rejects a listing whose name or description contains a banned word, such as
// the superlatives the Advertising Law forbids (最好, 第一, 国家级) or words that
// signal counterfeits (假货, 高仿).
//
// Matching is by substring, so it works on Chinese text, which has no spaces
// between words. Latin letters match case-insensitively and full-width forms
// (ＡＢＣ, １２３) match their ASCII forms. It uses the Aho–Corasick automaton: one
// pass over the text finds every banned word at once, so its cost grows with the
// length of the text and the number of matches, not with the number of banned
// words. A checker is immutable and safe for concurrent use.
type BannedWordsChecker struct {
	words []string         // as given, for reporting; index = word id
	next  map[acEdge]int32 // goto function of the automaton
	fail  []int32          // failure link of each node
	out   []int32          // word ending at the node, or -1
	dict  []int32          // nearest node on the failure chain that ends a word, or -1
}

type acEdge struct {
	node int32
	r    rune
}

// NewBannedWordsChecker builds the automaton over words. A word that is empty
// (or only spaces) is an error; words that fold to the same text are kept once.
func NewBannedWordsChecker(words []string) (*BannedWordsChecker, error) {
	b := &BannedWordsChecker{next: make(map[acEdge]int32), fail: []int32{0}, out: []int32{-1}}
	children := [][]acEdge{nil} // per node: edges to its children (node = child id)
	for i, w := range words {
		if strings.TrimSpace(w) == "" {
			return nil, shopkit.Invalid(CodeInvalidBannedWord, "words["+strconv.Itoa(i)+"]", "must not be empty")
		}
		node := int32(0)
		for _, r := range w {
			r = foldRune(r)
			child, ok := b.next[acEdge{node, r}]
			if !ok {
				child = int32(len(b.fail))
				b.fail = append(b.fail, 0)
				b.out = append(b.out, -1)
				children = append(children, nil)
				b.next[acEdge{node, r}] = child
				children[node] = append(children[node], acEdge{child, r})
			}
			node = child
		}
		if b.out[node] < 0 {
			b.out[node] = int32(len(b.words))
			b.words = append(b.words, w)
		}
	}
	b.dict = make([]int32, len(b.fail))
	b.dict[0] = -1
	// Breadth first, so a node's failure link is final before its children need it.
	queue := make([]int32, 0, len(b.fail))
	for _, e := range children[0] {
		b.fail[e.node] = 0
		b.dict[e.node] = -1
		queue = append(queue, e.node)
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, e := range children[u] {
			v, r := e.node, e.r
			f := b.fail[u]
			for {
				if w, ok := b.next[acEdge{f, r}]; ok {
					b.fail[v] = w
					break
				}
				if f == 0 {
					b.fail[v] = 0
					break
				}
				f = b.fail[f]
			}
			if fv := b.fail[v]; b.out[fv] >= 0 {
				b.dict[v] = fv
			} else {
				b.dict[v] = b.dict[fv]
			}
			queue = append(queue, v)
		}
	}
	return b, nil
}

// foldRune maps full-width ASCII forms to ASCII and letters to lower case, so
// "ＦＡＫＥ", "Fake" and "fake" match alike. Chinese characters are unchanged.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// Len returns the number of distinct banned words.
func (b *BannedWordsChecker) Len() int { return len(b.words) }

// Match returns the banned words text contains, each once, in the order of their
// first occurrence (by end position), spelled as they were given.
func (b *BannedWordsChecker) Match(text string) []string {
	var found []int32
	b.scan(text, func(w int32) {
		if !slices.Contains(found, w) {
			found = append(found, w)
		}
	})
	if len(found) == 0 {
		return nil
	}
	out := make([]string, len(found))
	for i, w := range found {
		out[i] = b.words[w]
	}
	return out
}

// Contains reports whether text contains any banned word. It does not allocate.
func (b *BannedWordsChecker) Contains(text string) bool {
	hit := false
	b.scan(text, func(int32) { hit = true })
	return hit
}

func (b *BannedWordsChecker) scan(text string, report func(word int32)) {
	if len(b.words) == 0 {
		return
	}
	state := int32(0)
	for _, r := range text {
		r = foldRune(r)
		for {
			if n, ok := b.next[acEdge{state, r}]; ok {
				state = n
				break
			}
			if state == 0 {
				break
			}
			state = b.fail[state]
		}
		if w := b.out[state]; w >= 0 {
			report(w)
		}
		for d := b.dict[state]; d >= 0; d = b.dict[d] {
			report(b.out[d])
		}
	}
}

// Check implements ComplianceChecker: one finding per banned word per field
// (name, then description), code CodeBannedWord.
func (b *BannedWordsChecker) Check(_ context.Context, c ListingContent) ([]Finding, error) {
	var out []Finding
	for _, f := range [...]struct{ field, text string }{{"name", c.Name}, {"description", c.Description}} {
		for _, w := range b.Match(f.text) {
			out = append(out, Finding{Code: CodeBannedWord, Field: f.field,
				Detail: f.field + " contains banned word \"" + w + "\""})
		}
	}
	return out, nil
}
