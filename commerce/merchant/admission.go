package merchant

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/text"
	"github.com/shopspring/decimal"
)

// Admission rules (R1.2): each rule checks one condition of a platform's entry
// requirements against what is known about an applicant and gives pass or fail
// with a stable reason code. Rules compose: a platform's requirements are a slice
// of rules (the presets in admission_presets.go), AllOf and AnyOf combine rules, and
// Evaluate runs every rule and explains every failure, never stopping at the first.
//
// Reason codes follow one scheme: "merchant.admission_<condition>" (the
// CodeAdmission… constants), named after the condition and not the platform, so
// the same condition has the same code in every preset (shop_age, seller_level,
// violation_points, company, supply_proof …).

// AdmissionFacts is what a platform knows about an applicant when it decides on
// admission (R1.2). The host gathers them (from the merchant's profile, its shop,
// other platforms, documents); rules only read them. Fields a preset does not use
// may stay zero.
type AdmissionFacts struct {
	// Kind is the legal form; an individual business (个体户) is
	// MerchantIndividualBusiness.
	Kind Kind `json:"kind"`
	// Region is where the applicant is registered.
	Region Region `json:"region"`
	// OverseasQualification: the applicant holds an overseas retail or trade
	// qualification (cross-border import).
	OverseasQualification bool `json:"overseas_qualification"`
	// MainlandAgent: a mainland entity bears joint liability as the applicant's
	// agent (境内代理人, cross-border import).
	MainlandAgent bool `json:"mainland_agent"`
	// OverseasBankAccount: the applicant has an overseas or Hong Kong, Macau or
	// Taiwan corporate bank account (cross-border import).
	OverseasBankAccount bool `json:"overseas_bank_account"`
	// Invited: the platform invited the applicant (invitation-only admission).
	Invited bool `json:"invited"`
	// DepositPaid: the deposit (保证金) is paid (R1.3).
	DepositPaid bool `json:"deposit_paid"`
	// DestinationLawAttested: the applicant attests that its products meet the law
	// and quality standards of the destination country.
	DestinationLawAttested bool `json:"destination_law_attested"`
	// OtherPlatformRating is the applicant's rating on other platforms or markets,
	// on the scale the preset's threshold uses (e.g. 0–5).
	OtherPlatformRating decimal.Decimal `json:"other_platform_rating"`
	// RegisteredCapital is the applicant's registered capital.
	RegisteredCapital shopkit.Money `json:"registered_capital"`
	// ShopOpenedAt is when the applicant's shop opened (shop age).
	ShopOpenedAt time.Time `json:"shop_opened_at,omitzero"`
	// SellerLevel is the shop's credit level (hearts, diamonds, crowns).
	SellerLevel SellerLevel `json:"seller_level"`
	// ViolationPoints are the general violation points accumulated (一般违规扣分).
	ViolationPoints int `json:"violation_points"`
	// SeriousViolation: the shop has points for a serious violation, counterfeits
	// included (严重违规).
	SeriousViolation bool `json:"serious_violation"`
	// ConsumerProtection: the shop joined the consumer protection service (消保).
	ConsumerProtection bool `json:"consumer_protection"`
	// BuyerPreferenceMet: the shop meets the global-purchase buyer-preference
	// requirement (全球购买家喜好度: serves new customers well, brings returning
	// customers back), as the host's own measure finds (R1.2 global purchase,
	// condition 5).
	BuyerPreferenceMet bool `json:"buyer_preference_met"`
	// CounterfeitPenaltyHistory: the shop was ever penalised for counterfeit
	// goods (杜绝假货, 含历史处罚), however old the penalty (condition 5).
	CounterfeitPenaltyHistory bool `json:"counterfeit_penalty_history"`
	// OperatingRequirementsMet: the shop meets the platform's operating
	// requirements (运营要求), as the host defines them (R1.2 global purchase,
	// condition 6).
	OperatingRequirementsMet bool `json:"operating_requirements_met"`
	// ListedItems is the number of items the shop lists; OverseasItems how many of
	// them are overseas goods.
	ListedItems   int `json:"listed_items"`
	OverseasItems int `json:"overseas_items"`
	// Brands are the brands the applicant will sell, with their supply proofs
	// (cross-border import).
	Brands []BrandSupply `json:"brands"`
}

// FactsFromMerchant returns the facts a merchant's profile gives: its legal form
// and region. The host fills in the rest. A nil merchant gives no facts (the
// zero AdmissionFacts), which no preset admits.
func FactsFromMerchant(m *Merchant) AdmissionFacts {
	if m == nil {
		return AdmissionFacts{}
	}
	return AdmissionFacts{Kind: m.profile.Kind, Region: m.profile.Region}
}

// RuleResult is the outcome of one admission rule: the rule's code, whether it
// passed, and why, in words an operator can read.
type RuleResult struct {
	Code   string `json:"code"`   // the rule's stable reason code, "merchant.admission_<condition>"
	Passed bool   `json:"passed"` // whether the facts meet the condition
	Reason string `json:"reason"` // what was found, pass or fail
}

// AdmissionRule is one condition of admission (R1.2). Code returns its stable
// reason code; Check evaluates it at now. Check must not modify the facts.
type AdmissionRule interface {
	Code() string
	Check(f AdmissionFacts, now time.Time) RuleResult
}

// AdmissionCheck is the signature of a rule's check: whether the facts pass at now,
// and the reason (what was found, pass or fail).
type AdmissionCheck func(f AdmissionFacts, now time.Time) (passed bool, reason string)

type funcRule struct {
	code  string
	check AdmissionCheck
}

func (r funcRule) Code() string { return r.code }

func (r funcRule) Check(f AdmissionFacts, now time.Time) RuleResult {
	ok, reason := r.check(f, now)
	return RuleResult{Code: r.code, Passed: ok, Reason: reason}
}

// NewAdmissionRule returns a rule with the given code that runs check: how a host
// adds a condition of its own.
func NewAdmissionRule(code string, check AdmissionCheck) AdmissionRule {
	return funcRule{code: code, check: check}
}

// AdmissionReport is the result of Evaluate: every rule's result, in rule order.
type AdmissionReport struct {
	Passed  bool         `json:"passed"`  // every rule passed
	Results []RuleResult `json:"results"` // one per rule, in rule order
}

// Failed returns the results of the rules that failed, in rule order.
func (r AdmissionReport) Failed() []RuleResult {
	var out []RuleResult
	for _, res := range r.Results {
		if !res.Passed {
			out = append(out, res)
		}
	}
	return out
}

// FailedCodes returns the codes of the rules that failed, in rule order.
func (r AdmissionReport) FailedCodes() []string {
	var out []string
	for _, res := range r.Results {
		if !res.Passed {
			out = append(out, res.Code)
		}
	}
	return out
}

// Err returns nil when the applicant passed, or an error with code
// CodeAdmissionFailed (errors.Is shopkit.ErrNotAllowed) whose message lists
// every failed rule.
func (r AdmissionReport) Err() error {
	if r.Passed {
		return nil
	}
	var b strings.Builder
	b.WriteString("admission refused: ")
	for i, res := range r.Failed() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(res.Code + ": " + res.Reason)
	}
	return shopkit.NewError(shopkit.ErrNotAllowed, CodeAdmissionFailed, b.String())
}

// Evaluate runs every rule against the facts at now and reports all results,
// explaining every failed rule (R1.2). No rules is a pass; a nil rule fails with
// code CodeAdmissionInvalidRule.
func Evaluate(rules []AdmissionRule, f AdmissionFacts, now time.Time) AdmissionReport {
	rep := AdmissionReport{Passed: true, Results: make([]RuleResult, 0, len(rules))}
	for _, r := range rules {
		res := checkRule(r, f, now)
		rep.Passed = rep.Passed && res.Passed
		rep.Results = append(rep.Results, res)
	}
	return rep
}

func checkRule(r AdmissionRule, f AdmissionFacts, now time.Time) RuleResult {
	if r == nil {
		return RuleResult{Code: CodeAdmissionInvalidRule, Reason: "the rule is nil"}
	}
	return r.Check(f, now)
}

// AllOf returns a rule with the given code that passes when every rule passes; its
// reason lists the reasons of the failed ones (or of all, when it passes).
func AllOf(code string, rules ...AdmissionRule) AdmissionRule {
	return NewAdmissionRule(code, func(f AdmissionFacts, now time.Time) (bool, string) {
		ok := true
		var failed, all []string
		for _, r := range rules {
			res := checkRule(r, f, now)
			all = append(all, res.Reason)
			if !res.Passed {
				ok = false
				failed = append(failed, res.Reason)
			}
		}
		if ok {
			return true, strings.Join(all, "; ")
		}
		return false, strings.Join(failed, "; ")
	})
}

// AnyOf returns a rule with the given code that passes when at least one rule
// passes; its reason is the first passing rule's, or all the failures joined with
// " or ". AnyOf no rules fails.
func AnyOf(code string, rules ...AdmissionRule) AdmissionRule {
	return NewAdmissionRule(code, func(f AdmissionFacts, now time.Time) (bool, string) {
		var failed []string
		for _, r := range rules {
			res := checkRule(r, f, now)
			if res.Passed {
				return true, res.Reason
			}
			failed = append(failed, res.Reason)
		}
		if len(failed) == 0 {
			return false, "no alternative given"
		}
		return false, strings.Join(failed, " or ")
	})
}

// requireFlag is a rule on a yes/no fact.
func requireFlag(code string, get func(AdmissionFacts) bool, yes, no string) AdmissionRule {
	return NewAdmissionRule(code, func(f AdmissionFacts, _ time.Time) (bool, string) {
		if get(f) {
			return true, yes
		}
		return false, no
	})
}

// RequireCompany admits registered companies only: individuals and individual
// businesses (个体户) fail (R1.2 company only; also part of the cross-border
// presets). Reason code CodeAdmissionCompany.
func RequireCompany() AdmissionRule {
	return NewAdmissionRule(CodeAdmissionCompany, func(f AdmissionFacts, _ time.Time) (bool, string) {
		switch f.Kind {
		case MerchantCompany:
			return true, "a registered company"
		case MerchantIndividualBusiness:
			return false, "individual businesses (个体户) are not accepted: a registered company is required"
		case MerchantIndividual:
			return false, "individuals are not accepted: a registered company is required"
		}
		return false, "the legal form is unknown: a registered company is required"
	})
}

// RequireRegion admits applicants registered in one of regions. Reason code
// CodeAdmissionRegion.
func RequireRegion(regions ...Region) AdmissionRule {
	names := make([]string, len(regions))
	for i, r := range regions {
		names[i] = string(r)
	}
	want := strings.Join(names, ", ")
	return NewAdmissionRule(CodeAdmissionRegion, func(f AdmissionFacts, _ time.Time) (bool, string) {
		for _, r := range regions {
			if f.Region == r && r.Valid() {
				return true, "registered in " + string(r)
			}
		}
		got := string(f.Region)
		if got == "" {
			got = "an unknown region"
		}
		return false, "registered in " + got + "; must be one of " + want
	})
}

// RequireOverseasQualification requires an overseas retail or trade qualification.
// Reason code CodeAdmissionOverseasQualification.
func RequireOverseasQualification() AdmissionRule {
	return requireFlag(CodeAdmissionOverseasQualification,
		func(f AdmissionFacts) bool { return f.OverseasQualification },
		"holds an overseas retail or trade qualification", "no overseas retail or trade qualification")
}

// RequireMainlandAgent requires a mainland agent bearing joint liability. Reason code
// CodeAdmissionMainlandAgent.
func RequireMainlandAgent() AdmissionRule {
	return requireFlag(CodeAdmissionMainlandAgent,
		func(f AdmissionFacts) bool { return f.MainlandAgent },
		"has a mainland agent with joint liability", "no mainland agent bearing joint liability")
}

// RequireOverseasBankAccount requires an overseas (or Hong Kong, Macau, Taiwan)
// corporate bank account. Reason code CodeAdmissionOverseasBankAccount.
func RequireOverseasBankAccount() AdmissionRule {
	return requireFlag(CodeAdmissionOverseasBankAccount,
		func(f AdmissionFacts) bool { return f.OverseasBankAccount },
		"has an overseas corporate bank account", "no overseas corporate bank account")
}

// RequireInvitation admits invited applicants only. Reason code
// CodeAdmissionInvitation.
func RequireInvitation() AdmissionRule {
	return requireFlag(CodeAdmissionInvitation,
		func(f AdmissionFacts) bool { return f.Invited },
		"invited by the platform", "admission is by invitation only")
}

// RequireDepositPaid requires the deposit to be paid (R1.3). Reason code
// CodeAdmissionDeposit.
func RequireDepositPaid() AdmissionRule {
	return requireFlag(CodeAdmissionDeposit,
		func(f AdmissionFacts) bool { return f.DepositPaid },
		"deposit paid", "the deposit is not paid")
}

// RequireDestinationLawAttestation requires the attestation that the products meet
// the destination country's law. Reason code CodeAdmissionDestinationLaw.
func RequireDestinationLawAttestation() AdmissionRule {
	return requireFlag(CodeAdmissionDestinationLaw,
		func(f AdmissionFacts) bool { return f.DestinationLawAttested },
		"products attested to meet the destination country's law",
		"no attestation that the products meet the destination country's law")
}

// RequireConsumerProtection requires the shop to have joined consumer protection.
// Reason code CodeAdmissionConsumerProtection.
func RequireConsumerProtection() AdmissionRule {
	return requireFlag(CodeAdmissionConsumerProtection,
		func(f AdmissionFacts) bool { return f.ConsumerProtection },
		"joined consumer protection", "has not joined consumer protection")
}

// NoSeriousViolation fails a shop with a serious violation, counterfeits included.
// Reason code CodeAdmissionSeriousViolation.
func NoSeriousViolation() AdmissionRule {
	return requireFlag(CodeAdmissionSeriousViolation,
		func(f AdmissionFacts) bool { return !f.SeriousViolation },
		"no serious violation", "has a serious violation (counterfeits included)")
}

// RequireBuyerPreference requires the global-purchase buyer preference (R1.2
// global purchase, condition 5): BuyerPreferenceMet, and no counterfeit penalty
// ever (CounterfeitPenaltyHistory: "杜绝假货(含历史处罚)", historical penalties
// included). The reason names each failing part. Reason code
// CodeAdmissionBuyerPreference.
func RequireBuyerPreference() AdmissionRule {
	return NewAdmissionRule(CodeAdmissionBuyerPreference, func(f AdmissionFacts, _ time.Time) (bool, string) {
		var why []string
		if !f.BuyerPreferenceMet {
			why = append(why, "does not meet the buyer-preference requirement")
		}
		if f.CounterfeitPenaltyHistory {
			why = append(why, "was penalised for counterfeits (past penalties count)")
		}
		if len(why) > 0 {
			return false, strings.Join(why, "; ")
		}
		return true, "meets the buyer-preference requirement, no counterfeit penalty ever"
	})
}

// RequireOperatingRequirements requires the platform's operating requirements
// (R1.2 global purchase, condition 6), as the host finds them
// (OperatingRequirementsMet). Reason code CodeAdmissionOperatingRequirements.
func RequireOperatingRequirements() AdmissionRule {
	return requireFlag(CodeAdmissionOperatingRequirements,
		func(f AdmissionFacts) bool { return f.OperatingRequirementsMet },
		"meets the operating requirements", "does not meet the operating requirements")
}

// MinRating requires a rating on other platforms of at least threshold. Reason code
// CodeAdmissionRating.
func MinRating(threshold decimal.Decimal) AdmissionRule {
	return NewAdmissionRule(CodeAdmissionRating, func(f AdmissionFacts, _ time.Time) (bool, string) {
		got := "rating " + f.OtherPlatformRating.String()
		if f.OtherPlatformRating.GreaterThanOrEqual(threshold) {
			return true, got + " ≥ " + threshold.String()
		}
		return false, got + " is below " + threshold.String()
	})
}

// MinCapital requires a registered capital of at least threshold. Capital in another
// currency than threshold fails: the library does not convert currencies, the host
// converts first. Reason code CodeAdmissionCapital.
func MinCapital(threshold shopkit.Money) AdmissionRule {
	return NewAdmissionRule(CodeAdmissionCapital, func(f AdmissionFacts, _ time.Time) (bool, string) {
		c, err := f.RegisteredCapital.Cmp(threshold)
		switch {
		case err != nil:
			return false, "registered capital is in " + f.RegisteredCapital.Currency().String() +
				", the threshold in " + threshold.Currency().String() + ": convert it first"
		case c >= 0:
			return true, "registered capital " + f.RegisteredCapital.String() + " ≥ " + threshold.String()
		}
		return false, "registered capital " + f.RegisteredCapital.String() + " is below " + threshold.String()
	})
}

// AddCalendarMonths returns t moved by n calendar months in t's location, keeping
// the clock time; a day that does not exist in the target month is clamped to its
// last day: 31 August + 6 months is 28 February (29 in a leap year).
func AddCalendarMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	ty, tm, _ := first.Date()
	if last := daysIn(ty, tm); d > last {
		d = last
	}
	return time.Date(ty, tm, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// MinShopAge requires the shop to have been open at least months calendar months
// at now: ShopOpenedAt + months (AddCalendarMonths) ≤ now. Exactly 6 months after
// the opening instant passes; one nanosecond earlier fails. An unknown opening
// time fails. Reason code CodeAdmissionShopAge.
func MinShopAge(months int) AdmissionRule {
	if months < 0 {
		months = 0
	}
	need := strconv.Itoa(months) + " months"
	return NewAdmissionRule(CodeAdmissionShopAge, func(f AdmissionFacts, now time.Time) (bool, string) {
		if f.ShopOpenedAt.IsZero() {
			return false, "the shop's opening time is unknown; it must have been open " + need
		}
		old := AddCalendarMonths(f.ShopOpenedAt, months)
		if !old.After(now) {
			return true, "shop open since " + f.ShopOpenedAt.Format(time.DateOnly) + ", at least " + need
		}
		return false, "shop open since " + f.ShopOpenedAt.Format(time.DateOnly) + ": " + need +
			" are reached at " + old.Format(time.RFC3339)
	})
}

// MinSellerLevel requires a seller level of at least threshold. Reason code
// CodeAdmissionSellerLevel.
func MinSellerLevel(threshold SellerLevel) AdmissionRule {
	return NewAdmissionRule(CodeAdmissionSellerLevel, func(f AdmissionFacts, _ time.Time) (bool, string) {
		if f.SellerLevel >= threshold && f.SellerLevel.Valid() {
			return true, "seller level " + f.SellerLevel.String() + " ≥ " + threshold.String()
		}
		return false, "seller level " + f.SellerLevel.String() + " is below " + threshold.String()
	})
}

// ViolationPointsBelow requires general violation points strictly below limit: with
// the default 12, 11 points pass and 12 fail. Reason code
// CodeAdmissionViolationPoints.
func ViolationPointsBelow(limit int) AdmissionRule {
	return NewAdmissionRule(CodeAdmissionViolationPoints, func(f AdmissionFacts, _ time.Time) (bool, string) {
		got := strconv.Itoa(f.ViolationPoints) + " violation points"
		if f.ViolationPoints < limit {
			return true, got + ", below " + strconv.Itoa(limit)
		}
		return false, got + "; must be below " + strconv.Itoa(limit)
	})
}

// MinOverseasShare requires overseas goods to make up at least share (a fraction:
// 1 is 100 %) of the listed items, compared exactly (OverseasItems ≥ share ×
// ListedItems). A shop with no listed items fails: it has no goods to tag. Reason code
// CodeAdmissionOverseasShare.
func MinOverseasShare(share decimal.Decimal) AdmissionRule {
	pct := share.Shift(2).String() + " %"
	return NewAdmissionRule(CodeAdmissionOverseasShare, func(f AdmissionFacts, _ time.Time) (bool, string) {
		got := strconv.Itoa(f.OverseasItems) + " of " + strconv.Itoa(f.ListedItems) + " listed items are overseas goods"
		switch {
		case f.ListedItems <= 0:
			return false, "no listed items; " + pct + " must be overseas goods"
		case f.OverseasItems < 0 || f.OverseasItems > f.ListedItems:
			return false, got + ": the counts are inconsistent"
		case decimal.NewFromInt(int64(f.OverseasItems)).GreaterThanOrEqual(share.Mul(decimal.NewFromInt(int64(f.ListedItems)))):
			return true, got + ", at least " + pct
		}
		return false, got + "; at least " + pct + " must be"
	})
}

// SellerLevel is a shop's credit level (信用等级) on an ordered scale: no level,
// then 1–5 hearts, 1–5 diamonds, 1–5 crowns and 1–5 gold crowns. A higher value is
// a higher level, so levels compare with < and >=.
type SellerLevel int

// The seller levels, lowest first.
const (
	SellerNoLevel SellerLevel = iota
	SellerHeart1
	SellerHeart2
	SellerHeart3
	SellerHeart4
	SellerHeart5
	SellerDiamond1
	SellerDiamond2
	SellerDiamond3
	SellerDiamond4
	SellerDiamond5
	SellerCrown1
	SellerCrown2
	SellerCrown3
	SellerCrown4
	SellerCrown5
	SellerGoldCrown1
	SellerGoldCrown2
	SellerGoldCrown3
	SellerGoldCrown4
	SellerGoldCrown5
)

// sellerTiers names the tiers of five levels each, in order.
const sellerTiers = "heart diamond crown gold_crown"

// Valid reports whether l is a level of the scale.
func (l SellerLevel) Valid() bool { return l >= SellerNoLevel && l <= SellerGoldCrown5 }

// String returns "none" or the tier and count, e.g. "diamond_1".
func (l SellerLevel) String() string {
	if l == SellerNoLevel {
		return "none"
	}
	if !l.Valid() {
		return "invalid(" + strconv.Itoa(int(l)) + ")"
	}
	tier := strings.Fields(sellerTiers)[(int(l)-1)/5]
	return tier + "_" + strconv.Itoa((int(l)-1)%5+1)
}

// MarshalText writes the level as String does; an invalid level does not marshal.
func (l SellerLevel) MarshalText() ([]byte, error) {
	if !l.Valid() {
		return nil, shopkit.Invalid(CodeInvalidSellerLevel, "seller_level", "unknown level "+strconv.Itoa(int(l)))
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads "none" or "<tier>_<1-5>" (heart, diamond, crown,
// gold_crown); anything else is a ValidationError with code
// CodeInvalidSellerLevel.
func (l *SellerLevel) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "none" {
		*l = SellerNoLevel
		return nil
	}
	i := strings.LastIndexByte(s, '_')
	if i > 0 && len(s) == i+2 && s[i+1] >= '1' && s[i+1] <= '5' {
		for t, name := range strings.Fields(sellerTiers) {
			if s[:i] == name {
				*l = SellerLevel(t*5 + int(s[i+1]-'0'))
				return nil
			}
		}
	}
	return shopkit.Invalid(CodeInvalidSellerLevel, "seller_level", "unknown level "+text.Quote(s))
}
