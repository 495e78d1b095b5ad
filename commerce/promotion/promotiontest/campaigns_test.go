package promotiontest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
)

func TestInMemoryCampaignStore(t *testing.T) {
	promotiontest.TestCampaignStore(t, func() promotion.CampaignStore { return promotiontest.NewCampaignStore() })
}
