## countryGroups
MATCH (v:Country) WHERE all(v1 IN $p1 WHERE coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + v1 + '|' AND a.key <= v.iso3 + '|' + v1 + '|' + toString(date($p0))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') = 'ABSENT')
WITH v, CASE $p3 WHEN 1 THEN v.region WHEN 0 THEN v[$p2] ELSE CASE WHEN v[$p2] IS NULL THEN null WHEN v[$p2] = 'HIGH' THEN 'HIGH_INCOME' ELSE 'LMIC' END END AS value ORDER BY v.name_en
WITH value, collect(v) AS members WHERE value IS NOT NULL AND size(members) >= $p7
WITH * ORDER BY [i IN range(0, size($p5) - 1) WHERE $p6[i] = value][0]
RETURN {`facet`: ['INCOME_GROUP', 'REGION', 'POPULATION'][$p4], `value`: value, `count`: size(members), `countries`: COLLECT { UNWIND members AS v2
RETURN {`$id`: 'Country:' + toString(v2.iso3), `$iso3`: v2.iso3, `$iso2`: v2.iso2, `$isoNumeric`: v2.iso_numeric, `$m49`: v2.iso_numeric, `$scope`: v2.scope, `$region`: v2.region, `name`: v2.name_en} }} AS row
-- params
{
  "p0": "2026-01-01",
  "p1": [
    "offender-management"
  ],
  "p2": "income_fy2022",
  "p3": 0,
  "p4": 0,
  "p5": [
    "HIGH",
    "UPPER_MIDDLE",
    "LOWER_MIDDLE",
    "LOW"
  ],
  "p6": [
    "HIGH",
    "UPPER_MIDDLE",
    "LOWER_MIDDLE",
    "LOW"
  ],
  "p7": 2
}
-- keys checked first
{"Capability":["offender-management"]}

