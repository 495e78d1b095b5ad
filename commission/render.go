package commission

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"iter"
	"strconv"
	"time"
)

func csvHeader() []string {
	return []string{"statement", "merchant_id", "kind", "order_id", "paid_at", "at", "currency", "paid", "refunds",
		"commission", "commission_reversed", "advances", "deposit_change", "net", "note"}
}

// CSVWriter renders statement lines for a merchant as CSV (encoding/csv): a header
// row, one row per line, and a total row per statement. Amounts are decimals in
// major units ("12.34"), times RFC 3339. Its Write method can be a Run's Emit.
type CSVWriter struct {
	w      *csv.Writer
	header bool
	row    []string
}

// NewCSVWriter returns a CSVWriter writing to w; with a nil w it writes nothing
// and every call is an error.
func NewCSVWriter(w io.Writer) *CSVWriter {
	if w == nil {
		return &CSVWriter{}
	}
	return &CSVWriter{w: csv.NewWriter(w), row: make([]string, len(csvHeader()))}
}

func (c *CSVWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.Write(csvHeader())
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// errNoWriter is the error of a CSVWriter not made by NewCSVWriter, or of
// rendering to a nil writer.
func errNoWriter() error {
	return invalid(CodeInvalidConfig, "writer", "is required: use NewCSVWriter")
}

// Write writes one statement line.
func (c *CSVWriter) Write(l StatementLine) error {
	if c.w == nil {
		return errNoWriter()
	}
	if err := c.writeHeader(); err != nil {
		return err
	}
	order := ""
	if l.Kind != KindDeposit {
		order = l.OrderID.String()
	}
	r := c.row
	r[0], r[1], r[2], r[3], r[4], r[5] = l.Statement, l.MerchantID.String(), string(l.Kind), order, csvTime(l.PaidAt), csvTime(l.At)
	r[6], r[7], r[8], r[9] = l.Paid.Currency().String(), l.Paid.Decimal(), l.Refunds.Decimal(), l.Commission.Decimal()
	r[10], r[11], r[12], r[13], r[14] = l.CommissionReversed.Decimal(), l.Advances.Decimal(), l.DepositChange.Decimal(), l.Net.Decimal(), l.Note
	return c.w.Write(r)
}

// WriteTotals writes the statement's total row (kind "total"; the note holds the
// payout and its due time).
func (c *CSVWriter) WriteTotals(s Statement) error {
	if c.w == nil {
		return errNoWriter()
	}
	if err := c.writeHeader(); err != nil {
		return err
	}
	r := c.row
	r[0], r[1], r[2], r[3], r[4], r[5] = s.Key, s.MerchantID.String(), "total", strconv.Itoa(s.Orders)+" orders", "", csvTime(s.SettledAt)
	r[6], r[7], r[8], r[9] = s.Currency.String(), s.Paid.Decimal(), s.Refunds.Decimal(), s.Commission.Decimal()
	r[10], r[11], r[12], r[13] = s.CommissionReversed.Decimal(), s.Advances.Decimal(), s.DepositChanges.Decimal(), s.Net.Decimal()
	r[14] = "payout " + s.Payout.Decimal() + " due " + csvTime(s.PayoutDue)
	return c.w.Write(r)
}

// Flush flushes buffered rows and returns any write error.
func (c *CSVWriter) Flush() error {
	if c.w == nil {
		return errNoWriter()
	}
	c.w.Flush()
	return c.w.Error()
}

// WriteJSON renders a statement and its lines as one JSON object
// {"statement":{…},"lines":[…]}, streaming the lines one by one.
func WriteJSON(w io.Writer, s Statement, lines iter.Seq[StatementLine]) error {
	if w == nil {
		return errNoWriter()
	}
	if lines == nil {
		lines = func(func(StatementLine) bool) {} // none
	}
	bw := bufio.NewWriter(w)
	head, err := json.Marshal(s)
	if err != nil {
		return err
	}
	bw.WriteString(`{"statement":`)
	bw.Write(head)
	bw.WriteString(`,"lines":[`)
	first := true
	for l := range lines {
		b, err := json.Marshal(l)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
