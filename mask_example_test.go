package shopkit_test

import (
	"fmt"

	"github.com/shopkit/shopkit"
)

// Personal data is masked wherever an entity prints itself (R0.5); a host uses
// the same helpers for its own logs.
func ExampleMaskPhone() {
	fmt.Println(shopkit.MaskPhone("13812345678"))
	fmt.Println(shopkit.MaskIDNumber("110101199003074518"))
	fmt.Println(shopkit.MaskBankAccount("6222 0212 3456 7890"))
	fmt.Println(shopkit.MaskAddress("北京市朝阳区建国路88号"))
	fmt.Println(shopkit.MaskEmail("zhangsan@example.com"))
	fmt.Println(shopkit.MaskName("张三丰"))
	// Output:
	// 138****5678
	// 110***********4518
	// ****7890
	// 北京市朝阳区****
	// z***@example.com
	// 张**
}
