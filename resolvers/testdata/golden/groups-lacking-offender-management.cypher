## countryGroups
MATCH (v:Country) WHERE coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + $p1 + '|' AND a.key <= v.iso3 + '|' + $p1 + '|' + toString(date($p0))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') = 'ABSENT'
WITH v, v[$p2] AS value ORDER BY v.name_en
WITH value, collect(v) AS members WHERE value IS NOT NULL AND size(members) >= $p6
WITH * ORDER BY [i IN range(0, size($p4) - 1) WHERE $p5[i] = value][0]
RETURN {`facet`: $p3, `value`: value, `count`: size(members), `countries`: COLLECT { UNWIND members AS v1
RETURN {`iso3`: v1.iso3, `name`: v1.name_en} }} AS row
-- params
{
  "p0": "2026-01-01",
  "p1": "offender-management",
  "p2": "income_fy2022",
  "p3": "INCOME_GROUP",
  "p4": [
    "HIGH",
    "UPPER_MIDDLE",
    "LOWER_MIDDLE",
    "LOW"
  ],
  "p5": [
    "HIGH",
    "UPPER_MIDDLE",
    "LOWER_MIDDLE",
    "LOW"
  ],
  "p6": 2
}
-- keys checked first
{"Capability":["offender-management"]}

