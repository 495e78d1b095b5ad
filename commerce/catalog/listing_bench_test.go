package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopkit/shopkit/commerce/catalog"
)

// A checked transition through the aggregate: table check, state change, one
// audit entry.
func BenchmarkListingTransition(b *testing.B) {
	l := lstPublished(b)
	l.MarkSaved()
	base := l.Snapshot()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		var err error
		if i%2 == 0 {
			err = l.Unpublish(lstMerchant, lstT0, "")
		} else {
			err = l.Publish(lstMerchant, lstT0)
		}
		if err != nil {
			b.Fatal(err)
		}
		if i%1024 == 1023 {
			// Start again from the small journal, as a store's Update would.
			l, _ = catalog.RestoreListing(base)
		}
	}
}

// The banned-words check over a 500-rune description with 1,000 banned words.
func BenchmarkBannedWordsChecker(b *testing.B) {
	words := make([]string, 1000)
	for i := range words {
		words[i] = fmt.Sprintf("禁词%d号", i)
	}
	words[999] = "假货"
	checker, err := catalog.NewBannedWordsChecker(words)
	if err != nil {
		b.Fatal(err)
	}
	desc := []rune(strings.Repeat("这款羊毛围巾采用优质原料手工编织柔软保暖适合秋冬季节佩戴送礼自用两相宜。", 20))[:499]
	text := string(desc) + "货"
	c := catalog.ListingContent{Name: "羊毛围巾 假货", Description: text}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		f, err := checker.Check(ctx, c)
		if err != nil || len(f) != 1 {
			b.Fatal(f, err)
		}
	}
}
