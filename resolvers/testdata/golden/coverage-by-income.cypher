## coverage
MATCH (v:Country)
WITH v, head(COLLECT { MATCH (v)-[r:IN_INCOME_GROUP]->(g:IncomeGroup) WHERE r.fy = $p1 RETURN g.code }) AS value
WITH collect({v: v, value: value}) AS countries MATCH (cap:Capability) WHERE cap.key IN $p3
CALL (cap, countries) { UNWIND countries AS cv
WITH cv.v AS v, cv.value AS value
WITH value, coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + cap.key + '|' AND a.key <= v.iso3 + '|' + cap.key + '|' + toString(date($p0))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') AS status RETURN value, count(*) AS total, count(CASE WHEN status = 'IN_PLACE' THEN 1 END) AS inPlace, count(CASE WHEN status = 'PARTIAL' THEN 1 END) AS partial, count(CASE WHEN status = 'ABSENT' THEN 1 END) AS absent, count(CASE WHEN status = 'NOT_ASSESSED' THEN 1 END) AS notAssessed, count(CASE WHEN status = 'NOT_APPLICABLE' THEN 1 END) AS notApplicable }
WITH cap, collect({value: value, total: total, inPlace: inPlace, partial: partial, absent: absent, notAssessed: notAssessed, notApplicable: notApplicable}) AS found
WITH cap, found, $p2 AS vals UNWIND range(0, size(vals) - 1) AS vi
WITH cap, vi, vals[vi] AS value, found
WITH cap, vi, value, head([f IN found WHERE f.value = value OR (value IS NULL AND f.value IS NULL)]) AS f
WITH cap, vi, value, coalesce(f.total, 0) AS total, coalesce(f.inPlace, 0) AS inPlace, coalesce(f.partial, 0) AS partial, coalesce(f.absent, 0) AS absent, coalesce(f.notAssessed, 0) AS notAssessed, coalesce(f.notApplicable, 0) AS notApplicable ORDER BY cap.number, vi
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

