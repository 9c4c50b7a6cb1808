package graphiql

import (
	"bufio"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

const examplesPath = "/graphiql/examples.json"

// The saved queries, one file each. A file starts with comment lines naming its title, the role
// it needs and what it shows:
//
//	# title: Who is party to the Lanzarote Convention, since when
//	# role: PUBLIC
//	# about: Every country recorded as party ...
//
//go:embed examples/*.graphql
var exampleFiles embed.FS

// Example is one saved query as the page lists it.
type Example struct {
	// Name is the file's base name without extension, e.g. "01-countries-income-groups"; the
	// page uses it as the option value. Files are listed in name order.
	Name  string `json:"name"`
	Title string `json:"title"`
	// Role is the least role that gets a full answer: PUBLIC or ANALYST.
	Role  string `json:"role"`
	About string `json:"about"`
	// Query is the whole file, header comments included, so the editor shows them too.
	Query string `json:"query"`
}

// Examples reads the embedded examples, in file name order. A file without a title, a role of
// PUBLIC or ANALYST and an about line is an error: the page would have nothing to show for it.
func Examples() ([]Example, error) {
	names, err := fs.Glob(exampleFiles, "examples/*.graphql")
	if err != nil {
		return nil, err
	}
	out := make([]Example, 0, len(names))
	for _, name := range names {
		b, err := exampleFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ex, err := parseExample(strings.TrimSuffix(path.Base(name), ".graphql"), string(b))
		if err != nil {
			return nil, fmt.Errorf("graphiql/%s: %w", name, err)
		}
		out = append(out, ex)
	}
	return out, nil
}

// parseExample reads the "# key: value" lines at the top of an example file.
func parseExample(name, text string) (Example, error) {
	ex := Example{Name: name, Query: text}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "#") {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "title":
			ex.Title = value
		case "role":
			ex.Role = value
		case "about":
			ex.About = value
		}
	}
	switch {
	case ex.Title == "":
		return ex, fmt.Errorf("no \"# title:\" line")
	case ex.Role != "PUBLIC" && ex.Role != "ANALYST":
		return ex, fmt.Errorf("\"# role:\" must be PUBLIC or ANALYST, not %q", ex.Role)
	case ex.About == "":
		return ex, fmt.Errorf("no \"# about:\" line")
	}
	return ex, nil
}

// examplesHandler serves the examples as JSON, encoded once.
func examplesHandler(examples []Example) http.Handler {
	body, err := json.Marshal(examples)
	if err != nil {
		panic(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}
