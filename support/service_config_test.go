package support_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R6: a service is built once from a checked config: every missing store,
// queue store, desk or clock and every invalid policy field is named, snake_case, in one
// ValidationError, instead of a panic on first use.
func TestNewServiceChecksItsConfig(t *testing.T) {
	_, err := support.NewService(support.ServiceConfig{})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, support.CodeInvalidConfig, shopkit.CodeOf(err))
	var v *shopkit.ValidationError
	require.ErrorAs(t, err, &v)
	var fields []string
	for _, p := range v.Problems {
		fields = append(fields, p.Field)
	}
	for _, f := range []string{"conversations", "complaints", "queues", "desk", "clock", "policy.hours",
		"policy.sla.first_response", "policy.reopen_window", "policy.max_message_length", "severity.words"} {
		assert.Contains(t, fields, f)
	}

	desk := uuid.New()
	good := func() support.ServiceConfig {
		return support.ServiceConfig{Conversations: supporttest.NewStore(), Complaints: supporttest.NewComplaintStore(),
			Queues: supporttest.NewQueueStore(), Desk: desk, Policy: support.DefaultPolicy(), Severity: support.DefaultSeverityPolicy(),
			Clock: func() time.Time { return at(23, 10, 0, 0) }}
	}
	_, err = support.NewService(good())
	require.NoError(t, err)

	for field, mutate := range map[string]func(*support.ServiceConfig){
		"policy.sla_by_priority[2].resolution": func(c *support.ServiceConfig) {
			c.Policy.SLAByPriority = map[int]support.SLATarget{2: {FirstResponse: time.Minute}}
		},
		"severity.words[0].level":    func(c *support.ServiceConfig) { c.Severity.Words = []support.SeverityWord{{Phrase: "差评"}} },
		"severity.words[0].phrase":   func(c *support.ServiceConfig) { c.Severity.Words = []support.SeverityWord{{Level: support.High}} },
		"severity.repeat_level":      func(c *support.ServiceConfig) { c.Severity.RepeatLevel = 0 },
		"severity.order_value_level": func(c *support.ServiceConfig) { c.Severity.OrderValueLevel = support.High + 1 },
		"severity.repeat_contacts":   func(c *support.ServiceConfig) { c.Severity.RepeatContacts = -1 },
		"clock":                      func(c *support.ServiceConfig) { c.Clock = nil },
		"queues":                     func(c *support.ServiceConfig) { c.Queues = nil },
		"desk":                       func(c *support.ServiceConfig) { c.Desk = uuid.Nil },
	} {
		cfg := good()
		mutate(&cfg)
		_, err := support.NewService(cfg)
		require.ErrorAs(t, err, &v, field)
		assert.Equal(t, support.CodeInvalidConfig, shopkit.CodeOf(err), field)
		assert.Equal(t, field, v.Field, field)
	}

	// A service keeps its own copy of the policy (R0.3).
	cfg := good()
	cfg.Policy.SLAByPriority = map[int]support.SLATarget{1: {FirstResponse: time.Minute, Resolution: time.Hour}}
	svc, err := support.NewService(cfg)
	require.NoError(t, err)
	cfg.Policy.SLAByPriority[1] = support.SLATarget{}
	assert.Equal(t, time.Minute, svc.Policy().Target(1).FirstResponse)
}

// R6.4: a zero severity policy would grade every complaint Low; it is refused,
// and so is filing a complaint under it.
func TestZeroSeverityPolicyIsInvalid_R6_4(t *testing.T) {
	err := support.SeverityPolicy{}.Validate()
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, support.CodeInvalidSeverityPolicy, shopkit.CodeOf(err))
	require.NoError(t, support.DefaultSeverityPolicy().Validate())
	_, err = support.NewComplaint(support.ComplaintInput{ShopID: shop1, CustomerID: "c", Channel: support.Phone,
		Signals: support.Signals{Text: "投诉"}}, support.SeverityPolicy{}, support.DefaultPolicy(), at(23, 10, 0, 0))
	assert.Equal(t, support.CodeInvalidSeverityPolicy, shopkit.CodeOf(err))
	assert.Equal(t, support.CodeInvalidPolicy, shopkit.CodeOf(support.Policy{}.Validate()), "the zero Policy is invalid too")
}
