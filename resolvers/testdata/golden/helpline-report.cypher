## capability
MATCH (v:Capability {key: $p2})
RETURN {`$id`: 'Capability:' + toString(v.key), `$number`: v.number, `$key`: v.key, `name`: v.name_en, `summary`: v.summary_en, `domain`: head(COLLECT { MATCH (v)-[:IN_DOMAIN]->(v1:Domain)
RETURN {`$id`: 'Domain:' + toString(v1.key), `$number`: v1.number, `$key`: v1.key, `name`: coalesce(v1.name_fr, v1.name_en)} }), `findings`: COLLECT { MATCH (v)<-[:ABOUT]-(v2:Finding)
WITH v2 ORDER BY v2.ord
RETURN {`$id`: 'Finding:' + toString(v2.key), `$key`: v2.key, `$population`: v2.population, `$numerator`: v2.numerator, `$denominator`: v2.denominator, `statement`: coalesce(v2.statement_fr, v2.statement_en), `citations`: COLLECT { MATCH (v2)-[v4:CITES]->(v3:Source)
WITH v3, v4 ORDER BY v3.key
RETURN {`locator`: v4.locator, `source`: {`$id`: 'Source:' + toString(v3.key), `$key`: v3.key, `$title`: v3.title, `$publisher`: v3.publisher, `$published`: toString(v3.published), `$url`: v3.url, `$retrieved`: toString(v3.retrieved)}} }} }, `challenges`: COLLECT { MATCH (v)<-[:AFFECTS]-(v5:Challenge)
WITH v5 ORDER BY v5.ord
RETURN {`$id`: 'Challenge:' + toString(v5.key), `$key`: v5.key, `summary`: v5.summary_en} }, `practices`: COLLECT { MATCH (v)<-[:IMPLEMENTS]-(v6:Practice)
WITH v6 ORDER BY v6.ord
RETURN {`$id`: 'Practice:' + toString(v6.key), `$key`: v6.key, `title`: v6.title_en, `citations`: COLLECT { MATCH (v6)-[v8:CITES]->(v7:Source)
WITH v7, v8 ORDER BY v7.key
RETURN {`quote`: v8.quote} }} }, `instruments`: COLLECT { MATCH (v)-[:RESTS_ON]->(v9:Instrument)
WITH v9 ORDER BY v9.ord
RETURN {`$id`: 'Instrument:' + toString(v9.key), `$key`: v9.key, `$shortName`: v9.short_name, `$kind`: v9.kind, `$body`: v9.body, `$adopted`: toString(v9.adopted), `$url`: v9.url, `$opened`: toString(v9.opened), `$inForce`: toString(v9.in_force)} }, `countries`: COLLECT { MATCH (v10:Country) WHERE coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v10.iso3 + '|' + v.key + '|' AND a.key <= v10.iso3 + '|' + v.key + '|' + toString(date($p0))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') IN $p1
WITH v10 ORDER BY v10.name_en
RETURN {`$id`: 'Country:' + toString(v10.iso3), `$iso3`: v10.iso3, `$iso2`: v10.iso2, `$isoNumeric`: v10.iso_numeric, `$m49`: v10.iso_numeric, `$scope`: v10.scope, `$region`: v10.region} }} AS row
-- params
{
  "p0": "2026-01-01",
  "p1": [
    "ABSENT"
  ],
  "p2": "child-helpline"
}

