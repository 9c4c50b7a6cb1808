package httpapi

import "testing"

func TestLoopbackOrigins(t *testing.T) {
	for origin, want := range map[string]bool{
		"http://localhost:5173": true, "http://127.0.0.1:3000": true, "http://[::1]:8081": true, "https://localhost": true,
		"http://localhost.evil.example": false, "http://127.0.0.1.nip.io": false, "file://localhost": false,
		"http://localhost:5173/path": false, "null": false, "": false, "http://10.0.0.1:3000": false,
	} {
		if got := isLoopbackOrigin(origin); got != want {
			t.Errorf("isLoopbackOrigin(%q) = %v, want %v", origin, got, want)
		}
	}
}

func TestRequestIDs(t *testing.T) {
	for id, want := range map[string]bool{
		"trace-42.a": true, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01": true, "a:b_c": true,
		"": false, "with space": false, "new\nline": false, "quote\"": false, string(make([]byte, 129)): false,
	} {
		if got := usableRequestID(id); got != want {
			t.Errorf("usableRequestID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestEntityTags(t *testing.T) {
	tag := etag("key")
	if tag == etag("key2") || tag != etag("key") || tag[0] != '"' || tag[len(tag)-1] != '"' {
		t.Fatalf("etag: %s", tag)
	}
	for header, want := range map[string]bool{
		tag: true, "W/" + tag: true, `"other", ` + tag: true, "*": true, `"other"`: false, "": false,
	} {
		if got := matchesTag(header, tag); got != want {
			t.Errorf("matchesTag(%q) = %v, want %v", header, got, want)
		}
	}
	if normalizeEncodings("gzip, zstd;q=0.9") != normalizeEncodings("GZIP,zstd; q=0.9") {
		t.Error("Accept-Encoding spelled two ways names two encodings")
	}
	if cacheable([]byte(`{"errors":[{"extensions":{"code":"REQUEST_TIMEOUT"}}]}`)) || !cacheable([]byte(`{"data":{"x":1}}`)) ||
		!cacheable([]byte(`{"errors":[{"extensions":{"code":"FORBIDDEN"}}],"data":{"x":null}}`)) {
		t.Error("cacheable: a timeout is kept or an answer is not")
	}
}
