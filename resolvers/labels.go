package resolvers

import (
	"slices"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

// labelEnums are the enums enumLabels answers for: the ones a chart, a legend or a filter shows.
var labelEnums = []string{"CapabilityStatus", "IncomeGroup", "Region", "Facet", "Population", "PartyStatus", "InstrumentKind", "Provenance"}

// enumLabel is how one enum value is shown: the English description is the schema's own (one
// text for GraphiQL's documentation and for charts); the French one is written here.
type enumLabel struct{ en, fr, frDescription string }

// enumLabelTexts holds the labels, by enum and value. TestEveryChartEnumValueHasLabels fails on a
// value of labelEnums missing here, or on an entry the schema no longer has.
var enumLabelTexts = map[string]map[string]enumLabel{
	"CapabilityStatus": {
		"IN_PLACE":       {"In place", "En place", "La capacité est en place."},
		"PARTIAL":        {"Partly in place", "Partiellement en place", "La capacité est partiellement en place."},
		"ABSENT":         {"Absent", "Absente", "Absence signalée : la capacité n'est pas en place. Le seul statut que le filtre `lacks` retient."},
		"NOT_ASSESSED":   {"Not assessed", "Non évaluée", "Aucune information dans un sens ou dans l'autre. Un pays sans évaluation de la capacité à la date demandée compte comme non évalué."},
		"NOT_APPLICABLE": {"Not applicable", "Sans objet", "L'évaluation indique que la capacité ne s'applique pas au pays."},
	},
	"IncomeGroup": {
		"HIGH":         {"High income", "Revenu élevé", "Revenu élevé."},
		"UPPER_MIDDLE": {"Upper-middle income", "Revenu intermédiaire, tranche supérieure", "Revenu intermédiaire, tranche supérieure."},
		"LOWER_MIDDLE": {"Lower-middle income", "Revenu intermédiaire, tranche inférieure", "Revenu intermédiaire, tranche inférieure."},
		"LOW":          {"Low income", "Faible revenu", "Faible revenu."},
	},
	"Region": {
		"EAST_ASIA_PACIFIC":        {"East Asia & Pacific", "Asie de l'Est et Pacifique", "Asie de l'Est et Pacifique."},
		"EUROPE_CENTRAL_ASIA":      {"Europe & Central Asia", "Europe et Asie centrale", "Europe et Asie centrale."},
		"LATIN_AMERICA_CARIBBEAN":  {"Latin America & Caribbean", "Amérique latine et Caraïbes", "Amérique latine et Caraïbes."},
		"MIDDLE_EAST_NORTH_AFRICA": {"Middle East & North Africa", "Moyen-Orient et Afrique du Nord", "Moyen-Orient et Afrique du Nord."},
		"NORTH_AMERICA":            {"North America", "Amérique du Nord", "Amérique du Nord."},
		"SOUTH_ASIA":               {"South Asia", "Asie du Sud", "Asie du Sud."},
		"SUB_SAHARAN_AFRICA":       {"Sub-Saharan Africa", "Afrique subsaharienne", "Afrique subsaharienne."},
	},
	"Facet": {
		"INCOME_GROUP": {"Income group", "Groupe de revenu", "Le groupe de revenu de la Banque mondiale : celui de l'exercice 2022 (l'année du rapport), sauf si la requête en nomme un autre. Les valeurs sont celles de IncomeGroup."},
		"REGION":       {"Region", "Région", "La région de la Banque mondiale. Les valeurs sont celles de Region."},
		"POPULATION":   {"High income / LMIC", "Revenu élevé / PRITI", "La répartition du rapport en deux groupes : HIGH_INCOME pour le revenu élevé, LMIC (pays à revenu intermédiaire ou faible) pour tous les autres (exercice 2022, sauf si la requête en nomme un autre)."},
	},
	"Population": {
		"ALL":         {"All countries", "Tous les pays", "Tous les pays qui ont répondu à la question."},
		"HIGH_INCOME": {"High income", "Revenu élevé", "Les 15 pays à revenu élevé (exercice 2022)."},
		"LMIC":        {"Low and middle income", "Revenu faible et intermédiaire", "Les 25 pays à revenu faible ou intermédiaire (exercice 2022)."},
	},
	"PartyStatus": {
		"SIGNED":    {"Signed", "Signé", "Signé sans être partie : une signature seule ne fait pas d'un État une partie."},
		"RATIFIED":  {"Ratified", "Ratifié", "Partie par ratification. L'acceptation et l'approbation sont aussi enregistrées ainsi ; `asRecorded` garde le terme du dépositaire."},
		"ACCEDED":   {"Acceded", "Adhésion", "Partie par adhésion."},
		"SUCCEEDED": {"Succeeded", "Succession", "Partie par succession."},
		"NOT_PARTY": {"Not a party", "Non partie", "Vérifié non partie : une liste du dépositaire ou une liste officielle qui omet le pays, une non-signature ou non-ratification déclarée, ou l'impossibilité d'adhérer. `reason` dit comment on le sait et à quelle date."},
		"UNKNOWN":   {"Unknown", "Inconnu", "Aucune source ne tranche ; `reason` dit pourquoi. Jamais lu comme non partie : ne correspond ni à partyTo ni à notPartyTo."},
	},
	"InstrumentKind": {
		"TREATY":            {"Treaty", "Traité", "Un traité auquel les États deviennent parties (par exemple la CDE, les conventions de Budapest et de Lanzarote)."},
		"OPTIONAL_PROTOCOL": {"Optional protocol", "Protocole facultatif", "Un protocole facultatif à un traité, auquel on adhère séparément (par exemple le PFVE, à la CDE)."},
		"GUIDELINES":        {"Guidelines", "Lignes directrices", "Des lignes directrices (par exemple le Guide de terminologie de Luxembourg)."},
		"PRINCIPLES":        {"Principles", "Principes", "Un ensemble de principes (par exemple les Principes volontaires de lutte contre l'exploitation et les abus sexuels d'enfants en ligne)."},
		"DATABASE":          {"Database", "Base de données", "Une base de données (la base internationale d'INTERPOL sur l'exploitation sexuelle des enfants, ICSE)."},
		"REPORT":            {"Report", "Rapport", "Une publication citée en référence (la Global Threat Assessment 2021)."},
	},
	"Provenance": {
		"REPORTED":        {"Reported", "Publié", "Rapporté dans une source publiée, citée avec le fait."},
		"PUBLIC_RECORD":   {"Public record", "Registre public", "Tiré d'un registre public cité avec le fait."},
		"SELF_ASSESSMENT": {"Self-assessment", "Auto-évaluation", "L'évaluation que le pays fait de lui-même."},
		"ILLUSTRATIVE":    {"Illustrative (synthetic)", "Illustratif (synthétique)", "Synthétique : produit par le générateur illustratif du projet pour qu'on puisse essayer l'API ; jamais le statut réel d'un pays. Refusé en production."},
	},
}

// enumLabels answers enumLabels from the table above and the schema's descriptions (without
// the "Added:" mark, which is about the contract, not the value), in the schema's order of enums
// and values.
func (r *Resolver) enumLabels(enums []string, lang *model.Lang) ([]*model.EnumLabel, error) {
	for _, name := range enums {
		if !slices.Contains(labelEnums, name) {
			return nil, graph.BadInput("enums", "no labels for %q: enumLabels knows %s", name, strings.Join(labelEnums, ", "))
		}
	}
	if enums == nil {
		enums = labelEnums
	}
	l := model.LangEn
	if lang != nil {
		l = *lang
	}
	out := []*model.EnumLabel{}
	for _, name := range labelEnums {
		if !slices.Contains(enums, name) {
			continue
		}
		for _, v := range r.schema.Types[name].EnumValues {
			t := enumLabelTexts[name][v.Name]
			description := strings.TrimPrefix(strings.Join(strings.Fields(v.Description), " "), "Added: ")
			label := &model.EnumLabel{Enum: name, Value: v.Name, Label: t.en, Description: capitalize(description), Lang: l}
			if l == model.LangFr {
				label.Label, label.Description = t.fr, t.frDescription
			}
			out = append(out, label)
		}
	}
	return out, nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
