// Package frontendtest checks the kit's JSON contract as a frontend sees it:
// every golden file under ../testdata/json validates against its JSON Schema
// under ../docs/schema, with a JSON Schema validator the core module does not
// depend on (github.com/santhosh-tekuri/jsonschema/v6). It is a separate
// module so that the validator never becomes a dependency of shopkit itself.
//
//	cd frontendtest && go test ./...
package frontendtest
