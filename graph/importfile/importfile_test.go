package importfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importHeader = "country,capability,status,asOf,provenance,source,locator,quote,note\n"

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Every file the import cannot read exactly as written is refused with a message that says where
// and what, never read in part.
func TestImportFilesAreReadExactlyOrRefused(t *testing.T) {
	row := `{"country":"KEN","capability":"legislation","status":"IN_PLACE","asOf":"2024-01-01","provenance":"SELF_ASSESSMENT","citations":[{"source":"s"}]}`
	cases := []struct{ name, file, body, mentions string }{
		{"empty CSV", "a.csv", "", "empty"},
		{"header only", "a.csv", importHeader, "no rows"},
		{"unknown column", "a.csv", strings.Replace(importHeader, "locator", "loctor", 1) + "KEN,legislation,IN_PLACE,2024-01-01,SELF_ASSESSMENT,s,p,,\n", `"loctor"`},
		{"a column twice", "a.csv", strings.TrimSuffix(importHeader, "\n") + ",status\nKEN,legislation,BOGUS,2024-01-01,SELF_ASSESSMENT,s,p,,,IN_PLACE\n", `"status" appears twice`},
		{"semicolons", "a.csv", strings.ReplaceAll(importHeader, ",", ";") + "KEN;legislation;IN_PLACE;2024-01-01;SELF_ASSESSMENT;s;p;;\n", "semicolons"},
		{"a short row", "a.csv", importHeader + "KEN,legislation,IN_PLACE,2024-01-01,SELF_ASSESSMENT,s,p,,\nKEN,leadership,IN_PLACE\n", "line 3 has 3 fields"},
		{"not UTF-8", "a.csv", importHeader + "KEN,legislation,IN_PLACE,2024-01-01,SELF_ASSESSMENT,s,p,,caf\xe9\n", "line 2 is not valid UTF-8"},
		{"empty JSON", "a.json", "  \n", "empty"},
		{"two JSON arrays", "a.json", "[" + row + "]\n[" + row + "]\n", "line 2: the file must hold one JSON array"},
		{"trailing text", "a.json", "[" + row + "] trailing", "something follows"},
		{"a number for a country", "a.json", "[\n" + row + ",\n" + strings.Replace(row, `"KEN"`, "5", 1) + "\n]", "row 1 (line 3): country must be a JSON string"},
		{"an unknown field", "a.json", "[" + strings.Replace(row, `"status"`, `"staus"`, 1) + "]", `row 0 (line 1): json: unknown field "staus"`},
		{"an empty array", "a.json", "[]", "no assessments"},
		{"another extension", "a.txt", "x", ".csv or .json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := Read(writeFile(t, c.file, c.body))
			if err == nil {
				t.Fatalf("accepted: %+v", rows)
			}
			if !strings.Contains(err.Error(), c.mentions) {
				t.Fatalf("%q does not say %q", err, c.mentions)
			}
		})
	}
}

func TestImportRowsKeepTheLineTheyStartOn(t *testing.T) {
	body := "\ufeff" + importHeader + "\nKEN,legislation,IN_PLACE,2024-01-01,SELF_ASSESSMENT,s,\"p. 3,\nsecond line\",,\r\n\r\nken,leadership,PARTIAL,2024-01-01,SELF_ASSESSMENT,s; t,,,\n"
	rows, err := Read(writeFile(t, "a.csv", body))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Line != 3 || rows[1].Line != 6 {
		t.Fatalf("rows and lines: %+v", rows)
	}
	if rows[1].Country != "KEN" || len(rows[1].Citations) != 2 || *rows[0].Citations[0].Locator != "p. 3,\nsecond line" {
		t.Fatalf("rows: %+v", rows)
	}
	js := "[\n  {\"country\": \"ken\", \"capability\": \"legislation\", \"status\": \"IN_PLACE\", \"asOf\": \"2024-01-01\",\n   \"provenance\": \"SELF_ASSESSMENT\", \"citations\": [{\"source\": \"s\"}]},\n  {\"country\": \"GHA\", \"capability\": \"legislation\", \"status\": \"IN_PLACE\", \"asOf\": \"2024-01-01\", \"provenance\": \"SELF_ASSESSMENT\", \"citations\": [{\"source\": \"s\"}]}\n]\n"
	rows, err = Read(writeFile(t, "a.json", "\ufeff"+js))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Line != 2 || rows[1].Line != 4 || rows[0].Country != "KEN" {
		t.Fatalf("JSON rows: %+v", rows)
	}
	same := `{"country": "KEN", "capability": "legislation", "status": "IN_PLACE", "asOf": "2024-01-01", "provenance": "SELF_ASSESSMENT", "citations": [{"source": "s"}]}`
	rows, err = Read(writeFile(t, "b.json", "[\n"+same+",\n"+same+",\n\n"+same+"]"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Line != 2 || rows[1].Line != 3 || rows[2].Line != 5 {
		t.Fatalf("identical JSON rows keep their own lines: %+v", rows)
	}
}
