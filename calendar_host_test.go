package shopkit_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
)

// hostCalendar is a working-day calendar a host supplies from its own data (a
// company calendar service, a table it maintains each year) instead of
// shopkit.Calendar: it implements only the small WorkingCalendar interface
// (R0.3). Here it is the official 2026 schedule of cnCalendar2026 plus a shop's
// own closure day, 2026-10-09 (annual stocktake).
type hostCalendar struct {
	loc     *time.Location
	working map[shopkit.Date]bool // every date of its range; others are closed
}

var _ shopkit.WorkingCalendar = hostCalendar{}

func newHostCalendar(t *testing.T) hostCalendar {
	official := cnCalendar2026(t)
	h := hostCalendar{loc: official.Location(), working: map[shopkit.Date]bool{}}
	for d := calDate(t, "2026-01-01"); d.Year == 2026; d = d.AddDays(1) {
		h.working[d] = official.IsWorkingDate(d)
	}
	h.working[calDate(t, "2026-10-09")] = false
	return h
}

func (h hostCalendar) IsWorkingDay(t time.Time) bool { return h.working[shopkit.DateOf(t, h.loc)] }

// nth returns the nth working day after d; a deadline never counts back, so this
// host calendar supports n ≥ 0 only.
func (h hostCalendar) nth(d shopkit.Date, n int) shopkit.Date {
	for step := 1; n > 0; {
		d = d.AddDays(step)
		if h.working[d] {
			n--
		}
	}
	return d
}

func (h hostCalendar) AddWorkingDays(t time.Time, n int) time.Time {
	t = t.In(h.loc)
	d := h.nth(shopkit.DateOf(t, h.loc), n)
	return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), h.loc)
}

func (h hostCalendar) EndOfWorkingDay(start time.Time, n int) time.Time {
	d := h.nth(shopkit.DateOf(start, h.loc), n).AddDays(1)
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, h.loc)
}

// R0.3, R1.1: a host-supplied calendar behind WorkingCalendar drives a consumer's
// working-day deadline. A merchant application submitted on 2026-09-30 15:00 is
// due for review within 3 working days: on the official calendar that is the end
// of the make-up Saturday 10-10 (10-08, 10-09, 10-10); on the host's calendar,
// which also closes 10-09, it is the end of Monday 10-12 (10-08, 10-10, 10-12).
func TestHostCalendarDrivesMerchantReviewDeadline_R0_3(t *testing.T) {
	official := cnCalendar2026(t)
	host := newHostCalendar(t)
	sh := official.Location()
	submit := calAt(t, sh, "2026-09-30 15:00:00")

	tests := []struct {
		name string
		cal  shopkit.WorkingCalendar
		want string
	}{
		{"official calendar", official, "2026-10-11 00:00:00"},
		{"host calendar closes 10-09", host, "2026-10-13 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := completeApplication(t, submit)
			require.NoError(t, m.Submit(shopkit.Actor{Role: shopkit.Merchant, ID: m.ID().String()}, submit,
				merchant.DefaultPolicy(), tt.cal))
			due, ok := m.Deadline()
			require.True(t, ok)
			want := calAt(t, sh, tt.want)
			assert.True(t, want.Equal(due), "due %s, want %s", due, want)
			assert.False(t, m.ReviewOverdue(want), "exactly at the deadline is in time")
			assert.True(t, m.ReviewOverdue(want.Add(time.Nanosecond)), "1 ns after is overdue")
		})
	}

	// The host calendar agrees with the library's wherever the data agree.
	for d := calDate(t, "2026-01-01"); d.Year == 2026; d = d.AddDays(1) {
		noon := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, sh)
		if d == calDate(t, "2026-10-09") {
			assert.False(t, host.IsWorkingDay(noon))
			continue
		}
		require.Equal(t, official.IsWorkingDay(noon), host.IsWorkingDay(noon), d.String())
		if d.Month < time.September { // far from the host's extra closure day
			require.True(t, official.EndOfWorkingDay(noon, 3).Equal(host.EndOfWorkingDay(noon, 3)), d.String())
			require.True(t, official.AddWorkingDays(noon, 2).Equal(host.AddWorkingDays(noon, 2)), d.String())
		}
	}
}

// completeApplication returns a merchant application ready to submit.
func completeApplication(t *testing.T, now time.Time) *merchant.Merchant {
	t.Helper()
	id := uuid.New()
	applicant := shopkit.Actor{Role: shopkit.Merchant, ID: id.String()} // the applicant acts as the merchant
	m, err := merchant.NewMerchant(applicant,
		merchant.Registration{ID: id, Name: "张三丰", Email: "zhangsan@example.com", Phone: "13812345678"},
		merchant.EmailVerification{Token: "t-9f2c", ExpiresAt: now.Add(24 * time.Hour)}, now)
	require.NoError(t, err)
	require.NoError(t, m.VerifyEmail(applicant, now, "t-9f2c"))
	require.NoError(t, m.UpdateProfile(applicant, now, merchant.Profile{
		Kind: merchant.MerchantCompany, Region: merchant.RegionMainland,
		LegalName: "福州示例科技有限公司", CreditCode: "91350100M000100Y43", LegalRepresentative: "张三丰",
		BusinessLicence: "doc:licence", TaxRegistration: "doc:tax",
		Address: "福建省福州市鼓楼区五四路1号", BankAccount: "6222021234567890",
	}))
	require.NoError(t, m.ChooseCategories(applicant, now, []string{"家政服务"}))
	return m
}
