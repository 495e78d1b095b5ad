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
	Seq      int       `json:"seq"` // position in the entity's trail, from 1: with the entity's ID, the entry's stable identity
	Kind     EntryKind `json:"kind"`
	At       time.Time `json:"at,omitzero"`
	Role     Role      `json:"role"`
	Actor    string    `json:"actor"` // the acting person or process; "" for the system
	Action   string    `json:"action"`
	From     string    `json:"from"` // state before the action
	To       string    `json:"to"`   // state after the action
	Reason   string    `json:"reason"`
	Evidence []string  `json:"evidence"`        // references to documents, images, chat logs
	Effect   Effect    `json:"effect,omitzero"` // set when Kind is EntryEffect; omitted otherwise
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
	ID     string     `json:"id"`
	Type   EffectType `json:"type"`
	Party  string     `json:"party"`  // "buyer:…", "merchant:…", "platform"
	Amount Money      `json:"amount"` // for pay and refund effects
	Ref    string     `json:"ref"`    // the entity or key the effect belongs to (also an idempotency key)
	Note   string     `json:"note"`
}

// Actor is who performs an action: a role and an actor id.
type Actor struct {
	Role Role   `json:"role"`
	ID   string `json:"id"` // never empty for a party: an actor without an ID is refused
	// Shops are the shops the actor acts for. A platform operator is scoped to
	// them; with none, the operator acts for every shop. A merchant's staff (an
	// agent of the shop's customer service) act under their own IDs for the
	// listed shops; a merchant whose ID is the shop's needs none. Buyers and the
	// system ignore it.
	Shops []uuid.UUID `json:"shops"`
}

// SystemActor is the actor of consequences a sweep applies.
func SystemActor() Actor { return Actor{Role: System, ID: "system"} }

// Journal is the part of an aggregate's audit trail that the value holds: the
// entries added since the aggregate was built or loaded, numbered on from the
// trail the store already keeps. The whole trail is the store's append-only log
// (read with a TrailReader); a loaded aggregate carries only its state and the
// trail's length, so loading and saving cost the same at 10 entries as at
// 10,000, and no rule reads the trail. Aggregates of every package keep one in
// an unexported field, add to it only through their checked actions, and
// expose History, Unsaved and MarkSaved.
type Journal struct {
	entity  string
	base    int     // entries of the trail before entries[0]
	entries []Entry // held by this value; entries[saved:] are not yet persisted
	saved   int
}

// NewJournal returns the empty journal of the entity with the given ID (its
// uuid's text form): the ID that every effect's stable ID starts with.
func NewJournal(entity string) Journal { return Journal{entity: entity} }

// ResumeJournal returns the journal of an entity loaded from a store whose
// trail holds seq entries: it holds none of them, and numbers the next entry
// seq + 1.
func ResumeJournal(entity string, seq int) Journal { return Journal{entity: entity, base: seq} }

// EffectID is the stable ID of the effect at position seq of entity's trail.
func EffectID(entity string, seq int) string { return entity + "#" + strconv.Itoa(seq) }

// Seq returns the position of the last entry in the entity's trail, counting
// the entries the store holds: the trail's length once Unsaved is appended.
func (j *Journal) Seq() int { return j.base + len(j.entries) }

// History returns a copy of the entries the value holds, oldest first: every
// entry of an aggregate built and acted on in memory, and of one loaded from a
// store only those added since (the rest is in the store's trail).
func (j *Journal) History() []Entry { return cloneEntries(j.entries) }

// Unsaved returns a copy of the entries added since the aggregate was created or
// loaded and not yet persisted: what the store's Update must append together
// with the entity's state.
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

// Clone returns a deep copy of what is not yet saved: the copy holds the
// unsaved entries and numbers on from the same trail. A store keeps such a copy,
// so that the value it holds carries state, not history.
func (j *Journal) Clone() Journal {
	return Journal{entity: j.entity, base: j.base + j.saved, entries: cloneEntries(j.entries[j.saved:])}
}

// Change appends the entry of a checked action. Aggregates call it after the
// action's transition has been checked.
func (j *Journal) Change(by Actor, at time.Time, action, from, to, reason string, evidence []string) {
	j.entries = append(j.entries, Entry{Seq: j.Seq() + 1, Kind: EntryChange, At: at, Role: by.Role, Actor: by.ID,
		Action: action, From: from, To: to, Reason: reason, Evidence: slices.Clone(evidence)})
}

// Emit appends an effect entry for the host's outbox.
func (j *Journal) Emit(at time.Time, action string, eff Effect) {
	seq := j.Seq() + 1
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
