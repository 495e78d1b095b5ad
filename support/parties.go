package support

import (
	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Who acts (R0.4, see the package doc). Every action first passes the kernel's
// check, Table.Authorize: the row must name the actor's role, and the actor must
// be a party of the entity (shopkit.Parties.Check, code shopkit.CodeNotParty) —
// the customer for a Buyer, and for a Merchant the shop itself (its ID) or its
// staff (Actor.Shops lists the shop). On top of that, support has its own rule
// for the shop's people: which of them may take the action, the agent holding
// the conversation or complaint, the shop itself (the supervisor), or either.
// A party of the shop who is not admitted is refused with CodeNotYours.

// merchants says which of the shop's Merchant actors an action admits.
type merchants int

const (
	anyMerchant  merchants = iota // no rule beyond the kernel's (no Merchant row)
	holderOnly                    // the agent who holds the entity
	shopOnly                      // the shop itself
	holderOrShop                  // either
)

// admit checks support's rule for a Merchant actor who already passed the
// kernel's party check: holder is the agent or handler holding the entity ("" when
// none). Other roles are not concerned.
func admit(by shopkit.Actor, m merchants, shop uuid.UUID, holder string) error {
	if by.Role != shopkit.Merchant || m == anyMerchant {
		return nil
	}
	holds := holder != "" && by.ID == holder
	isShop := func() bool { return by.ID == shop.String() }
	switch {
	case m == holderOnly && holds, m == shopOnly && isShop(), m == holderOrShop && (holds || isShop()):
		return nil
	}
	return notYours(by, m.refusal())
}

// refusal says why a merchant not admitted by m is refused.
func (m merchants) refusal() string {
	switch m {
	case holderOnly:
		return "does not hold it"
	case shopOnly:
		return "is not the shop"
	}
	return "is neither the agent holding it nor the shop"
}

// conversationMerchants is who of the shop may take each conversation action:
// the agent holding it writes and waits on the customer; the shop (routing is the
// system's) assigns a queued conversation; either hands it over, resolves or
// closes it. The shop does not reply in an agent's place.
func conversationMerchants(a Action) merchants {
	switch a {
	case ActReply, ActAwaitCustomer:
		return holderOnly
	case ActAssign:
		return shopOnly
	case ActTransfer, ActRequeue, ActResolve, ActClose:
		return holderOrShop
	}
	return anyMerchant
}

// complaintMerchants is who of the shop may take each complaint action: the
// shop assigns and reassigns the handler; the handler or the shop closes and
// follows up.
func complaintMerchants(a ComplaintAction) merchants {
	switch a {
	case ActAssignHandler:
		return shopOnly
	case ActCloseComplaint, ActCompleteFollow:
		return holderOrShop
	}
	return anyMerchant
}
