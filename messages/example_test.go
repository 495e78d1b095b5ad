package messages_test

import (
	"fmt"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/messages"
)

// A frontend shows an error in the buyer's language, and the same error's JSON form.
func Example() {
	err := fmt.Errorf("approve: %w",
		shopkit.NewError(shopkit.ErrNotAllowed, aftersales.CodeWindowClosed, "the 7-day window closed"))
	fmt.Println(messages.For(messages.ZhCN, err))
	fmt.Println(messages.For(messages.En, err))
	body, _ := shopkit.ErrorJSON(err)
	fmt.Println(string(body))
	// Output:
	// 已超过售后申请期限
	// The after-sales window has closed
	// {"kind":"not_allowed","code":"aftersales.window_closed","message":"aftersales: the 7-day window closed"}
}
