## search
CALL db.index.fulltext.queryNodes($p0, $p1, {limit: $p2}) YIELD node, score RETURN score, [] AS texts, CASE WHEN node:Country THEN {kind: 'Country', row: {`id`: 'Country:' + toString(node.iso3)}} WHEN node:Capability THEN {kind: 'Capability', row: {`id`: 'Capability:' + toString(node.key)}} WHEN node:Domain THEN {kind: 'Domain', row: {`id`: 'Domain:' + toString(node.key)}} WHEN node:Instrument THEN {kind: 'Instrument', row: {`key`: node.key, `id`: 'Instrument:' + toString(node.key)}} WHEN node:Finding THEN {kind: 'Finding', row: {`id`: 'Finding:' + toString(node.key)}} WHEN node:Challenge THEN {kind: 'Challenge', row: {`id`: 'Challenge:' + toString(node.key)}} WHEN node:Practice THEN {kind: 'Practice', row: {`key`: node.key, `id`: 'Practice:' + toString(node.key)}} WHEN node:CallToAction THEN {kind: 'CallToAction', row: {`id`: 'CallToAction:' + toString(node.number)}} END AS object ORDER BY score DESC
-- params
{
  "p0": "mnr_search_v1",
  "p1": "short_name:(lanzarote)^4 name_en:(lanzarote)^3 name_fr:(lanzarote)^3 title_en:(lanzarote)^2 title_fr:(lanzarote)^2 (lanzarote)",
  "p2": 3
}

## graph
MATCH (start:Instrument {key: $p0})
CALL (start) { MATCH p = (start)-[:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP*1..1]-(n) WHERE n <> start AND none(y IN nodes(p) WHERE y:Source OR y:Assessment OR y:DataState) AND all(r IN relationships(p) WHERE type(r) <> 'IN_INCOME_GROUP' OR r.fy = $p1)
WITH n, min(length(p)) AS dist RETURN n ORDER BY dist, CASE WHEN n:Country THEN 'Country:' + n.iso3 WHEN n:CallToAction THEN 'CallToAction:' + toString(n.number) WHEN n:IncomeGroup THEN 'IncomeGroup:' + n.code ELSE labels(n)[0] + ':' + n.key END LIMIT $p2 }
WITH start, collect(n) AS others
WITH [start] + others AS ns RETURN [x IN ns | {id: CASE WHEN x:Country THEN 'Country:' + x.iso3 WHEN x:CallToAction THEN 'CallToAction:' + toString(x.number) WHEN x:IncomeGroup THEN 'IncomeGroup:' + x.code ELSE labels(x)[0] + ':' + x.key END, kind: labels(x)[0], label: coalesce(x.short_name, x.name_en, x.title_en, x.statement_en, x.summary_en, x.code, x.title, x.key)}] AS nodes, COLLECT { UNWIND ns AS a MATCH (a)-[r:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP]->(b) WHERE b IN ns AND (type(r) <> 'IN_INCOME_GROUP' OR r.fy = $p3)
WITH CASE WHEN a:Country THEN 'Country:' + a.iso3 WHEN a:CallToAction THEN 'CallToAction:' + toString(a.number) WHEN a:IncomeGroup THEN 'IncomeGroup:' + a.code ELSE labels(a)[0] + ':' + a.key END AS source, CASE WHEN b:Country THEN 'Country:' + b.iso3 WHEN b:CallToAction THEN 'CallToAction:' + toString(b.number) WHEN b:IncomeGroup THEN 'IncomeGroup:' + b.code ELSE labels(b)[0] + ':' + b.key END AS target, r ORDER BY source, type(r), target
RETURN {source: source, target: target, kind: type(r), properties: properties(r)} } AS edges
-- params
{
  "p0": "budapest",
  "p1": 2022,
  "p2": 5,
  "p3": 2022
}

