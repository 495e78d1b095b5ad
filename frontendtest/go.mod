module github.com/shopkit/shopkit/frontendtest

go 1.24

replace github.com/shopkit/shopkit => ../

require (
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/shopkit/shopkit v0.0.0-00010101000000-000000000000
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/text v0.14.0 // indirect
)
