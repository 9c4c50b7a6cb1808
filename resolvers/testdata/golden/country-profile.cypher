## country
MATCH (v:Country {iso3: $p6})
RETURN {`en`: v.name_en, `fr`: coalesce(v.name_fr, v.name_en), `iso3`: v.iso3, `income2022`: head(COLLECT { MATCH (v)-[v2:IN_INCOME_GROUP]->(v1:IncomeGroup) WHERE v2.fy = $p0 RETURN v1.code }), `income2026`: head(COLLECT { MATCH (v)-[v4:IN_INCOME_GROUP]->(v3:IncomeGroup) WHERE v4.fy = $p1 RETURN v3.code }), `om`: coalesce(head(COLLECT { MATCH (a:Assessment) WHERE a.key STARTS
WITH v.iso3 + '|' + $p3 + '|' AND a.key <= v.iso3 + '|' + $p3 + '|' + toString(date($p2))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED'), `assessments`: COLLECT { MATCH (v6:Capability)
WITH v6 ORDER BY v6.number
WITH v6, head(COLLECT { MATCH (x:Assessment) WHERE x.key STARTS
WITH v.iso3 + '|' + v6.key + '|' AND x.key <= v.iso3 + '|' + v6.key + '|' + toString(date($p4))
WITH x ORDER BY x.key DESC LIMIT 1 RETURN x }) AS v5 WHERE v5 IS NOT NULL
RETURN {`capability`: head(COLLECT { MATCH (v5)-[:OF]->(v7:Capability)
RETURN {`key`: v7.key} }), `status`: v5.status, `provenance`: v5.provenance} }, `instruments`: COLLECT { MATCH (v)-[v8:PARTY_TO]->(v9:Instrument)
WITH v8, v9 ORDER BY v9.ord
RETURN {`status`: coalesce(v8.status, 'NOT_PARTY'), `signed`: toString(v8.signed), `consented`: toString(v8.consented), `instrument`: {`key`: v9.key, `shortName`: v9.short_name}, `citations`: COLLECT { MATCH (v10:Source) WHERE v10.key IN coalesce(v8.sources, [])
WITH v10 ORDER BY v10.key
RETURN {`source`: {`key`: v10.key}} }} }, `peers`: COLLECT { MATCH (v11:Country) WHERE v11 <> v AND EXISTS { MATCH (v)-[:IN_INCOME_GROUP {fy: $p5}]->(:IncomeGroup)<-[:IN_INCOME_GROUP {fy: $p5}]-(v11) } AND v11.region = v.region
WITH v11 ORDER BY v11.name_en
RETURN {`iso3`: v11.iso3, `en`: v11.name_en, `fr`: coalesce(v11.name_fr, v11.name_en)} }} AS row
-- params
{
  "p0": 2022,
  "p1": 2026,
  "p2": "2026-01-01",
  "p3": "offender-management",
  "p4": "2022-01-01",
  "p5": 2022,
  "p6": "KEN"
}
-- keys checked first
{"Capability":["offender-management"]}

