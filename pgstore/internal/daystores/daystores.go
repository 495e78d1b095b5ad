// Package daystores is the set of stores the quickstart's day
// (examples/quickstart/day) runs on with PostgreSQL, all of them pgstore's.
// The program
// pgstore/examples/quickstart and the test that compares its day with the
// in-memory one both use it, so they run on the same stores.
package daystores

import (
	"github.com/shopkit/shopkit/examples/quickstart/day"
	"github.com/shopkit/shopkit/pgstore"
)

// Config is the pgstore configuration the day's services need: the
// calendars of after-sales cases and support conversations are code, not
// data, so the stores set the day's calendar on what they read back.
func Config(cfg pgstore.Config) pgstore.Config {
	cfg.Calendar = day.Calendar()
	cfg.SupportHours = day.Calendar()
	return cfg
}

// Stores returns the day's stores over db: every one is pgstore's.
func Stores(db *pgstore.DB) day.Stores {
	return day.Stores{
		Merchants:       db.Merchants(),
		Listings:        db.Listings(),
		Stock:           db.Stock(),
		Members:         db.Members(),
		CouponTemplates: db.CouponTemplates(),
		CouponQuotas:    db.CouponQuotas(),
		Coupons:         db.Coupons(),
		Campaigns:       db.Campaigns(),
		Orders:          db.Orders(),
		Cases:           db.Cases(),
		Ledgers:         db.Ledgers(),
		Conversations:   db.Conversations(),
		Complaints:      db.Complaints(),
		Queues:          db.Queues(),
		Commission:      db.Commission(),
	}
}
