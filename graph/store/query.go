package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
)

// checkRefs reports the first kind of key the client named that does not exist, naming the keys.
// It costs one statement, and only when the request names keys.
func (s *Store) checkRefs(ctx context.Context, refs map[string][]string, args map[string]string) error {
	// Keys seen to exist are remembered: the reference data changes only with a data release,
	// so most requests need no check at all. A key not yet seen is always checked.
	unseen := map[string][]string{}
	for kind, keys := range refs {
		for _, k := range keys {
			if _, ok := s.knownKeys.Load(kind + "\x00" + k); !ok {
				unseen[kind] = append(unseen[kind], k)
			}
		}
	}
	refs = unseen
	if len(refs) == 0 {
		return nil
	}
	var cols []string
	params := map[string]any{}
	var kinds []string
	for kind, keys := range refs {
		t, ok := cypher.TypeOf(kind)
		if !ok || t.KeyName == "" {
			return fmt.Errorf("no reference check for %s", kind)
		}
		kinds = append(kinds, kind)
		cols = append(cols, t.RefCheck()+" AS "+kind)
		params[kind] = keys
	}
	recs, err := s.Read(ctx, "RETURN "+strings.Join(cols, ", "), params)
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return fmt.Errorf("reference check returned %d records", len(recs))
	}
	for _, kind := range sortedStrings(kinds) {
		v, _ := recs[0].Get(kind)
		missing, _ := v.([]any)
		absent := map[string]bool{}
		for _, m := range missing {
			absent[fmt.Sprint(m)] = true
		}
		for _, k := range refs[kind] {
			if !absent[k] {
				s.knownKeys.Store(kind+"\x00"+k, true)
			}
		}
		if len(missing) > 0 {
			var names []string
			arg := ""
			for _, m := range missing {
				names = append(names, fmt.Sprintf("%q", m))
				if a := args[kind+"\x00"+fmt.Sprint(m)]; arg == "" {
					arg = a
				}
			}
			t, _ := cypher.TypeOf(kind)
			msg := fmt.Sprintf("unknown %s: %s", t.KeyName, strings.Join(names, ", "))
			if arg != "" {
				msg = arg + ": " + msg
			}
			return graph.BadInput(arg, "%s", msg)
		}
	}
	return nil
}

// Rows runs a compiled statement whose records have one column, row.
func (s *Store) Rows(ctx context.Context, st cypher.Statement) ([]cypher.Row, error) {
	if err := s.checkRefs(ctx, st.Refs, st.RefArgs); err != nil {
		return nil, err
	}
	recs, err := s.Read(ctx, st.Cypher, st.Params)
	if err != nil {
		return nil, err
	}
	out := make([]cypher.Row, 0, len(recs))
	for _, r := range recs {
		v, _ := r.Get("row")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("statement returned a %T row", v)
		}
		out = append(out, m)
	}
	return out, nil
}

// CountryPage is one page of the countries connection.
type CountryPage struct {
	Total int
	Start int // offset of the first row in the filtered, ordered list
	Rows  []cypher.Row
}

// Cursor returns the cursor of the i-th row of the page.
func (p CountryPage) Cursor(i int) string { return cypher.EncodeCursor(p.Start + i) }

// Countries runs a compiled countries page.
func (s *Store) Countries(ctx context.Context, st cypher.Statement) (CountryPage, error) {
	if err := s.checkRefs(ctx, st.Refs, st.RefArgs); err != nil {
		return CountryPage{}, err
	}
	recs, err := s.Read(ctx, st.Cypher, st.Params)
	if err != nil {
		return CountryPage{}, err
	}
	if len(recs) != 1 {
		return CountryPage{}, fmt.Errorf("countries page returned %d records", len(recs))
	}
	total, _ := recs[0].Get("total")
	start, _ := recs[0].Get("start")
	page, _ := recs[0].Get("page")
	var p CountryPage
	if p.Total, err = decodeInt(total, "total"); err != nil {
		return CountryPage{}, err
	}
	if p.Start, err = decodeInt(start, "start"); err != nil {
		return CountryPage{}, err
	}
	if p.Rows, err = decodeList[map[string]any](page, "page"); err != nil {
		return CountryPage{}, err
	}
	return p, nil
}

// DataState is what meta reports about the loaded data.
type DataState struct {
	Version string
	// Revision changes with every committed write (see Revision).
	Revision     string
	LoadedAt     string
	Illustrative bool
	// Publication is the latest publication; nil before the first.
	Publication *Publication
	// Release is the loaded release's citation metadata; nil for a release without it.
	Release *ReleaseMeta
}

// ReleaseMeta is what citing the loaded release needs.
type ReleaseMeta struct {
	Released, Citation, Licence, Changelog string
}

// State reads the loaded release and whether illustrative assessments are present.
func (s *Store) State(ctx context.Context) (DataState, error) {
	recs, err := s.Read(ctx, revisionMatch+`
RETURN d.version AS version, toString(d.loaded_at) AS loadedAt, `+revisionColumns+`,
       CASE WHEN d.citation IS NULL THEN null ELSE {released: toString(d.released), citation: d.citation,
         licence: d.licence, changelog: d.changelog} END AS release,
       EXISTS { MATCH (a:Assessment {provenance: 'ILLUSTRATIVE'}) } AS illustrative,
       COLLECT { MATCH (p:Publication) WITH p ORDER BY p.number DESC LIMIT 1 RETURN `+cypher.PublicationProps+` } AS publication`, nil)
	if err != nil {
		return DataState{}, err
	}
	var st DataState
	if len(recs) == 1 {
		if v, _ := recs[0].Get("version"); v != nil {
			if st.Version, err = DecodeAs[string](v, "version"); err != nil {
				return DataState{}, err
			}
		}
		if v, _ := recs[0].Get("loadedAt"); v != nil {
			if st.LoadedAt, err = DecodeAs[string](v, "loadedAt"); err != nil {
				return DataState{}, err
			}
		}
		if v, _ := recs[0].Get("release"); v != nil {
			m, err := DecodeAs[map[string]any](v, "release")
			if err != nil {
				return DataState{}, err
			}
			str := func(k string) string { s, _ := m[k].(string); return s }
			st.Release = &ReleaseMeta{Released: str("released"), Citation: str("citation"), Licence: str("licence"), Changelog: str("changelog")}
		}
		st.Revision = revisionOf(recs[0])
		if v, _ := recs[0].Get("illustrative"); v != nil {
			st.Illustrative, _ = v.(bool)
		}
		if v, _ := recs[0].Get("publication"); v != nil {
			if list, _ := v.([]any); len(list) == 1 {
				p := decodePublication(list[0])
				st.Publication = &p
			}
		}
	}
	return st, nil
}

func sortedStrings(in []string) []string {
	m := map[string]bool{}
	for _, s := range in {
		m[s] = true
	}
	return slices.Sorted(maps.Keys(m))
}

// LearnKeys remembers every key of every kind a request can name (countries, capabilities,
// instruments...), read in one statement, so that requests naming existing keys need no check
// statement at all; a key not in the graph is still checked, and refused. The server calls it at
// start, once the data is loaded.
func (s *Store) LearnKeys(ctx context.Context) (int, error) {
	var cols, kinds []string
	for _, name := range cypher.TypeNames() {
		t, _ := cypher.TypeOf(name)
		if t.KeyName == "" || t.Label == "" {
			continue
		}
		kinds = append(kinds, name)
		cols = append(cols, "COLLECT { MATCH (n:"+t.Label+") RETURN toString(n."+t.Key+") } AS "+name)
	}
	recs, err := s.Read(ctx, "RETURN "+strings.Join(cols, ", "), nil)
	if err != nil || len(recs) != 1 {
		return 0, err
	}
	n := 0
	for _, kind := range kinds {
		v, _ := recs[0].Get(kind)
		keys, _ := v.([]any)
		for _, k := range keys {
			s.knownKeys.Store(kind+"\x00"+fmt.Sprint(k), true)
			n++
		}
	}
	return n, nil
}

// ForgetKeys drops the keys remembered as existing: a data release may remove keys this process
// has seen, so its loader calls this.
func (s *Store) ForgetKeys() { s.knownKeys.Clear() }
