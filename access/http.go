package access

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Middleware turns the Authorization header into the request's Principal. No header means
// PUBLIC; a header that is not a known bearer key is refused with HTTP 401 and
// extensions.code UNAUTHENTICATED, never downgraded to PUBLIC.
func Middleware(keys *Keys, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		values := r.Header.Values("Authorization")
		if len(values) == 0 {
			next.ServeHTTP(w, r.WithContext(With(r.Context(), Principal{Role: Public})))
			return
		}
		// Credentials are never guessed at: several headers, or an empty one, are refused rather
		// than read as the first one or as PUBLIC.
		if len(values) > 1 {
			unauthenticated(w, "send one Authorization header, not several")
			return
		}
		header := strings.TrimSpace(values[0])
		if header == "" {
			unauthenticated(w, "the Authorization header is empty: send `Bearer <api key>`, or no header to use the API as PUBLIC")
			return
		}
		scheme, key, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			unauthenticated(w, "the Authorization header must be `Bearer <api key>`")
			return
		}
		p, ok := keys.Authenticate(strings.TrimSpace(key))
		if !ok {
			unauthenticated(w, "the API key is not valid; send no Authorization header to use the API as PUBLIC")
			return
		}
		next.ServeHTTP(w, r.WithContext(With(r.Context(), p)))
	})
}

func unauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="mnrgraph"`)
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": "UNAUTHENTICATED"}}},
	})
}
