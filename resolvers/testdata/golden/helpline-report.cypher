## capability
MATCH (v:Capability {key: $p2})
RETURN {`number`: v.number, `name`: v.name_en, `summary`: v.summary_en, `domain`: head(COLLECT { MATCH (v)-[:IN_DOMAIN]->(v1:Domain)
RETURN {`key`: v1.key, `name`: coalesce(v1.name_fr, v1.name_en)} }), `findings`: COLLECT { MATCH (v)<-[:ABOUT]-(v2:Finding)
WITH v2 ORDER BY v2.ord
RETURN {`key`: v2.key, `statement`: coalesce(v2.statement_fr, v2.statement_en), `numerator`: v2.numerator, `denominator`: v2.denominator, `population`: v2.population, `citations`: COLLECT { MATCH (v2)-[v4:CITES]->(v3:Source)
WITH v3, v4 ORDER BY v3.key
RETURN {`locator`: v4.locator, `source`: {`key`: v3.key}} }} }, `challenges`: COLLECT { MATCH (v)<-[:AFFECTS]-(v5:Challenge)
WITH v5 ORDER BY v5.ord
RETURN {`key`: v5.key, `summary`: v5.summary_en} }, `practices`: COLLECT { MATCH (v)<-[:IMPLEMENTS]-(v6:Practice)
WITH v6 ORDER BY v6.ord
RETURN {`key`: v6.key, `title`: v6.title_en, `citations`: COLLECT { MATCH (v6)-[v8:CITES]->(v7:Source)
WITH v7, v8 ORDER BY v7.key
RETURN {`quote`: v8.quote} }} }, `instruments`: COLLECT { MATCH (v)-[:RESTS_ON]->(v9:Instrument)
WITH v9 ORDER BY v9.ord
RETURN {`key`: v9.key} }, `countries`: COLLECT { MATCH (v10:Country) WHERE coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v10.iso3 + '|' + v.key + '|' AND a.key <= v10.iso3 + '|' + v.key + '|' + toString(date($p0))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') IN $p1
WITH v10 ORDER BY v10.name_en
RETURN {`iso3`: v10.iso3} }} AS row
-- params
{
  "p0": "2026-01-01",
  "p1": [
    "ABSENT"
  ],
  "p2": "child-helpline"
}

