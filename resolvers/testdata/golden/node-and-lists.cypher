## node
MATCH (v:Instrument {key: $p1})
RETURN {`id`: 'Instrument:' + toString(v.key), `shortName`: v.short_name, `name`: coalesce(v.name_fr, v.name_en), `body`: v.body, `adopted`: toString(v.adopted), `parties`: COLLECT { MATCH (v1:Country)-[v2:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(v) WHERE v2.status IN $p0
WITH v1, v2 ORDER BY v1.name_en
RETURN {`country`: {`iso3`: v1.iso3}} }} AS row
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
RETURN {`number`: v.number, `key`: v.key, `capabilities`: COLLECT { MATCH (v)<-[:IN_DOMAIN]-(v1:Capability)
WITH v1 ORDER BY v1.number
RETURN {`number`: v1.number, `key`: v1.key} }} AS row
-- params
{}

## findings
MATCH (v:Finding) WHERE v.population = $p0
WITH v ORDER BY v.ord
RETURN {`key`: v.key, `numerator`: v.numerator, `denominator`: v.denominator} AS row
-- params
{
  "p0": "HIGH_INCOME"
}

