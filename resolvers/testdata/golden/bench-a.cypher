## country
MATCH (v:Country {iso3: $p3})
RETURN {`iso3`: v.iso3, `name`: v.name_en, `region`: v.region, `incomeGroup`: head(COLLECT { MATCH (v)-[v2:IN_INCOME_GROUP]->(v1:IncomeGroup) WHERE v2.fy = $p0 RETURN v1.code }), `assessments`: COLLECT { MATCH (v4:Capability)
WITH v4 ORDER BY v4.number
WITH v4, head(COLLECT { MATCH (x:Assessment) USING INDEX SEEK x:Assessment(key) WHERE x.key STARTS
WITH v.iso3 + '|' + v4.key + '|' AND x.key <= v.iso3 + '|' + v4.key + '|' + toString(date($p1))
WITH x ORDER BY x.key DESC LIMIT 1 RETURN x }) AS v3 WHERE v3 IS NOT NULL
RETURN {`capability`: {`key`: v4.key}, `status`: v3.status, `asOf`: toString(v3.as_of), `provenance`: v3.provenance} }, `instruments`: COLLECT { MATCH (v)-[v5:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(v6:Instrument) WHERE v5.status IN $p2
WITH v5, v6 ORDER BY v6.ord
RETURN {`instrument`: {`key`: v6.key}, `status`: coalesce(v5.status, 'NOT_PARTY'), `consented`: toString(v5.consented)} }, `peers`: COLLECT { MATCH (v7:Country) WHERE v7 <> v AND v7.income_report = v.income_report AND v7.region = v.region
WITH v7 ORDER BY v7.name_en
RETURN {`iso3`: v7.iso3, `name`: v7.name_en} }} AS row
-- params
{
  "p0": 2022,
  "p1": "2026-01-01",
  "p2": [
    "SIGNED",
    "RATIFIED",
    "ACCEDED",
    "SUCCEEDED"
  ],
  "p3": "KEN"
}

