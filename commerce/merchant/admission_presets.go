package merchant

import (
	"slices"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/enum"
	"github.com/shopkit/shopkit/internal/strictjson"
	"github.com/shopkit/shopkit/internal/text"
	"github.com/shopspring/decimal"
)

// The admission presets of R1.2. Each preset has a config holding its thresholds,
// a Default…Config with the shipped values, and a constructor that validates the
// config and returns the preset's rules, for Evaluate.

// CrossBorderMarketplaceConfig holds the thresholds of the cross-border marketplace
// preset (OTTO-like, R1.2). The rulebook names the conditions but not the numbers
// of rating and capital: the defaults are placeholders a host sets.
type CrossBorderMarketplaceConfig struct {
	// MinRating is the least rating on other platforms (good standing).
	MinRating decimal.Decimal `json:"min_rating"`
	// MinCapital is the least registered capital.
	MinCapital shopkit.Money `json:"min_capital"`
	// ReviewMin and ReviewMax are the platform's review period (2–4 weeks):
	// "等待OTTO在2-4周内审核", the applicant waits while the platform reviews
	// within 2 to 4 weeks. ReviewMax is the review deadline (ReviewPolicy):
	// an application undecided ReviewMax after submission is overdue.
	// ReviewMin is when an answer may first be expected, not a rule: the text
	// does not forbid an earlier decision, so a decision before ReviewMin is
	// allowed.
	ReviewMin time.Duration `json:"review_min"`
	ReviewMax time.Duration `json:"review_max"`
}

// ReviewPolicy returns the application policy of the cross-border marketplace
// (R1.2): the review is due ReviewMax (4 weeks) after submission, elapsed
// time, not working days. A Service built with it (ServiceConfig.Policy)
// gives every application it submits that deadline; Submit validates it.
func (cfg CrossBorderMarketplaceConfig) ReviewPolicy() Policy {
	return Policy{ReviewWithin: cfg.ReviewMax}
}

// DefaultCrossBorderMarketplaceConfig returns rating ≥ 4.5, registered capital ≥
// ¥1,000,000.00 and a review period of 2 to 4 weeks.
func DefaultCrossBorderMarketplaceConfig() CrossBorderMarketplaceConfig {
	return CrossBorderMarketplaceConfig{
		MinRating:  decimal.RequireFromString("4.5"),
		MinCapital: shopkit.CNY(1_000_000_00),
		ReviewMin:  2 * 7 * 24 * time.Hour,
		ReviewMax:  4 * 7 * 24 * time.Hour,
	}
}

// Validate reports a negative rating or capital, a capital in an unknown
// currency, or a review period that does not satisfy 0 < min ≤ max, as a
// ValidationError with code CodeInvalidAdmissionConfig naming each field. The
// zero config is invalid: start from DefaultCrossBorderMarketplaceConfig.
func (cfg CrossBorderMarketplaceConfig) Validate() error {
	var ps []shopkit.FieldProblem
	if cfg.MinRating.IsNegative() {
		ps = append(ps, shopkit.FieldProblem{Field: "min_rating", Problem: "must not be negative"})
	}
	if cfg.MinCapital.IsNegative() || !cfg.MinCapital.Currency().Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "min_capital", Problem: "must be a non-negative amount in a known currency"})
	}
	if cfg.ReviewMin <= 0 || cfg.ReviewMax < cfg.ReviewMin {
		ps = append(ps, shopkit.FieldProblem{Field: "review_max", Problem: "the review period must satisfy 0 < min ≤ max"})
	}
	return shopkit.Incomplete(CodeInvalidAdmissionConfig, ps)
}

// UnmarshalJSON decodes the config strictly: a key that is not one of its fields
// is a ValidationError with code CodeInvalidAdmissionConfig naming it. Fields the
// JSON does not name keep their value (overlay on the default config); the
// preset validates the result.
func (cfg *CrossBorderMarketplaceConfig) UnmarshalJSON(data []byte) error {
	type plain CrossBorderMarketplaceConfig
	v := plain(*cfg)
	if err := strictjson.Decode(data, &v, CodeInvalidAdmissionConfig); err != nil {
		return err
	}
	*cfg = CrossBorderMarketplaceConfig(v)
	return nil
}

// CrossBorderMarketplace returns the rules of a cross-border marketplace (R1.2):
// a registered company, products attested to meet the destination country's law,
// good standing on other platforms (rating), registered capital, and an
// invitation. An invalid config is cfg.Validate's error.
func CrossBorderMarketplace(cfg CrossBorderMarketplaceConfig) ([]AdmissionRule, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return []AdmissionRule{
		RequireCompany(),
		RequireDestinationLawAttestation(),
		MinRating(cfg.MinRating),
		MinCapital(cfg.MinCapital),
		RequireInvitation(),
	}, nil
}

// CrossBorderImportConfig holds the settings of the cross-border import preset
// (Kuaishou-like, R1.2).
type CrossBorderImportConfig struct {
	// Regions an applicant may be registered in: overseas, Hong Kong, Macau and
	// Taiwan by default.
	Regions []Region `json:"regions"`
	// ReceiptSources are the shops whose receipts count as supply proof (rule 3):
	// all four kinds by default.
	ReceiptSources []ReceiptSource `json:"receipt_sources"`
}

// DefaultCrossBorderImportConfig returns the regions overseas, Hong Kong, Macau and
// Taiwan and every kind of receipt source.
func DefaultCrossBorderImportConfig() CrossBorderImportConfig {
	return CrossBorderImportConfig{
		Regions:        []Region{RegionOverseas, RegionHongKong, RegionMacau, RegionTaiwan},
		ReceiptSources: []ReceiptSource{ReceiptDutyFree, ReceiptBrandStore, ReceiptPharmacyChain, ReceiptFlagshipMall},
	}
}

// Validate reports no region, an unknown region or an unknown receipt source as
// a ValidationError with code CodeInvalidAdmissionConfig naming each field. The
// zero config (no region) is invalid: start from DefaultCrossBorderImportConfig.
func (cfg CrossBorderImportConfig) Validate() error {
	var ps []shopkit.FieldProblem
	if len(cfg.Regions) == 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "regions", Problem: "must name at least one region"})
	}
	for _, r := range cfg.Regions {
		if !r.Valid() {
			ps = append(ps, shopkit.FieldProblem{Field: "regions", Problem: "unknown region " + text.Quote(string(r))})
		}
	}
	for _, s := range cfg.ReceiptSources {
		if !s.Valid() {
			ps = append(ps, shopkit.FieldProblem{Field: "receipt_sources", Problem: "unknown source " + text.Quote(string(s))})
		}
	}
	return shopkit.Incomplete(CodeInvalidAdmissionConfig, ps)
}

// UnmarshalJSON decodes the config strictly, as
// CrossBorderMarketplaceConfig.UnmarshalJSON does; regions and receipt sources
// decode only their names.
func (cfg *CrossBorderImportConfig) UnmarshalJSON(data []byte) error {
	type plain CrossBorderImportConfig
	v := plain(*cfg)
	// Decoding reuses a slice's array: copy them so that a failed decode leaves
	// the caller's config, and any config sharing its slices, unchanged.
	v.Regions, v.ReceiptSources = slices.Clone(v.Regions), slices.Clone(v.ReceiptSources)
	if err := strictjson.Decode(data, &v, CodeInvalidAdmissionConfig); err != nil {
		return err
	}
	*cfg = CrossBorderImportConfig(v)
	return nil
}

// CrossBorderImport returns the rules of cross-border import (R1.2): an overseas or
// Hong Kong, Macau or Taiwan company with an overseas retail or trade
// qualification, a mainland agent with joint liability, an overseas corporate bank
// account, an invitation, the deposit paid, and a supply proof for every brand
// (SupplyProofs). An invalid config is cfg.Validate's error.
func CrossBorderImport(cfg CrossBorderImportConfig) ([]AdmissionRule, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return []AdmissionRule{
		RequireCompany(),
		RequireRegion(cfg.Regions...),
		RequireOverseasQualification(),
		RequireMainlandAgent(),
		RequireOverseasBankAccount(),
		RequireInvitation(),
		RequireDepositPaid(),
		SupplyProofs(cfg.ReceiptSources...),
	}, nil
}

// KuaishouImportVersion names the version of the cross-border import rules
// of 快手进口电商招商管理规则 (see KuaishouImportRules).
const KuaishouImportVersion = "kuaishou-import-2023-07-06"

// KuaishouImportRules returns the cross-border import rules (CrossBorderImport
// of cfg) as the one version of a schedule, named KuaishouImportVersion and in
// force from 2023-07-06 00:00 Asia/Shanghai: the rule "于2023年7月6日生效"
// (rule 6.4) names a date and no hour, so it takes effect at the start of that
// day in UTC+8 (China has kept it without DST since 1991). An application follows the rules in force
// when it was submitted (rule 6.1, R0.3): a host evaluates it with
// rules.At(submittedAt). Before 2023-07-06 00:00 CST no version is in force
// (At is shopkit.CodeNoVersionInForce): a host that judges older conduct
// prepends its own earlier version with NewSchedule. An invalid config is
// cfg.Validate's error.
func KuaishouImportRules(cfg CrossBorderImportConfig) (shopkit.Schedule[[]AdmissionRule], error) {
	rules, err := CrossBorderImport(cfg)
	if err != nil {
		return shopkit.Schedule[[]AdmissionRule]{}, err
	}
	from := time.Date(2023, 7, 6, 0, 0, 0, 0, time.FixedZone("CST", 8*60*60))
	return shopkit.NewSchedule(shopkit.Version[[]AdmissionRule]{Name: KuaishouImportVersion, From: from, Policy: rules})
}

// GlobalPurchaseTagConfig holds the thresholds of the global-purchase tag
// (Taobao-like, R1.2) and how often it is evaluated.
type GlobalPurchaseTagConfig struct {
	// MinShopAgeMonths: the shop has been open at least this many calendar months.
	MinShopAgeMonths int `json:"min_shop_age_months"`
	// MinSellerLevel: the shop's level is at least this.
	MinSellerLevel SellerLevel `json:"min_seller_level"`
	// ViolationPointsBelow: general violation points are strictly below this.
	ViolationPointsBelow int `json:"violation_points_below"`
	// MinOverseasShare: at least this fraction of listed items are overseas goods.
	MinOverseasShare decimal.Decimal `json:"min_overseas_share"`
	// EvaluateEvery is how often the platform re-evaluates every active shop
	// and tags or untags it ("系统每天…打标": daily; merchants do not apply).
	// An evaluation falls due exactly EvaluateEvery after the last one
	// (Merchant.EvaluateGlobalPurchase schedules it, Service.Sweep applies it).
	// It must be positive.
	EvaluateEvery time.Duration `json:"evaluate_every"`
}

// DefaultGlobalPurchaseTagConfig returns the thresholds of R1.2: shop age ≥ 6
// months, seller level ≥ 1 diamond, violation points < 12, 100 % overseas goods,
// evaluated every 24 hours. Consumer protection and no serious violation have no
// number.
func DefaultGlobalPurchaseTagConfig() GlobalPurchaseTagConfig {
	return GlobalPurchaseTagConfig{
		MinShopAgeMonths:     6,
		MinSellerLevel:       SellerDiamond1,
		ViolationPointsBelow: 12,
		MinOverseasShare:     decimal.NewFromInt(1),
		EvaluateEvery:        24 * time.Hour,
	}
}

// Validate reports a negative shop age, a seller level off the scale, a
// violation limit below 1, an overseas share outside 0…1 or an evaluation
// interval that is not positive as a ValidationError with code CodeInvalidAdmissionConfig
// naming each field. The zero config (violation limit 0) is invalid: start from
// DefaultGlobalPurchaseTagConfig.
func (cfg GlobalPurchaseTagConfig) Validate() error {
	var ps []shopkit.FieldProblem
	if cfg.MinShopAgeMonths < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "min_shop_age_months", Problem: "must not be negative"})
	}
	if !cfg.MinSellerLevel.Valid() {
		ps = append(ps, shopkit.FieldProblem{Field: "min_seller_level", Problem: "is not a seller level"})
	}
	if cfg.ViolationPointsBelow < 1 {
		ps = append(ps, shopkit.FieldProblem{Field: "violation_points_below", Problem: "must be at least 1"})
	}
	if cfg.MinOverseasShare.IsNegative() || cfg.MinOverseasShare.GreaterThan(decimal.NewFromInt(1)) {
		ps = append(ps, shopkit.FieldProblem{Field: "min_overseas_share", Problem: "must be between 0 and 1"})
	}
	if cfg.EvaluateEvery <= 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "evaluate_every", Problem: "must be positive"})
	}
	return shopkit.Incomplete(CodeInvalidAdmissionConfig, ps)
}

// UnmarshalJSON decodes the config strictly, as
// CrossBorderMarketplaceConfig.UnmarshalJSON does; the seller level decodes only
// its names ("diamond_1").
func (cfg *GlobalPurchaseTagConfig) UnmarshalJSON(data []byte) error {
	type plain GlobalPurchaseTagConfig
	v := plain(*cfg)
	if err := strictjson.Decode(data, &v, CodeInvalidAdmissionConfig); err != nil {
		return err
	}
	*cfg = GlobalPurchaseTagConfig(v)
	return nil
}

// GlobalPurchaseTag returns the rules of the global-purchase tag (R1.2), the six
// conditions of the source in order: (1) joined consumer protection; (2) shop
// age and seller level; (3) violation points and no serious violation; (4) the
// share of overseas goods; (5) buyer preference, no counterfeit penalty ever
// included (RequireBuyerPreference); (6) operating requirements
// (RequireOperatingRequirements). Conditions 5 and 6 are facts the host
// supplies. An invalid config is cfg.Validate's error.
func GlobalPurchaseTag(cfg GlobalPurchaseTagConfig) ([]AdmissionRule, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return []AdmissionRule{
		RequireConsumerProtection(),
		MinShopAge(cfg.MinShopAgeMonths),
		MinSellerLevel(cfg.MinSellerLevel),
		ViolationPointsBelow(cfg.ViolationPointsBelow),
		NoSeriousViolation(),
		MinOverseasShare(cfg.MinOverseasShare),
		RequireBuyerPreference(),
		RequireOperatingRequirements(),
	}, nil
}

// CompanyOnly returns the rules of a platform that admits companies only (R1.2):
// individual businesses (个体户) and individuals are not accepted.
func CompanyOnly() []AdmissionRule { return []AdmissionRule{RequireCompany()} }

// BrandSupply is a brand the applicant will sell in a category, with the documents
// proving where its goods come from (R1.2 cross-border import).
type BrandSupply struct {
	Brand    string        `json:"brand"`    // the brand's name
	Category string        `json:"category"` // the category it is sold in (the shop-receipt exception is per category)
	Proofs   []SupplyProof `json:"proofs"`   // the supply documents for the brand
}

// SupplyProofKind is the kind of a supply document.
type SupplyProofKind string

// The kinds of supply document.
const (
	// ProofBrandAuthorisation is the brand owner's authorisation (品牌授权书).
	ProofBrandAuthorisation SupplyProofKind = "brand_authorisation"
	// ProofCertificateOfOrigin is a certificate of origin (原产地证).
	ProofCertificateOfOrigin SupplyProofKind = "certificate_of_origin"
	// ProofPurchaseContract is a purchase contract or agreement (采购合同/协议).
	ProofPurchaseContract SupplyProofKind = "purchase_contract"
	// ProofPurchaseList is a purchase list (采购进货清单); without a contract it must
	// show what a contract would.
	ProofPurchaseList SupplyProofKind = "purchase_list"
	// ProofShopReceipt is a receipt from a recognised shop (购物小票).
	ProofShopReceipt SupplyProofKind = "shop_receipt"
)

// supplyProofKinds is the strict codec of SupplyProofKind.
var supplyProofKinds = enum.New(CodeInvalidSupplyProofKind, "kind",
	ProofBrandAuthorisation, ProofCertificateOfOrigin, ProofPurchaseContract, ProofPurchaseList, ProofShopReceipt)

// Valid reports whether k is a known kind.
func (k SupplyProofKind) Valid() bool { return supplyProofKinds.Valid(k) }

// MarshalText implements encoding.TextMarshaler; an unknown kind does not marshal.
func (k SupplyProofKind) MarshalText() ([]byte, error) { return supplyProofKinds.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown kind is a
// ValidationError with code CodeInvalidSupplyProofKind.
func (k *SupplyProofKind) UnmarshalText(b []byte) error { return supplyProofKinds.Unmarshal(k, b) }

// ReceiptSource is the kind of shop a receipt comes from.
type ReceiptSource string

// The shops whose receipts count (R1.2 rule 3).
const (
	ReceiptDutyFree      ReceiptSource = "duty_free"      // duty-free shop (免税店)
	ReceiptBrandStore    ReceiptSource = "brand_store"    // the brand's own store (品牌实体专卖店)
	ReceiptPharmacyChain ReceiptSource = "pharmacy_chain" // major pharmacy or beauty chain (大型药妆店)
	ReceiptFlagshipMall  ReceiptSource = "flagship_mall"  // well-known flagship mall (知名卖场型旗舰店)
)

// receiptSources is the strict codec of ReceiptSource; "" (no source) encodes.
var receiptSources = enum.New(CodeInvalidReceiptSource, "receipt_source",
	"", ReceiptDutyFree, ReceiptBrandStore, ReceiptPharmacyChain, ReceiptFlagshipMall)

// Valid reports whether s is a known source (the empty source is not).
func (s ReceiptSource) Valid() bool { return s != "" && receiptSources.Valid(s) }

// MarshalText implements encoding.TextMarshaler. An empty source marshals as "".
func (s ReceiptSource) MarshalText() ([]byte, error) { return receiptSources.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; "" is no source, any other
// unknown value is a ValidationError with code CodeInvalidReceiptSource.
func (s *ReceiptSource) UnmarshalText(b []byte) error { return receiptSources.Unmarshal(s, b) }

// SupplyProof is one supply document, as a reference with the data a reviewer
// reads from it.
type SupplyProof struct {
	Kind SupplyProofKind `json:"kind"` // what the document is
	Ref  string          `json:"ref"`  // the document's reference (URL, storage key)
	// Supplier and Purchaser are the names of the upstream supplier and the buyer
	// (contracts and lists).
	Supplier  string `json:"supplier"`
	Purchaser string `json:"purchaser"`
	// Product and Brand name the goods (contracts and lists; Brand also on an
	// authorisation).
	Product string `json:"product"`
	Brand   string `json:"brand"`
	// SignedOn is when a contract was signed or a list issued.
	SignedOn time.Time `json:"signed_on,omitzero"`
	// ValidUntil ends the document's validity (required on contracts and lists;
	// optional on an authorisation). It is valid up to and including this instant.
	ValidUntil time.Time `json:"valid_until,omitzero"`
	// ReceiptSource is the kind of shop a receipt is from.
	ReceiptSource ReceiptSource `json:"receipt_source"`
}

// purchaseProblems lists what a purchase contract or list lacks for brand at now
// (R1.2): supplier and purchaser names, product name and brand, signing date and a
// validity that covers now.
func (p SupplyProof) purchaseProblems(brand string, now time.Time) []string {
	var out []string
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	if blank(p.Ref) {
		out = append(out, "document reference")
	}
	if blank(p.Supplier) {
		out = append(out, "supplier name")
	}
	if blank(p.Purchaser) {
		out = append(out, "purchaser name")
	}
	if blank(p.Product) {
		out = append(out, "product name")
	}
	switch {
	case blank(p.Brand):
		out = append(out, "brand")
	case !sameName(p.Brand, brand):
		out = append(out, "the brand "+text.Quote(brand)+" (shows "+text.Quote(p.Brand)+")")
	}
	switch {
	case p.SignedOn.IsZero():
		out = append(out, "signing date")
	case p.SignedOn.After(now):
		out = append(out, "a signing date that is not in the future")
	}
	switch {
	case p.ValidUntil.IsZero():
		out = append(out, "validity")
	case now.After(p.ValidUntil):
		out = append(out, "a validity covering now (expired "+p.ValidUntil.Format(time.DateOnly)+")")
	}
	return out
}

// authorises reports whether p is a brand authorisation for brand that is in force
// at now.
func (p SupplyProof) authorises(brand string, now time.Time) bool {
	return p.Kind == ProofBrandAuthorisation && strings.TrimSpace(p.Ref) != "" &&
		(strings.TrimSpace(p.Brand) == "" || sameName(p.Brand, brand)) &&
		(p.ValidUntil.IsZero() || !now.After(p.ValidUntil))
}

func sameName(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// SupplyProofs requires a supply proof for every brand (R1.2 cross-border import),
// in one of three ways:
//
//  1. a brand authorisation and a complete purchase contract or list;
//  2. a certificate of origin and a complete purchase contract or list;
//  3. a receipt from one of sources (all four when none is given) — accepted only
//     if, in the brand's category, at least one brand has a brand authorisation
//     in force: receipts alone never suffice.
//
// A complete contract or list shows the supplier and purchaser names, the product
// name and the brand, the signing date (not in the future) and a validity that
// covers now. No brands at all fails. The reason names every brand that fails and
// what it lacks, brands separated by " | ". Reason code CodeAdmissionSupplyProof.
func SupplyProofs(sources ...ReceiptSource) AdmissionRule {
	if len(sources) == 0 {
		sources = DefaultCrossBorderImportConfig().ReceiptSources
	}
	accepted := func(s ReceiptSource) bool {
		for _, x := range sources {
			if x == s {
				return true
			}
		}
		return false
	}
	return NewAdmissionRule(CodeAdmissionSupplyProof, func(f AdmissionFacts, now time.Time) (bool, string) {
		if len(f.Brands) == 0 {
			return false, "no brands with supply proofs given"
		}
		var failures []string
		for _, b := range f.Brands {
			if problem := brandSupplyProblem(b, f.Brands, accepted, now); problem != "" {
				failures = append(failures, problem)
			}
		}
		if len(failures) > 0 {
			return false, strings.Join(failures, " | ")
		}
		return true, "every brand has a supply proof"
	})
}

// brandSupplyProblem explains why b has no valid supply proof, or returns "".
func brandSupplyProblem(b BrandSupply, all []BrandSupply, accepted func(ReceiptSource) bool, now time.Time) string {
	name := "brand " + text.Quote(b.Brand) + " in " + text.Quote(b.Category)
	if strings.TrimSpace(b.Brand) == "" || strings.TrimSpace(b.Category) == "" {
		return name + ": brand and category are required"
	}
	var authorised, origin, receipt, purchase bool
	var purchaseGaps []string
	for _, p := range b.Proofs {
		switch p.Kind {
		case ProofBrandAuthorisation:
			authorised = authorised || p.authorises(b.Brand, now)
		case ProofCertificateOfOrigin:
			origin = origin || strings.TrimSpace(p.Ref) != ""
		case ProofPurchaseContract, ProofPurchaseList:
			gaps := p.purchaseProblems(b.Brand, now)
			if len(gaps) == 0 {
				purchase = true
			} else if purchaseGaps == nil {
				purchaseGaps = gaps
			}
		case ProofShopReceipt:
			receipt = receipt || (strings.TrimSpace(p.Ref) != "" && accepted(p.ReceiptSource))
		}
	}
	if (authorised || origin) && purchase {
		return "" // routes 1 and 2
	}
	categoryAuthorised := false
	for _, o := range all {
		if !sameName(o.Category, b.Category) {
			continue
		}
		for _, p := range o.Proofs {
			if p.authorises(o.Brand, now) {
				categoryAuthorised = true
			}
		}
	}
	if receipt && categoryAuthorised {
		return "" // route 3
	}
	var why []string
	if !authorised && !origin {
		why = append(why, "no brand authorisation or certificate of origin")
	}
	switch {
	case purchaseGaps != nil && !purchase:
		why = append(why, "the purchase contract or list lacks "+strings.Join(purchaseGaps, ", "))
	case !purchase:
		why = append(why, "no purchase contract or list")
	}
	if receipt {
		why = append(why, "shop receipts count only when a brand in the category has a brand authorisation")
	}
	return name + ": " + strings.Join(why, "; ")
}
