package membership

import "time"

// WhatIf is the result of a simulation: the standing before, what each order would
// do, and the standing after.
type WhatIf struct {
	Before   Evaluation `json:"before"`   // the standing now
	Outcomes []Outcome  `json:"outcomes"` // one per simulated order, in order
	After    Evaluation `json:"after"`    // the standing if every order completed
}

// WhatIf simulates completing orders for m at now ("if this order completes, the
// member becomes …") on a copy: m itself never changes. Errors are those
// CompleteOrder would return.
func (ts *TierSet) WhatIf(m *Member, now time.Time, orders ...CompletedOrder) (WhatIf, error) {
	var w WhatIf
	var err error
	if w.Before, err = ts.Evaluate(m, now); err != nil {
		return WhatIf{}, err
	}
	c := m.Clone()
	for _, o := range orders {
		out, err := c.CompleteOrder(ts, o, now)
		if err != nil {
			return WhatIf{}, err
		}
		w.Outcomes = append(w.Outcomes, out)
	}
	if w.After, err = ts.Evaluate(c, now); err != nil {
		return WhatIf{}, err
	}
	return w, nil
}
