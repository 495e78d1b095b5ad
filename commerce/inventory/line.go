package inventory

// StockLine is a quantity of one SKU to reserve, release or commit (R2.2).
type StockLine struct {
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}
