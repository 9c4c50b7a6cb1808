// Package cypher is the compiler: a root field's typed arguments and its selection (Field trees,
// independent of gqlgen) in, one Cypher statement with parameters out. It knows the graph model
// (one descriptor per object type, in types.go), the filters, Relay ids and cursors, and the
// rules for what a caller without assessments may not read; it runs nothing.
//
// It must not import the Neo4j driver, gqlgen, gqlparser or the packages above it (access,
// resolvers, httpapi), so that every statement can be pinned by golden files without a
// database (imports_test.go checks).
package cypher

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
)

// compilation is one run of the compiler: it turns a selection (and the filters inside it) into
// one Cypher expression tree with parameters. Only identifiers the compiler makes up itself (variables v0, v1, ... and the
// response keys, which GraphQL restricts to [_A-Za-z][_0-9A-Za-z]*) are written into the text;
// every value a client sends travels as a parameter.
type compilation struct {
	perm   Permissions
	params map[string]any
	nParam int
	nVar   int
	refs   map[string]map[string]string // kind -> keys named in arguments (-> the argument), validated before running
	// refused are the fields the caller may not read that the selection asks for ("Country.status").
	refused map[string]bool
	today   string
	// filterConditions counts the filter conditions compiled so far (see MaxFilterConditions).
	filterConditions int
}

func (cp Compiler) start(perm Permissions) *compilation {
	return &compilation{perm: perm, params: map[string]any{}, refs: map[string]map[string]string{}, refused: map[string]bool{}, today: cp.Clock.Today()}
}

// Permissions is what the caller may read, as the authorisation point (package access) decided.
type Permissions struct {
	// Assessments allows per-country statuses: the fields and filters that read assessments.
	Assessments bool
	// Deny words the refusal of something the caller may not read.
	Deny func(what string) string
}

// Full is what trusted internal callers (tests, tools) compile with.
var Full = Permissions{Assessments: true}

func (c *compilation) forbid(what string) error {
	msg := what + " needs a role that may read per-country assessments"
	if c.perm.Deny != nil {
		msg = c.perm.Deny(what)
	}
	return &graph.Error{Code: graph.CodeForbidden, Argument: what, Message: msg}
}

func (c *compilation) param(v any) string {
	name := fmt.Sprintf("p%d", c.nParam)
	c.nParam++
	c.params[name] = v
	return "$" + name
}

func (c *compilation) newVar() string {
	c.nVar++
	return fmt.Sprintf("v%d", c.nVar)
}

// ref records that a key of some kind was named by the client, so that an unknown one is
// reported by name instead of silently matching nothing.
func (c *compilation) ref(kind string, keys ...string) {
	c.refAt("", kind, keys...)
}

// refAt is ref naming the argument the keys came from, for the error when one does not exist.
func (c *compilation) refAt(arg, kind string, keys ...string) {
	if c.refs[kind] == nil {
		c.refs[kind] = map[string]string{}
	}
	for _, k := range keys {
		if prev, seen := c.refs[kind][k]; !seen || prev == "" {
			c.refs[kind][k] = arg
		}
	}
}

// scope is what a projection can see: the node itself and, for relationship-shaped types
// (Participation, Citation), the relationship and its ends.
type scope struct {
	v          string  // the node (Source for a Citation)
	rel        string  // the relationship, for Participation and Citation
	country    string  // Participation's country; an Assessment's when known
	instrument string  // Participation's instrument
	network    string  // Membership's network
	capability string  // an Assessment's capability when known
	facet      *string // the facet a cohort or a coverage cell is grouped by, if any
}

type fieldFn func(c *compilation, s scope, f Field) (string, error)

// project returns a Cypher map literal holding every selected field of an object of type typ.
func (c *compilation) project(typ string, s scope, fields []Field) (string, error) {
	t, ok := types[typ]
	if !ok {
		return "", fmt.Errorf("compiler: no projection for type %s", typ)
	}
	fields, err := mergeFields(fields)
	if err != nil {
		return "", err
	}
	parts := make([]string, 0, len(fields)+len(t.Scalars))
	for _, name := range t.Scalars {
		expr, err := t.Fields[name](c, s, Field{Name: name})
		if err != nil {
			return "", err
		}
		parts = append(parts, "`"+CanonicalKey(name)+"`: "+expr)
	}
	for _, f := range fields {
		if strings.HasPrefix(f.Name, "__") {
			continue // __typename is answered by gqlgen
		}
		if t.isScalar(f.Name) && len(f.Children) == 0 && reflect.ValueOf(f.Args).IsZero() {
			continue // projected above, under its canonical key
		}
		spec, ok := t.Fields[f.Name]
		if !ok {
			return "", fmt.Errorf("compiler: %s.%s has no projection", typ, f.Name)
		}
		if spec == nil {
			continue // resolved outside the statement (e.g. not available yet)
		}
		expr, err := spec(c, s, f)
		if graph.CodeOf(err) == graph.CodeForbidden {
			// Only this field is refused: it is null, and the statement says so beside its rows
			// (Statement.Refused); the rest of the object still resolves.
			c.refused[typ+"."+f.Name] = true
			expr, err = "null", nil
		}
		if err != nil {
			return "", err
		}
		parts = append(parts, "`"+f.Key+"`: "+expr)
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

// isScalar says whether field is one of the type's Scalars.
func (t *Type) isScalar(field string) bool { return slices.Contains(t.Scalars, field) }

// Field helpers, composed into the Types (types.go).

func prop(name string) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) { return s.v + "." + name, nil }
}

func dateProp(name string) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) {
		return "toString(" + s.v + "." + name + ")", nil
	}
}

// langProp reads base_en or base_fr. Where the release has no French text, a nullable field
// (optional) is null in French; a required one is the English text, which the field's
// localized companion (localizedProp) says.
func langProp(base string, optional bool) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) {
		switch {
		case f.Args.Lang != "FR":
			return s.v + "." + base + "_en", nil
		case optional:
			return s.v + "." + base + "_fr", nil
		}
		return "coalesce(" + s.v + "." + base + "_fr, " + s.v + "." + base + "_en)", nil
	}
}

// localizedProp projects a LocalizedText: the text in the language asked for where the release
// has it, else the English text, with the language it is in.
func localizedProp(base string) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) {
		text, lang := s.v+"."+base+"_en", "'EN'"
		if f.Args.Lang == "FR" {
			text = "coalesce(" + s.v + "." + base + "_fr, " + s.v + "." + base + "_en)"
			lang = "CASE WHEN " + s.v + "." + base + "_fr IS NULL THEN 'EN' ELSE 'FR' END"
		}
		m := "{text: " + text + ", lang: " + lang + ", fallback: " + lang + " <> " + c.param(langOrEN(f.Args.Lang)) + "}"
		return c.project("LocalizedText", scope{v: m}, f.Children)
	}
}

func langOrEN(lang string) string {
	if lang == "" {
		return "EN"
	}
	return lang
}

func nodeID(label, keyProp string) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) {
		return "'" + label + ":' + toString(" + s.v + "." + keyProp + ")", nil
	}
}

// related projects the nodes reached by pattern (written with {v} and {w}) as a list ordered by
// order (written with {w}), or as a single object when one is true.
func related(typ, pattern, order string, one bool) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) {
		w := c.newVar()
		proj, err := c.project(typ, scope{v: w}, f.Children)
		if err != nil {
			return "", err
		}
		r := strings.NewReplacer("{v}", s.v, "{w}", w)
		q := "COLLECT { MATCH " + r.Replace(pattern)
		if order != "" {
			q += " WITH " + w + " ORDER BY " + r.Replace(order)
		}
		q += " RETURN " + proj + " }"
		if one {
			return "head(" + q + ")", nil
		}
		return q, nil
	}
}

// nodeCitations projects (node)-[:CITES {locator, quote}]->(Source).
func nodeCitations(c *compilation, s scope, f Field) (string, error) {
	src, rel := c.newVar(), c.newVar()
	proj, err := c.project("Citation", scope{v: src, rel: rel}, f.Children)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COLLECT { MATCH (%s)-[%s:CITES]->(%s:Source) WITH %s, %s ORDER BY %s.key RETURN %s }",
		s.v, rel, src, src, rel, src, proj), nil
}

// edgeCitations projects the sources a relationship names in its `sources` key list.
func edgeCitations(c *compilation, s scope, f Field) (string, error) {
	src := c.newVar()
	proj, err := c.project("Citation", scope{v: src, rel: s.rel}, f.Children)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COLLECT { MATCH (%s:Source) WHERE %s.key IN coalesce(%s.sources, []) WITH %s ORDER BY %s.key RETURN %s }",
		src, src, s.rel, src, src, proj), nil
}

// fiscalYear reads a World Bank fiscal year argument (FY2015–FY2026 are loaded); def when absent.
func fiscalYear(fy *int, what string, def int) (int, error) {
	if fy == nil {
		return def, nil
	}
	if *fy < graph.FirstFiscalYear || *fy > graph.LastFiscalYear {
		return 0, graph.BadInput(what, "%s %d is outside the income history the graph holds (FY%d–FY%d)", what, *fy, graph.FirstFiscalYear, graph.LastFiscalYear)
	}
	return *fy, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Compiler turns selections and typed arguments into Cypher statements as of the date its clock
// reads. The zero value uses the system clock.
type Compiler struct {
	Clock graph.Clock
}
