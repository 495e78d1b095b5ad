package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

func TestInMemoryCampaignStore(t *testing.T) {
	commercetest.TestCampaignStore(t, func() commerce.CampaignStore { return commercetest.NewCampaignStore() })
}
