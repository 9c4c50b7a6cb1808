## country
MATCH (v:Country {iso3: $p3})
RETURN {`$id`: 'Country:' + toString(v.iso3), `$iso3`: v.iso3, `$iso2`: v.iso2, `$isoNumeric`: v.iso_numeric, `$m49`: v.iso_numeric, `$scope`: v.scope, `$region`: v.region, `name`: v.name_en, `incomeGroup`: v[$p0], `assessments`: COLLECT { MATCH (v2:Capability)
WITH v2 ORDER BY v2.number
WITH v2, head(COLLECT { MATCH (x:Assessment) USING INDEX SEEK x:Assessment(key) WHERE x.key STARTS
WITH v.iso3 + '|' + v2.key + '|' AND x.key <= v.iso3 + '|' + v2.key + '|' + toString(date($p1))
WITH x ORDER BY x.key DESC LIMIT 1 RETURN x }) AS v1 WHERE v1 IS NOT NULL
RETURN {`capability`: {`$id`: 'Capability:' + toString(v2.key), `$number`: v2.number, `$key`: v2.key}, `status`: v1.status, `asOf`: toString(v1.as_of), `provenance`: v1.provenance} }, `instruments`: COLLECT { MATCH (v)-[v3:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(v4:Instrument) WHERE v3.status IN $p2
WITH v3, v4 ORDER BY v4.ord
RETURN {`instrument`: {`$id`: 'Instrument:' + toString(v4.key), `$key`: v4.key, `$shortName`: v4.short_name, `$kind`: v4.kind, `$body`: v4.body, `$adopted`: toString(v4.adopted), `$url`: v4.url, `$opened`: toString(v4.opened), `$inForce`: toString(v4.in_force)}, `status`: coalesce(v3.status, 'NOT_PARTY'), `consented`: toString(v3.consented)} }, `peers`: COLLECT { MATCH (v5:Country) WHERE v5 <> v AND v5.income_report = v.income_report AND v5.region = v.region
WITH v5 ORDER BY v5.name_en
RETURN {`$id`: 'Country:' + toString(v5.iso3), `$iso3`: v5.iso3, `$iso2`: v5.iso2, `$isoNumeric`: v5.iso_numeric, `$m49`: v5.iso_numeric, `$scope`: v5.scope, `$region`: v5.region, `name`: v5.name_en} }} AS row
-- params
{
  "p0": "income_fy2022",
  "p1": "2026-01-01",
  "p2": [
    "SIGNED",
    "RATIFIED",
    "ACCEDED",
    "SUCCEEDED"
  ],
  "p3": "KEN"
}

