package support

import (
	"time"

	"github.com/google/uuid"
)

// The steps of Service on a stored Router. Each runs inside one
// QueueStore.Update and is conditional: it changes the router only when the
// router is not yet as the step leaves it, and reports whether it changed it,
// so that a step run twice (a store re-running fn, or a repair that ran first)
// does it once. A conversation's round is its enqueue time (Waiting.Since,
// Conversation.EnqueuedAt): a reopen starts a new one, a requeue keeps it, and a
// holding remembers the round it belongs to.

// enqueueOnce puts w in its queue unless w's round is there already (waiting,
// or held); a holding of an earlier round (a resolution whose release has not
// run yet) is given up first, as a requeue.
func (r *Router) enqueueOnce(w Waiting) ([]Assignment, bool, error) {
	r.mu.Lock()
	h, held := r.held[w.ConversationID]
	_, waiting := r.items[w.ConversationID]
	r.mu.Unlock()
	switch {
	case waiting || held && h.since.Equal(w.Since):
		return nil, false, nil
	case held:
		as, err := r.Requeue(h.agent.cfg.ID, w)
		return as, err == nil, err
	}
	as, ok, err := r.Enqueue(w)
	if err != nil || !ok {
		return nil, err == nil, err
	}
	return []Assignment{as}, true, nil
}

// settle takes the conversation of round since out of the router, waiting or
// held (it ended), and returns the freed agent's next assignment.
func (r *Router) settle(id uuid.UUID, since time.Time) ([]Assignment, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if it, ok := r.items[id]; ok && it.w.Since.Equal(since) {
		it.q.remove(it.idx)
		delete(r.items, id)
		return nil, true
	}
	h, ok := r.held[id]
	if !ok || !h.since.Equal(since) {
		return nil, false
	}
	a, _ := r.unhold(h.agent.cfg.ID, id)
	if !a.free() {
		return nil, true
	}
	if as, ok := r.pull(a); ok {
		return []Assignment{as}, true
	}
	return nil, true
}

// requeueFrom moves the conversation of w's round held in queue from to w's
// queue; a conversation in neither the queue nor any holding is enqueued.
func (r *Router) requeueFrom(from queueKey, w Waiting) ([]Assignment, bool, error) {
	r.mu.Lock()
	h, held := r.held[w.ConversationID]
	_, waiting := r.items[w.ConversationID]
	r.mu.Unlock()
	switch {
	case held && h.since.Equal(w.Since) && h.key == from:
		as, err := r.Requeue(h.agent.cfg.ID, w)
		return as, err == nil, err
	case held || waiting:
		return nil, false, nil
	}
	as, ok, err := r.Enqueue(w)
	if err != nil || !ok {
		return nil, err == nil, err
	}
	return []Assignment{as}, true, nil
}

// convView is what the router needs to know of a conversation to bring itself
// in line with it (reconcile).
type convView struct {
	found bool // false: the conversation store does not have it
	state State
	agent string  // the agent the conversation records
	w     Waiting // its queue and round
}

func (v convView) equal(o convView) bool {
	return v.found == o.found && v.state == o.state && v.agent == o.agent && v.w.ShopID == o.w.ShopID &&
		v.w.Group == o.w.Group && v.w.Since.Equal(o.w.Since)
}

// repairStep is what the conversation must record to agree with the router.
type repairStep struct {
	assign   string // record the assignment to this agent
	transfer string // record the transfer to this agent
}

// reconcile brings the router in line with conversation id as its store has
// it (Service.Repair): an ended or unknown conversation leaves the router, an
// open one is queued unless its round is waiting or held (and a holding of an
// earlier round, or of another queue, is requeued), and a held one is left
// where it is. It returns the assignments made, what the conversation must
// record (an open conversation held in its round and queue: the assignment;
// one held by another agent than it records: the transfer), and whether the
// router changed. An open conversation of a shop no agent of the desk serves
// is not queued: it belongs to another desk.
func (r *Router) reconcile(id uuid.UUID, c convView) ([]Assignment, repairStep, bool, error) {
	r.mu.Lock()
	r.init()
	h, held := r.held[id]
	it, waiting := r.items[id]
	serves := r.servesShop(c.w.ShopID)
	r.mu.Unlock()
	switch {
	case !c.found || c.state == Resolved || c.state == Closed:
		switch {
		case waiting:
			as, _ := r.settle(id, it.w.Since)
			return as, repairStep{}, true, nil
		case held:
			as, _ := r.settle(id, h.since)
			return as, repairStep{}, true, nil
		}
	case c.state == Open:
		switch {
		case waiting:
		case held && h.key == (queueKey{c.w.ShopID, c.w.Group}) && h.since.Equal(c.w.Since):
			return nil, repairStep{assign: h.agent.cfg.ID}, false, nil
		case held:
			as, err := r.Requeue(h.agent.cfg.ID, c.w)
			return as, repairStep{}, err == nil, err
		case serves:
			as, changed, err := r.enqueueOnce(c.w)
			return as, repairStep{}, changed, err
		}
	default: // held by c.agent
		if held && h.agent.cfg.ID != c.agent {
			return nil, repairStep{transfer: h.agent.cfg.ID}, false, nil
		}
	}
	return nil, repairStep{}, false, nil
}

// servesShop reports whether an agent of the router serves shop; called with
// r.mu held.
func (r *Router) servesShop(shop uuid.UUID) bool {
	for _, a := range r.order {
		for _, s := range a.cfg.Shops {
			if s == shop {
				return true
			}
		}
	}
	return false
}

// holder returns the agent holding conversation id.
func (r *Router) holder(id uuid.UUID) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.held[id]
	if !ok {
		return "", false
	}
	return h.agent.cfg.ID, true
}

// heldBy lists every held conversation with its agent.
func (r *Router) heldBy() map[uuid.UUID]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[uuid.UUID]string, len(r.held))
	for id, h := range r.held {
		out[id] = h.agent.cfg.ID
	}
	return out
}
