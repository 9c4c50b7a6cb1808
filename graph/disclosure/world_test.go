package disclosure

import (
	"fmt"
	"math/rand/v2"
)

// Facets of the realistic world: the tables the API publishes.
var (
	incomes = []string{"HIGH", "UPPER_MIDDLE", "LOWER_MIDDLE", "LOW"}
	regions = []string{"EAST_ASIA_PACIFIC", "EUROPE_CENTRAL_ASIA", "LATIN_AMERICA_CARIBBEAN",
		"MIDDLE_EAST_NORTH_AFRICA", "NORTH_AMERICA", "SOUTH_ASIA", "SUB_SAHARAN_AFRICA"}
	coarse = []string{"HIGH_INCOME", "LMIC"}
)

func income(v string) Group { return Group{"income", v} }
func region(v string) Group { return Group{"region", v} }
func split(v string) Group  { return Group{"coarse", v} }

// realWorld is 42 countries spread over 4 income groups and 7 regions like the report's sample,
// with 14 table rows: Total, 4 income, 7 region, 2 coarse.
func realWorld() ([]Country, []Group) {
	groups := []Group{Total}
	for _, v := range incomes {
		groups = append(groups, income(v))
	}
	for _, v := range regions {
		groups = append(groups, region(v))
	}
	for _, v := range coarse {
		groups = append(groups, split(v))
	}
	// Per region, how many countries of each income group (HIGH, UPPER_MIDDLE, LOWER_MIDDLE, LOW).
	mix := map[string][4]int{
		"EAST_ASIA_PACIFIC":        {2, 2, 2, 0},
		"EUROPE_CENTRAL_ASIA":      {6, 3, 1, 0},
		"LATIN_AMERICA_CARIBBEAN":  {1, 3, 2, 0},
		"MIDDLE_EAST_NORTH_AFRICA": {2, 1, 2, 0},
		"NORTH_AMERICA":            {2, 0, 0, 0},
		"SOUTH_ASIA":               {0, 0, 3, 1},
		"SUB_SAHARAN_AFRICA":       {0, 1, 3, 4},
	}
	var cs []Country
	for _, r := range regions {
		for i, n := range mix[r] {
			for j := 0; j < n; j++ {
				c := coarse[1]
				if i == 0 {
					c = coarse[0]
				}
				cs = append(cs, Country{
					ID:     fmt.Sprintf("%s-%s-%d", r[:4], incomes[i], j),
					Groups: []Group{income(incomes[i]), region(r), split(c)},
				})
			}
		}
	}
	return cs, groups
}

// realCapabilities is 21 capabilities with realistic status mixes: mostly in place, all partial
// but a few, an even split, random ones, and one whose total is forced; some have earlier
// publications (taken from an audit of the earlier statuses, as in production).
func realCapabilities(cs []Country, rng *rand.Rand, earlier int) []Capability {
	var caps []Capability
	for i := 0; i < 21; i++ {
		st := make(map[string]string, len(cs))
		for j, c := range cs {
			var s string
			switch i % 7 {
			case 0: // 30 IN_PLACE / 12 ABSENT
				s = "IN_PLACE"
				if j%7 == 3 || j%7 == 5 {
					s = "ABSENT"
				}
			case 1: // all PARTIAL except a few
				s = "PARTIAL"
				if j%13 == 4 {
					s = Statuses[rng.IntN(nStatus)]
				}
			case 2: // in place or partial
				s = []string{"IN_PLACE", "PARTIAL"}[rng.IntN(2)]
			case 3: // dedicated law enforcement: everyone
				s = "IN_PLACE"
			default:
				s = Statuses[rng.IntN(4)]
				if rng.IntN(10) == 0 {
					s = "NOT_APPLICABLE"
				}
			}
			st[c.ID] = s
		}
		cap := Capability{Key: fmt.Sprintf("cap-%02d", i), Status: st}
		if i%7 == 3 {
			cap.Forced = []Cell{{Total, "IN_PLACE"}}
		}
		caps = append(caps, cap)
	}
	return caps
}
