## country
MATCH (v:Country {iso3: $p5})
RETURN {`en`: v.name_en, `fr`: coalesce(v.name_fr, v.name_en), `iso3`: v.iso3, `income2022`: head(COLLECT { MATCH (v)-[v2:IN_INCOME_GROUP]->(v1:IncomeGroup) WHERE v2.fy = $p0 RETURN v1.code }), `income2026`: head(COLLECT { MATCH (v)-[v4:IN_INCOME_GROUP]->(v3:IncomeGroup) WHERE v4.fy = $p1 RETURN v3.code }), `om`: coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + $p3 + '|' AND a.key <= v.iso3 + '|' + $p3 + '|' + toString(date($p2))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED'), `assessments`: COLLECT { MATCH (v6:Capability)
WITH v6 ORDER BY v6.number
WITH v6, head(COLLECT { MATCH (x:Assessment) USING INDEX SEEK x:Assessment(key) WHERE x.key STARTS
WITH v.iso3 + '|' + v6.key + '|' AND x.key <= v.iso3 + '|' + v6.key + '|' + toString(date($p4))
WITH x ORDER BY x.key DESC LIMIT 1 RETURN x }) AS v5 WHERE v5 IS NOT NULL
RETURN {`capability`: {`key`: v6.key}, `status`: v5.status, `provenance`: v5.provenance} }, `instruments`: COLLECT { MATCH (v)-[v7:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(v8:Instrument)
WITH v7, v8 ORDER BY v8.ord
RETURN {`status`: coalesce(v7.status, 'NOT_PARTY'), `signed`: toString(v7.signed), `consented`: toString(v7.consented), `instrument`: {`key`: v8.key, `shortName`: v8.short_name}, `citations`: COLLECT { MATCH (v9:Source) WHERE v9.key IN coalesce(v7.sources, [])
WITH v9 ORDER BY v9.key
RETURN {`source`: {`key`: v9.key}} }} }, `peers`: COLLECT { MATCH (v10:Country) WHERE v10 <> v AND v10.income_report = v.income_report AND v10.region = v.region
WITH v10 ORDER BY v10.name_en
RETURN {`iso3`: v10.iso3, `en`: v10.name_en, `fr`: coalesce(v10.name_fr, v10.name_en)} }} AS row
-- params
{
  "p0": 2022,
  "p1": 2026,
  "p2": "2026-01-01",
  "p3": "offender-management",
  "p4": "2022-01-01",
  "p5": "KEN"
}
-- keys checked first
{"Capability":["offender-management"]}

