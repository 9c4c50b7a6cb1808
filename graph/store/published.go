package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
)

// Reading publications: public coverage and meta.publication.

// ErrNotPublished is returned to a public caller before the first publication.
func notPublished(number int, given bool) *graph.Error {
	if given {
		return &graph.Error{Code: graph.CodeNotFound, Argument: "publication", Message: fmt.Sprintf("there is no publication %d; meta { publication { number } } gives the latest", number)}
	}
	return &graph.Error{Code: graph.CodeNotPublished, Message: "nothing has been published yet: public aggregates come from a publication, which an ADMIN makes " +
		"(mnrgraph publish, or the publish mutation)"}
}

// PublishedCoverage answers a coverage query from a publication's stored tables: one cell per
// capability and value of the query's facet (the total row when it has none). Shown counts are
// the publication's; hidden ones are null with their range. Rows carry the publication under the
// key "publication" fields ask for, as a Publication.
func (s *Store) PublishedCoverage(ctx context.Context, pq cypher.PublishedQuery) ([]cypher.Row, error) {
	st, by, fields := pq.Statement, pq.By, pq.Fields
	if err := s.checkRefs(ctx, st.Refs, st.RefArgs); err != nil {
		return nil, err
	}
	params := make(map[string]any, len(st.Params)+1)
	maps.Copy(params, st.Params)
	var cached []string
	s.published.Range(func(k, _ any) bool { cached = append(cached, k.(string)); return true })
	params[cypher.CachedParam] = cached
	recs, err := s.Read(ctx, st.Cypher, params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, notPublished(pq.Number, pq.Given)
	}
	row := recs[0].AsMap()
	if row["publication"] == nil {
		return nil, notPublished(pq.Number, pq.Given)
	}
	pub := decodePublication(row["publication"])
	tables, err := s.publishedTables(pub, row["tables"])
	if err != nil {
		return nil, err
	}
	facet, values := "ALL", []string{"ALL"}
	if by != "" {
		facet, values = by, cypher.FacetValues[by]
	}
	caps, _ := row["caps"].([]any)
	var out []cypher.Row
	for _, item := range caps {
		capRow, _ := item.(map[string]any)
		key, _ := capRow["key"].(string)
		ti, ok := tables.index[key]
		if !ok {
			continue // a capability added after this publication
		}
		cells := map[string]publishedCell{}
		for _, c := range tables.Tables[ti].Cells {
			if c.Facet == facet {
				cells[c.Value+"|"+c.Status] = c
			}
		}
		projected, _ := capRow["caps"].(map[string]any)
		for _, value := range values {
			size, known := tables.sizes[[2]string{facet, value}]
			if !known {
				continue // a facet the publication does not table (SURVEY)
			}
			cell := cypher.Row{}
			suppressed := false
			for _, cs := range cypher.CoverageStatuses {
				if cells[value+"|"+cs.Status].Count == nil {
					suppressed = true
				}
			}
			for _, f := range fields {
				switch f.Name {
				case "capability":
					cell[f.Key] = projected[f.Key]
				case "facet", "value":
					if by == "" {
						cell[f.Key] = nil
					} else if f.Name == "facet" {
						cell[f.Key] = by
					} else {
						cell[f.Key] = value
					}
				case "total":
					cell[f.Key] = int64(size)
				case "suppressed":
					cell[f.Key] = suppressed
				case "publication":
					cell[f.Key] = &pub
				}
				for _, cs := range cypher.CoverageStatuses {
					pc := cells[value+"|"+cs.Status]
					switch f.Name {
					case cs.Field:
						if pc.Count == nil {
							cell[f.Key] = nil
						} else {
							cell[f.Key] = int64(*pc.Count)
						}
					case cs.RangeField:
						cell[f.Key] = map[string]any{"min": int64(pc.Min), "max": int64(pc.Max)}
					}
				}
			}
			out = append(out, cell)
		}
	}
	return out, nil
}

// publishedTables returns a publication's decoded tables: from raw, the stored JSON, when the
// statement sent it, else from the cache it was decoded into the first time. Publications are
// never changed and few, so the cache keeps every one this process has read.
func (s *Store) publishedTables(pub Publication, raw any) (*publishedTables, error) {
	key := fmt.Sprintf("%d|%s", pub.Number, pub.PublishedAt)
	if raw == nil {
		if t, ok := s.published.Load(key); ok {
			return t.(*publishedTables), nil
		}
		return nil, fmt.Errorf("publication %d: the statement sent no tables and none are cached", pub.Number)
	}
	text, err := DecodeAs[string](raw, "tables")
	if err != nil {
		return nil, err
	}
	var tables publishedTables
	if err := json.Unmarshal([]byte(text), &tables); err != nil {
		return nil, fmt.Errorf("publication %d: stored tables: %w", pub.Number, err)
	}
	tables.prepare()
	s.published.Store(key, &tables)
	return &tables, nil
}

func decodePublication(v any) Publication {
	m, _ := v.(map[string]any)
	num := func(k string) int { n, _ := m[k].(int64); return int(n) }
	str := func(k string) string { s, _ := m[k].(string); return s }
	ill, _ := m["illustrative"].(bool)
	return Publication{Number: num("number"), PublishedAt: str("publishedAt"), AsOf: str("asOf"), DataVersion: str("dataVersion"),
		Threshold: num("threshold"), Hidden: num("hidden"), Cells: num("cells"), Illustrative: ill}
}

// LatestPublication describes the latest publication; ok is false before the first.
func (s *Store) LatestPublication(ctx context.Context) (Publication, bool, error) {
	recs, err := s.Read(ctx, "OPTIONAL CALL () { MATCH (p:Publication) WITH p ORDER BY p.number DESC LIMIT 1 RETURN p }"+
		" RETURN CASE WHEN p IS NULL THEN null ELSE "+cypher.PublicationProps+" END AS publication", nil)
	if err != nil {
		return Publication{}, false, err
	}
	if len(recs) == 0 || recs[0].Values[0] == nil {
		return Publication{}, false, nil
	}
	return decodePublication(recs[0].Values[0]), true, nil
}
