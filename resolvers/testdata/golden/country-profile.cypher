## country
MATCH (v:Country {iso3: $p5})
RETURN {`$id`: 'Country:' + toString(v.iso3), `$iso3`: v.iso3, `$iso2`: v.iso2, `$isoNumeric`: v.iso_numeric, `$m49`: v.iso_numeric, `$scope`: v.scope, `$region`: v.region, `en`: v.name_en, `fr`: coalesce(v.name_fr, v.name_en), `income2022`: v[$p0], `income2026`: v[$p1], `om`: coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + $p3 + '|' AND a.key <= v.iso3 + '|' + $p3 + '|' + toString(date($p2))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED'), `assessments`: COLLECT { MATCH (v2:Capability)
WITH v2 ORDER BY v2.number
WITH v2, head(COLLECT { MATCH (x:Assessment) USING INDEX SEEK x:Assessment(key) WHERE x.key STARTS
WITH v.iso3 + '|' + v2.key + '|' AND x.key <= v.iso3 + '|' + v2.key + '|' + toString(date($p4))
WITH x ORDER BY x.key DESC LIMIT 1 RETURN x }) AS v1 WHERE v1 IS NOT NULL
RETURN {`capability`: {`$id`: 'Capability:' + toString(v2.key), `$number`: v2.number, `$key`: v2.key}, `status`: v1.status, `provenance`: v1.provenance} }, `instruments`: COLLECT { MATCH (v)-[v3:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(v4:Instrument)
WITH v3, v4 ORDER BY v4.ord
RETURN {`status`: coalesce(v3.status, 'NOT_PARTY'), `signed`: toString(v3.signed), `consented`: toString(v3.consented), `instrument`: {`$id`: 'Instrument:' + toString(v4.key), `$key`: v4.key, `$shortName`: v4.short_name, `$kind`: v4.kind, `$body`: v4.body, `$adopted`: toString(v4.adopted), `$url`: v4.url, `$opened`: toString(v4.opened), `$inForce`: toString(v4.in_force)}, `citations`: COLLECT { MATCH (v5:Source) WHERE v5.key IN coalesce(v3.sources, [])
WITH v5 ORDER BY v5.key
RETURN {`source`: {`$id`: 'Source:' + toString(v5.key), `$key`: v5.key, `$title`: v5.title, `$publisher`: v5.publisher, `$published`: toString(v5.published), `$url`: v5.url, `$retrieved`: toString(v5.retrieved)}} }} }, `peers`: COLLECT { MATCH (v6:Country) WHERE v6 <> v AND v6.income_report = v.income_report AND v6.region = v.region
WITH v6 ORDER BY v6.name_en
RETURN {`$id`: 'Country:' + toString(v6.iso3), `$iso3`: v6.iso3, `$iso2`: v6.iso2, `$isoNumeric`: v6.iso_numeric, `$m49`: v6.iso_numeric, `$scope`: v6.scope, `$region`: v6.region, `en`: v6.name_en, `fr`: coalesce(v6.name_fr, v6.name_en)} }} AS row
-- params
{
  "p0": "income_fy2022",
  "p1": "income_fy2026",
  "p2": "2026-01-01",
  "p3": "offender-management",
  "p4": "2022-01-01",
  "p5": "KEN"
}
-- keys checked first
{"Capability":["offender-management"]}

