package support

import "github.com/shopkit/shopkit"

// Test-only views of the workflow tables, so the model tests in support_test
// derive "terminal" and "waiting" from the tables instead of repeating them.

// ConversationTerminal reports whether no action leaves s.
func ConversationTerminal(s State) bool { return conversationFSM.Terminal(s) }

// ConversationWaits reports whether s has a timeout (a waiting state).
func ConversationWaits(s State) bool { _, ok := conversationFSM.Timeout(s); return ok }

// ComplaintTerminal reports whether no action leaves s.
func ComplaintTerminal(s ComplaintState) bool { return complaintFSM.Terminal(s) }

// ComplaintWaits reports whether s has a timeout (a waiting state).
func ComplaintWaits(s ComplaintState) bool { _, ok := complaintFSM.Timeout(s); return ok }

// ConversationAllowed lists the actions role may take in s.
func ConversationAllowed(s State, role shopkit.Role) []Action {
	return conversationFSM.AllowedActions(s, role)
}
