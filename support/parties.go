package support

import (
	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Who acts (R0.4, see the package doc): the tables name the kernel roles, and
// these checks name the person — the customer for a Buyer; for a Merchant, the
// agent holding the conversation or complaint (by agent ID) or the shop itself
// (by the shop's ID). Anyone else is refused with CodeNotYours.

// merchants says which Merchant actors an action admits.
type merchants int

const (
	noMerchant   merchants = iota // the action is the customer's or the system's
	holderOnly                    // the agent who holds the entity
	shopOnly                      // the shop itself
	holderOrShop                  // either
)

// checkParty checks that by is a party to a shop's entity with that customer and
// holder (the agent or handler; "" when none): a buyer must be the customer, a
// merchant one that m admits. The system is checked by the tables alone.
func checkParty(by shopkit.Actor, m merchants, shop uuid.UUID, customer, holder string) error {
	switch by.Role {
	case shopkit.Buyer:
		if by.ID != customer {
			return notYours(by, "is not the customer")
		}
	case shopkit.Merchant:
		if (m == holderOnly || m == holderOrShop) && holder != "" && by.ID == holder {
			return nil
		}
		if (m == shopOnly || m == holderOrShop) && by.ID == shop.String() {
			return nil
		}
		return notYours(by, m.refusal())
	}
	return nil
}

// refusal says why a merchant not admitted by m is refused.
func (m merchants) refusal() string {
	switch m {
	case holderOnly:
		return "does not hold it"
	case shopOnly:
		return "is not the shop"
	case holderOrShop:
		return "is neither the agent holding it nor the shop"
	}
	return "may not act for the customer"
}
