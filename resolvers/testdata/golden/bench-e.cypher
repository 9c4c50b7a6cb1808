## graph
MATCH (start:Capability {key: $p3})
CALL (start) { MATCH (start)-[r:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP|MEMBER_OF|EVIDENCES]-(n) WHERE n <> start AND NOT (start:Source OR start:Assessment OR start:DataState OR n:Source OR n:Assessment OR n:DataState) AND (type(r) <> 'IN_INCOME_GROUP' OR r.fy = $p2) AND ($p1 IS NULL OR type(r) IN $p1) AND ($p0 IS NULL OR any(l IN labels(n) WHERE l IN $p0))
WITH n, collect(r) AS rs, CASE WHEN n:Country THEN 'Country:' + n.iso3 WHEN n:CallToAction THEN 'CallToAction:' + toString(n.number) WHEN n:IncomeGroup THEN 'IncomeGroup:' + n.code ELSE labels(n)[0] + ':' + n.key END AS id ORDER BY id LIMIT $p4 RETURN collect({id: id, kind: labels(n)[0], label: coalesce(n.short_name, n.name_en, n.title_en, n.statement_en, n.summary_en, n.code, n.title, n.key), attributes: n {.iso2, .iso3, .iso_numeric, .region, .income_report, .key, .short_name, .kind, .number, .population, .code}}) AS found, collect(rs) AS rss }
WITH start, size(found) >= $p5 AS truncated, found[..($p6 - 1)] AS others, rss, CASE WHEN start:Country THEN 'Country:' + start.iso3 WHEN start:CallToAction THEN 'CallToAction:' + toString(start.number) WHEN start:IncomeGroup THEN 'IncomeGroup:' + start.code ELSE labels(start)[0] + ':' + start.key END AS sid RETURN [{id: sid, kind: labels(start)[0], label: coalesce(start.short_name, start.name_en, start.title_en, start.statement_en, start.summary_en, start.code, start.title, start.key), attributes: start {.iso2, .iso3, .iso_numeric, .region, .income_report, .key, .short_name, .kind, .number, .population, .code}}] + others AS nodes, truncated, reduce(es = [], i IN range(0, size(others) - 1) | es + [r IN rss[i] | {source: CASE WHEN startNode(r) = start THEN sid ELSE others[i].id END, target: CASE WHEN startNode(r) = start THEN others[i].id ELSE sid END, kind: type(r), properties: properties(r)}]) AS edges
-- params
{
  "p0": null,
  "p1": null,
  "p2": 2022,
  "p3": "legislation",
  "p4": 200,
  "p5": 200,
  "p6": 200
}

