module github.com/shopkit/shopkit/bench

go 1.24

replace github.com/shopkit/shopkit => ../

require (
	github.com/Rhymond/go-money v1.0.15
	github.com/google/uuid v1.6.0
	github.com/shopkit/shopkit v0.0.0-00010101000000-000000000000
	github.com/shopspring/decimal v1.6.0
)

require github.com/qmuntal/stateless v1.7.2
