package order

import (
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
)

// PaymentMethod is how a buyer paid (R2.5). The five methods of the rules are
// constants; a host may use any other method name made of lower-case letters,
// digits and underscores (at most 32 characters), e.g. "union_pay".
type PaymentMethod string

// The payment methods of R2.5.
const (
	CreditCard   PaymentMethod = "credit_card"
	DebitCard    PaymentMethod = "debit_card"
	Alipay       PaymentMethod = "alipay"
	WeChatPay    PaymentMethod = "wechat_pay"
	BankTransfer PaymentMethod = "bank_transfer"
)

// Validate reports an empty or malformed method name as a ValidationError
// (CodeInvalidPaymentMethod).
func (m PaymentMethod) Validate() error {
	if m == "" || len(m) > 32 {
		return shopkit.Invalid(CodeInvalidPaymentMethod, "method", "must be 1 to 32 characters")
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return shopkit.Invalid(CodeInvalidPaymentMethod, "method",
				"must be lower-case letters, digits and underscores, got "+strconv.Quote(string(m)))
		}
	}
	return nil
}

// Known reports whether m is one of the methods the rules name.
func (m PaymentMethod) Known() bool {
	switch m {
	case CreditCard, DebitCard, Alipay, WeChatPay, BankTransfer:
		return true
	}
	return false
}

// MarshalText implements encoding.TextMarshaler; a malformed method is an error.
func (m PaymentMethod) MarshalText() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return []byte(m), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; it rejects malformed names.
func (m *PaymentMethod) UnmarshalText(b []byte) error {
	v := PaymentMethod(b)
	if err := v.Validate(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Payment records a payment the host's gateway took (R2.5). The library never
// talks to a gateway: the host passes what its gateway reported.
type Payment struct {
	Method     PaymentMethod `json:"method"`
	Amount     shopkit.Money `json:"amount"`
	GatewayRef string        `json:"gateway_ref"`      // the gateway's transaction reference
	PaidAt     time.Time     `json:"paid_at,omitzero"` // when the gateway took the money; zero means the time the payment is recorded
	// Instalments, when the buyer pays in instalments, splits Amount into whole
	// fen that sum exactly to it (R2.5, R0.1); see WithInstalments.
	Instalments []shopkit.Money `json:"instalments"`
}

// WithInstalments returns a copy of p whose Instalments split its Amount into n
// parts with InstalmentPlan: whole fen, summing exactly to Amount, the earlier
// parts carrying the extra fen (R2.5, R0.1). Every part must be at least one
// minor unit, so an amount that is not positive is CodeInvalidPayment, and n
// outside 1..shopkit.MaxInstalments or greater than the amount in minor units
// (12 instalments of ¥0.11) is CodeInvalidInstalments.
func (p Payment) WithInstalments(n int) (Payment, error) {
	if !p.Amount.IsPositive() {
		return Payment{}, shopkit.Invalid(CodeInvalidPayment, "amount", "must be greater than zero")
	}
	if n < 1 || n > shopkit.MaxInstalments {
		return Payment{}, shopkit.Invalid(CodeInvalidInstalments, "n",
			"must be between 1 and "+strconv.Itoa(shopkit.MaxInstalments)+", got "+strconv.Itoa(n))
	}
	if int64(n) > p.Amount.Amount() {
		return Payment{}, shopkit.Invalid(CodeInvalidInstalments, "n",
			"must not exceed the amount in minor units ("+strconv.FormatInt(p.Amount.Amount(), 10)+"), got "+strconv.Itoa(n))
	}
	parts, err := shopkit.InstalmentPlan(p.Amount, n)
	if err != nil {
		return Payment{}, err
	}
	p.Instalments = parts
	return p, nil
}

// Validate checks the payment on its own: a valid method, a positive amount, a
// gateway reference, and instalments (if any, at most shopkit.MaxInstalments)
// in the payment's currency that are positive and sum exactly to the amount.
func (p Payment) Validate() error {
	if err := p.Method.Validate(); err != nil {
		return err
	}
	if !p.Amount.IsPositive() {
		return shopkit.Invalid(CodeInvalidPayment, "amount", "must be greater than zero")
	}
	if p.GatewayRef == "" {
		return shopkit.Invalid(CodeInvalidPayment, "gateway_ref", "is required")
	}
	if len(p.Instalments) == 0 {
		return nil
	}
	if len(p.Instalments) > shopkit.MaxInstalments {
		return shopkit.Invalid(CodeInvalidInstalments, "instalments", "must be at most "+strconv.Itoa(shopkit.MaxInstalments))
	}
	sum := shopkit.Zero(p.Amount.Currency())
	for i, part := range p.Instalments {
		if !part.IsPositive() {
			return shopkit.Invalid(CodeInvalidPayment, "instalments["+strconv.Itoa(i)+"]", "must be greater than zero")
		}
		var err error
		if sum, err = sum.Add(part); err != nil {
			return err
		}
	}
	if !sum.Equal(p.Amount) {
		return shopkit.Invalid(CodeInvalidPayment, "instalments", "must sum exactly to the amount "+p.Amount.String())
	}
	return nil
}

// clone returns a copy that shares no memory with p.
func (p Payment) clone() Payment {
	if p.Instalments != nil {
		p.Instalments = append([]shopkit.Money(nil), p.Instalments...)
	}
	return p
}
