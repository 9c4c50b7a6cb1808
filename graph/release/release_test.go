package release

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReleaseOnDiskIsValidAndComplete(t *testing.T) {
	rel, err := Read("../../data/2022.1")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{
		"domains": len(rel.Domains), "capabilities": len(rel.Capabilities), "countries": len(rel.Countries),
		"income (42 × 12 years)": len(rel.Income), "instruments": len(rel.Instruments), "findings": len(rel.Findings),
		"calls to action": len(rel.Calls), "participations": len(rel.Participation),
	}
	want := map[string]int{"domains": 6, "capabilities": 21, "countries": 42, "income (42 × 12 years)": 504,
		"instruments": 8, "findings": 24, "calls to action": 5, "participations": 153}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s: %d, want %d", k, counts[k], n)
		}
	}
	for _, p := range rel.Participation {
		if p["status"] == "SIGNED" && p["consented"] != nil {
			t.Errorf("a signature with a consent date: %v", p)
		}
	}
}

// Every release under data/ reads and validates (ReadRelease checks every row and reference).
func TestEveryReleaseOnDiskIsValid(t *testing.T) {
	dirs, err := filepath.Glob("../../data/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no releases under data/ (%v)", err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		if _, err := Read(dir); err != nil {
			t.Errorf("%s: %v", dir, err)
		}
	}
}
