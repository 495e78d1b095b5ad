package messages_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An error's message in each language: the code's message with the details the
// error carries, found through wrapping; unknown errors never show their text.
func TestForFillsWhatTheErrorCarriesR0(t *testing.T) {
	ve := shopkit.Invalid(order.CodeInvalidAddress, "address.phone", "is required")
	assert.Equal(t, "请填写完整的收货人、手机号和详细地址（address.phone：必填）", messages.For(messages.ZhCN, ve))
	assert.Equal(t, "The address needs a recipient, a phone and a street (address.phone: is required)",
		messages.For(messages.En, fmt.Errorf("place: %w", ve)))

	te := &shopkit.TransitionError{Workflow: "order.order", State: "shipped", Action: "cancel", Role: shopkit.Buyer}
	assert.Equal(t, "订单当前状态不支持此操作（当前状态“已发货”下不能取消订单）", messages.For(messages.ZhCN, te))
	assert.Equal(t, "The order cannot do this in its current state (state: shipped, action: cancel)", messages.For(messages.En, te))
	te.WrongRole = true
	assert.Equal(t, "您的角色不能对该订单进行此操作（买家不能在“已发货”状态下取消订单）", messages.For(messages.ZhCN, te))

	e := shopkit.NewError(shopkit.ErrNotAllowed, aftersales.CodeDeadlinePassed, "the merchant's 48 h have passed")
	assert.Equal(t, "已超过处理时限", messages.For(messages.ZhCN, e))
	assert.Equal(t, "已超过处理时限", messages.For("fr", e), "another language is the platform's")

	secret := errors.New("pq: password authentication failed for user 13800138000")
	assert.Equal(t, "系统出了点问题，请稍后重试", messages.For(messages.ZhCN, secret))
	assert.NotContains(t, messages.For(messages.En, secret), "13800138000")
	assert.Equal(t, "未找到相关记录", messages.For(messages.ZhCN, fmt.Errorf("x: %w", shopkit.ErrNotFound)))
	unknown := shopkit.NewError(shopkit.ErrConflict, "nosuch.code", "detail")
	assert.Equal(t, "The request conflicts with the current state", messages.For(messages.En, unknown))
	assert.Empty(t, messages.For(messages.En, nil))
	assert.Equal(t, "Something went wrong; please try again later", messages.Code(messages.En, "nosuch.code"))
}

func TestParseLang(t *testing.T) {
	for tag, want := range map[string]messages.Lang{"zh": messages.ZhCN, "zh-CN": messages.ZhCN, "zh_Hans": messages.ZhCN,
		"ZH-hans-cn": messages.ZhCN, "en": messages.En, "en-GB": messages.En} {
		got, err := messages.ParseLang(tag)
		require.NoError(t, err, tag)
		assert.Equal(t, want, got, tag)
	}
	for _, tag := range []string{"", "zh-TW", "zh-Hant", "fr"} {
		_, err := messages.ParseLang(tag)
		require.ErrorIs(t, err, shopkit.ErrInvalid, tag)
		assert.Equal(t, messages.CodeUnknownLang, shopkit.CodeOf(err))
	}
}

// A workflow's own labels win over its package's where names differ in
// meaning; names without a label stay machine names.
func TestTransitionLabels(t *testing.T) {
	complaint := &shopkit.TransitionError{Workflow: "support.complaint", State: "done", Action: "close", Role: shopkit.Merchant}
	assert.Equal(t, "当前状态不支持此操作（当前状态“已完结”下不能结案）", messages.For(messages.ZhCN, complaint))
	conversation := &shopkit.TransitionError{Workflow: "support.conversation", State: "closed", Action: "close"}
	assert.Equal(t, "当前状态不支持此操作（当前状态“已关闭”下不能关闭会话）", messages.For(messages.ZhCN, conversation))
	odd := &shopkit.TransitionError{Workflow: "order.order", State: "teleported", Action: "beam", Role: "robot", WrongRole: true}
	assert.Equal(t, "您的角色不能对该订单进行此操作（robot不能在“teleported”状态下beam）", messages.For(messages.ZhCN, odd))
	assert.Equal(t, "Your role may not take this action on the order (role: robot, state: teleported, action: beam)",
		messages.For(messages.En, odd))
}
