package inventory_test

import (
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/order"
)

// The inventory service is the stock keeper orders reserve through (R2.2).
var _ order.StockKeeper = (*inventory.Service)(nil)
