## node
MATCH (v:Instrument {key: $p1})
RETURN {`$id`: 'Instrument:' + toString(v.key), `$key`: v.key, `$shortName`: v.short_name, `$kind`: v.kind, `$body`: v.body, `$adopted`: toString(v.adopted), `$url`: v.url, `$opened`: toString(v.opened), `$inForce`: toString(v.in_force), `name`: coalesce(v.name_fr, v.name_en), `parties`: COLLECT { MATCH (v1:Country)-[v2:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(v) WHERE v2.status IN $p0
WITH v1, v2 ORDER BY v1.name_en
RETURN {`country`: {`$id`: 'Country:' + toString(v1.iso3), `$iso3`: v1.iso3, `$iso2`: v1.iso2, `$isoNumeric`: v1.iso_numeric, `$m49`: v1.iso_numeric, `$scope`: v1.scope, `$region`: v1.region}} }} AS row
-- params
{
  "p0": [
    "RATIFIED",
    "ACCEDED",
    "SUCCEEDED"
  ],
  "p1": "lanzarote"
}

## domains
MATCH (v:Domain)
WITH v ORDER BY v.number
RETURN {`$id`: 'Domain:' + toString(v.key), `$number`: v.number, `$key`: v.key, `capabilities`: COLLECT { MATCH (v)<-[:IN_DOMAIN]-(v1:Capability)
WITH v1 ORDER BY v1.number
RETURN {`$id`: 'Capability:' + toString(v1.key), `$number`: v1.number, `$key`: v1.key} }} AS row
-- params
{}

## findings
MATCH (v:Finding) WHERE v.population = $p0
WITH v ORDER BY v.ord
RETURN {`$id`: 'Finding:' + toString(v.key), `$key`: v.key, `$population`: v.population, `$numerator`: v.numerator, `$denominator`: v.denominator} AS row
-- params
{
  "p0": "HIGH_INCOME"
}

