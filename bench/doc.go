// Package bench compares shopkit's money kernel side by side with the obvious
// alternatives: github.com/Rhymond/go-money and a straightforward implementation
// on github.com/shopspring/decimal. It is a separate module so that those
// libraries never become dependencies of shopkit itself.
//
//	cd bench && go test -run=NONE -bench=. -benchmem
package bench
