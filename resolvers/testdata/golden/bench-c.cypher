## coverage
MATCH (v:Country)
WITH v, CASE $p2 WHEN 1 THEN v.region WHEN 0 THEN v[$p1] ELSE CASE WHEN v[$p1] IS NULL THEN null WHEN v[$p1] = 'HIGH' THEN 'HIGH_INCOME' ELSE 'LMIC' END END AS value
WITH value, collect(v) AS members
CALL (members) { UNWIND members AS v
CALL (v) { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|'
WITH a, a.key AS k WHERE right(k, 10) <= toString(date($p0))
WITH a, k ORDER BY k DESC
WITH substring(k, size(v.iso3) + 1, size(k) - size(v.iso3) - 12) AS capKey, head(collect(a)) AS a RETURN capKey, a.status AS status }
WITH capKey, status, count(*) AS n RETURN collect({cap: capKey, status: status, n: n}) AS recorded }
WITH collect({value: value, size: size(members), recorded: recorded}) AS groups MATCH (cap:Capability)
WITH cap, groups, $p3 AS vals UNWIND range(0, size(vals) - 1) AS vi
WITH cap, vi, vals[vi] AS value, groups
WITH cap, vi, value, head([g IN groups WHERE g.value = value OR (value IS NULL AND g.value IS NULL)]) AS g
WITH cap, vi, value, coalesce(g.size, 0) AS total, [r IN coalesce(g.recorded, []) WHERE r.cap = cap.key] AS rs
WITH cap, vi, value, total, reduce(n = 0, r IN rs | n + CASE r.status WHEN 'IN_PLACE' THEN r.n ELSE 0 END) AS inPlace, reduce(n = 0, r IN rs | n + CASE r.status WHEN 'PARTIAL' THEN r.n ELSE 0 END) AS partial, reduce(n = 0, r IN rs | n + CASE r.status WHEN 'ABSENT' THEN r.n ELSE 0 END) AS absent, reduce(n = 0, r IN rs | n + CASE r.status WHEN 'NOT_APPLICABLE' THEN r.n ELSE 0 END) AS notApplicable
WITH cap, vi, value, total, inPlace, partial, absent, notApplicable, total - inPlace - partial - absent - notApplicable AS notAssessed ORDER BY cap.number, vi
RETURN {`capability`: {`$id`: 'Capability:' + toString(cap.key), `$number`: cap.number, `$key`: cap.key}, `value`: value, `total`: total, `inPlace`: inPlace, `partial`: partial, `absent`: absent, `notAssessed`: notAssessed} AS row
-- params
{
  "p0": "2026-01-01",
  "p1": "income_fy2022",
  "p2": 0,
  "p3": [
    "HIGH",
    "UPPER_MIDDLE",
    "LOWER_MIDDLE",
    "LOW"
  ]
}

