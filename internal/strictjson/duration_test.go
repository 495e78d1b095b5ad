package strictjson_test

import (
	"encoding/json"
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// Each duration has one written form, the shortest, and it matches the
// pattern the JSON Schemas publish.
func TestFormatDuration(t *testing.T) {
	pattern := regexp.MustCompile(strictjson.DurationPattern)
	for d, want := range map[time.Duration]string{
		0:                                   "PT0S",
		48 * time.Hour:                      "PT48H",
		90 * time.Minute:                    "PT1H30M",
		time.Hour + time.Second:             "PT1H1S",
		500 * time.Millisecond:              "PT0.5S",
		time.Nanosecond:                     "PT0.000000001S",
		-15 * time.Minute:                   "-PT15M",
		10*24*time.Hour + 3*time.Nanosecond: "PT240H0.000000003S",
		math.MaxInt64:                       "PT2562047H47M16.854775807S",
		math.MinInt64:                       "-PT2562047H47M16.854775808S",
	} {
		got := strictjson.FormatDuration(d)
		assert.Equal(t, want, got, "%d", int64(d))
		assert.Regexp(t, pattern, got)
		back, err := strictjson.ParseDuration(got)
		require.NoError(t, err, got)
		assert.Equal(t, d, back, got)
	}
}

// Only the PT…H…M…S grammar is read: other ISO 8601 forms, Go's own form,
// numbers, units out of order and values past the range are refused.
func TestParseDurationRefuses(t *testing.T) {
	pattern := regexp.MustCompile(strictjson.DurationPattern)
	for _, s := range []string{
		"", "PT", "P10D", "P1DT2H", "48h", "172800000000000", "PT1.5H", "PT1M1H", "PT1H1H",
		"PTH", "PT.5S", "PT1.S", "PT0.0000000001S", "PT-1H", "+PT1H", "pt1h", "PT1X",
		"PT2562048H", "PT2562047H47M16.854775808S", "PT99999999999999999999S",
	} {
		_, err := strictjson.ParseDuration(s)
		assert.Error(t, err, "%q", s)
	}
	// The pattern is as strict as the parser, except for the range.
	for _, s := range []string{"P10D", "48h", "PT1M1H", "PT.5S", "PT-1H"} {
		assert.NotRegexp(t, pattern, s)
	}
	d, err := strictjson.ParseDuration("-PT2562047H47M16.854775808S")
	require.NoError(t, err)
	assert.Equal(t, time.Duration(math.MinInt64), d)
	d, err = strictjson.ParseDuration("PT0H0M0S")
	require.NoError(t, err)
	assert.Equal(t, time.Duration(0), d)
}

type timings struct {
	Wait     time.Duration            `json:"wait"`
	Maybe    *time.Duration           `json:"maybe,omitempty"`
	Steps    []time.Duration          `json:"steps"`
	PerShop  map[string]time.Duration `json:"per_shop"`
	Note     string                   `json:"note"`
	Optional time.Duration            `json:"optional,omitzero"`
	hidden   int
}

// Marshal writes durations in ISO 8601 wherever a struct holds them directly,
// and Decode reads them back exactly, keeping unexported fields.
func TestMarshalAndDecodeDurations(t *testing.T) {
	maybe := 3 * time.Second
	v := timings{Wait: 48 * time.Hour, Maybe: &maybe, Steps: []time.Duration{time.Minute, 0},
		PerShop: map[string]time.Duration{"s1": 36 * time.Hour}, Note: "n"}
	got, err := strictjson.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"wait":"PT48H","maybe":"PT3S","steps":["PT1M","PT0S"],"per_shop":{"s1":"PT36H"},"note":"n"}`, string(got))

	back := timings{hidden: 7, Optional: time.Hour}
	require.NoError(t, strictjson.Decode(got, &back, "demo.invalid_timings"))
	assert.Equal(t, 7, back.hidden)
	assert.Equal(t, time.Hour, back.Optional, "a key the JSON leaves out keeps its value")
	back.hidden, back.Optional = 0, 0
	assert.Equal(t, v, back)

	// A struct without durations is encoding/json's own form.
	plain, err := strictjson.Marshal(settings{Rate: "1", Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, `{"rate":"1","limit":2}`, string(plain))
}

// A duration in any other form is a ValidationError naming its field, and the
// value decoded into is left as it was.
func TestDecodeRefusesOtherDurations(t *testing.T) {
	for doc, field := range map[string]string{
		`{"wait": 172800000000000}`:    "wait",
		`{"wait": "P2D"}`:              "wait",
		`{"steps": ["PT1M", "1m"]}`:    "steps",
		`{"per_shop": {"s1": "36h"}}`:  "per_shop",
		`{"maybe": {"h": 1}}`:          "maybe",
		`{"wait": "PT1H", "extra": 1}`: "extra",
	} {
		v := timings{Wait: time.Minute}
		err := strictjson.Decode([]byte(doc), &v, "demo.invalid_timings")
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve, doc)
		assert.Equal(t, "demo.invalid_timings", shopkit.CodeOf(err))
		assert.Equal(t, field, ve.Problems[0].Field, doc)
		assert.Equal(t, time.Minute, v.Wait, doc)
		_, jerr := json.Marshal(ve)
		require.NoError(t, jerr)
	}
}

// Whatever text comes in, ParseDuration never panics, and what it accepts
// FormatDuration writes back in a form that reads as the same duration; every
// duration survives FormatDuration and ParseDuration.
func FuzzDuration(f *testing.F) {
	f.Add("PT48H", int64(48*time.Hour))
	f.Add("-PT0.000000001S", int64(-1))
	f.Add("PT2562047H47M16.854775807S", int64(math.MaxInt64))
	f.Add("P1D", int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		if d, err := strictjson.ParseDuration(s); err == nil {
			back, err := strictjson.ParseDuration(strictjson.FormatDuration(d))
			require.NoError(t, err, s)
			require.Equal(t, d, back, s)
		}
		back, err := strictjson.ParseDuration(strictjson.FormatDuration(time.Duration(n)))
		require.NoError(t, err, n)
		require.Equal(t, time.Duration(n), back)
	})
}
