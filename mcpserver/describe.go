package mcpserver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// introType is a type as introspection describes it (describeDocument).
type introType struct {
	Kind          string       `json:"kind"`
	Name          string       `json:"name"`
	Description   *string      `json:"description"`
	Fields        []introField `json:"fields"`
	InputFields   []introValue `json:"inputFields"`
	EnumValues    []introEnum  `json:"enumValues"`
	Interfaces    []typeName   `json:"interfaces"`
	PossibleTypes []typeName   `json:"possibleTypes"`
}

type introField struct {
	Name              string       `json:"name"`
	Description       *string      `json:"description"`
	IsDeprecated      bool         `json:"isDeprecated"`
	DeprecationReason *string      `json:"deprecationReason"`
	Args              []introValue `json:"args"`
	Type              typeRef      `json:"type"`
}

type introValue struct {
	Name         string  `json:"name"`
	Description  *string `json:"description"`
	DefaultValue *string `json:"defaultValue"`
	Type         typeRef `json:"type"`
}

type introEnum struct {
	Name              string  `json:"name"`
	Description       *string `json:"description"`
	IsDeprecated      bool    `json:"isDeprecated"`
	DeprecationReason *string `json:"deprecationReason"`
}

type typeName struct {
	Name string `json:"name"`
}

type typeRef struct {
	Kind   string   `json:"kind"`
	Name   *string  `json:"name"`
	OfType *typeRef `json:"ofType"`
}

// String writes the reference as GraphQL does: [Country!]!.
func (t typeRef) String() string {
	switch {
	case t.Kind == "NON_NULL" && t.OfType != nil:
		return t.OfType.String() + "!"
	case t.Kind == "LIST" && t.OfType != nil:
		return "[" + t.OfType.String() + "]"
	case t.Name != nil:
		return *t.Name
	}
	return "?"
}

// describe reads a type, or Type.field, by introspection through the API as the caller, and
// answers with it as SDL (text) and as introspection gives it (structured content).
func describe(ctx context.Context, api http.Handler, auth []string, name string) (*mcp.CallToolResult, json.RawMessage, error) {
	typ, field, _ := strings.Cut(strings.TrimSpace(name), ".")
	ans, err := runGraphQL(ctx, api, auth, request{Query: describeDocument, Variables: map[string]any{"name": typ}})
	if err != nil {
		return nil, nil, err
	}
	if e := ans.refusal(); e != nil {
		return nil, nil, e
	}
	if len(ans.Errors) > 0 {
		return nil, nil, &toolError{Code: ans.Errors[0].code(), Message: ans.Errors[0].Message}
	}
	var data struct {
		Type *introType `json:"__type"`
	}
	if err := json.Unmarshal(ans.Data, &data); err != nil {
		return nil, nil, &toolError{Code: "INTERNAL_SERVER_ERROR", Message: "the API's description could not be read"}
	}
	if data.Type == nil {
		return nil, nil, &toolError{Code: "NOT_FOUND", Message: fmt.Sprintf("the schema has no type %q (type names are case-sensitive: describe Query lists the root fields)", typ)}
	}
	t := data.Type
	if field == "" {
		out, _ := json.Marshal(map[string]any{"type": t})
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: sdlOfType(t)}}}, out, nil
	}
	for _, f := range t.Fields {
		if f.Name == field {
			out, _ := json.Marshal(map[string]any{"type": t.Name, "kind": t.Kind, "field": f})
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: t.Name + "." + sdlOfField(f, "")}}}, out, nil
		}
	}
	for _, f := range t.InputFields {
		if f.Name == field {
			out, _ := json.Marshal(map[string]any{"type": t.Name, "kind": t.Kind, "inputField": f})
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: t.Name + "." + sdlOfValue(f, "")}}}, out, nil
		}
	}
	return nil, nil, &toolError{Code: "NOT_FOUND", Message: fmt.Sprintf("%s has no field %q (describe %s lists them)", t.Name, field, t.Name)}
}

func sdlOfType(t *introType) string {
	var b strings.Builder
	writeDescription(&b, t.Description, "")
	keyword := map[string]string{"OBJECT": "type", "INTERFACE": "interface", "INPUT_OBJECT": "input", "ENUM": "enum",
		"UNION": "union", "SCALAR": "scalar"}[t.Kind]
	b.WriteString(keyword + " " + t.Name)
	if len(t.Interfaces) > 0 {
		names := make([]string, len(t.Interfaces))
		for i, n := range t.Interfaces {
			names[i] = n.Name
		}
		b.WriteString(" implements " + strings.Join(names, " & "))
	}
	switch t.Kind {
	case "SCALAR":
		return b.String() + "\n"
	case "UNION":
		names := make([]string, len(t.PossibleTypes))
		for i, n := range t.PossibleTypes {
			names[i] = n.Name
		}
		return b.String() + " = " + strings.Join(names, " | ") + "\n"
	}
	b.WriteString(" {\n")
	for _, f := range t.Fields {
		b.WriteString(sdlOfField(f, "  "))
	}
	for _, f := range t.InputFields {
		b.WriteString(sdlOfValue(f, "  "))
	}
	for _, e := range t.EnumValues {
		writeDescription(&b, e.Description, "  ")
		b.WriteString("  " + e.Name + deprecated(e.IsDeprecated, e.DeprecationReason) + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func sdlOfField(f introField, indent string) string {
	var b strings.Builder
	writeDescription(&b, f.Description, indent)
	b.WriteString(indent + f.Name)
	if len(f.Args) > 0 {
		b.WriteString("(\n")
		for _, a := range f.Args {
			b.WriteString(sdlOfValue(a, indent+"  "))
		}
		b.WriteString(indent + ")")
	}
	b.WriteString(": " + f.Type.String() + deprecated(f.IsDeprecated, f.DeprecationReason) + "\n")
	return b.String()
}

func sdlOfValue(v introValue, indent string) string {
	var b strings.Builder
	writeDescription(&b, v.Description, indent)
	b.WriteString(indent + v.Name + ": " + v.Type.String())
	if v.DefaultValue != nil {
		b.WriteString(" = " + *v.DefaultValue)
	}
	b.WriteString("\n")
	return b.String()
}

func writeDescription(b *strings.Builder, d *string, indent string) {
	if d == nil || *d == "" {
		return
	}
	b.WriteString(indent + `"""` + "\n")
	for _, line := range strings.Split(*d, "\n") {
		b.WriteString(indent + line + "\n")
	}
	b.WriteString(indent + `"""` + "\n")
}

func deprecated(is bool, reason *string) string {
	if !is {
		return ""
	}
	if reason == nil {
		return " @deprecated"
	}
	r, _ := json.Marshal(*reason)
	return " @deprecated(reason: " + string(r) + ")"
}
