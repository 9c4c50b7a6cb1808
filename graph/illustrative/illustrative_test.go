package illustrative

import (
	"fmt"
	"reflect"
	"testing"
)

func TestIllustrativeGeneratorIsDeterministic(t *testing.T) {
	var countries []CountryIncome
	for i := 0; i < 42; i++ {
		countries = append(countries, CountryIncome{ISO3: fmt.Sprintf("C%02d", i), High: i%3 == 0 && i < 45})
	}
	// 14 high with i%3==0 below 42; make it 15.
	countries[1].High = true
	a, err := Generate(countries)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(countries)
	if len(a) != 42*21 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two runs differ or are incomplete (%d statuses)", len(a))
	}
	if _, err := Generate(countries[:40]); err == nil {
		t.Fatal("the generator accepted a graph that is not the report's 42 countries")
	}
}
