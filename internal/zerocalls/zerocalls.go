// Package zerocalls writes, for one package, a test that calls every exported
// function and method with zero values and nil arguments and fails on a panic:
// bad input gets a typed error or a documented zero result, and only Must…
// helpers may panic. The test is generated from the package's source, so a new
// exported function is called as soon as the file is regenerated, and a root
// test fails while the file is stale.
package zerocalls

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FileName is the name of the generated test file in each package.
const FileName = "zero_calls_test.go"

// Call is one call of a generated test: its name and the call itself.
type Call struct {
	Name string
	Call func()
}

// Run calls each of calls in its own subtest and fails the one that panics: bad
// input gets a typed error or a documented zero result, never a panic.
func Run(t *testing.T, calls []Call) {
	for _, c := range calls {
		t.Run(c.Name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panics with zero values: %v", c.Name, r)
				}
			}()
			c.Call()
		})
	}
}

// selfPath is this package's import path: the generated files call its Run.
const selfPath = "github.com/shopkit/shopkit/internal/zerocalls"

// call is one generated call: its name in the test and its statement.
type call struct{ name, stmt string }

// Generate returns the test file for the package in dir.
func Generate(dir string) ([]byte, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var (
		pkg     string
		calls   []call
		imports = map[string]string{} // name → path, of the types the calls name
	)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		pkg = f.Name.Name
		fileImports := importsOf(f)
		generic := genericTypes(f)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() || strings.HasPrefix(fn.Name.Name, "Must") || fn.Type.TypeParams != nil {
				continue
			}
			cs, used, ok := callsOf(fset, fn, generic)
			if !ok {
				continue
			}
			calls = append(calls, cs...)
			for _, n := range used {
				if p, ok := fileImports[n]; ok {
					imports[n] = p
				}
			}
		}
	}
	if pkg == "" {
		return nil, fmt.Errorf("%s: no Go files", dir)
	}
	slices.SortFunc(calls, func(a, b call) int { return strings.Compare(a.name, b.name) })
	return render(pkg, imports, calls)
}

// importsOf maps the names a file imports to their paths.
func importsOf(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		name := filepath.Base(p)
		if s.Name != nil {
			name = s.Name.Name
		}
		out[name] = p
	}
	return out
}

// genericTypes are the file's type declarations with type parameters, whose
// methods need type arguments the generator cannot choose.
func genericTypes(f *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			if ts := s.(*ast.TypeSpec); ts.TypeParams != nil {
				out[ts.Name.Name] = true
			}
		}
	}
	return out
}

// callsOf returns the call of fn with zero arguments, on a zero receiver for a
// method (a nil receiver is not an argument: types usable as nil say so and test
// it themselves), and the package names its types use.
func callsOf(fset *token.FileSet, fn *ast.FuncDecl, generic map[string]bool) ([]call, []string, bool) {
	var used []string
	var args []string
	for _, field := range fn.Type.Params.List {
		typ := field.Type
		if t := source(fset, typ); strings.HasPrefix(strings.TrimPrefix(t, "*"), "testing.") {
			return nil, nil, false // a test kit: it reports through its *testing.T
		}
		if _, variadic := typ.(*ast.Ellipsis); variadic {
			continue // no variadic arguments
		}
		text := source(fset, typ)
		used = append(used, packagesIn(typ)...)
		arg := "*new(" + text + ")"
		if text == "context.Context" {
			arg = "context.Background()"
			used = append(used, "context")
		}
		n := max(len(field.Names), 1)
		for range n {
			args = append(args, arg)
		}
	}
	argList := strings.Join(args, ", ")
	assign := "" // the results, discarded: vet flags an unused String()
	if fn.Type.Results != nil {
		n := 0
		for _, r := range fn.Type.Results.List {
			n += max(len(r.Names), 1)
		}
		assign = strings.Repeat("_, ", n-1) + "_ = "
	}
	if fn.Recv == nil {
		return []call{{fn.Name.Name, assign + fn.Name.Name + "(" + argList + ")"}}, used, true
	}
	recv := fn.Recv.List[0].Type
	star, pointer := recv.(*ast.StarExpr)
	if pointer {
		recv = star.X
	}
	base, ok := recv.(*ast.Ident)
	if !ok || generic[base.Name] || !base.IsExported() {
		return nil, nil, false
	}
	name := base.Name + "." + fn.Name.Name
	if !pointer {
		return []call{{name, assign + "(*new(" + base.Name + "))." + fn.Name.Name + "(" + argList + ")"}}, used, true
	}
	return []call{{name, assign + "new(" + base.Name + ")." + fn.Name.Name + "(" + argList + ")"}}, used, true
}

// packagesIn lists the package names a type expression selects from.
func packagesIn(typ ast.Expr) []string {
	var out []string
	ast.Inspect(typ, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				out = append(out, id.Name)
			}
		}
		return true
	})
	return out
}

func source(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	_ = format.Node(&b, fset, n)
	return b.String()
}

func render(pkg string, imports map[string]string, calls []call) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/zerocalls; DO NOT EDIT.\n")
	b.WriteString("// Regenerate with SHOPKIT_UPDATE_GOLDEN=1 go test -run TestZeroCallsAreCurrent .\n\n")
	fmt.Fprintf(&b, "package %s\n\nimport (\n", pkg)
	// The standard library first, then the rest, as goimports groups them.
	imports["testing"] = "testing"
	// Every file but this package's own calls Run through an import.
	qual := ""
	if self := filepath.Base(selfPath); pkg != self {
		imports[self] = selfPath
		qual = self + "."
	}
	var std, other []string
	for n, p := range imports {
		spec := fmt.Sprintf("%q", p)
		if filepath.Base(p) != n {
			spec = n + " " + spec
		}
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			other = append(other, spec)
		} else {
			std = append(std, spec)
		}
	}
	byPath := func(a, b string) int { return strings.Compare(pathOf(a), pathOf(b)) }
	slices.SortFunc(std, byPath)
	slices.SortFunc(other, byPath)
	for _, s := range std {
		b.WriteString("\t" + s + "\n")
	}
	if len(other) > 0 {
		b.WriteString("\n")
	}
	for _, s := range other {
		b.WriteString("\t" + s + "\n")
	}
	b.WriteString(")\n\n")
	b.WriteString("// zeroCalls call every exported function and method with zero values and nil\n")
	b.WriteString("// arguments (a background context for a context).\n")
	fmt.Fprintf(&b, "var zeroCalls = []%sCall{\n", qual)
	for _, c := range calls {
		fmt.Fprintf(&b, "\t{Name: %q, Call: func() { %s }},\n", c.name, c.stmt)
	}
	b.WriteString("}\n\n")
	b.WriteString("// Bad input gets a typed error or a documented zero result, never a panic:\n")
	b.WriteString("// only Must… helpers may panic.\n")
	fmt.Fprintf(&b, "func TestZeroValuesNeverPanic(t *testing.T) { %sRun(t, zeroCalls) }\n", qual)
	return format.Source(b.Bytes())
}

// pathOf is the quoted path of an import spec, for sorting.
func pathOf(spec string) string { return spec[strings.IndexByte(spec, '"'):] }
