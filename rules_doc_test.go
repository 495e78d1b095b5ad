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
	"strings"
	"testing"
)

// rulesDoc is the page that says, rule by rule, what shopkit does.
const rulesDoc = "docs/rules.md"

// ruleNumber matches a rule number in prose ("R2.3.4") or in a Go name
// ("R2_3_4"); the match is greedy, so R2_3_4 is rule R2.3.4, not R2.3.
var ruleNumber = regexp.MustCompile(`R[0-9]+(?:[._][0-9]+)+`)

// ruleHeading starts an entry of docs/rules.md: "### R2.3.4 Title".
var ruleHeading = regexp.MustCompile(`^#{2,4} (R[0-9]+(?:\.[0-9]+)+)(?:\s|$)`)

// ruleRef is a symbol or test named in a Code: or Tests: paragraph: the
// package's directory relative to the module (shopkit for the root package),
// a dot, then a name and an optional method or field ("commerce/order.Order.Pay").
var ruleRef = regexp.MustCompile("`([a-z][a-z0-9/]*)\\.([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)?)`")

type ruleEntry struct {
	number string
	line   int
	code   []string // package-dir.Symbol
	tests  []string // package-dir.TestName
}

// normRule writes a rule number the prose way: R2_3_4 → R2.3.4.
func normRule(s string) string { return strings.ReplaceAll(s, "_", ".") }

// parseRulesDoc reads the entries of docs/rules.md: each starts at a heading
// with a rule number and has a paragraph starting "Code:" and one starting
// "Tests:"; a paragraph runs to the next blank line.
func parseRulesDoc(t *testing.T) []ruleEntry {
	t.Helper()
	data, err := os.ReadFile(rulesDoc)
	if err != nil {
		t.Fatal(err)
	}
	var entries []ruleEntry
	var field *[]string
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			field = nil
			if m := ruleHeading.FindStringSubmatch(trimmed); m != nil {
				entries = append(entries, ruleEntry{number: m[1], line: i + 1})
			}
			continue
		}
		if trimmed == "" || len(entries) == 0 {
			field = nil
			continue
		}
		e := &entries[len(entries)-1]
		label := strings.TrimLeft(trimmed, "-*_ ")
		switch {
		case strings.HasPrefix(label, "Code:"):
			field = &e.code
		case strings.HasPrefix(label, "Tests:"):
			field = &e.tests
		case strings.HasSuffix(strings.SplitN(label, " ", 2)[0], ":"):
			field = nil // another labelled paragraph
		}
		if field == nil {
			continue
		}
		for _, m := range ruleRef.FindAllStringSubmatch(trimmed, -1) {
			*field = append(*field, m[1]+"."+m[2])
		}
	}
	return entries
}

// splitRef splits "commerce/order.Order.Pay" into the directory
// "commerce/order" and the name "Order.Pay"; shopkit is the root directory.
func splitRef(ref string) (dir, name string) {
	slash := strings.LastIndex(ref, "/")
	dot := slash + 1 + strings.Index(ref[slash+1:], ".")
	dir, name = ref[:dot], ref[dot+1:]
	if dir == "shopkit" {
		dir = "."
	}
	return filepath.FromSlash(dir), name
}

// symbolsOf lists the top-level names of a package's non-test files, with
// Type.Method for methods and Type.Field for struct fields and interface
// methods.
func symbolsOf(files []sourceFile) map[string]bool {
	syms := map[string]bool{}
	for _, sf := range files {
		for _, d := range sf.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					syms[d.Name.Name] = true
					continue
				}
				typ := d.Recv.List[0].Type
				if star, ok := typ.(*ast.StarExpr); ok {
					typ = star.X
				}
				switch x := typ.(type) {
				case *ast.IndexExpr:
					typ = x.X
				case *ast.IndexListExpr:
					typ = x.X
				}
				if id, ok := typ.(*ast.Ident); ok {
					syms[id.Name+"."+d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							syms[n.Name] = true
						}
					case *ast.TypeSpec:
						syms[s.Name.Name] = true
						var fields *ast.FieldList
						switch ty := s.Type.(type) {
						case *ast.StructType:
							fields = ty.Fields
						case *ast.InterfaceType:
							fields = ty.Methods
						}
						if fields == nil {
							continue
						}
						for _, f := range fields.List {
							for _, n := range f.Names {
								syms[s.Name.Name+"."+n.Name] = true
							}
						}
					}
				}
			}
		}
	}
	return syms
}

// testCitations maps each Test function of a directory's test files to the
// rule numbers its name, its doc comment and the comments in its body cite.
func testCitations(t *testing.T, dir string) map[string][]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string][]string{}
	fset := token.NewFileSet()
	for _, path := range paths {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			text := []string{fn.Name.Name}
			if fn.Doc != nil {
				text = append(text, fn.Doc.Text())
			}
			for _, cg := range f.Comments {
				if cg.Pos() >= fn.Pos() && cg.End() <= fn.End() {
					text = append(text, cg.Text())
				}
			}
			var cited []string
			for _, m := range ruleNumber.FindAllString(strings.Join(text, "\n"), -1) {
				cited = append(cited, normRule(m))
			}
			tests[fn.Name.Name] = cited
		}
	}
	return tests
}

// docs/rules.md gives, for every numbered rule, the code that implements it
// and the tests that assert it. The page stays true: every symbol it names
// exists, every test it names exists and at least one of them cites the rule
// (R2.3.4 in a comment or R2_3_4 in its name), and every rule number the Go
// code cites has an entry.
func TestRulesDoc(t *testing.T) {
	entries := parseRulesDoc(t)
	if len(entries) == 0 {
		t.Fatalf("%s: no rule entries", rulesDoc)
	}
	_, pkgs := libraryFiles(t)
	symbols := map[string]map[string]bool{}
	citations := map[string]map[string][]string{}
	documented := map[string]bool{}
	for _, e := range entries {
		t.Run(e.number, func(t *testing.T) {
			if documented[e.number] {
				t.Errorf("%s:%d: %s has a second entry", rulesDoc, e.line, e.number)
			}
			documented[e.number] = true
			if len(e.code) == 0 {
				t.Errorf("%s:%d: %s names no code (a Code: paragraph)", rulesDoc, e.line, e.number)
			}
			if len(e.tests) == 0 {
				t.Errorf("%s:%d: %s names no tests (a Tests: paragraph)", rulesDoc, e.line, e.number)
			}
			for _, ref := range e.code {
				dir, name := splitRef(ref)
				if symbols[dir] == nil {
					symbols[dir] = symbolsOf(pkgs[dir])
				}
				if !symbols[dir][name] {
					t.Errorf("%s:%d: %s names %s, which is not declared in %s", rulesDoc, e.line, e.number, ref, dir)
				}
			}
			cited := false
			for _, ref := range e.tests {
				dir, name := splitRef(ref)
				if citations[dir] == nil {
					citations[dir] = testCitations(t, dir)
				}
				rules, ok := citations[dir][name]
				if !ok {
					t.Errorf("%s:%d: %s names %s, which is not a test in %s", rulesDoc, e.line, e.number, ref, dir)
				}
				cited = cited || slices.Contains(rules, e.number)
			}
			if len(e.tests) > 0 && !cited {
				t.Errorf("%s:%d: none of the tests named for %s cites it (%s or %s)",
					rulesDoc, e.line, e.number, e.number, strings.ReplaceAll(e.number, ".", "_"))
			}
		})
	}

	// Every rule number cited in the module's Go files has an entry.
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range ruleNumber.FindAllString(string(data), -1) {
			if n := normRule(m); !documented[n] {
				documented[n] = true // report each number once
				t.Errorf("%s cites %s, which has no entry in %s", path, n, rulesDoc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
