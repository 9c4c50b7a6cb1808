package export

import (
	"fmt"
	"strings"
)

// The fiscal years of the income history each country row carries.
const firstFiscalYear, lastFiscalYear = 2015, 2026

var exports = map[string]export{
	"countries": {
		about:   "The countries with their ISO codes (alpha and numeric, the key of map data), English and French names, the part reviewed when not the whole country, World Bank region and income group in every fiscal year FY2015–FY2026 (FY2022 is the report's).",
		columns: append([]string{"iso3", "iso2", "iso_numeric", "name_en", "name_fr", "scope", "region"}, incomeColumns()...),
		rows: func(q querier, meta map[string]any, yield func([]string) error) error {
			return eachCountry(q, "iso2 isoNumeric name nameFr: name(lang: FR) scope region "+incomeFields(), func(c any) error {
				row := []string{str(at(c, "iso3")), str(at(c, "iso2")), str(at(c, "isoNumeric")), str(at(c, "name")), str(at(c, "nameFr")), str(at(c, "scope")), str(at(c, "region"))}
				for fy := firstFiscalYear; fy <= lastFiscalYear; fy++ {
					row = append(row, str(at(c, fmt.Sprintf("fy%d", fy))))
				}
				return yield(row)
			})
		},
	},
	"participation": {
		about:   "The country × instrument matrix, one row per record: the status (a party status, SIGNED, NOT_PARTY or UNKNOWN), its dates, the bound on an undated consent, the reason of an UNKNOWN or NOT_PARTY, and its sources.",
		columns: []string{"iso3", "instrument", "status", "signed", "consented", "consented_by", "reason", "sources"},
		rows: func(q querier, meta map[string]any, yield func([]string) error) error {
			return eachCountry(q, "instruments { instrument { key } status signed consented consentedBy reason citations { source { key } } }", func(c any) error {
				for _, p := range list(c, "instruments") {
					if err := yield([]string{str(at(c, "iso3")), str(at(p, "instrument.key")), str(at(p, "status")), str(at(p, "signed")),
						str(at(p, "consented")), str(at(p, "consentedBy")), str(at(p, "reason")), joined(list(p, "citations"), "source.key")}); err != nil {
						return err
					}
				}
				return nil
			})
		},
	},
	"findings": {
		about:   "The report's aggregate findings: the population counted, numerator over denominator, the capabilities concerned, the statement in English and French, and the sources.",
		columns: []string{"key", "population", "numerator", "denominator", "capabilities", "statement_en", "statement_fr", "sources"},
		rows: func(q querier, meta map[string]any, yield func([]string) error) error {
			d, err := q(`{ findings { key population numerator denominator capabilities { key } statement
				statementFr: statement(lang: FR) citations { source { key } } } }`, nil)
			if err != nil {
				return err
			}
			for _, f := range list(d, "findings") {
				if err := yield([]string{str(at(f, "key")), str(at(f, "population")), str(at(f, "numerator")), str(at(f, "denominator")),
					joined(list(f, "capabilities"), "key"), str(at(f, "statement")), str(at(f, "statementFr")), joined(list(f, "citations"), "source.key")}); err != nil {
					return err
				}
			}
			return nil
		},
	},
	"coverage": {
		about: "The latest publication's coverage tables, as published: per capability and group (the total row, then by income group, region and population), each status count, null where the audit hides it, with the range the published numbers imply.",
		columns: []string{"publication", "capability", "capability_number", "facet", "value", "total",
			"in_place", "in_place_min", "in_place_max", "partial", "partial_min", "partial_max",
			"absent", "absent_min", "absent_max", "not_assessed", "not_assessed_min", "not_assessed_max",
			"not_applicable", "not_applicable_min", "not_applicable_max", "suppressed"},
		rows: func(q querier, meta map[string]any, yield func([]string) error) error {
			number := at(meta, "meta.publication.number")
			if number == nil {
				return &queryError{Code: "NOT_PUBLISHED", Message: "nothing has been published yet: the coverage export is the latest publication's tables"}
			}
			cell := `{ capability { key number } facet value total inPlace inPlaceRange { min max } partial partialRange { min max }
				absent absentRange { min max } notAssessed notAssessedRange { min max } notApplicable notApplicableRange { min max } suppressed }`
			d, err := q(`query($n: Int) { total: coverage(publication: $n) `+cell+` income: coverage(by: INCOME_GROUP, publication: $n) `+cell+`
				region: coverage(by: REGION, publication: $n) `+cell+` population: coverage(by: POPULATION, publication: $n) `+cell+` }`,
				map[string]any{"n": number})
			if err != nil {
				return err
			}
			for _, table := range []string{"total", "income", "region", "population"} {
				for _, c := range list(d, table) {
					row := []string{str(number), str(at(c, "capability.key")), str(at(c, "capability.number")), str(at(c, "facet")), str(at(c, "value")), str(at(c, "total"))}
					for _, s := range []string{"inPlace", "partial", "absent", "notAssessed", "notApplicable"} {
						row = append(row, str(at(c, s)), str(at(c, s+"Range.min")), str(at(c, s+"Range.max")))
					}
					if err := yield(append(row, str(at(c, "suppressed")))); err != nil {
						return err
					}
				}
			}
			return nil
		},
	},
	"assessments": {
		about:   "ANALYST and above: each country's latest assessment of each capability as of today (or as of ?asOf=YYYY-MM-DD), with its date, provenance, note and sources. Illustrative (synthetic) assessments say so in provenance.",
		columns: []string{"iso3", "capability", "status", "as_of", "provenance", "note", "sources"},
		rows: func(q querier, meta map[string]any, yield func([]string) error) error {
			return eachCountry(q, "assessments(asOf: $asOf) { capability { key } status asOf provenance note citations { source { key } } }", func(c any) error {
				for _, a := range list(c, "assessments") {
					if err := yield([]string{str(at(c, "iso3")), str(at(a, "capability.key")), str(at(a, "status")), str(at(a, "asOf")),
						str(at(a, "provenance")), str(at(a, "note")), joined(list(a, "citations"), "source.key")}); err != nil {
						return err
					}
				}
				return nil
			})
		},
	},
}

// eachCountry reads the countries page by page, in ISO3 order, selecting fields on each.
func eachCountry(q querier, fields string, each func(country any) error) error {
	vars := "$after: String"
	if strings.Contains(fields, "$asOf") {
		vars += ", $asOf: Date"
	}
	doc := `query(` + vars + `) { countries(first: 100, after: $after, orderBy: [{field: ISO3}]) {
		pageInfo { hasNextPage endCursor } nodes { iso3 ` + fields + ` } } }`
	var after any
	for {
		d, err := q(doc, map[string]any{"after": after})
		if err != nil {
			return err
		}
		for _, c := range list(d, "countries.nodes") {
			if err := each(c); err != nil {
				return err
			}
		}
		if at(d, "countries.pageInfo.hasNextPage") != true {
			return nil
		}
		after = at(d, "countries.pageInfo.endCursor")
	}
}

func incomeColumns() []string {
	var out []string
	for fy := firstFiscalYear; fy <= lastFiscalYear; fy++ {
		out = append(out, fmt.Sprintf("income_fy%d", fy))
	}
	return out
}

func incomeFields() string {
	var b strings.Builder
	for fy := firstFiscalYear; fy <= lastFiscalYear; fy++ {
		fmt.Fprintf(&b, "fy%d: incomeGroup(fiscalYear: %d) ", fy, fy)
	}
	return b.String()
}
