## search
CALL () { CALL db.index.fulltext.queryNodes($p0, $p1, {limit: $p2}) YIELD node, score RETURN node, score UNION ALL CALL db.index.fulltext.queryNodes($p3, $p4, {limit: $p5}) YIELD node, score RETURN node, score }
WITH node, max(score) AS score
WITH node, score ORDER BY score DESC, CASE WHEN node:Country THEN 'Country:' + node.iso3 WHEN node:CallToAction THEN 'CallToAction:' + toString(node.number) WHEN node:IncomeGroup THEN 'IncomeGroup:' + node.code ELSE labels(node)[0] + ':' + node.key END SKIP $p6 LIMIT $p7
WITH collect({node: node, score: score}) AS page UNWIND range(0, size(page) - 1) AS i
WITH page[i].node AS node, page[i].score AS score, $p8 + i AS position RETURN score, position, [] AS texts, CASE WHEN node:Country THEN {kind: 'Country', row: {`$id`: 'Country:' + toString(node.iso3), `$iso3`: node.iso3, `$iso2`: node.iso2, `$isoNumeric`: node.iso_numeric, `$m49`: node.iso_numeric, `$scope`: node.scope, `$region`: node.region}} WHEN node:Capability THEN {kind: 'Capability', row: {`$id`: 'Capability:' + toString(node.key), `$number`: node.number, `$key`: node.key}} WHEN node:Domain THEN {kind: 'Domain', row: {`$id`: 'Domain:' + toString(node.key), `$number`: node.number, `$key`: node.key}} WHEN node:Instrument THEN {kind: 'Instrument', row: {`$id`: 'Instrument:' + toString(node.key), `$key`: node.key, `$shortName`: node.short_name, `$kind`: node.kind, `$body`: node.body, `$adopted`: toString(node.adopted), `$url`: node.url, `$opened`: toString(node.opened), `$inForce`: toString(node.in_force)}} WHEN node:Finding THEN {kind: 'Finding', row: {`$id`: 'Finding:' + toString(node.key), `$key`: node.key, `$population`: node.population, `$numerator`: node.numerator, `$denominator`: node.denominator}} WHEN node:Challenge THEN {kind: 'Challenge', row: {`$id`: 'Challenge:' + toString(node.key), `$key`: node.key}} WHEN node:Practice THEN {kind: 'Practice', row: {`$id`: 'Practice:' + toString(node.key), `$key`: node.key}} WHEN node:CallToAction THEN {kind: 'CallToAction', row: {`$id`: 'CallToAction:' + toString(node.number), `$number`: node.number}} END AS object
-- params
{
  "p0": "mnr_search_en_v2",
  "p1": "name_en:((lanzarote^3 OR lanzarote* OR lanzarote~2))^3 title_en:((lanzarote^3 OR lanzarote* OR lanzarote~2))^2 short_name:((lanzarote^3 OR lanzarote* OR lanzarote~2))^4 aliases:((lanzarote^3 OR lanzarote* OR lanzarote~2))^4 ((lanzarote^3 OR lanzarote* OR lanzarote~2))",
  "p2": 3,
  "p3": "mnr_search_fr_v2",
  "p4": "name_fr:((lanzarote^3 OR lanzarote* OR lanzarote~2))^3 title_fr:((lanzarote^3 OR lanzarote* OR lanzarote~2))^2 short_name:((lanzarote^3 OR lanzarote* OR lanzarote~2))^4 aliases:((lanzarote^3 OR lanzarote* OR lanzarote~2))^4 ((lanzarote^3 OR lanzarote* OR lanzarote~2))",
  "p5": 3,
  "p6": 0,
  "p7": 3,
  "p8": 0
}

## graph
MATCH (start:Instrument {key: $p3})
CALL (start) { MATCH (start)-[r:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP|MEMBER_OF|EVIDENCES]-(n) WHERE n <> start AND NOT (start:Source OR start:Assessment OR start:DataState OR n:Source OR n:Assessment OR n:DataState) AND (type(r) <> 'IN_INCOME_GROUP' OR r.fy = $p2) AND ($p1 IS NULL OR type(r) IN $p1) AND ($p0 IS NULL OR any(l IN labels(n) WHERE l IN $p0))
WITH n, collect(r) AS rs, CASE WHEN n:Country THEN 'Country:' + n.iso3 WHEN n:CallToAction THEN 'CallToAction:' + toString(n.number) WHEN n:IncomeGroup THEN 'IncomeGroup:' + n.code ELSE labels(n)[0] + ':' + n.key END AS id ORDER BY id LIMIT $p4 RETURN collect({id: id, kind: labels(n)[0], label: coalesce(n.short_name, n.name_en, n.title_en, n.statement_en, n.summary_en, n.code, n.title, n.key), attributes: n {.iso2, .iso3, .iso_numeric, .region, .income_report, .key, .short_name, .kind, .number, .population, .code}}) AS found, collect(rs) AS rss }
WITH start, size(found) >= $p5 AS truncated, found[..($p6 - 1)] AS others, rss, CASE WHEN start:Country THEN 'Country:' + start.iso3 WHEN start:CallToAction THEN 'CallToAction:' + toString(start.number) WHEN start:IncomeGroup THEN 'IncomeGroup:' + start.code ELSE labels(start)[0] + ':' + start.key END AS sid RETURN [{id: sid, kind: labels(start)[0], label: coalesce(start.short_name, start.name_en, start.title_en, start.statement_en, start.summary_en, start.code, start.title, start.key), attributes: start {.iso2, .iso3, .iso_numeric, .region, .income_report, .key, .short_name, .kind, .number, .population, .code}}] + others AS nodes, truncated, reduce(es = [], i IN range(0, size(others) - 1) | es + [r IN rss[i] | {source: CASE WHEN startNode(r) = start THEN sid ELSE others[i].id END, target: CASE WHEN startNode(r) = start THEN others[i].id ELSE sid END, kind: type(r), properties: properties(r)}]) AS edges
-- params
{
  "p0": null,
  "p1": null,
  "p2": 2022,
  "p3": "budapest",
  "p4": 6,
  "p5": 6,
  "p6": 6
}

