package commerce_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var mtImportNow = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

// mtContract is a purchase contract for brand showing everything R1.2 asks for,
// valid until until.
func mtContract(brand string, until time.Time) commerce.SupplyProof {
	return commerce.SupplyProof{
		Kind: commerce.ProofPurchaseContract, Ref: "doc:contract-" + brand,
		Supplier: "Tokyo Trading K.K.", Purchaser: "HK Import Ltd.", Product: "Face cream 50 ml", Brand: brand,
		SignedOn: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), ValidUntil: until,
	}
}

func mtAuthorisation(brand string) commerce.SupplyProof {
	return commerce.SupplyProof{Kind: commerce.ProofBrandAuthorisation, Ref: "doc:auth-" + brand, Brand: brand}
}

func mtReceipt(source commerce.ReceiptSource) commerce.SupplyProof {
	return commerce.SupplyProof{Kind: commerce.ProofShopReceipt, Ref: "doc:receipt", ReceiptSource: source}
}

// mtImporter passes every cross-border import rule.
func mtImporter() commerce.AdmissionFacts {
	return commerce.AdmissionFacts{
		Kind: commerce.MerchantCompany, Region: commerce.RegionHongKong, OverseasQualification: true,
		MainlandAgent: true, OverseasBankAccount: true, Invited: true, DepositPaid: true,
		Brands: []commerce.BrandSupply{{Brand: "Shiseido", Category: "beauty", Proofs: []commerce.SupplyProof{
			mtAuthorisation("Shiseido"), mtContract("Shiseido", mtImportNow.AddDate(1, 0, 0)),
		}}},
	}
}

func mtImportRules(t testing.TB) []commerce.AdmissionRule {
	t.Helper()
	rules, err := commerce.CrossBorderImport(commerce.DefaultCrossBorderImportConfig())
	require.NoError(t, err)
	return rules
}

// R1.2 cross-border import: the entity requirements — an overseas or Hong Kong,
// Macau or Taiwan company, qualification, mainland agent, overseas account,
// invitation, deposit — each with its own code.
func TestCrossBorderImportEntity_R1_2(t *testing.T) {
	rules := mtImportRules(t)
	rep := commerce.Evaluate(rules, mtImporter(), mtImportNow)
	require.True(t, rep.Passed, "%v", rep.Failed())
	assert.Len(t, rep.Results, 8)

	for _, region := range []commerce.MerchantRegion{commerce.RegionOverseas, commerce.RegionMacau, commerce.RegionTaiwan} {
		f := mtImporter()
		f.Region = region
		assert.True(t, commerce.Evaluate(rules, f, mtImportNow).Passed, region)
	}
	f := commerce.AdmissionFacts{Kind: commerce.MerchantIndividualBusiness, Region: commerce.RegionMainland}
	rep = commerce.Evaluate(rules, f, mtImportNow)
	assert.Equal(t, []string{"commerce.admission.company", "commerce.admission.region",
		"commerce.admission.overseas_qualification", "commerce.admission.mainland_agent",
		"commerce.admission.overseas_bank_account", "commerce.admission.invitation", "commerce.admission.deposit",
		"commerce.admission.supply_proof"}, rep.FailedCodes(), "every failed rule is explained")
}

// R1.2 cross-border import: per brand a supply proof — (1) brand authorisation +
// contract/list, (2) certificate of origin + contract/list, (3) shop receipts only
// where a brand of the same category has a brand authorisation — and a
// contract/list must show supplier, purchaser, product, brand, signing date and a
// validity covering now.
func TestCrossBorderImportSupplyProofs_R1_2(t *testing.T) {
	year := mtImportNow.AddDate(1, 0, 0)
	origin := commerce.SupplyProof{Kind: commerce.ProofCertificateOfOrigin, Ref: "doc:origin"}
	list := mtContract("Kao", year)
	list.Kind = commerce.ProofPurchaseList
	cases := []struct {
		name   string
		brands []commerce.BrandSupply
		pass   bool
		reason []string
	}{
		{"(1) authorisation and contract", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{mtAuthorisation("Kao"), mtContract("Kao", year)}}}, true, nil},
		{"(2) origin and purchase list without contract", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{origin, list}}}, true, nil},
		{"contract validity ends exactly now", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{origin, mtContract("Kao", mtImportNow)}}}, true, nil},
		{"contract expired 1 ns ago", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{origin, mtContract("Kao", mtImportNow.Add(-time.Nanosecond))}}}, false,
			[]string{"validity covering now"}},
		{"authorisation without contract", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{mtAuthorisation("Kao")}}}, false, []string{"no purchase contract or list"}},
		{"contract without authorisation or origin", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{mtContract("Kao", year)}}}, false, []string{"no brand authorisation or certificate of origin"}},
		{"contract missing names and dates", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{origin, {Kind: commerce.ProofPurchaseContract, Ref: "doc:c", Product: "Soap", Brand: "Kao"}}}},
			false, []string{"supplier name", "purchaser name", "signing date", "validity"}},
		{"contract for another brand", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{origin, mtContract("Biore", year)}}}, false, []string{`the brand "Kao"`}},
		{"(3) receipts alone", []commerce.BrandSupply{{Brand: "Kao", Category: "beauty",
			Proofs: []commerce.SupplyProof{mtReceipt(commerce.ReceiptDutyFree)}}}, false,
			[]string{"shop receipts count only when a brand in the category has a brand authorisation"}},
		{"(3) receipts with an authorised brand in the category", []commerce.BrandSupply{
			{Brand: "Shiseido", Category: "beauty", Proofs: []commerce.SupplyProof{mtAuthorisation("Shiseido"), mtContract("Shiseido", year)}},
			{Brand: "Kao", Category: "Beauty", Proofs: []commerce.SupplyProof{mtReceipt(commerce.ReceiptPharmacyChain)}},
		}, true, nil},
		{"(3) the authorised brand is in another category", []commerce.BrandSupply{
			{Brand: "Shiseido", Category: "beauty", Proofs: []commerce.SupplyProof{mtAuthorisation("Shiseido"), mtContract("Shiseido", year)}},
			{Brand: "Meiji", Category: "food", Proofs: []commerce.SupplyProof{mtReceipt(commerce.ReceiptDutyFree)}},
		}, false, []string{`brand "Meiji" in "food"`}},
		{"(3) receipt from an unrecognised shop", []commerce.BrandSupply{
			{Brand: "Shiseido", Category: "beauty", Proofs: []commerce.SupplyProof{mtAuthorisation("Shiseido"), mtContract("Shiseido", year)}},
			{Brand: "Kao", Category: "beauty", Proofs: []commerce.SupplyProof{mtReceipt("street_market")}},
		}, false, []string{`brand "Kao"`}},
		{"no brands", nil, false, []string{"no brands"}},
		{"every failing brand is named", []commerce.BrandSupply{
			{Brand: "A", Category: "beauty", Proofs: nil},
			{Brand: "B", Category: "beauty", Proofs: []commerce.SupplyProof{origin}},
		}, false, []string{`brand "A"`, `brand "B"`, " | "}},
	}
	rule := commerce.SupplyProofs()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := rule.Check(commerce.AdmissionFacts{Brands: c.brands}, mtImportNow)
			assert.Equal(t, "commerce.admission.supply_proof", res.Code)
			assert.Equal(t, c.pass, res.Passed, res.Reason)
			for _, r := range c.reason {
				assert.Contains(t, res.Reason, r)
			}
		})
	}

	// An expired authorisation counts neither for its brand nor for receipts.
	auth := mtAuthorisation("Shiseido")
	auth.ValidUntil = mtImportNow.Add(-time.Hour)
	res := rule.Check(commerce.AdmissionFacts{Brands: []commerce.BrandSupply{
		{Brand: "Shiseido", Category: "beauty", Proofs: []commerce.SupplyProof{auth, mtContract("Shiseido", year)}},
		{Brand: "Kao", Category: "beauty", Proofs: []commerce.SupplyProof{mtReceipt(commerce.ReceiptDutyFree)}},
	}}, mtImportNow)
	assert.False(t, res.Passed)
	assert.Contains(t, res.Reason, `brand "Shiseido"`)
	assert.Contains(t, res.Reason, `brand "Kao"`)
}

// The import config is validated; a host may narrow the regions and receipt
// sources.
func TestCrossBorderImportConfig_R1_2(t *testing.T) {
	_, err := commerce.CrossBorderImport(commerce.CrossBorderImportConfig{Regions: []commerce.MerchantRegion{"mars"},
		ReceiptSources: []commerce.ReceiptSource{"bazaar"}})
	require.Error(t, err)
	_, err = commerce.CrossBorderImport(commerce.CrossBorderImportConfig{})
	require.Error(t, err)

	rules, err := commerce.CrossBorderImport(commerce.CrossBorderImportConfig{
		Regions:        []commerce.MerchantRegion{commerce.RegionOverseas},
		ReceiptSources: []commerce.ReceiptSource{commerce.ReceiptDutyFree},
	})
	require.NoError(t, err)
	f := mtImporter()
	f.Brands = append(f.Brands, commerce.BrandSupply{Brand: "Kao", Category: "beauty",
		Proofs: []commerce.SupplyProof{mtReceipt(commerce.ReceiptBrandStore)}})
	rep := commerce.Evaluate(rules, f, mtImportNow)
	assert.Equal(t, []string{"commerce.admission.region", "commerce.admission.supply_proof"}, rep.FailedCodes())
}
