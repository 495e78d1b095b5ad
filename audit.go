package shopkit

import (
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// EntryKind tells a change of state from an effect the host must carry out.
type EntryKind string

// The kinds of audit entry.
const (
	// EntryChange records an action: who, when, from-state, to-state (R0.4).
	EntryChange EntryKind = "change"
	// EntryEffect asks the host to do something outside the library: notify a
	// party, pay or refund money, release stock. A host reads effects from what it
	// saved, as an outbox.
	EntryEffect EntryKind = "effect"
)

// Entry is one append-only audit record (R0.4). An entity and the entries an
// action added are persisted in one Update call.
type Entry struct {
	Seq      int // position in the entity's trail, from 1: with the entity's ID, the entry's stable identity
	Kind     EntryKind
	At       time.Time
	Role     Role
	Actor    string // the acting person or process; "" for the system
	Action   string
	From     string // state before the action
	To       string // state after the action
	Reason   string
	Evidence []string // references to documents, images, chat logs
	Effect   Effect   // set when Kind is EntryEffect
}

// EffectType names what the host must do.
type EffectType string

// Effect types the library emits. Packages may define more.
const (
	EffectNotify       EffectType = "notify"        // tell Party about Action
	EffectPay          EffectType = "pay"           // pay Amount to Party
	EffectRefund       EffectType = "refund"        // refund Amount to Party through the host's gateway
	EffectReleaseStock EffectType = "release_stock" // stock reserved for Ref is free again
)

// Effect is work the host carries out after saving: the library performs no I/O.
type Effect struct {
	// ID is the effect's stable identity, "<entity>#<seq>": the same effect read
	// twice from an outbox has the same ID, so a host de-duplicates on it.
	ID     string
	Type   EffectType
	Party  string // "buyer:…", "merchant:…", "platform"
	Amount Money  // for pay and refund effects
	Ref    string // the entity or key the effect belongs to (also an idempotency key)
	Note   string
}

// Actor is who performs an action: a role and an actor id.
type Actor struct {
	Role Role
	ID   string // never empty for a party: an actor without an ID is refused
	// Shops are the shops the actor acts for. A platform operator is scoped to
	// them; with none, the operator acts for every shop. A merchant's staff (an
	// agent of the shop's customer service) act under their own IDs for the
	// listed shops; a merchant whose ID is the shop's needs none. Buyers and the
	// system ignore it.
	Shops []uuid.UUID
}

// SystemActor is the actor of consequences a sweep applies.
func SystemActor() Actor { return Actor{Role: System, ID: "system"} }

// Journal is an aggregate's audit trail: every entry it has, and which of them were
// added since it was loaded (so a store can append just those). Aggregates of every
// package keep one in an unexported field, add to it only through their checked
// actions, and expose History, Unsaved and MarkSaved.
type Journal struct {
	entity  string
	entries []Entry
	saved   int
}

// NewJournal returns the empty journal of the entity with the given ID (its
// uuid's text form): the ID that every effect's stable ID starts with.
func NewJournal(entity string) Journal { return Journal{entity: entity} }

// RestoreJournal rebuilds the journal of entity from persisted entries; all are
// marked saved.
func RestoreJournal(entity string, entries []Entry) Journal {
	// A restored entity is loaded to act: leave room for the entries of one
	// action so that it does not copy the whole trail again.
	out := make([]Entry, len(entries), len(entries)+restoreHeadroom)
	for i, e := range entries {
		out[i] = cloneEntry(e)
	}
	return Journal{entity: entity, entries: out, saved: len(entries)}
}

// restoreHeadroom is how many entries one action typically appends (a
// transition, its effects and a note).
const restoreHeadroom = 8

// EffectID is the stable ID of the effect at position seq of entity's trail.
func EffectID(entity string, seq int) string { return entity + "#" + strconv.Itoa(seq) }

// History returns a copy of every entry, oldest first.
func (j *Journal) History() []Entry { return cloneEntries(j.entries) }

// Unsaved returns a copy of the entries added since the aggregate was created or
// restored: what the store's Update must persist together with the entity.
func (j *Journal) Unsaved() []Entry { return cloneEntries(j.entries[j.saved:]) }

// Effects returns the effect entries among History.
func (j *Journal) Effects() []Entry {
	var out []Entry
	for _, e := range j.entries {
		if e.Kind == EntryEffect {
			out = append(out, cloneEntry(e))
		}
	}
	return out
}

// MarkSaved records that the store has persisted every entry. Stores call it
// after a successful Create or Update.
func (j *Journal) MarkSaved() { j.saved = len(j.entries) }

// Len returns the number of entries.
func (j *Journal) Len() int { return len(j.entries) }

// Clone returns a deep copy, keeping which entries are saved.
func (j *Journal) Clone() Journal {
	return Journal{entity: j.entity, entries: cloneEntries(j.entries), saved: j.saved}
}

// Change appends the entry of a checked action. Aggregates call it after the
// action's transition has been checked.
func (j *Journal) Change(by Actor, at time.Time, action, from, to, reason string, evidence []string) {
	j.entries = append(j.entries, Entry{Seq: len(j.entries) + 1, Kind: EntryChange, At: at, Role: by.Role, Actor: by.ID,
		Action: action, From: from, To: to, Reason: reason, Evidence: slices.Clone(evidence)})
}

// Emit appends an effect entry for the host's outbox.
func (j *Journal) Emit(at time.Time, action string, eff Effect) {
	seq := len(j.entries) + 1
	eff.ID = EffectID(j.entity, seq)
	j.entries = append(j.entries, Entry{Seq: seq, Kind: EntryEffect, At: at, Role: System, Action: action, Effect: eff})
}

func cloneEntry(e Entry) Entry {
	e.Evidence = slices.Clone(e.Evidence)
	return e
}

func cloneEntries(es []Entry) []Entry {
	if len(es) == 0 {
		return nil
	}
	out := make([]Entry, len(es))
	for i, e := range es {
		out[i] = cloneEntry(e)
	}
	return out
}
