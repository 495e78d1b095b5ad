package aftersales

import (
	"slices"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// caseLog is a case's audit trail (R0.4). It holds the same entries a
// commerce.Journal would, in less memory: an action's change and the
// notifications that follow it are one compact logEntry whose action, states,
// role and actor are one-byte codes, and commerce.Entry values are built only when
// History, Unsaved or Effects ask for them. Entries are never modified once saved,
// so clones share them.
type caseLog struct {
	entries []logEntry
	saved   int // how many of entries the store has persisted
}

// logEntry is a checked change (EntryChange) followed by the notifications it
// sends (EntryEffect): to the merchant about a new case when opened is set, then to
// the parties in notify with the new state as the note. When full is set it is
// the entry as it is (a change with evidence, names the codes do not hold, or an
// effect of another shape); a change there may still carry notifications.
type logEntry struct {
	at     time.Time
	reason string
	full   *commerce.Entry
	actor  uint8 // code of the actor: 0 "", 1 the buyer, 2 the merchant, 3 the system
	action uint8 // code of the action, 0 for none
	from   uint8 // codes of the states, 0 for ""
	to     uint8
	role   uint8 // code of the role, 0 for ""
	notify notified
	opened uint8 // code of the kind opened, 0 for none
}

// notified is the set of parties told about a change, expanded in this order.
type notified uint8

const (
	notifyBuyer notified = 1 << iota
	notifyMerchant
	notifyPlatform
)

// platformParty is the platform as a party to notify.
const platformParty = notifyPlatform

// openedNote prefixes the kind in the merchant's notification of a new case.
const openedNote = "after-sales request "

// logCodes maps the package's names to the small codes of logEntry and back:
// code i+1 is names[i]. Immutable after package load, like the tables.
var logCodes = func() (c struct {
	actions []Action
	states  []State
	kinds   []Kind
	roles   []shopkit.Role
	action  map[Action]uint8
	state   map[State]uint8
	kind    map[Kind]uint8
}) {
	c.actions, c.states, c.kinds = Actions(), States(), Kinds()
	c.roles = []shopkit.Role{shopkit.Buyer, shopkit.Merchant, shopkit.Platform, shopkit.System}
	c.action, c.state, c.kind = codes(c.actions), codes(c.states), codes(c.kinds)
	return c
}()

func codes[T comparable](names []T) map[T]uint8 {
	m := make(map[T]uint8, len(names))
	for i, n := range names {
		m[n] = uint8(i + 1)
	}
	return m
}

// code returns the code of name, 0 for the zero name; ok is false for a name
// without a code.
func code[T comparable](m map[T]uint8, name T) (c uint8, ok bool) {
	var zero T
	if name == zero {
		return 0, true
	}
	c, ok = m[name]
	return c, ok
}

func roleCode(r shopkit.Role) (uint8, bool) {
	switch r {
	case "":
		return 0, true
	case shopkit.Buyer:
		return 1, true
	case shopkit.Merchant:
		return 2, true
	case shopkit.Platform:
		return 3, true
	case shopkit.System:
		return 4, true
	}
	return 0, false
}

// actorCode returns the code of the actor id on c; ok is false for anyone else
// (a platform operator), whose changes are kept as full entries.
func (c *Case) actorCode(id string) (uint8, bool) {
	switch id {
	case "":
		return 0, true
	case c.buyerID:
		return 1, true
	case c.merchantID:
		return 2, true
	case commerce.SystemActor().ID:
		return 3, true
	}
	return 0, false
}

// actorName returns the actor id of code a on c.
func (c *Case) actorName(a uint8) string {
	switch a {
	case 1:
		return c.buyerID
	case 2:
		return c.merchantID
	case 3:
		return commerce.SystemActor().ID
	}
	return ""
}

// name returns the name of code c in names, the zero name for 0.
func name[T any](names []T, c uint8) T {
	var zero T
	if c == 0 {
		return zero
	}
	return names[c-1]
}

// change appends the entry of a checked action.
func (c *Case) change(by commerce.Actor, at time.Time, action Action, from, to State, reason string, evidence []string) {
	a, okA := code(logCodes.action, action)
	f, okF := uint8(0), true
	if n := len(c.log.entries); n > 0 && c.log.entries[n-1].to != 0 && name(logCodes.states, c.log.entries[n-1].to) == from {
		f = c.log.entries[n-1].to // the state the last change entered: no lookup
	} else {
		f, okF = code(logCodes.state, from)
	}
	t, okT := code(logCodes.state, to)
	r, okR := roleCode(by.Role)
	id, okID := c.actorCode(by.ID)
	e := logEntry{at: at, actor: id, reason: reason, action: a, from: f, to: t, role: r}
	if evidence != nil || !okA || !okF || !okT || !okR || !okID {
		e.full = &commerce.Entry{Kind: commerce.EntryChange, At: at, Role: by.Role, Actor: by.ID, Action: string(action),
			From: string(from), To: string(to), Reason: reason, Evidence: slices.Clone(evidence)}
	}
	c.add(e)
}

// emit appends an effect entry for the host's outbox.
func (c *Case) emit(at time.Time, action Action, eff commerce.Effect) {
	c.add(logEntry{full: &commerce.Entry{Kind: commerce.EntryEffect, At: at, Role: shopkit.System, Action: string(action), Effect: eff}})
}

// usualEntries is how many entries a case of kind k usually ends with: the
// opening and the actions of its usual course (an exchange: approve, ship back,
// sign for the return, ship the replacement, confirm). The log makes room for
// them at once rather than doubling its way there.
func usualEntries(k Kind) int {
	switch k {
	case RefundOnly, Voucher:
		return 4 // open, approve or request, issue, confirm the refund
	case ReturnRefund:
		return 7 // open, approve, ship back, sign, approve, issue, confirm the refund
	}
	return 6
}

// add appends e, making room for the rest of the kind's usual course when full.
func (c *Case) add(e logEntry) {
	l := &c.log
	if n := len(l.entries); n == cap(l.entries) {
		need := usualEntries(c.kind)
		if need <= n {
			need = 2 * n
		}
		l.entries = slices.Grow(l.entries, need-n)
	}
	l.entries = append(l.entries, e)
}

// notify asks the host to tell a party about the action just changed (R3.2: the
// decision is communicated to the buyer): the case's reference and its new state.
// It folds into that change's entry when it can (the usual case) and is an entry
// of its own otherwise.
func (c *Case) notify(now time.Time, action Action, party notified) {
	l := &c.log
	if n := len(l.entries); n > l.saved {
		last := &l.entries[n-1]
		if last.action != 0 && last.to != 0 && name(logCodes.actions, last.action) == action &&
			name(logCodes.states, last.to) == c.state && last.at == now && last.notify < party &&
			(last.full == nil || last.full.Kind == commerce.EntryChange) {
			last.notify |= party
			return
		}
	}
	ref, to, merchant := c.parties()
	switch party {
	case notifyMerchant:
		to = merchant
	case notifyPlatform:
		to = "platform"
	}
	c.emit(now, action, commerce.Effect{Type: commerce.EffectNotify, Party: to, Ref: ref, Note: string(c.state)})
}

// notifyOpened tells the merchant about the case just opened as kind; it folds
// into the opening entry.
func (c *Case) notifyOpened(now time.Time, kind Kind) {
	l := &c.log
	k, ok := code(logCodes.kind, kind)
	if n := len(l.entries); ok && k != 0 && n > l.saved {
		if last := &l.entries[n-1]; last.full == nil && last.action == logCodes.action[ActOpen] && last.at == now &&
			last.notify == 0 && last.opened == 0 {
			last.opened = k
			return
		}
	}
	ref, _, merchant := c.parties()
	c.emit(now, ActOpen, commerce.Effect{Type: commerce.EffectNotify, Party: merchant, Ref: ref, Note: openedNote + string(kind)})
}

// parties returns the case's reference and the buyer and merchant as parties
// ("buyer:<id>", "merchant:<id>"), substrings of one allocation.
func (c *Case) parties() (ref, buyer, merchant string) {
	id := idText(c)
	b, m := len(id)+len("buyer:")+len(c.buyerID), len("merchant:")+len(c.merchantID)
	var sb strings.Builder
	sb.Grow(b + m)
	sb.Write(id[:])
	sb.WriteString("buyer:")
	sb.WriteString(c.buyerID)
	sb.WriteString("merchant:")
	sb.WriteString(c.merchantID)
	all := sb.String()
	return all[:len(id)], all[len(id):b], all[b:]
}

// idText is the canonical text of the case's ID, as uuid.UUID.String formats it,
// without allocating.
func idText(c *Case) [36]byte {
	var id [36]byte
	const hexDigits = "0123456789abcdef"
	n := 0
	for i, b := range c.id {
		switch i {
		case 4, 6, 8, 10:
			id[n] = '-'
			n++
		}
		id[n], id[n+1] = hexDigits[b>>4], hexDigits[b&0x0f]
		n += 2
	}
	return id
}

// entries appends the commerce.Entry values of es to dst, deep copies.
func (c *Case) entries(dst []commerce.Entry, es []logEntry) []commerce.Entry {
	var ref, buyer, merchant string
	for i := range es {
		e := &es[i]
		if e.full != nil {
			dst = append(dst, cloneEntry(*e.full))
		} else {
			dst = append(dst, commerce.Entry{Kind: commerce.EntryChange, At: e.at, Role: name(logCodes.roles, e.role),
				Actor: c.actorName(e.actor), Action: string(name(logCodes.actions, e.action)), From: string(name(logCodes.states, e.from)),
				To: string(name(logCodes.states, e.to)), Reason: e.reason})
		}
		if e.opened == 0 && e.notify == 0 {
			continue
		}
		if ref == "" {
			ref, buyer, merchant = c.parties()
		}
		notice := func(party, note string) {
			dst = append(dst, commerce.Entry{Kind: commerce.EntryEffect, At: e.at, Role: shopkit.System,
				Action: string(name(logCodes.actions, e.action)),
				Effect: commerce.Effect{Type: commerce.EffectNotify, Party: party, Ref: ref, Note: note}})
		}
		if e.opened != 0 {
			notice(merchant, openedNote+string(name(logCodes.kinds, e.opened)))
		}
		for _, p := range [...]struct {
			bit   notified
			party string
		}{{notifyBuyer, buyer}, {notifyMerchant, merchant}, {notifyPlatform, "platform"}} {
			if e.notify&p.bit != 0 {
				notice(p.party, string(name(logCodes.states, e.to)))
			}
		}
	}
	return dst
}

func entryCount(es []logEntry) int {
	n := 0
	for i := range es {
		n++
		if es[i].opened != 0 {
			n++
		}
		for b := es[i].notify; b != 0; b &= b - 1 {
			n++
		}
	}
	return n
}

// history returns every entry, oldest first (nil for a log that never had any,
// as commerce.Journal does).
func (c *Case) history() []commerce.Entry {
	es := c.log.entries
	if es == nil {
		return nil
	}
	return c.entries(make([]commerce.Entry, 0, entryCount(es)), es)
}

// unsaved returns the entries added since the case was opened or restored and
// not yet marked saved.
func (c *Case) unsaved() []commerce.Entry {
	l := &c.log
	if l.entries == nil {
		return nil
	}
	rest := l.entries[l.saved:]
	return c.entries(make([]commerce.Entry, 0, entryCount(rest)), rest)
}

// effects returns the effect entries of the history.
func (c *Case) effects() []commerce.Entry {
	var out []commerce.Entry
	for _, e := range c.history() {
		if e.Kind == commerce.EntryEffect {
			out = append(out, e)
		}
	}
	return out
}

// clone returns a log with the same entries; the entries themselves are shared
// (they are never modified once saved, and a case folds notifications only into
// the entry it just appended). The copy's slice has no spare room, so appending to
// either log never writes where the other can see.
func (l *caseLog) clone() caseLog {
	return caseLog{entries: l.entries[:len(l.entries):len(l.entries)], saved: l.saved}
}

// restoreLog rebuilds the log of c from persisted entries, all saved, in compact
// form: the same entries come back from History. An entry the codes cannot hold
// is kept as it is (a deep copy). It makes room for the rest of the kind's usual
// course, as the case is usually restored to act.
func (c *Case) restoreLog(entries []commerce.Entry) caseLog {
	if entries == nil {
		return caseLog{}
	}
	out := make([]logEntry, 0, max(len(entries), usualEntries(c.kind)))
	for i := range entries {
		e := &entries[i]
		if n := len(out); n > 0 && c.foldNotice(&out[n-1], e) {
			continue
		}
		out = append(out, c.compact(e))
	}
	return caseLog{entries: out, saved: len(out)}
}

// compact returns the logEntry holding e.
func (c *Case) compact(e *commerce.Entry) logEntry {
	if e.Kind != commerce.EntryChange {
		full := cloneEntry(*e)
		return logEntry{full: &full}
	}
	a, okA := code(logCodes.action, Action(e.Action))
	f, okF := code(logCodes.state, State(e.From))
	t, okT := code(logCodes.state, State(e.To))
	r, okR := roleCode(e.Role)
	id, okID := c.actorCode(e.Actor)
	le := logEntry{at: e.At, reason: e.Reason, action: a, from: f, to: t, role: r, actor: id}
	if e.Evidence != nil || e.Effect != (commerce.Effect{}) || !okA || !okF || !okT || !okR || !okID {
		full := cloneEntry(*e)
		le.full = &full
	}
	return le
}

// foldNotice folds e into last when e is one of the notifications last's change
// sends, in the order it sends them, and reports whether it did.
func (c *Case) foldNotice(last *logEntry, e *commerce.Entry) bool {
	eff := e.Effect
	if e.Kind != commerce.EntryEffect || e.Role != shopkit.System || e.Actor != "" || e.From != "" || e.To != "" ||
		e.Reason != "" || e.Evidence != nil || eff.Type != commerce.EffectNotify || eff.Amount != (commerce.Money{}) ||
		last.action == 0 || (last.full != nil && last.full.Kind != commerce.EntryChange) || e.At != last.at ||
		e.Action != string(name(logCodes.actions, last.action)) {
		return false
	}
	if id := idText(c); eff.Ref != string(id[:]) {
		return false
	}
	if last.opened == 0 && last.notify == 0 && last.action == logCodes.action[ActOpen] &&
		isParty(eff.Party, "merchant:", c.merchantID) && strings.HasPrefix(eff.Note, openedNote) {
		if k, ok := code(logCodes.kind, Kind(strings.TrimPrefix(eff.Note, openedNote))); ok && k != 0 {
			last.opened = k
			return true
		}
	}
	var bit notified
	switch {
	case isParty(eff.Party, "buyer:", c.buyerID):
		bit = notifyBuyer
	case isParty(eff.Party, "merchant:", c.merchantID):
		bit = notifyMerchant
	case eff.Party == "platform":
		bit = notifyPlatform
	}
	if bit == 0 || last.notify >= bit || last.to == 0 || eff.Note != string(name(logCodes.states, last.to)) {
		return false
	}
	last.notify |= bit
	return true
}

// isParty reports whether party is prefix+id, without allocating.
func isParty(party, prefix, id string) bool {
	return len(party) == len(prefix)+len(id) && strings.HasPrefix(party, prefix) && party[len(prefix):] == id
}

func cloneEntry(e commerce.Entry) commerce.Entry {
	e.Evidence = slices.Clone(e.Evidence)
	return e
}
