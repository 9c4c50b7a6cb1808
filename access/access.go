// Package access decides who may see and do what. It is the one authorisation point: the HTTP
// layer turns a bearer key into a Principal, and every resolver and the query compiler ask
// Allows for it; nothing else compares roles.
//
// It owns roles, API keys and the decisions made on them, and imports only the standard library:
// not the Neo4j driver, gqlgen, gqlparser or any other package of this module (imports_test.go
// checks).
package access

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// Role is a caller's tier; each includes the ones below it.
type Role int

const (
	Public Role = iota
	Analyst
	Editor
	Admin
)

var roleNames = []string{"PUBLIC", "ANALYST", "EDITOR", "ADMIN"}

func (r Role) String() string { return roleNames[r] }

// ParseRole reads a role name as the keys file and the schema spell it.
func ParseRole(s string) (Role, error) {
	for i, n := range roleNames {
		if strings.EqualFold(s, n) {
			return Role(i), nil
		}
	}
	return Public, fmt.Errorf("unknown role %q (PUBLIC, ANALYST, EDITOR, ADMIN)", s)
}

// Action is something a caller may be allowed to do.
type Action int

const (
	// ReadAssessments covers per-country statuses: Country.assessments and status,
	// Capability.countries, the has/lacks/capability filters, status-filtered groups, and
	// coverage without small-cell suppression (or with a filter or another fiscal year).
	ReadAssessments Action = iota
	// WriteAssessments covers recordAssessments and import.
	WriteAssessments
	// ReadAudit covers the audit trail (changes).
	ReadAudit
	// Publish covers making a publication of the public aggregates.
	Publish
)

var needs = map[Action]Role{ReadAssessments: Analyst, WriteAssessments: Editor, ReadAudit: Admin, Publish: Admin}

var actionNames = map[Action]string{ReadAssessments: "per-country assessments", WriteAssessments: "writing assessments",
	ReadAudit: "the audit trail", Publish: "publishing the public aggregates"}

// Principal is who is calling.
type Principal struct {
	Role  Role
	Label string // the key's label, recorded in the audit trail; "" for PUBLIC
}

// Allows reports whether p may do a.
func (p Principal) Allows(a Action) bool { return p.Role >= needs[a] }

// Deny describes the refusal of a for p; the message names the role needed, nothing else.
func (p Principal) Deny(a Action, what string) string {
	return fmt.Sprintf("%s needs the %s role or above (%s); this request has %s", what, needs[a], actionNames[a], p.Role)
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the caller in ctx; without one, PUBLIC.
func From(ctx context.Context) Principal {
	p, _ := ctx.Value(ctxKey{}).(Principal)
	return p
}

// Keys are the API keys the server accepts, stored as SHA-256 hashes: the file never holds a key.
type Keys struct {
	entries []keyEntry
}

type keyEntry struct {
	hash  [sha256.Size]byte
	role  Role
	label string
}

// LoadKeys reads a keys file: one key a line, `ROLE SHA256-HEX LABEL`; # starts a comment.
func LoadKeys(path string) (*Keys, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("API keys file: %w", err)
	}
	defer f.Close()
	k := &Keys{}
	seen := map[[sha256.Size]byte]int{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		parts := strings.Fields(text)
		if len(parts) < 3 {
			return nil, fmt.Errorf("%s line %d: want ROLE SHA256-HEX LABEL", path, line)
		}
		role, err := ParseRole(parts[0])
		if err != nil || role == Public {
			return nil, fmt.Errorf("%s line %d: role must be ANALYST, EDITOR or ADMIN", path, line)
		}
		raw, err := hex.DecodeString(parts[1])
		if err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("%s line %d: the second field must be the SHA-256 of the key in hex (64 characters)", path, line)
		}
		e := keyEntry{role: role, label: strings.Join(parts[2:], " ")}
		copy(e.hash[:], raw)
		if first, dup := seen[e.hash]; dup {
			return nil, fmt.Errorf("%s line %d: the same key as line %d; one line per key (which role would it have?)", path, line, first)
		}
		seen[e.hash] = line
		k.entries = append(k.entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return k, nil
}

// Authenticate finds the principal for a presented key. Every stored hash is compared, in
// constant time, so the time taken says nothing about which key came close.
func (k *Keys) Authenticate(key string) (Principal, bool) {
	if k == nil || key == "" {
		return Principal{}, false
	}
	sum := sha256.Sum256([]byte(key))
	found := -1
	for i := range k.entries {
		if subtle.ConstantTimeCompare(sum[:], k.entries[i].hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Principal{}, false
	}
	return Principal{Role: k.entries[found].role, Label: k.entries[found].label}, true
}

// HashKey is the hex SHA-256 of a key, as the keys file stores it.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}
