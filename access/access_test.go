package access

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func keysFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKeysFileIsReadStrictly(t *testing.T) {
	sum := sha256.Sum256([]byte("k1"))
	h := hex.EncodeToString(sum[:])
	keys, err := LoadKeys(keysFile(t, "# comment\nANALYST "+h+" first analyst\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := keys.Authenticate("k1"); !ok || p.Role != Analyst || p.Label != "first analyst" {
		t.Errorf("authenticate: %+v %v", p, ok)
	}
	if _, ok := keys.Authenticate("k2"); ok {
		t.Error("an unknown key authenticated")
	}
	for body, want := range map[string]string{
		"ANALYST " + h + " a\nADMIN " + h + " b\n": "line 2: the same key as line 1",
		"PUBLIC " + h + " a\n":                     "line 1: role must be",
		"ANALYST abc a\n":                          "line 1: the second field",
		"ANALYST " + h + "\n":                      "line 1: want ROLE",
	} {
		if _, err := LoadKeys(keysFile(t, body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", body, err, want)
		}
	}
}
