## search
CALL db.index.fulltext.queryNodes($p0, $p1, {limit: $p2}) YIELD node, score RETURN score, [] AS texts, CASE WHEN node:Country THEN {kind: 'Country', row: {`iso3`: node.iso3, `name`: node.name_en}} WHEN node:Capability THEN {kind: 'Capability', row: {`key`: node.key, `name`: node.name_en}} WHEN node:Domain THEN {kind: 'Domain', row: {`key`: node.key, `name`: node.name_en}} WHEN node:Instrument THEN {kind: 'Instrument', row: {`key`: node.key, `shortName`: node.short_name}} WHEN node:Finding THEN {kind: 'Finding', row: {`key`: node.key}} WHEN node:Challenge THEN {kind: 'Challenge', row: {`key`: node.key}} WHEN node:Practice THEN {kind: 'Practice', row: {`key`: node.key, `title`: node.title_en}} WHEN node:CallToAction THEN {kind: 'CallToAction', row: {`number`: node.number, `title`: node.title_en}} END AS object ORDER BY score DESC
-- params
{
  "p0": "mnr_search_v1",
  "p1": "short_name:(child helpline)^4 name_en:(child helpline)^3 name_fr:(child helpline)^3 title_en:(child helpline)^2 title_fr:(child helpline)^2 (child helpline)",
  "p2": 10
}

