module github.com/shopkit/shopkit/e2e

go 1.25

replace github.com/shopkit/shopkit => ../

require (
	github.com/chromedp/chromedp v0.23.1
	github.com/shopkit/shopkit v0.0.0-00010101000000-000000000000
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/chromedp/cdproto v0.160.1 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
