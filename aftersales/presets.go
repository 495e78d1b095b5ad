package aftersales

import (
	"time"

	"github.com/shopkit/shopkit"
)

// The names of the versions of the platform rules the presets carry.
const (
	// KuaishouAfterSalesVersion names the revision of 快手小店售后服务管理规则
	// in force from 2022-09-30 (R3.3–R3.7).
	KuaishouAfterSalesVersion = "kuaishou-aftersales-2022-09-30"
	// KuaishouLocalLifeVersion names 本地生活售后服务管理规则, in force from
	// 2022-12-22 (R3.8).
	KuaishouLocalLifeVersion = "kuaishou-local-life-2022-12-22"
)

// KuaishouPolicies returns the schedule of the Kuaishou shop after-sales rule
// as revised "本规则于2022年9月30日生效": one version, DefaultPolicy, named
// KuaishouAfterSalesVersion and in force from 2022-09-30 00:00 Asia/Shanghai
// (the document names a date and no hour, so the start of that day). A case
// opens under the rule in force at its opening (R0.3): before that instant no
// version is in force and ServiceConfig.Policies refuses to open a case
// (shopkit.CodeNoVersionInForce). A host that handles older conduct prepends
// its own earlier version (shopkit.NewSchedule with Versions() and its own).
func KuaishouPolicies() shopkit.Schedule[Policy] {
	return presetSchedule(KuaishouAfterSalesVersion, 2022, time.September, 30)
}

// KuaishouLocalLifePolicies returns the schedule of the Kuaishou local-life
// after-sales rule, "于2022年12月14日发布，于2022年12月22日生效": one version,
// DefaultPolicy (whose voucher numbers are that rule's, R3.8), named
// KuaishouLocalLifeVersion and in force from 2022-12-22 00:00 Asia/Shanghai
// (a date and no hour: the start of that day). It is the schedule of a service
// that opens voucher cases (Service.OpenVoucher); before that instant no
// version is in force (shopkit.CodeNoVersionInForce), and a host prepends its
// own earlier version for older conduct.
func KuaishouLocalLifePolicies() shopkit.Schedule[Policy] {
	return presetSchedule(KuaishouLocalLifeVersion, 2022, time.December, 22)
}

// presetSchedule is the one-version schedule of DefaultPolicy named name, in
// force from 00:00 of the date in Asia/Shanghai. UTC+8 is that zone at these
// dates: China has kept it without DST since 1991.
func presetSchedule(name string, year int, month time.Month, day int) shopkit.Schedule[Policy] {
	from := time.Date(year, month, day, 0, 0, 0, 0, time.FixedZone("CST", 8*60*60))
	s, err := shopkit.NewSchedule(shopkit.Version[Policy]{Name: name, From: from, Policy: DefaultPolicy()})
	if err != nil {
		return shopkit.Schedule[Policy]{} // a named version at a non-zero instant is always a valid schedule
	}
	return s
}
