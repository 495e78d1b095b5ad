package shopkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// codeShape is the shape of an error code or a workflow name: "pkg.snake_case".
var codeShape = regexp.MustCompile(`^([a-z]+)\.([a-z][a-z0-9_]*)?$`)

// messagePrefix matches a message that starts with a package prefix, which
// shopkit.Error adds itself.
var messagePrefix = regexp.MustCompile(`^([a-z]+): `)

type sourceFile struct {
	path string
	file *ast.File
}

// libraryFiles parses every non-test Go file of the core module's library
// packages (examples, nested modules and testdata excluded).
func libraryFiles(t *testing.T) (*token.FileSet, map[string][]sourceFile) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string][]sourceFile{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "examples", "bench", "frontendtest", "pgstore", "browser":
				return filepath.SkipDir
			}
			if path != "." {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module (e2e, …) is not the core's library
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
		dir := filepath.Dir(path)
		pkgs[dir] = append(pkgs[dir], sourceFile{path, f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fset, pkgs
}

// Error codes are declared constants named Code…, prefixed with their own
// package's name and listed by the package's Codes function; no code or
// workflow name is a literal elsewhere, and no message repeats the package
// prefix that shopkit.Error adds (R0).
func TestErrorCodesAreDeclared(t *testing.T) {
	fset, pkgs := libraryFiles(t)
	names := map[string]bool{"commerce": true, "fsm": true}
	for _, files := range pkgs {
		names[files[0].file.Name.Name] = true
	}
	for dir, files := range pkgs {
		pkg := files[0].file.Name.Name
		internal := strings.HasPrefix(dir, "internal")
		declared := map[string]string{} // constant name → code
		listed := map[string]bool{}
		hasCodes := false
		for _, sf := range files {
			inConst := map[*ast.BasicLit]bool{}
			for _, d := range sf.file.Decls {
				switch d := d.(type) {
				case *ast.GenDecl:
					if d.Tok != token.CONST {
						continue
					}
					for _, spec := range d.Specs {
						vs := spec.(*ast.ValueSpec)
						for i, v := range vs.Values {
							lit, ok := v.(*ast.BasicLit)
							if !ok || lit.Kind != token.STRING {
								continue
							}
							inConst[lit] = true
							s, _ := strconv.Unquote(lit.Value)
							name := vs.Names[i].Name
							if strings.HasPrefix(name, "Code") {
								declared[name] = s
								m := codeShape.FindStringSubmatch(s)
								if m == nil || m[1] != pkg {
									t.Errorf("%s: %s = %q: a code of package %s is %q", fset.Position(lit.Pos()), name, s, pkg, pkg+".reason")
								}
							}
						}
					}
				case *ast.FuncDecl:
					if d.Name.Name == "Codes" && d.Recv == nil {
						hasCodes = true
						ast.Inspect(d.Body, func(n ast.Node) bool {
							if id, ok := n.(*ast.Ident); ok {
								listed[id.Name] = true
							}
							return true
						})
					}
				}
			}
			ast.Inspect(sf.file, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "errors" {
							return false // a sentinel's message is its whole text
						}
					}
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING || inConst[lit] {
					return true
				}
				s, _ := strconv.Unquote(lit.Value)
				if m := codeShape.FindStringSubmatch(s); m != nil && names[m[1]] {
					t.Errorf("%s: %q is a code or workflow name written as a literal: declare it as a constant", fset.Position(lit.Pos()), s)
				}
				if m := messagePrefix.FindStringSubmatch(s); m != nil && names[m[1]] {
					t.Errorf("%s: %q repeats the package prefix shopkit.Error adds", fset.Position(lit.Pos()), s)
				}
				return true
			})
		}
		if internal || len(declared) == 0 {
			continue
		}
		if !hasCodes {
			t.Errorf("%s: package %s declares codes but has no Codes function listing them", dir, pkg)
			continue
		}
		for name := range declared {
			if !listed[name] {
				t.Errorf("%s: %s.Codes does not list %s", dir, pkg, name)
			}
		}
	}
}

// Every library package that returns errors declares its codes.
func TestEveryPackageDeclaresCodes(t *testing.T) {
	_, pkgs := libraryFiles(t)
	var missing []string
	for dir, files := range pkgs {
		if strings.HasPrefix(dir, "internal") || strings.HasSuffix(dir, "test") {
			continue
		}
		has := false
		for _, sf := range files {
			ast.Inspect(sf.file, func(n ast.Node) bool {
				if fd, ok := n.(*ast.FuncDecl); ok && fd.Name.Name == "Codes" && fd.Recv == nil {
					has = true
				}
				return !has
			})
		}
		if !has {
			missing = append(missing, dir)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("packages without a Codes function: %v", missing)
	}
}
