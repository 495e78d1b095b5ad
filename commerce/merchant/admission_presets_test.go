package merchant_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var mtImportNow = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

// mtContract is a purchase contract for brand showing everything R1.2 asks for,
// valid until until.
func mtContract(brand string, until time.Time) merchant.SupplyProof {
	return merchant.SupplyProof{
		Kind: merchant.ProofPurchaseContract, Ref: "doc:contract-" + brand,
		Supplier: "Tokyo Trading K.K.", Purchaser: "HK Import Ltd.", Product: "Face cream 50 ml", Brand: brand,
		SignedOn: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), ValidUntil: until,
	}
}

func mtAuthorisation(brand string) merchant.SupplyProof {
	return merchant.SupplyProof{Kind: merchant.ProofBrandAuthorisation, Ref: "doc:auth-" + brand, Brand: brand}
}

func mtReceipt(source merchant.ReceiptSource) merchant.SupplyProof {
	return merchant.SupplyProof{Kind: merchant.ProofShopReceipt, Ref: "doc:receipt", ReceiptSource: source}
}

// mtImporter passes every cross-border import rule.
func mtImporter() merchant.AdmissionFacts {
	return merchant.AdmissionFacts{
		Kind: merchant.MerchantCompany, Region: merchant.RegionHongKong, OverseasQualification: true,
		MainlandAgent: true, OverseasBankAccount: true, Invited: true, DepositPaid: true,
		Brands: []merchant.BrandSupply{{Brand: "Shiseido", Category: "beauty", Proofs: []merchant.SupplyProof{
			mtAuthorisation("Shiseido"), mtContract("Shiseido", mtImportNow.AddDate(1, 0, 0)),
		}}},
	}
}

func mtImportRules(t testing.TB) []merchant.AdmissionRule {
	t.Helper()
	rules, err := merchant.CrossBorderImport(merchant.DefaultCrossBorderImportConfig())
	require.NoError(t, err)
	return rules
}

// R1.2 cross-border import: the entity requirements — an overseas or Hong Kong,
// Macau or Taiwan company, qualification, mainland agent, overseas account,
// invitation, deposit — each with its own code.
func TestCrossBorderImportEntity_R1_2(t *testing.T) {
	rules := mtImportRules(t)
	rep := merchant.Evaluate(rules, mtImporter(), mtImportNow)
	require.True(t, rep.Passed, "%v", rep.Failed())
	assert.Len(t, rep.Results, 8)

	for _, region := range []merchant.Region{merchant.RegionOverseas, merchant.RegionMacau, merchant.RegionTaiwan} {
		f := mtImporter()
		f.Region = region
		assert.True(t, merchant.Evaluate(rules, f, mtImportNow).Passed, region)
	}
	f := merchant.AdmissionFacts{Kind: merchant.MerchantIndividualBusiness, Region: merchant.RegionMainland}
	rep = merchant.Evaluate(rules, f, mtImportNow)
	assert.Equal(t, []string{merchant.CodeAdmissionCompany, merchant.CodeAdmissionRegion,
		merchant.CodeAdmissionOverseasQualification, merchant.CodeAdmissionMainlandAgent,
		merchant.CodeAdmissionOverseasBankAccount, merchant.CodeAdmissionInvitation, merchant.CodeAdmissionDeposit,
		merchant.CodeAdmissionSupplyProof}, rep.FailedCodes(), "every failed rule is explained")
}

// R1.2 cross-border import: per brand a supply proof — (1) brand authorisation +
// contract/list, (2) certificate of origin + contract/list, (3) shop receipts only
// where a brand of the same category has a brand authorisation — and a
// contract/list must show supplier, purchaser, product, brand, signing date and a
// validity covering now.
func TestCrossBorderImportSupplyProofs_R1_2(t *testing.T) {
	year := mtImportNow.AddDate(1, 0, 0)
	origin := merchant.SupplyProof{Kind: merchant.ProofCertificateOfOrigin, Ref: "doc:origin"}
	list := mtContract("Kao", year)
	list.Kind = merchant.ProofPurchaseList
	cases := []struct {
		name   string
		brands []merchant.BrandSupply
		pass   bool
		reason []string
	}{
		{"(1) authorisation and contract", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{mtAuthorisation("Kao"), mtContract("Kao", year)}}}, true, nil},
		{"(2) origin and purchase list without contract", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{origin, list}}}, true, nil},
		{"contract validity ends exactly now", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{origin, mtContract("Kao", mtImportNow)}}}, true, nil},
		{"contract expired 1 ns ago", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{origin, mtContract("Kao", mtImportNow.Add(-time.Nanosecond))}}}, false,
			[]string{"validity covering now"}},
		{"authorisation without contract", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{mtAuthorisation("Kao")}}}, false, []string{"no purchase contract or list"}},
		{"contract without authorisation or origin", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{mtContract("Kao", year)}}}, false, []string{"no brand authorisation or certificate of origin"}},
		{"contract missing names and dates", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{origin, {Kind: merchant.ProofPurchaseContract, Ref: "doc:c", Product: "Soap", Brand: "Kao"}}}},
			false, []string{"supplier name", "purchaser name", "signing date", "validity"}},
		{"contract for another brand", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{origin, mtContract("Biore", year)}}}, false, []string{`the brand "Kao"`}},
		{"(3) receipts alone", []merchant.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []merchant.SupplyProof{mtReceipt(merchant.ReceiptDutyFree)}}}, false,
			[]string{"shop receipts count only when a brand in the category has a brand authorisation"}},
		{"(3) receipts with an authorised brand in the category", []merchant.BrandSupply{
			{Brand: "Shiseido", Category: "beauty", Proofs: []merchant.SupplyProof{mtAuthorisation("Shiseido"), mtContract("Shiseido", year)}},
			{Brand: "Kao", Category: "Beauty", Proofs: []merchant.SupplyProof{mtReceipt(merchant.ReceiptPharmacyChain)}},
		}, true, nil},
		{"(3) the authorised brand is in another category", []merchant.BrandSupply{
			{Brand: "Shiseido", Category: "beauty", Proofs: []merchant.SupplyProof{mtAuthorisation("Shiseido"), mtContract("Shiseido", year)}},
			{Brand: "Meiji", Category: "food", Proofs: []merchant.SupplyProof{mtReceipt(merchant.ReceiptDutyFree)}},
		}, false, []string{`brand "Meiji" in "food"`}},
		{"(3) receipt from an unrecognised shop", []merchant.BrandSupply{
			{Brand: "Shiseido", Category: "beauty", Proofs: []merchant.SupplyProof{mtAuthorisation("Shiseido"), mtContract("Shiseido", year)}},
			{Brand: "Kao", Category: "beauty", Proofs: []merchant.SupplyProof{mtReceipt("street_market")}},
		}, false, []string{`brand "Kao"`}},
		{"no brands", nil, false, []string{"no brands"}},
		{"every failing brand is named", []merchant.BrandSupply{
			{Brand: "A", Category: "beauty", Proofs: nil},
			{Brand: "B", Category: "beauty", Proofs: []merchant.SupplyProof{origin}},
		}, false, []string{`brand "A"`, `brand "B"`, " | "}},
	}
	rule := merchant.SupplyProofs()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := rule.Check(merchant.AdmissionFacts{Brands: c.brands}, mtImportNow)
			assert.Equal(t, merchant.CodeAdmissionSupplyProof, res.Code)
			assert.Equal(t, c.pass, res.Passed, res.Reason)
			for _, r := range c.reason {
				assert.Contains(t, res.Reason, r)
			}
		})
	}

	// An expired authorisation counts neither for its brand nor for receipts.
	auth := mtAuthorisation("Shiseido")
	auth.ValidUntil = mtImportNow.Add(-time.Hour)
	res := rule.Check(merchant.AdmissionFacts{Brands: []merchant.BrandSupply{
		{Brand: "Shiseido", Category: "beauty", Proofs: []merchant.SupplyProof{auth, mtContract("Shiseido", year)}},
		{Brand: "Kao", Category: "beauty", Proofs: []merchant.SupplyProof{mtReceipt(merchant.ReceiptDutyFree)}},
	}}, mtImportNow)
	assert.False(t, res.Passed)
	assert.Contains(t, res.Reason, `brand "Shiseido"`)
	assert.Contains(t, res.Reason, `brand "Kao"`)
}

// The import config is validated; a host may narrow the regions and receipt
// sources.
func TestCrossBorderImportConfig_R1_2(t *testing.T) {
	_, err := merchant.CrossBorderImport(merchant.CrossBorderImportConfig{Regions: []merchant.Region{"mars"},
		ReceiptSources: []merchant.ReceiptSource{"bazaar"}})
	require.Error(t, err)
	_, err = merchant.CrossBorderImport(merchant.CrossBorderImportConfig{})
	require.Error(t, err)

	rules, err := merchant.CrossBorderImport(merchant.CrossBorderImportConfig{
		Regions:        []merchant.Region{merchant.RegionOverseas},
		ReceiptSources: []merchant.ReceiptSource{merchant.ReceiptDutyFree},
	})
	require.NoError(t, err)
	f := mtImporter()
	f.Brands = append(f.Brands, merchant.BrandSupply{Brand: "Kao", Category: "beauty",
		Proofs: []merchant.SupplyProof{mtReceipt(merchant.ReceiptBrandStore)}})
	rep := merchant.Evaluate(rules, f, mtImportNow)
	assert.Equal(t, []string{merchant.CodeAdmissionRegion, merchant.CodeAdmissionSupplyProof}, rep.FailedCodes())
}
