## coverage
MATCH (cap:Capability) WHERE cap.key IN $p3
WITH cap, $p2 AS vals UNWIND range(0, size(vals) - 1) AS vi
WITH cap, vi, vals[vi] AS value
CALL (cap, value) { MATCH (v:Country) WHERE head(COLLECT { MATCH (v)-[r:IN_INCOME_GROUP]->(g:IncomeGroup) WHERE r.fy = $p1 RETURN g.code }) = value
WITH coalesce(head(COLLECT { MATCH (v)-[:ASSESSED]->(a:Assessment)-[:OF]->(cap) WHERE a.as_of <= date($p0)
WITH a ORDER BY a.as_of DESC, a.recorded_at DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') AS status RETURN count(*) AS total, count(CASE WHEN status = 'IN_PLACE' THEN 1 END) AS inPlace, count(CASE WHEN status = 'PARTIAL' THEN 1 END) AS partial, count(CASE WHEN status = 'ABSENT' THEN 1 END) AS absent, count(CASE WHEN status = 'NOT_ASSESSED' THEN 1 END) AS notAssessed }
WITH * ORDER BY cap.number, vi
RETURN {`capability`: {`key`: cap.key, `name`: coalesce(cap.name_fr, cap.name_en)}, `facet`: $p4, `value`: value, `total`: total, `inPlace`: inPlace, `partial`: partial, `absent`: absent, `notAssessed`: notAssessed, `suppressed`: false} AS row
-- params
{
  "p0": "2026-01-01",
  "p1": 2022,
  "p2": [
    "HIGH",
    "UPPER_MIDDLE",
    "LOWER_MIDDLE",
    "LOW"
  ],
  "p3": [
    "offender-management",
    "child-helpline"
  ],
  "p4": "INCOME_GROUP"
}
-- keys checked first
{"Capability":["child-helpline","offender-management"]}

