// Package model holds the Go types gqlgen binds the schema to.
//
// Every object read from the graph is a Row: the map one compiled Cypher statement returns for it,
// keyed by the GraphQL response key (alias or field name) of each selected field. Keying by alias is
// what lets one request ask for the same field twice with different arguments
// (`en: name(lang: EN) fr: name(lang: FR)`) and still cost one round trip.
package model

// Row is one object as the compiled Cypher statement returned it, keyed by response key.
type Row = map[string]any

// Object is embedded by every row-backed type.
type Object struct{ row Row }

// Values returns the row behind the object.
func (o Object) Values() Row { return o.row }

type Country struct{ Object }
type Capability struct{ Object }
type Domain struct{ Object }
type Instrument struct{ Object }
type Participation struct{ Object }
type Finding struct{ Object }
type Challenge struct{ Object }
type Practice struct{ Object }
type CallToAction struct{ Object }
type Source struct{ Object }
type Citation struct{ Object }
type Assessment struct{ Object }
type CountryGroup struct{ Object }
type CoverageCell struct{ Object }
type SearchHit struct{ Object }

func NewCountry(r Row) *Country             { return &Country{Object{r}} }
func NewCapability(r Row) *Capability       { return &Capability{Object{r}} }
func NewDomain(r Row) *Domain               { return &Domain{Object{r}} }
func NewInstrument(r Row) *Instrument       { return &Instrument{Object{r}} }
func NewParticipation(r Row) *Participation { return &Participation{Object{r}} }
func NewFinding(r Row) *Finding             { return &Finding{Object{r}} }
func NewChallenge(r Row) *Challenge         { return &Challenge{Object{r}} }
func NewPractice(r Row) *Practice           { return &Practice{Object{r}} }
func NewCallToAction(r Row) *CallToAction   { return &CallToAction{Object{r}} }
func NewSource(r Row) *Source               { return &Source{Object{r}} }
func NewCitation(r Row) *Citation           { return &Citation{Object{r}} }
func NewAssessment(r Row) *Assessment       { return &Assessment{Object{r}} }
func NewCountryGroup(r Row) *CountryGroup   { return &CountryGroup{Object{r}} }
func NewCoverageCell(r Row) *CoverageCell   { return &CoverageCell{Object{r}} }
func NewSearchHit(r Row) *SearchHit         { return &SearchHit{Object{r}} }

// Node and union membership (the interfaces gqlgen generates in models_gen.go).

func (Country) IsNode()      {}
func (Capability) IsNode()   {}
func (Domain) IsNode()       {}
func (Instrument) IsNode()   {}
func (Finding) IsNode()      {}
func (Challenge) IsNode()    {}
func (Practice) IsNode()     {}
func (CallToAction) IsNode() {}
func (Source) IsNode()       {}

// GetID satisfies the generated Node interface and is never called: a row holds values by
// response key, so an object's id is whatever its `id` field (under any alias) resolved to, and
// the ID resolvers read it from there. It returns "".
func (o Object) GetID() string { return "" }

func (Country) IsSearchHitObject()      {}
func (Capability) IsSearchHitObject()   {}
func (Domain) IsSearchHitObject()       {}
func (Instrument) IsSearchHitObject()   {}
func (Finding) IsSearchHitObject()      {}
func (Challenge) IsSearchHitObject()    {}
func (Practice) IsSearchHitObject()     {}
func (CallToAction) IsSearchHitObject() {}

// CountryConnection is a Relay connection page; it is assembled in Go from one statement's result.
type CountryConnection struct {
	Edges      []*CountryEdge
	Nodes      []*Country
	PageInfo   *PageInfo
	TotalCount int
}

type CountryEdge struct {
	Cursor string
	Node   *Country
}
