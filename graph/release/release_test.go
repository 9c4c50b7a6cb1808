package release

import (
	"os"
	"path/filepath"
	"strings"
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

// copyRelease copies the release in dir to a temporary directory, applying edit to the named
// files' contents.
func copyRelease(t *testing.T, dir string, edit map[string]func(string) string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(dir))
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if f := edit[e.Name()]; f != nil {
			s = f(s)
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// A complete release (one with release.csv) records every country and treaty, says why for each
// unknown and cites every source it lists; the reader refuses one that does not, naming the gap.
func TestACompleteReleaseRefusesGaps(t *testing.T) {
	const dir = "../../data/2026.1"
	if _, err := Read(dir); err != nil {
		t.Fatalf("the release itself: %v", err)
	}
	dropLine := func(prefix string) func(string) string {
		return func(s string) string {
			var keep []string
			for _, l := range strings.Split(s, "\n") {
				if !strings.HasPrefix(l, prefix) {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "\n")
		}
	}
	for _, c := range []struct {
		name string
		edit map[string]func(string) string
		says string
	}{
		{"a missing record", map[string]func(string) string{"participation.csv": dropLine("KEN,malabo,")}, "no row for KEN and malabo"},
		{"an unknown without its reason", map[string]func(string) string{"participation.csv": func(s string) string {
			return dropLine("KEN,malabo,")(s) + "KEN,malabo,UNKNOWN,,,,,,\r\n"
		}}, "an UNKNOWN row says why in reason"},
		{"a source nothing cites", map[string]func(string) string{"sources.csv": func(s string) string {
			return strings.TrimRight(s, "\r\n") + "\r\nUNCITED,A source nothing cites,,,,,\r\n"
		}}, "UNCITED is cited by nothing"},
	} {
		_, err := Read(copyRelease(t, dir, c.edit))
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: got %v, want an error saying %q", c.name, err, c.says)
		}
	}
}
