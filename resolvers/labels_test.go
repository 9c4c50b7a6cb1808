package resolvers

import (
	"testing"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/resolvers/generated"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

// Every value of a chart enum has an English and a French label and description, and the table
// holds nothing the schema does not have.
func TestEveryChartEnumValueHasLabels(t *testing.T) {
	r := &Resolver{}
	r.schema = generated.NewExecutableSchema(generated.Config{Resolvers: r}).Schema()
	for _, name := range labelEnums {
		def := r.schema.Types[name]
		if def == nil {
			t.Fatalf("labelEnums names %s, which the schema does not have", name)
		}
		seen := map[string]bool{}
		for _, v := range def.EnumValues {
			seen[v.Name] = true
			l, ok := enumLabelTexts[name][v.Name]
			if !ok || l.en == "" || l.fr == "" || l.frDescription == "" || v.Description == "" {
				t.Errorf("%s.%s lacks a label, a French description or a schema description: %+v", name, v.Name, l)
			}
		}
		for value := range enumLabelTexts[name] {
			if !seen[value] {
				t.Errorf("enumLabelTexts has %s.%s, which the schema does not have", name, value)
			}
		}
	}
	for name := range enumLabelTexts {
		if r.schema.Types[name] == nil {
			t.Errorf("enumLabelTexts has the enum %s, which the schema does not have", name)
		}
	}
}

func TestEnumLabelsAnswerInTheLanguageAskedAndRefuseUnknownEnums(t *testing.T) {
	r := &Resolver{}
	r.schema = generated.NewExecutableSchema(generated.Config{Resolvers: r}).Schema()
	fr := model.LangFr
	got, err := r.enumLabels([]string{"IncomeGroup"}, &fr)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0].Value != "HIGH" || got[0].Label != "Revenu élevé" || got[0].Lang != model.LangFr {
		t.Fatalf("IncomeGroup in French: %+v", got)
	}
	all, err := r.enumLabels(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if all[0].Enum != "CapabilityStatus" || all[0].Label != "In place" || all[0].Description != "The capability is in place." {
		t.Fatalf("first label in English: %+v", all[0])
	}
	for _, l := range all {
		if l.Description == "" || l.Description[:6] == "Added:" {
			t.Errorf("%s.%s description %q", l.Enum, l.Value, l.Description)
		}
	}
	if _, err := r.enumLabels([]string{"Colour"}, nil); graph.CodeOf(err) != graph.CodeBadUserInput {
		t.Fatalf("an unknown enum: %v, want BAD_USER_INPUT", err)
	}
}
