package support

import (
	"errors"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
)

// The codes of the package's errors (shopkit.CodeOf), stable for a frontend's
// messages. A *shopkit.TransitionError of the conversation or complaint table has
// CodeWrongState or CodeWrongRole.
const (
	CodeAgentExists           = "support.agent_exists"
	CodeAgentNotFound         = "support.agent_not_found"
	CodeAgentOverCapacity     = "support.agent_over_capacity"
	CodeAgentUnavailable      = "support.agent_unavailable"
	CodeAlreadyAssigned       = "support.already_assigned"
	CodeAlreadyQueued         = "support.already_queued"
	CodeAlreadyRated          = "support.already_rated"
	CodeCannedCodeTaken       = "support.canned_code_taken"
	CodeCannedNotFound        = "support.canned_not_found"
	CodeCompensationRequired  = "support.compensation_required"
	CodeComplaintExists       = "support.complaint_exists"
	CodeComplaintNotFound     = "support.complaint_not_found"
	CodeContentTooLong        = "support.content_too_long"
	CodeConversationExists    = "support.conversation_exists"
	CodeConversationNotFound  = "support.conversation_not_found"
	CodeDeskExists            = "support.desk_exists"
	CodeDeskNotFound          = "support.desk_not_found"
	CodeEmptyContent          = "support.empty_content"
	CodeHandlerLevelTooLow    = "support.handler_level_too_low"
	CodeInvalidAgent          = "support.invalid_agent"
	CodeInvalidCannedReply    = "support.invalid_canned_reply"
	CodeInvalidChannel        = "support.invalid_channel"
	CodeInvalidCompensation   = "support.invalid_compensation"
	CodeInvalidComplaint      = "support.invalid_complaint"
	CodeInvalidConfig         = "support.invalid_config"
	CodeInvalidContent        = "support.invalid_content"
	CodeInvalidConversation   = "support.invalid_conversation"
	CodeInvalidFAQ            = "support.invalid_faq"
	CodeInvalidGroup          = "support.invalid_group"
	CodeInvalidHandler        = "support.invalid_handler"
	CodeInvalidInquiry        = "support.invalid_inquiry"
	CodeInvalidPhase          = "support.invalid_phase"
	CodeInvalidPolicy         = "support.invalid_policy"
	CodeInvalidQualityRules   = "support.invalid_quality_rules"
	CodeInvalidRouter         = "support.invalid_router"
	CodeInvalidScore          = "support.invalid_score"
	CodeInvalidSeverity       = "support.invalid_severity"
	CodeInvalidSeverityPolicy = "support.invalid_severity_policy"
	CodeInvalidState          = "support.invalid_state"
	CodeInvalidStatus         = "support.invalid_status"
	CodeInvalidStrategy       = "support.invalid_strategy"
	CodeInvalidTopic          = "support.invalid_topic"
	CodeInvalidWaiting        = "support.invalid_waiting"
	CodeNotHeld               = "support.not_held"
	CodeNotQueued             = "support.not_queued"
	CodeNotYours              = "support.not_yours"
	CodeNoteRequired          = "support.note_required"
	CodeReopenWindowPassed    = "support.reopen_window_passed"
	CodeSummaryRequired       = "support.summary_required"
	CodeTopicRequired         = "support.topic_required"
	CodeWrongRole             = "support.wrong_role"
	CodeWrongState            = "support.wrong_state"
)

// Codes lists every code of the package's errors.
func Codes() []string {
	return []string{
		CodeAgentExists, CodeAgentNotFound, CodeAgentOverCapacity, CodeAgentUnavailable, CodeAlreadyAssigned,
		CodeAlreadyQueued, CodeAlreadyRated, CodeCannedCodeTaken, CodeCannedNotFound, CodeCompensationRequired,
		CodeComplaintExists, CodeComplaintNotFound, CodeContentTooLong, CodeConversationExists,
		CodeConversationNotFound, CodeDeskExists, CodeDeskNotFound, CodeEmptyContent, CodeHandlerLevelTooLow, CodeInvalidAgent,
		CodeInvalidCannedReply, CodeInvalidChannel, CodeInvalidCompensation, CodeInvalidComplaint,
		CodeInvalidConfig, CodeInvalidContent, CodeInvalidConversation, CodeInvalidFAQ, CodeInvalidGroup,
		CodeInvalidHandler, CodeInvalidInquiry, CodeInvalidPhase, CodeInvalidPolicy, CodeInvalidQualityRules,
		CodeInvalidRouter, CodeInvalidScore, CodeInvalidSeverity, CodeInvalidSeverityPolicy, CodeInvalidState, CodeInvalidStatus,
		CodeInvalidStrategy, CodeInvalidTopic, CodeInvalidWaiting, CodeNotHeld, CodeNotQueued, CodeNotYours, CodeNoteRequired,
		CodeReopenWindowPassed, CodeSummaryRequired, CodeTopicRequired, CodeWrongRole, CodeWrongState,
	}
}

// The workflow names of the package's tables: the Workflow of a
// *shopkit.TransitionError.
const (
	WorkflowConversation = "support.conversation"
	WorkflowComplaint    = "support.complaint"
)

// notAllowed, conflict and notFound are the package's typed errors; shopkit adds
// the "support: " prefix to detail.
func notAllowed(code, detail string) error {
	return shopkit.NewError(shopkit.ErrNotAllowed, code, detail)
}

func conflict(code, detail string) error { return shopkit.NewError(shopkit.ErrConflict, code, detail) }

func notFound(code, detail string) error { return shopkit.NewError(shopkit.ErrNotFound, code, detail) }

// notYours refuses an actor who is not a party to the entity (see Conversation).
func notYours(by shopkit.Actor, what string) error {
	return notAllowed(CodeNotYours, string(by.Role)+" "+text.Quote(by.ID)+" "+what)
}

// problem returns what a validation error says is wrong, to list it in another
// error's problems.
func problem(err error) string {
	var v *shopkit.ValidationError
	if errors.As(err, &v) {
		return v.Problem
	}
	return err.Error()
}
