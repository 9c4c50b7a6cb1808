package mcpserver

// The fixed GraphQL documents the tools and resources run. Each asks what one tool answers, in
// one request, so the API's limits and refusals apply to it as to any client's query.

const searchDocument = `query Search($text: String!, $first: Int, $after: String, $kinds: [SearchKind!], $lang: Lang) {
  search(text: $text, first: $first, after: $after, kinds: $kinds, lang: $lang) {
    score
    highlight
    cursor
    object {
      __typename
      ... on Country { id iso3 name(lang: $lang) }
      ... on Capability { id key number name(lang: $lang) }
      ... on Domain { id key name(lang: $lang) }
      ... on Instrument { id key shortName name(lang: $lang) }
      ... on Finding { id key statement(lang: $lang) }
      ... on Challenge { id key summary(lang: $lang) }
      ... on Practice { id key title(lang: $lang) }
      ... on CallToAction { id number title(lang: $lang) }
    }
  }
}`

const coverageDocument = `query Coverage($by: Facet, $capabilities: [ID!], $publication: Int, $asOf: Date) {
  meta { dataVersion illustrative publication { number asOf threshold illustrative } }
  coverage(by: $by, capabilities: $capabilities, publication: $publication, asOf: $asOf) {
    capability { key number name }
    facet
    value
    total
    inPlace
    partial
    absent
    notAssessed
    notApplicable
    suppressed
  }
}`

const citationFragment = `
fragment Cited on Citation { source { key title publisher published url } locator quote }`

const countryProfileFields = `
    iso3
    iso2
    name(lang: $lang)
    region
    incomeGroup
    instruments {
      instrument { key shortName name(lang: $lang) }
      status
      signed
      consented
      consentedBy
      reason
      citations { ...Cited }
    }
    memberships { network { key name } member since asOf citations { ...Cited } }
    practices { key title(lang: $lang) summary(lang: $lang) citations { ...Cited } }
    citations { ...Cited }`

const countryProfileDocument = `query CountryProfile($iso3: ID!, $lang: Lang) {
  country(iso3: $iso3) {` + countryProfileFields + `
  }
}` + citationFragment

const countryProfileWithAssessmentsDocument = `query CountryProfile($iso3: ID!, $lang: Lang) {
  country(iso3: $iso3) {` + countryProfileFields + `
    assessments { capability { key number name(lang: $lang) } status asOf provenance note citations { ...Cited } }
  }
}` + citationFragment

const countryGroupsDocument = `query CountryGroups($lacks: [ID!]!, $by: Facet!, $minSize: Int) {
  countryGroups(by: $by, where: {lacks: $lacks}, minSize: $minSize) {
    value
    count
    countries { iso3 name region }
  }
}`

const releaseDocument = `{ meta { dataVersion release { version releasedAt citation licence changelog } } }`

// describeDocument reads one type by introspection, as deep as a type reference goes
// ([[T!]!]! at most in this schema).
const describeDocument = `query Describe($name: String!) {
  __type(name: $name) {
    kind
    name
    description
    fields(includeDeprecated: true) {
      name
      description
      isDeprecated
      deprecationReason
      args { name description defaultValue type { ...TypeRef } }
      type { ...TypeRef }
    }
    inputFields { name description defaultValue type { ...TypeRef } }
    enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
    interfaces { name }
    possibleTypes { name }
  }
}
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
}`
