// Package benchdb connects the benchmark tools to the bench Neo4j instance.
package benchdb

import (
	"os"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Settings reads NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, defaulting to the bench instance.
func Settings() (uri, user, password string) {
	uri = os.Getenv("NEO4J_URI")
	if uri == "" {
		uri = "bolt://127.0.0.1:7689"
	}
	user = os.Getenv("NEO4J_USER")
	if user == "" {
		user = "neo4j"
	}
	password = os.Getenv("NEO4J_PASSWORD")
	if password == "" {
		if b, err := os.ReadFile(".neo4j/bench/password"); err == nil {
			password = strings.TrimSpace(string(b))
		}
	}
	return
}

// Driver opens a driver with the same pool settings as the API server (50 connections).
func Driver() (neo4j.DriverWithContext, error) {
	uri, user, password := Settings()
	return neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""), func(c *config.Config) {
		c.MaxConnectionPoolSize = 50
		c.ConnectionAcquisitionTimeout = 30 * time.Second
	})
}
