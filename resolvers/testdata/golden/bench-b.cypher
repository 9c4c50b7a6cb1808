## countries
MATCH (v:Country) WHERE v[$p0] IN $p1 AND all(v1 IN $p3 WHERE coalesce(head(COLLECT { MATCH (a:Assessment) USING INDEX SEEK a:Assessment(key) WHERE a.key STARTS
WITH v.iso3 + '|' + v1 + '|' AND a.key <= v.iso3 + '|' + v1 + '|' + toString(date($p2))
WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED') = 'ABSENT') AND all(v2 IN $p4 WHERE (CASE v['party_' + v2] WHEN 'party' THEN true WHEN 'unknown' THEN null ELSE false END))
WITH v ORDER BY v.name_en ASC, v.iso3
WITH collect(v) AS matched
WITH matched, size(matched) AS n, CASE WHEN $p5.after IS NULL THEN 0 ELSE $p5.after + 1 END AS s0
WITH matched, n, s0, CASE WHEN $p5.before IS NULL OR $p5.before > n THEN n ELSE $p5.before END AS e0
WITH matched, n, s0, CASE WHEN $p5.first IS NULL OR s0 + $p5.first > e0 THEN e0 ELSE s0 + $p5.first END AS e1
WITH matched, n, e1, CASE WHEN $p5.last IS NULL OR e1 - $p5.last < s0 THEN s0 ELSE e1 - $p5.last END AS s1
CALL (matched, s1, e1) { UNWIND matched[s1..e1] AS v RETURN collect({`$id`: 'Country:' + toString(v.iso3), `$iso3`: v.iso3, `$iso2`: v.iso2, `$isoNumeric`: v.iso_numeric, `$m49`: v.iso_numeric, `$scope`: v.scope, `$region`: v.region, `name`: v.name_en}) AS page } RETURN n AS total, s1 AS start, page
-- params
{
  "p0": "income_fy2022",
  "p1": [
    "LOW",
    "LOWER_MIDDLE",
    "UPPER_MIDDLE"
  ],
  "p2": "2026-01-01",
  "p3": [
    "offender-management"
  ],
  "p4": [
    "opsc"
  ],
  "p5": {
    "after": null,
    "before": null,
    "first": 10,
    "last": null
  }
}
-- keys checked first
{"Capability":["offender-management"],"Instrument":["opsc"]}

