// Command mnrgraph serves the MNR Graph GraphQL API and manages its Neo4j database.
//
//	mnrgraph [serve]      serve GraphQL on MNRGRAPH_ADDR (default 127.0.0.1:8080)
//	mnrgraph migrate      create constraints and indexes
//	mnrgraph load DIR     load a data release, e.g. data/2022.1
//	mnrgraph illustrative generate and load the illustrative (synthetic) assessments
//	mnrgraph import FILE  load assessments from CSV or JSON, all or nothing (--dry-run to validate)
//	mnrgraph mcp          serve the MCP tools to an AI assistant over stdio (key: MNRGRAPH_API_KEY)
//	mnrgraph dev-keys DIR development only: one API key per role in DIR (hashes in DIR/api-keys)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/illustrative"
	"github.com/mnrgraph/mnrgraph/graph/release"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/mnrgraph/mnrgraph/graphiql"
	"github.com/mnrgraph/mnrgraph/httpapi"
	"github.com/mnrgraph/mnrgraph/resolvers"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

const apiVersion = "0.1.0"

// config is every setting, read once from the environment.
type config struct {
	neo4j       store.Config
	addr        string
	metricsAddr string // where /metrics listens, apart from the API ("" when off)
	env         string
	corsOrigins []string
	// illustrative loads the illustrative assessments when the server starts.
	illustrative bool
	// keys are the accepted API keys (nil: everyone is PUBLIC).
	keys           *access.Keys
	suppressBelow  int
	limits         httpapi.Limits
	maxTokens      int
	maxBodyBytes   int64
	requestTimeout time.Duration
	// cacheMaxAge is how long browsers and CDNs may keep a PUBLIC GET answer, in seconds.
	cacheMaxAge int
	// runners, when set, receives the handler's Runner (serve warms the saved examples with it).
	runners chan httpapi.Runner
}

// logHandler writes logs as text lines for a person when the server runs in development with
// its log on a terminal, and as JSON lines (for a log collector) otherwise.
func logHandler() slog.Handler {
	if env("MNRGRAPH_ENV", "development") == "development" {
		if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return slog.NewTextHandler(os.Stderr, nil)
		}
	}
	return slog.NewJSONHandler(os.Stderr, nil)
}

func loadConfig() (config, error) {
	c := config{
		neo4j: store.Config{
			URI:      env("NEO4J_URI", "bolt://127.0.0.1:7687"),
			User:     env("NEO4J_USER", "neo4j"),
			Password: os.Getenv("NEO4J_PASSWORD"),
			Database: env("NEO4J_DATABASE", "neo4j"),
		},
		addr:        env("MNRGRAPH_ADDR", "127.0.0.1:8080"),
		metricsAddr: env("MNRGRAPH_METRICS_ADDR", "127.0.0.1:9464"),
		env:         env("MNRGRAPH_ENV", "development"),
	}
	if c.metricsAddr == "off" {
		c.metricsAddr = ""
	}
	if c.neo4j.Password == "" && os.Getenv("NEO4J_URI") == "" {
		// The local database the project provisions keeps its generated password here.
		if b, err := os.ReadFile(env("NEO4J_PASSWORD_FILE", ".neo4j/dev/password")); err == nil {
			c.neo4j.Password = strings.TrimSpace(string(b))
		}
	}
	switch v := strings.ToLower(os.Getenv("MNRGRAPH_ILLUSTRATIVE")); v {
	case "", "off", "false", "0", "no":
	case "on", "true", "1", "yes":
		c.illustrative = true
	default:
		return c, fmt.Errorf("MNRGRAPH_ILLUSTRATIVE must be on or off, not %q", v)
	}
	if c.env != "development" && c.env != "production" {
		return c, fmt.Errorf("MNRGRAPH_ENV must be development or production, not %q", c.env)
	}
	if path := os.Getenv("MNRGRAPH_API_KEYS_FILE"); path != "" {
		keys, err := access.LoadKeys(path)
		if err != nil {
			return c, err
		}
		c.keys = keys
	}
	ints := []struct {
		name string
		def  int
		to   *int
	}{
		{"MNRGRAPH_SUPPRESS_BELOW", 5, &c.suppressBelow},
		{"MNRGRAPH_MAX_DEPTH", httpapi.DefaultLimits.MaxDepth, &c.limits.MaxDepth},
		{"MNRGRAPH_MAX_ALIASES", httpapi.DefaultLimits.MaxAliases, &c.limits.MaxAliases},
		{"MNRGRAPH_MAX_ROOT_FIELDS", httpapi.DefaultLimits.MaxRootFields, &c.limits.MaxRootFields},
		{"MNRGRAPH_MAX_COST", httpapi.DefaultLimits.MaxCost, &c.limits.MaxCost},
		{"MNRGRAPH_MAX_FIELDS", httpapi.DefaultLimits.MaxFields, &c.limits.MaxFields},
		{"MNRGRAPH_MAX_TOKENS", 15000, &c.maxTokens},
		{"MNRGRAPH_CACHE_MAX_AGE", 60, &c.cacheMaxAge},
	}
	for _, i := range ints {
		*i.to = i.def
		if v := os.Getenv(i.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return c, fmt.Errorf("%s must be a whole number of 1 or more, not %q", i.name, v)
			}
			*i.to = n
		}
	}
	c.maxBodyBytes = 1 << 20
	if v := os.Getenv("MNRGRAPH_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return c, fmt.Errorf("MNRGRAPH_MAX_BODY_BYTES must be a number of bytes of at least 1024, not %q", v)
		}
		c.maxBodyBytes = n
	}
	for _, d := range []struct {
		name string
		def  time.Duration
		to   *time.Duration
	}{{"MNRGRAPH_REQUEST_TIMEOUT", 15 * time.Second, &c.requestTimeout}, {"NEO4J_QUERY_TIMEOUT", 10 * time.Second, &c.neo4j.QueryTimeout}} {
		*d.to = d.def
		if v := os.Getenv(d.name); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil || t <= 0 {
				return c, fmt.Errorf("%s must be a duration such as 15s, not %q", d.name, v)
			}
			*d.to = t
		}
	}
	if c.illustrative && c.env == "production" {
		return c, errors.New("MNRGRAPH_ILLUSTRATIVE=on is refused in production: illustrative assessments are synthetic")
	}
	for _, o := range strings.Split(os.Getenv("MNRGRAPH_CORS_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			if o == "*" {
				return c, errors.New("MNRGRAPH_CORS_ORIGINS: list the allowed origins; a wildcard is not accepted")
			}
			c.corsOrigins = append(c.corsOrigins, o)
		}
	}
	return c, nil
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

const usage = `mnrgraph: the MNR Graph GraphQL API over Neo4j

usage: mnrgraph [COMMAND]
  serve              serve the API (the default; MNRGRAPH_ADDR, default 127.0.0.1:8080)
  migrate            create Neo4j's constraints and indexes
  load DIR           load a data release (e.g. data/2022.1), all or nothing
  illustrative       generate and load the illustrative (synthetic) assessments (not in production)
  publish            audit the public aggregates as of today (jointly with every earlier
                     publication) and publish them; PUBLIC coverage reads the latest publication
  import [--dry-run] [--as LABEL] [--commit-every N] FILE.csv|FILE.json
                     import assessments, all or nothing (see README.md, Writing assessments)
  mcp                serve MCP (tools and resources for AI assistants) over stdin/stdout, reading
                     as the key in MNRGRAPH_API_KEY (none: PUBLIC); over HTTP it is at /mcp
  dev-keys DIR       write development API keys (one per role) and their keys file into DIR
  help               this text

Configuration is by environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, MNRGRAPH_*): see README.md.
`

func main() {
	slog.SetDefault(slog.New(logHandler()))
	if err := run(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // the command printed its usage
		}
		fmt.Fprintln(os.Stderr, "mnrgraph:", err)
		// The API tells clients only that the database is unavailable; an operator needs why.
		var ge *graph.Error
		if errors.As(err, &ge) && ge.Code == graph.CodeServiceUnavailable {
			if cause := ge.Unwrap(); cause != nil {
				uri := os.Getenv("NEO4J_URI")
				if uri == "" {
					uri = "the default NEO4J_URI"
				}
				fmt.Fprintf(os.Stderr, "mnrgraph: %s at %s: %v\n", describeOutage(cause), uri, cause)
			}
		}
		os.Exit(1)
	}
}

// describeOutage says in words what stopped a command from using Neo4j.
func describeOutage(cause error) string {
	var n4 *neo4j.Neo4jError
	if errors.As(cause, &n4) && strings.HasPrefix(n4.Code, "Neo.ClientError.Security.") {
		return "Neo4j refused the credentials (check NEO4J_USER and NEO4J_PASSWORD)"
	}
	return "Neo4j could not be reached or did not answer"
}

func run(args []string) error {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Print(usage)
		return nil
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(cfg.neo4j)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())

	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, db)
	case "migrate":
		return db.Migrate(ctx)
	case "load":
		if len(args) != 2 {
			return errors.New("usage: mnrgraph load DIR (e.g. data/2022.1)")
		}
		rel, err := release.Read(args[1])
		if err != nil {
			return err
		}
		if err := db.Migrate(ctx); err != nil {
			return err
		}
		if err := release.Load(ctx, db, rel); err != nil {
			return fmt.Errorf("loading %s: %w (nothing was written)", args[1], err)
		}
		fmt.Printf("loaded release %s from %s\n", rel.Version, args[1])
		return nil
	case "illustrative":
		return loadIllustrative(ctx, cfg, db)
	case "publish":
		return publish(ctx, cfg, db)
	case "import":
		return importAssessments(ctx, cfg, db, args[1:])
	case "mcp":
		return serveMCP(ctx, cfg, db)
	case "dev-keys":
		if len(args) != 2 {
			return errors.New("usage: mnrgraph dev-keys DIR")
		}
		return writeDevKeys(cfg, args[1])
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, load DIR, illustrative, publish, import FILE, mcp, dev-keys DIR; mnrgraph help for more)", cmd)
	}
}

// publish audits and publishes the public aggregates as of today (see store.Store.Publish).
func publish(ctx context.Context, cfg config, db *store.Store) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	pub, err := db.Publish(ctx, cfg.suppressBelow, "mnrgraph publish")
	if err != nil {
		return fmt.Errorf("publishing: %w (nothing was published)", err)
	}
	if pub.Unchanged {
		fmt.Printf("nothing changed since publication %d (as of %s): it stays the latest\n", pub.Number, pub.AsOf)
		return nil
	}
	fmt.Printf("published publication %d as of %s: %d of %d counts hidden (threshold %d)%s\n", pub.Number, pub.AsOf,
		pub.Hidden, pub.Cells, pub.Threshold, map[bool]string{true: "; it counts illustrative (synthetic) assessments", false: ""}[pub.Illustrative])
	return nil
}

func loadIllustrative(ctx context.Context, cfg config, db *store.Store) error {
	if cfg.env == "production" {
		return errors.New("illustrative assessments are synthetic and refused in production (MNRGRAPH_ENV=production)")
	}
	n, err := illustrative.Load(ctx, db)
	if err != nil {
		return err
	}
	fmt.Printf("loaded %d illustrative (synthetic) assessments\n", n)
	return nil
}

// newHandler builds the API's HTTP handler from the configuration, and the handler of its
// metrics, which are served on their own address.
func newHandler(cfg config, db *store.Store) (api, metrics http.Handler) {
	schema := resolvers.NewSchema(db, resolvers.Options{APIVersion: apiVersion, SuppressBelow: cfg.suppressBelow,
		Production: cfg.env == "production"})
	h, m := httpapi.New(httpapi.Options{
		Schema: schema, PresentError: resolvers.PresentError, Recover: resolvers.Recover, Store: db, Keys: cfg.keys, CORSOrigins: cfg.corsOrigins, Limits: cfg.limits,
		MaxTokens: cfg.maxTokens, MaxBodyBytes: cfg.maxBodyBytes, RequestTimeout: cfg.requestTimeout,
		Home: graphiqlHome(), MCP: mcpHTTP, Explore: explorePage(),
		// In development every loopback origin may call the API (each dev server has its port).
		LoopbackOrigins: cfg.env == "development", CacheMaxAge: cfg.cacheMaxAge,
		OnRunner: func(r httpapi.Runner) {
			if cfg.runners != nil {
				cfg.runners <- r
			}
		},
	})
	return h, m.Handler()
}

func serve(ctx context.Context, cfg config, db *store.Store) error {
	if os.Getenv("GOGC") == "" {
		// The live heap is small (tens of MB) and answers allocate quickly: collect at 4x the live
		// heap instead of 2x, which halves the time spent in the collector under load.
		debug.SetGCPercent(400)
	}
	cfg.runners = make(chan httpapi.Runner, 1)
	go func() {
		migrated := migrateWhenReachable(ctx, db)
		if migrated && cfg.illustrative {
			if err := loadIllustrative(ctx, cfg, db); err != nil {
				slog.Error("illustrative assessments not loaded", "error", err)
			} else if err := publish(ctx, cfg, db); err != nil {
				slog.Error("illustrative assessments not published", "error", err)
			}
		}
		if migrated {
			warmExamples(ctx, db, <-cfg.runners)
		}
	}()
	if _, ok := slog.Default().Handler().(*slog.JSONHandler); ok {
		// One line per request: written in batches (see bufferedLog), everything before exit.
		logs := newBufferedLog(os.Stderr, 64<<10, 100*time.Millisecond)
		defer logs.Close()
		slog.SetDefault(slog.New(slog.NewJSONHandler(logs, nil)))
	}
	api, metrics := newHandler(cfg, db)
	hs := &http.Server{
		Addr:              cfg.addr,
		Handler:           api,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.requestTimeout + 5*time.Second, // an answer computed in time is also delivered
		IdleTimeout:       120 * time.Second,
	}
	if addr := os.Getenv("MNRGRAPH_PPROF_ADDR"); addr != "" {
		// Go's profiler on its own listener (never on the API's): for benchmarks and diagnosis.
		go func() {
			mux := http.NewServeMux()
			mux.HandleFunc("/debug/pprof/", pprof.Index)
			mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
			mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
			slog.Info("profiler", "addr", "http://"+addr+"/debug/pprof/")
			if err := http.ListenAndServe(addr, mux); err != nil {
				slog.Error("profiler stopped", "error", err)
			}
		}()
	}
	ln, err := bind(cfg.addr, "MNRGRAPH_ADDR")
	if err != nil {
		return err
	}
	errc := make(chan error, 2)
	if cfg.metricsAddr != "" {
		// Metrics name the operations every role runs: they get a listener of their own, for the
		// scraper, and the API's address answers 404 for /metrics.
		mln, err := bind(cfg.metricsAddr, "MNRGRAPH_METRICS_ADDR")
		if err != nil {
			ln.Close()
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", metrics)
		ms := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
		defer ms.Close()
		go func() { errc <- serveOn(ms, mln) }()
		slog.Info("metrics", "addr", "http://"+cfg.metricsAddr+"/metrics")
	}
	go func() { errc <- serveOn(hs, ln) }()
	if cfg.env == "development" {
		fmt.Printf("\nMNR Graph is up: GraphiQL at http://%s/ (public data; send a key above as\n"+
			"`Authorization: Bearer <key>` for more), the API at http://%s/graphql. Stop with Ctrl-C.\n\n", cfg.addr, cfg.addr)
	}
	slog.Info("serving", "addr", "http://"+cfg.addr+"/graphql", "neo4j", cfg.neo4j.URI, "env", cfg.env)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}

// warmExamples learns every key requests can name (so that naming an existing key costs no check
// statement) and runs every saved GraphiQL example once, as its role, so that Neo4j has planned
// their statements before the first person asks one: a first answer then costs the query, not
// the planning (BENCHMARKS.md, "First answers"). It runs in the background and only logs; it
// returns how many examples answered without an error.
func warmExamples(ctx context.Context, db *store.Store, run httpapi.Runner) int {
	if st, err := db.State(ctx); err != nil || st.Version == "" {
		return 0 // nothing loaded yet: nothing to plan against
	}
	if n, err := db.LearnKeys(ctx); err != nil {
		slog.Warn("keys not learnt", "error", err)
	} else {
		slog.Info("keys learnt", "keys", n)
	}
	examples, err := graphiql.Examples()
	if err != nil {
		slog.Warn("saved examples not warmed", "error", err)
		return 0
	}
	start, warmed := time.Now(), 0
	for _, e := range examples {
		role, err := access.ParseRole(e.Role)
		if err != nil {
			continue
		}
		qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err = run(qctx, role, e.Query)
		cancel()
		if err != nil {
			slog.Warn("saved example not warmed", "example", e.Name, "error", err)
			continue
		}
		warmed++
	}
	slog.Info("saved examples planned", "examples", warmed, "of", len(examples), "ms", time.Since(start).Milliseconds())
	return warmed
}

// bind listens on addr; an address that cannot be used is reported when the server starts,
// naming the setting that chose it.
func bind(addr, setting string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s=%s: %w", setting, addr, err)
	}
	return ln, nil
}

// serveOn serves until the server is shut down, which is not an error.
func serveOn(s *http.Server, ln net.Listener) error {
	if err := s.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// migrateWhenReachable applies the schema at start, retrying while Neo4j is not up yet.
func migrateWhenReachable(ctx context.Context, db *store.Store) bool {
	for {
		err := db.Migrate(ctx)
		if err == nil {
			return true
		}
		slog.Warn("schema migration waits for neo4j", "error", err)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(3 * time.Second):
		}
	}
}
