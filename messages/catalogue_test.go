package messages_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopkit/shopkit/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// declared parses the module's library source (from the module root; testdata,
// tests and nested modules with their own go.mod skipped) and returns every
// string constant whose name starts with prefix, by value, with where it is
// declared. For "Text" it also returns the string literals given as the Key of
// a Text composite literal, so a key written in place is not missed.
func declared(t *testing.T, prefix string) map[string]string {
	t.Helper()
	root := ".."
	fset := token.NewFileSet()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				if n.Tok != token.CONST {
					return true
				}
				for _, spec := range n.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, v := range vs.Values {
						lit, ok := v.(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING || i >= len(vs.Names) {
							continue
						}
						if name := vs.Names[i].Name; strings.HasPrefix(name, prefix) && len(name) > len(prefix) &&
							name[len(prefix)] >= 'A' && name[len(prefix)] <= 'Z' {
							s, _ := strconv.Unquote(lit.Value)
							out[s] = fset.Position(lit.Pos()).String() + " " + name
						}
					}
				}
			case *ast.CompositeLit:
				if prefix != "Text" || !isTextType(n.Type) {
					return true
				}
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if k, ok := kv.Key.(*ast.Ident); !ok || k.Name != "Key" {
						continue
					}
					if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						out[s] = fset.Position(lit.Pos()).String() + " Key literal"
					}
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	return out
}

// isTextType reports whether a composite literal's type is shopkit.Text.
func isTextType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "Text"
	case *ast.SelectorExpr:
		return e.Sel.Name == "Text"
	}
	return false
}

// R0: every error code a package declares has a message in zh-CN and en, and the
// catalogue has none for a code that no longer exists.
func TestEveryDeclaredCodeHasBothLanguages(t *testing.T) {
	codes := declared(t, "Code")
	require.Greater(t, len(codes), 300, "the walk found the module's codes")
	for code, where := range codes {
		assert.True(t, messages.Has(code), "%s: %s has no message in both languages", where, code)
		for _, lang := range messages.Langs() {
			assert.NotEmpty(t, messages.Code(lang, code), "%s: %s in %s", where, code, lang)
		}
	}
	for _, code := range messages.CatalogueCodes() {
		_, ok := codes[code]
		assert.True(t, ok, "the catalogue has a message for %s, which no package declares", code)
	}
}

// R0: every explanation key has templates in zh-CN and en, and the catalogue has
// none for a key that no longer exists.
func TestEveryExplanationKeyHasBothLanguages(t *testing.T) {
	keys := declared(t, "Text")
	require.NotEmpty(t, keys)
	for key, where := range keys {
		assert.True(t, messages.HasText(key), "%s: %s has no template in both languages", where, key)
	}
	for _, key := range messages.CatalogueTextKeys() {
		_, ok := keys[key]
		assert.True(t, ok, "the catalogue has templates for %s, which no package declares", key)
	}
}

// The Chinese messages are Chinese, distinct from the English ones, and say a
// code's message, not the code.
func TestChineseMessagesAreChinese(t *testing.T) {
	for _, code := range messages.CatalogueCodes() {
		zh, en := messages.Code(messages.ZhCN, code), messages.Code(messages.En, code)
		assert.NotEqual(t, zh, en, code)
		hasHan := false
		for _, r := range zh {
			if r >= 0x4e00 && r <= 0x9fff {
				hasHan = true
				break
			}
		}
		assert.True(t, hasHan, "%s: %q has no Chinese", code, zh)
		assert.NotContains(t, en, code)
		assert.NotContains(t, zh+en, "{", "%s: a code's message has no placeholders: For adds the details", code)
	}
}
