package dispatch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecordHooksAreDispatched: BEN's code binds record hooks for
// collections through this package, so that no write pays for handlers of
// other collections again. A call app.OnRecord…(tags) with tags in any
// non-test file of hooks/ fails; app.OnRecord…() without tags (handlers for
// every collection, and triggering an event) is fine.
func TestRecordHooksAreDispatched(t *testing.T) {
	t.Parallel()
	root := ".."
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !strings.HasPrefix(sel.Sel.Name, "OnRecord") || len(call.Args) == 0 {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "dispatch" {
				return true
			}
			t.Errorf("%s: %s(…) with collections: bind it with dispatch.%s(app, …)", fset.Position(call.Pos()), sel.Sel.Name, sel.Sel.Name)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d files checked: is the walk rooted in hooks/?", checked)
	}
}
