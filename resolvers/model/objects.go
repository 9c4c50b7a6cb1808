// Package model holds the Go types gqlgen binds the schema to.
//
// Every object read from the graph is a Row: the map one compiled Cypher statement returns for it,
// keyed by the GraphQL response key (alias or field name) of each selected field. Keying by alias is
// what lets one request ask for the same field twice with different arguments
// (`en: name(lang: EN) fr: name(lang: FR)`) and still cost one round trip.
package model

// Row is one object as the compiled Cypher statement returned it, keyed by response key.
type Row = map[string]any

// Object is embedded by every row-backed type: its row, and the fields the statement the row came
// from refused to project for the caller.
type Object struct {
	row     Row
	refused Refused
}

// Refused names the fields a statement withheld from the caller ("Country.status"): they are null
// in its rows, and their resolvers report FORBIDDEN.
type Refused map[string]bool

// Values returns the row behind the object.
func (o Object) Values() Row { return o.row }

// Refused returns the fields the object's statement withheld from the caller.
func (o Object) Refused() Refused { return o.refused }

// Adopt gives the object the refusals of the statement its row came from.
func (o *Object) Adopt(r Refused) { o.refused = r }

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
type StatusCell struct{ Object }
type CountryGroup struct{ Object }
type CoverageCell struct{ Object }
type SearchHit struct{ Object }
type Network struct{ Object }
type Membership struct{ Object }
type TimelinePoint struct{ Object }
type LocalizedText struct{ Object }

func NewCountry(r Row) *Country             { return &Country{Object{row: r}} }
func NewCapability(r Row) *Capability       { return &Capability{Object{row: r}} }
func NewDomain(r Row) *Domain               { return &Domain{Object{row: r}} }
func NewInstrument(r Row) *Instrument       { return &Instrument{Object{row: r}} }
func NewParticipation(r Row) *Participation { return &Participation{Object{row: r}} }
func NewFinding(r Row) *Finding             { return &Finding{Object{row: r}} }
func NewChallenge(r Row) *Challenge         { return &Challenge{Object{row: r}} }
func NewPractice(r Row) *Practice           { return &Practice{Object{row: r}} }
func NewCallToAction(r Row) *CallToAction   { return &CallToAction{Object{row: r}} }
func NewSource(r Row) *Source               { return &Source{Object{row: r}} }
func NewCitation(r Row) *Citation           { return &Citation{Object{row: r}} }
func NewAssessment(r Row) *Assessment       { return &Assessment{Object{row: r}} }
func NewStatusCell(r Row) *StatusCell       { return &StatusCell{Object{row: r}} }
func NewCountryGroup(r Row) *CountryGroup   { return &CountryGroup{Object{row: r}} }
func NewCoverageCell(r Row) *CoverageCell   { return &CoverageCell{Object{row: r}} }
func NewSearchHit(r Row) *SearchHit         { return &SearchHit{Object{row: r}} }
func NewNetwork(r Row) *Network             { return &Network{Object{row: r}} }
func NewMembership(r Row) *Membership       { return &Membership{Object{row: r}} }
func NewTimelinePoint(r Row) *TimelinePoint { return &TimelinePoint{Object{row: r}} }
func NewLocalizedText(r Row) *LocalizedText { return &LocalizedText{Object{row: r}} }

// Wrap makes the model object of type typ from a row and the refusals of its statement: the
// objects a node(id:) lookup or a search hit can be, whose type the row's statement names.
func Wrap(typ string, r Row, refused Refused) (any, bool) {
	newObject, ok := byType[typ]
	if !ok {
		return nil, false
	}
	o := newObject(Object{row: r, refused: refused})
	return o, true
}

var byType = map[string]func(Object) any{
	"Country":      func(o Object) any { return &Country{o} },
	"Capability":   func(o Object) any { return &Capability{o} },
	"Domain":       func(o Object) any { return &Domain{o} },
	"Instrument":   func(o Object) any { return &Instrument{o} },
	"Finding":      func(o Object) any { return &Finding{o} },
	"Challenge":    func(o Object) any { return &Challenge{o} },
	"Practice":     func(o Object) any { return &Practice{o} },
	"CallToAction": func(o Object) any { return &CallToAction{o} },
	"Source":       func(o Object) any { return &Source{o} },
	"Network":      func(o Object) any { return &Network{o} },
}

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
func (Network) IsNode()      {}

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
