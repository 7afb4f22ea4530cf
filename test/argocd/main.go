// Command lua-health runs an Argo CD resource health script on object fixtures with
// gopher-lua, the Lua interpreter Argo CD uses. It sets the interpreter up as Argo CD does for
// a health check from argocd-cm without useOpenLibs (argo-cd util/lua/lua.go, VM.runLua): no
// standard libraries except package, base and table, a one-second time limit, and the object
// in the global `obj`. Argo CD also opens a reduced os library; this program leaves os out, so a
// script that passes here uses nothing beyond what Argo CD offers.
//
// Request on stdin:  {"script": "<lua source>", "cases": [{"name": "...", "object": {...}}]}
// Response:          {"results": [{"name", "status", "message", "error"}]}
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
)

type testCase struct {
	Name   string         `json:"name"`
	Object map[string]any `json:"object"`
}

type request struct {
	Script string     `json:"script"`
	Cases  []testCase `json:"cases"`
}

type result struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

// Health statuses Argo CD accepts from a script (gitops-engine pkg/health); any other value
// becomes Unknown.
var validStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true,
	"Suspended": true, "Missing": true, "Unknown": true,
}

func main() {
	decoder := json.NewDecoder(os.Stdin)
	decoder.UseNumber()
	decoder.DisallowUnknownFields()
	var req request
	if err := decoder.Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "invalid request on stdin: %v\n", err)
		os.Exit(2)
	}
	results := make([]result, 0, len(req.Cases))
	for _, c := range req.Cases {
		results = append(results, evaluate(req.Script, c))
	}
	if err := json.NewEncoder(os.Stdout).Encode(map[string]any{"results": results}); err != nil {
		fmt.Fprintf(os.Stderr, "failed to write the results: %v\n", err)
		os.Exit(1)
	}
}

func evaluate(script string, c testCase) result {
	state := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer state.Close()
	for name, open := range map[string]lua.LGFunction{
		lua.LoadLibName: lua.OpenPackage,
		lua.BaseLibName: lua.OpenBase,
		lua.TabLibName:  lua.OpenTable,
	} {
		if err := state.CallByParam(lua.P{Fn: state.NewFunction(open), Protect: true}, lua.LString(name)); err != nil {
			return result{Name: c.Name, Error: fmt.Sprintf("opening library %q failed: %v", name, err)}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	state.SetContext(ctx)
	state.SetGlobal("obj", toLua(state, c.Object))
	if err := state.DoString(script); err != nil {
		return result{Name: c.Name, Error: err.Error()}
	}
	table, ok := state.Get(-1).(*lua.LTable)
	if !ok {
		return result{Name: c.Name, Error: fmt.Sprintf("the script returned %s, not a table", state.Get(-1).Type())}
	}
	status := lua.LVAsString(table.RawGetString("status"))
	message := lua.LVAsString(table.RawGetString("message"))
	if !validStatuses[status] {
		return result{Name: c.Name, Status: "Unknown", Message: fmt.Sprintf("invalid health status %q", status)}
	}
	return result{Name: c.Name, Status: status, Message: message}
}

// toLua converts decoded JSON the way Argo CD converts an unstructured object: integers and
// floats become numbers (Kubernetes decodes integers as int64), objects and arrays tables.
func toLua(state *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return lua.LNumber(i)
		}
		f, err := v.Float64()
		if err != nil {
			return lua.LNil
		}
		return lua.LNumber(f)
	case []any:
		table := state.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(toLua(state, item))
		}
		return table
	case map[string]any:
		table := state.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetString(key, toLua(state, item))
		}
		return table
	}
	return lua.LNil
}
