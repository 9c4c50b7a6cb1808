## countries
MATCH (v:Country) WHERE NOT (v.region IN $p0) AND all(v1 IN $p2 WHERE coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + v1 + '|' AND a.key <= v.iso3 + '|' + v1 + '|' + toString(date($p1))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') = 'ABSENT') AND all(v2 IN $p3 WHERE (CASE v['party_' + v2] WHEN 'party' THEN true WHEN 'unknown' THEN null ELSE false END)) AND all(v3 IN $p4 WHERE NOT (CASE v['party_' + v3] WHEN 'party' THEN true WHEN 'unknown' THEN null ELSE false END))
WITH v ORDER BY $p5[v[$p6]] DESC, v.name_en ASC, v.iso3
WITH collect(v) AS matched
WITH matched, size(matched) AS n, CASE WHEN $p8.after IS NULL THEN 0 ELSE $p8.after + 1 END AS s0
WITH matched, n, s0, CASE WHEN $p8.before IS NULL OR $p8.before > n THEN n ELSE $p8.before END AS e0
WITH matched, n, s0, CASE WHEN $p8.first IS NULL OR s0 + $p8.first > e0 THEN e0 ELSE s0 + $p8.first END AS e1
WITH matched, n, e1, CASE WHEN $p8.last IS NULL OR e1 - $p8.last < s0 THEN s0 ELSE e1 - $p8.last END AS s1
CALL (matched, s1, e1) { UNWIND matched[s1..e1] AS v RETURN collect({`$id`: 'Country:' + toString(v.iso3), `$iso3`: v.iso3, `$iso2`: v.iso2, `$isoNumeric`: v.iso_numeric, `$m49`: v.iso_numeric, `$scope`: v.scope, `$region`: v.region, `incomeGroup`: v[$p7]}) AS page } RETURN n AS total, s1 AS start, page
-- params
{
  "p0": [
    "SOUTH_ASIA"
  ],
  "p1": "2026-01-01",
  "p2": [
    "offender-management"
  ],
  "p3": [
    "opsc"
  ],
  "p4": [
    "lanzarote"
  ],
  "p5": {
    "HIGH": 4,
    "LOW": 1,
    "LOWER_MIDDLE": 2,
    "UPPER_MIDDLE": 3
  },
  "p6": "income_fy2022",
  "p7": "income_fy2022",
  "p8": {
    "after": null,
    "before": null,
    "first": 5,
    "last": null
  }
}
-- keys checked first
{"Capability":["offender-management"],"Instrument":["lanzarote","opsc"]}

