package graph

// AssessmentInput is one assessment to record.
type AssessmentInput struct {
	Country    string          `json:"country"`
	Capability string          `json:"capability"`
	Status     string          `json:"status"`
	AsOf       string          `json:"asOf"`
	Provenance string          `json:"provenance"`
	Citations  []CitationInput `json:"citations"`
	Note       *string         `json:"note,omitempty"`
	// Line is where the row starts in an import file (0 when it did not come from one).
	Line int `json:"-"`
}

// CitationInput names a source an assessment cites.
type CitationInput struct {
	Source  string  `json:"source"`
	Locator *string `json:"locator,omitempty"`
	Quote   *string `json:"quote,omitempty"`
}
