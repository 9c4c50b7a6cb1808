package cypher

// Typed arguments. The resolvers decode a field's arguments once, into these types, after gqlgen
// has validated them against the schema (types, enums, required values) and applied the
// defaults; the compiler reads nothing else. The json names are the GraphQL argument and input
// field names, which is how the resolvers fill them and how the golden inputs are written.
// A nil pointer or a nil slice is an argument the request did not give.

// Args are the arguments of a field below the root. Each field reads the ones the schema
// declares for it.
type Args struct {
	Lang       string         `json:"lang,omitempty"`       // text fields: EN or FR
	FiscalYear *int           `json:"fiscalYear,omitempty"` // Country.incomeGroup
	AsOf       *string        `json:"asOf,omitempty"`       // Country.assessments, Country.status, Capability.countries
	Capability *string        `json:"capability,omitempty"` // Country.status
	Sharing    []string       `json:"sharing,omitempty"`    // Country.peers
	Status     []string       `json:"status,omitempty"`     // Capability.countries, Instrument.parties, Country.instruments
	Where      *CountryFilter `json:"where,omitempty"`      // Country.peers, Capability.countries, Instrument.parties
	From       *string        `json:"from,omitempty"`       // Instrument.timeline
	To         *string        `json:"to,omitempty"`         // Instrument.timeline
	Every      string         `json:"every,omitempty"`      // Instrument.timeline: MONTH, QUARTER or YEAR
}

// CountryFilter is a CountryWhere: every condition given must hold. And, Or and Not combine
// nested filters, which inherit incomeFiscalYear and partyAsOf from the filter around them.
// An empty And constrains nothing; an empty Or matches no country.
type CountryFilter struct {
	And              []CountryFilter         `json:"AND"`
	Or               []CountryFilter         `json:"OR"`
	Not              *CountryFilter          `json:"NOT"`
	ISO3In           []string                `json:"iso3In"`
	NameContains     *string                 `json:"nameContains"`
	IncomeGroupIn    []string                `json:"incomeGroupIn"`
	IncomeFiscalYear *int                    `json:"incomeFiscalYear"`
	RegionIn         []string                `json:"regionIn"`
	Survey           *string                 `json:"survey"`
	Has              []string                `json:"has"`
	Lacks            []string                `json:"lacks"`
	Capability       *CapabilityStatusFilter `json:"capability"`
	PartyTo          []string                `json:"partyTo"`
	NotPartyTo       []string                `json:"notPartyTo"`
	PartyUnknown     []string                `json:"partyUnknown"`
	PartyAsOf        *string                 `json:"partyAsOf"`
}

// CapabilityStatusFilter holds when the country's status for capability Key is one of StatusIn.
type CapabilityStatusFilter struct {
	Key      string   `json:"key"`
	StatusIn []string `json:"statusIn"`
}

// ListArgs are the arguments of the root lists (capabilities, instruments, findings, challenges,
// practices); each list reads the ones it declares.
type ListArgs struct {
	Domain     *string `json:"domain"`
	Kind       *string `json:"kind"`
	Capability *string `json:"capability"`
	Population *string `json:"population"`
	Country    *string `json:"country"`
}

// CountryPageArgs are the arguments of the countries connection.
type CountryPageArgs struct {
	Where   *CountryFilter `json:"where"`
	OrderBy []CountryOrder `json:"orderBy"`
	First   *int           `json:"first"`
	After   *string        `json:"after"`
	Last    *int           `json:"last"`
	Before  *string        `json:"before"`
	AsOf    *string        `json:"asOf"` // the date status filters read assessments at (default today)
}

// CountryOrder is one sort key of the countries connection.
type CountryOrder struct {
	Field     string `json:"field"`
	Direction string `json:"direction"`
}

// GroupArgs are the arguments of countryGroups.
type GroupArgs struct {
	By         string         `json:"by"`
	Where      *CountryFilter `json:"where"`
	MinSize    *int           `json:"minSize"`
	FiscalYear *int           `json:"fiscalYear"`
	AsOf       *string        `json:"asOf"` // the date status filters read assessments at (default today)
}

// CoverageArgs are the arguments of coverage.
type CoverageArgs struct {
	By           *string        `json:"by"`
	Capabilities []string       `json:"capabilities"`
	Where        *CountryFilter `json:"where"`
	AsOf         *string        `json:"asOf"`
	FiscalYear   *int           `json:"fiscalYear"`
	Publication  *int           `json:"publication"`
}

// SearchArgs are the arguments of search.
type SearchArgs struct {
	Text  string   `json:"text"`
	First *int     `json:"first"`
	After *string  `json:"after"`
	Kinds []string `json:"kinds"` // SearchKind values: COUNTRY, CALL_TO_ACTION, ...
	Lang  *string  `json:"lang"`  // EN or FR: search the texts in that language only
}

// GraphArgs are the arguments of graph.
type GraphArgs struct {
	From      string   `json:"from"`
	Depth     *int     `json:"depth"`
	Limit     *int     `json:"limit"`
	NodeKinds []string `json:"nodeKinds"`
	EdgeKinds []string `json:"edgeKinds"`
}

// LookupArgs are the arguments of the lookups by key (country, domain, capability, instrument)
// and of node.
type LookupArgs struct {
	Key  *string `json:"key"`
	ISO3 *string `json:"iso3"`
	ID   *string `json:"id"`
}
