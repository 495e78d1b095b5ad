package shopkit

import (
	"strconv"
)

// MaxInstalments bounds the number of parts InstalmentPlan makes (100 years of
// monthly payments), so a bad n cannot exhaust memory.
const MaxInstalments = 1200

// InstalmentPlan splits total into n instalments in whole minor units that sum
// exactly to total (R2.5). The parts have equal weights under Allocate (R0.1), so
// they differ by at most one unit and the earlier instalments carry the extra fen:
// ¥100.00 in 3 is ¥33.34, ¥33.33, ¥33.33. n outside 1..MaxInstalments is a
// ValidationError with code CodeInvalidInstalments.
func InstalmentPlan(total Money, n int) ([]Money, error) {
	if n < 1 || n > MaxInstalments {
		return nil, Invalid(CodeInvalidInstalments, "n",
			"must be between 1 and "+strconv.Itoa(MaxInstalments)+", got "+strconv.Itoa(n))
	}
	weights := make([]int64, n)
	for i := range weights {
		weights[i] = 1
	}
	return Allocate(total, weights) // R0.1 largest remainder: ties go to the earlier part
}
