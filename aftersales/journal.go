package aftersales

import (
	"slices"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
)

// caseLog is a case's audit trail (R0.4). It holds the same entries a
// commerce.Journal would, in less memory: an action's change and the
// notifications that follow it are one compact logEntry, and commerce.Entry
// values are built only when History, Unsaved or Effects ask for them. Entries
// are never modified once added, so clones share them.
type caseLog struct {
	loaded []commerce.Entry // restored with the case, all saved; never appended to
	added  []logEntry       // added since the case was opened or restored
	saved  int              // how many of added the store has persisted
}

// logEntry is a checked change (EntryChange) followed by the notifications of
// the parties in notify (EntryEffect, Note the new state), or, when other is set,
// that single entry as it is.
type logEntry struct {
	at       time.Time
	role     shopkit.Role
	actor    string
	action   Action
	from, to State
	reason   string
	evidence []string
	notify   notified
	other    *commerce.Entry
}

// notified is the set of parties told about a change, expanded in this order.
type notified uint8

const (
	notifyBuyer notified = 1 << iota
	notifyMerchant
	notifyPlatform
)

const platformParty = "platform"

// change appends the entry of a checked action.
func (l *caseLog) change(by commerce.Actor, at time.Time, action Action, from, to State, reason string, evidence []string) {
	l.add(logEntry{at: at, role: by.Role, actor: by.ID, action: action, from: from, to: to, reason: reason,
		evidence: slices.Clone(evidence)})
}

// emit appends an effect entry for the host's outbox.
func (l *caseLog) emit(at time.Time, action Action, eff commerce.Effect) {
	l.add(logEntry{other: &commerce.Entry{Kind: commerce.EntryEffect, At: at, Role: shopkit.System, Action: string(action), Effect: eff}})
}

// add appends e. The first entry added to a restored or cloned case makes room
// for a few more, so that an action sequence grows the log once.
func (l *caseLog) add(e logEntry) {
	if len(l.added) == cap(l.added) {
		l.added = slices.Grow(l.added, max(len(l.added), 6))
	}
	l.added = append(l.added, e)
}

// notify asks the host to tell party about the action just changed (R3.2: the
// decision is communicated to the buyer): the case's reference and its new state. It folds into that change's entry when it
// can (the usual case) and is an entry of its own otherwise.
func (c *Case) notify(now time.Time, action Action, party string) {
	var bit notified
	switch party {
	case c.buyerTo:
		bit = notifyBuyer
	case c.merchantTo:
		bit = notifyMerchant
	case platformParty:
		bit = notifyPlatform
	}
	l := &c.log
	if n := len(l.added); bit != 0 && n > l.saved {
		last := &l.added[n-1]
		if last.other == nil && last.action == action && last.to == c.state && last.at == now && last.notify < bit {
			last.notify |= bit
			return
		}
	}
	l.emit(now, action, commerce.Effect{Type: commerce.EffectNotify, Party: party, Ref: c.ref, Note: string(c.state)})
}

// entries appends the commerce.Entry values of es to dst, deep copies.
func (c *Case) entries(dst []commerce.Entry, es []logEntry) []commerce.Entry {
	for i := range es {
		e := &es[i]
		if e.other != nil {
			dst = append(dst, cloneEntry(*e.other))
			continue
		}
		dst = append(dst, commerce.Entry{Kind: commerce.EntryChange, At: e.at, Role: e.role, Actor: e.actor,
			Action: string(e.action), From: string(e.from), To: string(e.to), Reason: e.reason,
			Evidence: slices.Clone(e.evidence)})
		for _, p := range [...]struct {
			bit   notified
			party string
		}{{notifyBuyer, c.buyerTo}, {notifyMerchant, c.merchantTo}, {notifyPlatform, platformParty}} {
			if e.notify&p.bit != 0 {
				dst = append(dst, commerce.Entry{Kind: commerce.EntryEffect, At: e.at, Role: shopkit.System,
					Action: string(e.action), Effect: commerce.Effect{Type: commerce.EffectNotify, Party: p.party,
						Ref: c.ref, Note: string(e.to)}})
			}
		}
	}
	return dst
}

func entryCount(es []logEntry) int {
	n := 0
	for i := range es {
		n++
		if es[i].other == nil {
			for b := es[i].notify; b != 0; b &= b - 1 {
				n++
			}
		}
	}
	return n
}

// history returns every entry, oldest first (nil for a log that never had any,
// as commerce.Journal does).
func (c *Case) history() []commerce.Entry {
	l := &c.log
	if l.loaded == nil && l.added == nil {
		return nil
	}
	out := make([]commerce.Entry, 0, len(l.loaded)+entryCount(l.added))
	for _, e := range l.loaded {
		out = append(out, cloneEntry(e))
	}
	return c.entries(out, l.added)
}

// unsaved returns the entries added since the case was opened or restored and
// not yet marked saved.
func (c *Case) unsaved() []commerce.Entry {
	l := &c.log
	if l.loaded == nil && l.added == nil {
		return nil
	}
	rest := l.added[l.saved:]
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
// (they are never modified). The copy's added has no spare room, so appending to
// either log never writes where the other can see.
func (l *caseLog) clone() caseLog {
	return caseLog{loaded: l.loaded, added: l.added[:len(l.added):len(l.added)], saved: l.saved}
}

// restoreLog rebuilds a log from persisted entries, all saved.
func restoreLog(entries []commerce.Entry) caseLog {
	if entries == nil {
		return caseLog{}
	}
	loaded := make([]commerce.Entry, len(entries))
	for i, e := range entries {
		loaded[i] = cloneEntry(e)
	}
	return caseLog{loaded: loaded}
}

func cloneEntry(e commerce.Entry) commerce.Entry {
	e.Evidence = slices.Clone(e.Evidence)
	return e
}
