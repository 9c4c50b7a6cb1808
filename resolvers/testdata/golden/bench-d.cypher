## search
CALL () { CALL db.index.fulltext.queryNodes($p0, $p1, {limit: $p2}) YIELD node, score RETURN node, score UNION ALL CALL db.index.fulltext.queryNodes($p3, $p4, {limit: $p5}) YIELD node, score RETURN node, score }
WITH node, max(score) AS score
WITH node, score ORDER BY score DESC, CASE WHEN node:Country THEN 'Country:' + node.iso3 WHEN node:CallToAction THEN 'CallToAction:' + toString(node.number) WHEN node:IncomeGroup THEN 'IncomeGroup:' + node.code ELSE labels(node)[0] + ':' + node.key END SKIP $p6 LIMIT $p7
WITH collect({node: node, score: score}) AS page UNWIND range(0, size(page) - 1) AS i
WITH page[i].node AS node, page[i].score AS score, $p8 + i AS position RETURN score, position, [] AS texts, CASE WHEN node:Country THEN {kind: 'Country', row: {`$id`: 'Country:' + toString(node.iso3), `$iso3`: node.iso3, `$iso2`: node.iso2, `$isoNumeric`: node.iso_numeric, `$m49`: node.iso_numeric, `$scope`: node.scope, `$region`: node.region, `name`: node.name_en}} WHEN node:Capability THEN {kind: 'Capability', row: {`$id`: 'Capability:' + toString(node.key), `$number`: node.number, `$key`: node.key, `name`: node.name_en}} WHEN node:Domain THEN {kind: 'Domain', row: {`$id`: 'Domain:' + toString(node.key), `$number`: node.number, `$key`: node.key, `name`: node.name_en}} WHEN node:Instrument THEN {kind: 'Instrument', row: {`$id`: 'Instrument:' + toString(node.key), `$key`: node.key, `$shortName`: node.short_name, `$kind`: node.kind, `$body`: node.body, `$adopted`: toString(node.adopted), `$url`: node.url, `$opened`: toString(node.opened), `$inForce`: toString(node.in_force)}} WHEN node:Finding THEN {kind: 'Finding', row: {`$id`: 'Finding:' + toString(node.key), `$key`: node.key, `$population`: node.population, `$numerator`: node.numerator, `$denominator`: node.denominator}} WHEN node:Challenge THEN {kind: 'Challenge', row: {`$id`: 'Challenge:' + toString(node.key), `$key`: node.key}} WHEN node:Practice THEN {kind: 'Practice', row: {`$id`: 'Practice:' + toString(node.key), `$key`: node.key, `title`: node.title_en}} WHEN node:CallToAction THEN {kind: 'CallToAction', row: {`$id`: 'CallToAction:' + toString(node.number), `$number`: node.number, `title`: node.title_en}} END AS object
-- params
{
  "p0": "mnr_search_en_v2",
  "p1": "name_en:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^3 title_en:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^2 short_name:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^4 aliases:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^4 ((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))",
  "p2": 10,
  "p3": "mnr_search_fr_v2",
  "p4": "name_fr:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^3 title_fr:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^2 short_name:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^4 aliases:((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))^4 ((child^3 OR child~1) (helpline^3 OR helpline* OR helpline~2))",
  "p5": 10,
  "p6": 0,
  "p7": 10,
  "p8": 0
}

