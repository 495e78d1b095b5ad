package catalog_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/catalog/catalogtest"
)

// A merchant lists a product: the automatic review (completeness, then the
// banned-words check) rejects the first version, the edited one is approved and
// published.
func ExampleNewListingService() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	banned, _ := catalog.NewBannedWordsChecker([]string{"最好", "假货"})
	svc, err := catalog.NewListingService(catalog.ListingServiceConfig{
		Store:    catalogtest.NewListingStore(),
		Checkers: []catalog.ComplianceChecker{banned},
		Policy:   catalog.DefaultListingPolicy(),
		Clock:    func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	// The merchant acts under its own ID (Listing.Parties).
	shop := uuid.MustParse("5c0e0000-0000-4000-8000-000000000001")
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	l, _ := svc.Create(ctx, shop, catalog.ListingContent{
		Name: "最好的羊毛围巾", Description: "手工编织", Category: "apparel.scarf",
		Images: []string{"img/scarf.jpg"}, Price: shopkit.CNY(12900), Stock: 20, SKUs: []string{"SCARF-RED"},
	}, merchant)
	l, _ = svc.Submit(ctx, l.ID(), merchant)
	fmt.Println(l.State(), l.Findings()[0].Detail)

	c := l.Content()
	c.Name = "羊毛围巾"
	l, _ = svc.Edit(ctx, l.ID(), merchant, c)
	fmt.Println(l.State(), l.AllowedActions(merchant))
	l, _ = svc.Submit(ctx, l.ID(), merchant)
	fmt.Println(l.State())
	l, _ = svc.Publish(ctx, l.ID(), merchant)
	fmt.Println(l.State(), l.Visible())
	// Output:
	// rejected name contains banned word "最好"
	// draft [submit edit remove]
	// approved
	// published true
}
