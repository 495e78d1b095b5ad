package messages_test

import (
	"math"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.1: amounts read as ¥12.34 in both languages, at the edges: zero, one fen,
// negative, the largest amount; other currencies keep their own mark.
func TestAmountFormatR0_1(t *testing.T) {
	cases := []struct {
		m    shopkit.Money
		want string
	}{
		{shopkit.CNY(0), "¥0.00"},
		{shopkit.CNY(1), "¥0.01"},
		{shopkit.CNY(12_34), "¥12.34"},
		{shopkit.CNY(-5), "-¥0.05"},
		{shopkit.CNY(-12_34), "-¥12.34"},
		{shopkit.CNY(math.MaxInt64), "¥92233720368547758.07"},
		{shopkit.CNY(math.MinInt64), "-¥92233720368547758.08"},
	}
	for _, c := range cases {
		for _, lang := range messages.Langs() {
			assert.Equal(t, c.want, messages.Amount(lang, c.m), "%s %d", lang, c.m.Amount())
		}
	}
	usd, jpy := shopkit.Zero(shopkit.CurrencyUSD).WithAmount(-1_00), shopkit.Zero(shopkit.CurrencyJPY).WithAmount(1)
	assert.Equal(t, "USD -1.00", messages.Amount(messages.ZhCN, usd))
	assert.Equal(t, "JPY 1", messages.Amount(messages.ZhCN, jpy))
	assert.Equal(t, usd.String(), messages.Amount(messages.En, usd))
	assert.Equal(t, "JP¥1", messages.Amount(messages.En, jpy))
}

// R0.3: dates and instants as a reader in China sees them, in Asia/Shanghai:
// exactly at midnight, and one nanosecond either side of it.
func TestDateAndInstantFormatR0_3(t *testing.T) {
	d := shopkit.Date{Year: 2026, Month: time.December, Day: 4}
	assert.Equal(t, "2026年12月4日", messages.Date(messages.ZhCN, d))
	assert.Equal(t, "4 Dec 2026", messages.Date(messages.En, d))
	assert.Equal(t, "2026年1月1日", messages.Date(messages.ZhCN, shopkit.Date{Year: 2026, Month: time.January, Day: 1}))

	at := time.Date(2026, 12, 4, 12, 58, 0, 0, time.UTC) // 20:58 in Shanghai
	assert.Equal(t, "2026年12月4日 20:58", messages.Instant(messages.ZhCN, at))
	assert.Equal(t, "4 Dec 2026 20:58 CST", messages.Instant(messages.En, at))

	midnight := time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC) // 00:00 on 5 Dec in Shanghai
	assert.Equal(t, "2026年12月5日 00:00", messages.Instant(messages.ZhCN, midnight))
	assert.Equal(t, "5 Dec 2026 00:00 CST", messages.Instant(messages.En, midnight))
	assert.Equal(t, "2026年12月4日 23:59", messages.Instant(messages.ZhCN, midnight.Add(-time.Nanosecond)))
	assert.Equal(t, "2026年12月5日 00:00", messages.Instant(messages.ZhCN, midnight.Add(time.Nanosecond)))
}

// R0.3: instants are shown as the default calendar's zone, Asia/Shanghai, shows
// them, across years and times of day.
func TestInstantIsShanghaiTimeR0_3(t *testing.T) {
	loc := shopkit.DefaultCalendar().Location()
	for at := time.Date(1992, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2040; at = at.Add(1001*time.Hour + 7*time.Minute) {
		s := at.In(loc)
		want := messages.Date(messages.ZhCN, shopkit.DateOf(s, nil)) + " " + s.Format("15:04")
		require.Equal(t, want, messages.Instant(messages.ZhCN, at), at.String())
	}
}

// R0.3: durations in the largest whole unit they are made of.
func TestDurationFormatR0_3(t *testing.T) {
	cases := []struct {
		d      time.Duration
		zh, en string
	}{
		{48 * time.Hour, "48小时", "48 h"},
		{90 * time.Minute, "1小时30分钟", "1 h 30 min"},
		{45 * time.Minute, "45分钟", "45 min"},
		{30 * time.Second, "30秒", "30 s"},
		{0, "0秒", "0 s"},
		{-2 * time.Hour, "-2小时", "-2 h"},
		{time.Hour + time.Nanosecond, "1小时0.000000001秒", "1 h 0.000000001 s"},
	}
	for _, c := range cases {
		assert.Equal(t, c.zh, messages.Duration(messages.ZhCN, c.d), c.d.String())
		assert.Equal(t, c.en, messages.Duration(messages.En, c.d), c.d.String())
	}
}

// Templates fill arguments of every kind, pick English plurals, and show an
// unknown key rather than hide it.
func TestTextRendersArguments(t *testing.T) {
	assert.Equal(t, "unknown.key", messages.Text(messages.En, shopkit.Text{Key: "unknown.key"}))
	assert.Empty(t, messages.Text(messages.En, shopkit.Text{}))
}
