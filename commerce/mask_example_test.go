package commerce_test

import (
	"fmt"

	"github.com/shopkit/shopkit/commerce"
)

// Personal data is masked wherever an entity prints itself (R0.5); a host uses
// the same helpers for its own logs.
func ExampleMaskPhone() {
	fmt.Println(commerce.MaskPhone("13812345678"))
	fmt.Println(commerce.MaskIDNumber("110101199003074518"))
	fmt.Println(commerce.MaskBankAccount("6222 0212 3456 7890"))
	fmt.Println(commerce.MaskAddress("北京市朝阳区建国路88号"))
	fmt.Println(commerce.MaskEmail("zhangsan@example.com"))
	fmt.Println(commerce.MaskName("张三丰"))
	// Output:
	// 138****5678
	// 110***********4518
	// ****7890
	// 北京市朝阳区****
	// z***@example.com
	// 张**
}
