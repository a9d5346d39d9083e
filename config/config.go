package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve on machines without zoneinfo

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// DefaultFile is read when no --config is given and it exists.
const DefaultFile = "pulse.yaml"

// EnvPrefix prefixes every environment variable.
const EnvPrefix = "PULSE"

// Config is the whole configuration.
type Config struct {
	// DataDir holds the index and the lock file.
	DataDir string `mapstructure:"data_dir" yaml:"data_dir"`
	// Timezone is used for dates given without one (input and filters)
	// and for date buckets.
	Timezone string  `mapstructure:"timezone" yaml:"timezone"`
	Sample   Sample  `mapstructure:"sample" yaml:"sample"`
	Server   Server  `mapstructure:"server" yaml:"server"`
	Search   Search  `mapstructure:"search" yaml:"search"`
	Ingest   Ingest  `mapstructure:"ingest" yaml:"ingest"`
	Auth     Auth    `mapstructure:"auth" yaml:"auth"`
	Log      Log     `mapstructure:"log" yaml:"log"`
	Limits   Limits  `mapstructure:"limits" yaml:"limits"`
	Related  Related `mapstructure:"related" yaml:"related"`
	Widget   Widget  `mapstructure:"widget" yaml:"widget"`
	Web      Web     `mapstructure:"web" yaml:"web"`
	Feeds    Feeds   `mapstructure:"feeds" yaml:"feeds"`
	Cluster  Cluster `mapstructure:"cluster" yaml:"cluster"`

	location *time.Location
}

// Sample controls the embedded sample corpus.
type Sample struct {
	// Load ingests the sample into an empty index on `pulse serve`.
	Load bool `mapstructure:"load" yaml:"load"`
}

// Server holds the HTTP server's settings and request limits.
type Server struct {
	Addr           string        `mapstructure:"addr" yaml:"addr"`
	ReadTimeout    time.Duration `mapstructure:"read_timeout" yaml:"read_timeout"`
	WriteTimeout   time.Duration `mapstructure:"write_timeout" yaml:"write_timeout"`
	IdleTimeout    time.Duration `mapstructure:"idle_timeout" yaml:"idle_timeout"`
	ShutdownGrace  time.Duration `mapstructure:"shutdown_grace" yaml:"shutdown_grace"`
	MaxBodyBytes   int64         `mapstructure:"max_body_bytes" yaml:"max_body_bytes"`
	MaxHeaderBytes int           `mapstructure:"max_header_bytes" yaml:"max_header_bytes"`
	RequestTimeout time.Duration `mapstructure:"request_timeout" yaml:"request_timeout"`
	TrustedProxies []string      `mapstructure:"trusted_proxies" yaml:"trusted_proxies"`
	// TLSCert and TLSKey, when both set, serve HTTPS from these files.
	TLSCert string `mapstructure:"tls_cert" yaml:"tls_cert"`
	TLSKey  string `mapstructure:"tls_key" yaml:"tls_key"`
}

// Limits protects the server from abuse: per-client request rates
// (requests per second, with a burst) for each class of endpoint, and a
// bound on searches running at once.
type Limits struct {
	Enabled      bool    `mapstructure:"enabled" yaml:"enabled"`
	SearchRate   float64 `mapstructure:"search_rate" yaml:"search_rate"`
	SearchBurst  int     `mapstructure:"search_burst" yaml:"search_burst"`
	RelatedRate  float64 `mapstructure:"related_rate" yaml:"related_rate"`
	RelatedBurst int     `mapstructure:"related_burst" yaml:"related_burst"`
	WriteRate    float64 `mapstructure:"write_rate" yaml:"write_rate"`
	WriteBurst   int     `mapstructure:"write_burst" yaml:"write_burst"`
	// MaxConcurrent bounds expensive requests (searches, exports) running
	// at once (0: two per CPU); one more waits at most QueueWait, then gets
	// a 503. A wait well under the latency a site wants keeps the searches
	// that are served fast under overload (measured: 100 ms of wait made
	// the served p99 five times the 50 ms target; 20 ms halved it).
	MaxConcurrent int           `mapstructure:"max_concurrent" yaml:"max_concurrent"`
	QueueWait     time.Duration `mapstructure:"queue_wait" yaml:"queue_wait"`
	// TokenRate and TokenBurst limit requests that carry a valid API token
	// (auth.write_tokens), per token instead of per address and for every
	// class: a script is one known client, not a crowd behind one address.
	TokenRate  float64 `mapstructure:"token_rate" yaml:"token_rate"`
	TokenBurst int     `mapstructure:"token_burst" yaml:"token_burst"`
}

// Related tunes related stories (see search/related for the method).
type Related struct {
	DefaultLimit int `mapstructure:"default_limit" yaml:"default_limit"`
	MaxLimit     int `mapstructure:"max_limit" yaml:"max_limit"`
	// CacheSize bounds the cached related lists (0 disables the cache).
	CacheSize int `mapstructure:"cache_size" yaml:"cache_size"`
	// MaxTerms is how many of an article's most distinctive terms find
	// candidates; Candidates how many candidates are re-ranked.
	MaxTerms   int `mapstructure:"max_terms" yaml:"max_terms"`
	Candidates int `mapstructure:"candidates" yaml:"candidates"`
	// MaxDocShare leaves out of the candidate search the terms found in
	// more than this share of the articles: they say little, and their
	// long posting lists are most of a cold list's time.
	MaxDocShare float64 `mapstructure:"max_doc_share" yaml:"max_doc_share"`
	// EntityWeight weighs a shared entity against a term.
	EntityWeight float64 `mapstructure:"entity_weight" yaml:"entity_weight"`
	// HalfLife and TimeFloor shape the time signal: a candidate HalfLife
	// apart keeps half-way between 1 and TimeFloor of its score.
	HalfLife  time.Duration `mapstructure:"half_life" yaml:"half_life"`
	TimeFloor float64       `mapstructure:"time_floor" yaml:"time_floor"`
	// MinScore is the least score a related story must reach.
	MinScore float64 `mapstructure:"min_score" yaml:"min_score"`
	// Rerank compares whole articles for the final order (better, slower
	// on a cold cache); off keeps the retrieval order.
	Rerank bool `mapstructure:"rerank" yaml:"rerank"`
	// MaxExclude bounds the ids one request may exclude.
	MaxExclude int `mapstructure:"max_exclude" yaml:"max_exclude"`
	// PageLimit is the number of related stories the article page asks
	// for, at most MaxLimit.
	PageLimit int `mapstructure:"page_limit" yaml:"page_limit"`
	// CopySimilarity is the body similarity (Jaccard, of word trigrams)
	// from which two articles with the same title are copies of one
	// story, which a list shows once; 0 makes the same title enough.
	CopySimilarity float64 `mapstructure:"copy_similarity" yaml:"copy_similarity"`
}

// Widget configures the embeddable related-stories widget.
type Widget struct {
	// AllowedOrigins may fetch the JSON (CORS) and frame the fragment
	// (CSP frame-ancestors); empty allows none but the server itself.
	AllowedOrigins []string `mapstructure:"allowed_origins" yaml:"allowed_origins"`
	// MaxAge is the Cache-Control max-age of widget responses.
	MaxAge time.Duration `mapstructure:"max_age" yaml:"max_age"`
}

// Feeds configures `pulse watch` and the watcher inside `pulse serve`.
type Feeds struct {
	// URLs are the RSS, Atom or JSON feeds to poll.
	URLs []string `mapstructure:"urls" yaml:"urls"`
	// Interval between polls of one feed; MaxBackoff bounds the wait
	// after repeated errors.
	Interval   time.Duration `mapstructure:"interval" yaml:"interval"`
	MaxBackoff time.Duration `mapstructure:"max_backoff" yaml:"max_backoff"`
	// InServe polls the feeds inside `pulse serve`.
	InServe bool `mapstructure:"in_serve" yaml:"in_serve"`
	// Timeout bounds one HTTP request for a feed or an article page.
	Timeout time.Duration `mapstructure:"timeout" yaml:"timeout"`
	// MaxBytes caps a fetched feed; MaxPageBytes a fetched article page.
	MaxBytes     int64 `mapstructure:"max_bytes" yaml:"max_bytes"`
	MaxPageBytes int64 `mapstructure:"max_page_bytes" yaml:"max_page_bytes"`
	// UserAgent is sent with every request for a feed or an article
	// page; empty sends none.
	UserAgent string `mapstructure:"user_agent" yaml:"user_agent"`
}

// Web configures the page.
type Web struct {
	// ExportMax caps the articles one export or feed may return.
	ExportMax int `mapstructure:"export_max" yaml:"export_max"`
	// ZeroResultLog bounds the log of searches that found nothing.
	ZeroResultLog int `mapstructure:"zero_result_log" yaml:"zero_result_log"`
}

// Search holds search limits and defaults.
type Search struct {
	DefaultPerPage int `mapstructure:"default_per_page" yaml:"default_per_page"`
	MaxPerPage     int `mapstructure:"max_per_page" yaml:"max_per_page"`
	// MaxResultWindow bounds (page × per_page), as Elasticsearch's
	// index.max_result_window does, because deep offsets cost memory.
	MaxResultWindow int `mapstructure:"max_result_window" yaml:"max_result_window"`
	MaxQueryLength  int `mapstructure:"max_query_length" yaml:"max_query_length"`
	// MaxFilterValues bounds the values of one filter parameter.
	MaxFilterValues int           `mapstructure:"max_filter_values" yaml:"max_filter_values"`
	FacetSize       int           `mapstructure:"facet_size" yaml:"facet_size"`
	Timeout         time.Duration `mapstructure:"timeout" yaml:"timeout"`
	SnippetLength   int           `mapstructure:"snippet_length" yaml:"snippet_length"`
	// TitleBoost weighs a match in the title against one in the body.
	TitleBoost float64 `mapstructure:"title_boost" yaml:"title_boost"`
	// RecencyHalfLife and RecencyWeight blend relevance with age: an
	// article one half-life older than the newest in the index keeps
	// (1 − w/2) of its score. Weight 0 turns recency off.
	RecencyHalfLife time.Duration `mapstructure:"recency_half_life" yaml:"recency_half_life"`
	RecencyWeight   float64       `mapstructure:"recency_weight" yaml:"recency_weight"`
	// DefaultOperator joins words without an operator: AND or OR.
	DefaultOperator string `mapstructure:"default_operator" yaml:"default_operator"`
	// LongQueryMatch is the share of words a query of more than four
	// words side by side must match under AND (1: all of them; 0.01: any
	// one, the articles with more of them ranking first), so that a
	// pasted headline or paragraph still finds its story.
	LongQueryMatch float64 `mapstructure:"long_query_match" yaml:"long_query_match"`
	// WidenBelow widens a query of two to four words under AND, in
	// relevance order, to the articles with any of its words when fewer
	// than this many hold them all (the articles with all of them mostly
	// rank first anyway); 0 or 1 widens only when none does.
	WidenBelow int `mapstructure:"widen_below" yaml:"widen_below"`
	// BM25K1 and BM25B are the BM25 parameters of query words: how fast
	// repeating a word stops adding to the score, and how much a field's
	// length (against the field's mean) discounts it (0: not at all).
	BM25K1 float64 `mapstructure:"bm25_k1" yaml:"bm25_k1"`
	BM25B  float64 `mapstructure:"bm25_b" yaml:"bm25_b"`
	// ProximityWeight weighs the bonus of two words written side by side
	// found next to each other; 0 turns it off.
	ProximityWeight float64 `mapstructure:"proximity_weight" yaml:"proximity_weight"`
	// FeedbackDocs, FeedbackTerms and FeedbackWeight are the
	// pseudo-relevance feedback of queries of more than four words: the
	// first articles taken as relevant, the terms drawn from them, and
	// the expansion's share of the query's weight; any of them 0 turns
	// feedback off.
	FeedbackDocs   int     `mapstructure:"feedback_docs" yaml:"feedback_docs"`
	FeedbackTerms  int     `mapstructure:"feedback_terms" yaml:"feedback_terms"`
	FeedbackWeight float64 `mapstructure:"feedback_weight" yaml:"feedback_weight"`
	// FeedbackContext and FeedbackContrast set the feedback terms against
	// the query's first FeedbackContext results (0: not at all): a term
	// found in most of them is the subject's common vocabulary, whose
	// archive-wide idf grows with the unrelated articles the archive
	// holds; its weight is multiplied by (its idf among those results ÷
	// the idf of a term in one of them)^FeedbackContrast. On the judged
	// collections it narrows the loss from adding unrelated articles
	// (eval/relevance/README.md, fourth pass); with feedback articles
	// weighed by length, the plain ratio (1) gains most (sixth pass). It
	// reads the candidate terms' postings at each of those results.
	FeedbackContext  int     `mapstructure:"feedback_context" yaml:"feedback_context"`
	FeedbackContrast float64 `mapstructure:"feedback_contrast" yaml:"feedback_contrast"`
	// FeedbackSmoothing weighs each feedback article's words by its
	// length: a word's share of the article is its count ÷ (the
	// article's length + FeedbackSmoothing × the archive's mean article
	// length, both of title and body), the own-text part of the
	// Dirichlet-smoothed document model of Lavrenko and Croft's relevance
	// models, so that a five-word record among the first results does not
	// weigh as much as a feature (0: the count ÷ the length;
	// eval/relevance/README.md, sixth pass).
	FeedbackSmoothing float64 `mapstructure:"feedback_smoothing" yaml:"feedback_smoothing"`
	// MaxClauses, MaxDepth and MaxExpansions bound a parsed query: its
	// clauses, its nesting, and the terms one prefix or fuzzy word may
	// expand to.
	MaxClauses    int `mapstructure:"max_clauses" yaml:"max_clauses"`
	MaxDepth      int `mapstructure:"max_depth" yaml:"max_depth"`
	MaxExpansions int `mapstructure:"max_expansions" yaml:"max_expansions"`
	// CacheSize bounds the cached search results (0 disables the cache).
	// Every write empties it.
	CacheSize int `mapstructure:"cache_size" yaml:"cache_size"`
}

// Ingest holds the write side's settings.
type Ingest struct {
	BatchSize int `mapstructure:"batch_size" yaml:"batch_size"`
	// Workers run reading and extraction in parallel; 0 means one per CPU.
	Workers int `mapstructure:"workers" yaml:"workers"`
	// Byte caps of one input item, past which it is rejected as too
	// large: an HTML page, a raw text page, a feed file, a file read
	// whole (a ninjs JSON array or object stream, a Reuters SGML file),
	// and one line of JSON Lines or NDJSON.
	MaxPageBytes int64 `mapstructure:"max_page_bytes" yaml:"max_page_bytes"`
	MaxTextBytes int64 `mapstructure:"max_text_bytes" yaml:"max_text_bytes"`
	MaxFeedBytes int64 `mapstructure:"max_feed_bytes" yaml:"max_feed_bytes"`
	MaxFileBytes int64 `mapstructure:"max_file_bytes" yaml:"max_file_bytes"`
	MaxLineBytes int64 `mapstructure:"max_line_bytes" yaml:"max_line_bytes"`
	// MaxStoryBytes caps one Reuters-21578 story (<REUTERS> to
	// </REUTERS>); MaxFileBytes caps the file, which is read whole.
	MaxStoryBytes int64 `mapstructure:"max_story_bytes" yaml:"max_story_bytes"`
}

// Auth holds the bearer tokens that unlock write endpoints. With none,
// writes over HTTP are disabled.
type Auth struct {
	WriteTokens []string `mapstructure:"write_tokens" yaml:"write_tokens"`
}

// Cluster configures replicas fed from a NATS JetStream log. Unset (not
// Embedded and no NATSURLs), a node is on its own and starts nothing of
// NATS.
type Cluster struct {
	// Embedded runs a NATS server inside this node, one of the cluster
	// that Routes lists: three Pulse nodes then need nothing else.
	Embedded bool `mapstructure:"embedded" yaml:"embedded"`
	// Name is the NATS cluster's name, the same on every server.
	Name string `mapstructure:"name" yaml:"name"`
	// NATSListen is the embedded server's client address (host:port);
	// RouteListen its cluster-route address.
	NATSListen  string `mapstructure:"nats_listen" yaml:"nats_listen"`
	RouteListen string `mapstructure:"route_listen" yaml:"route_listen"`
	// Routes are the nats-route://host:port URLs of all the cluster's
	// servers, this one's included: one for a single server, or three.
	Routes []string `mapstructure:"routes" yaml:"routes"`
	// NATSURLs are the nats:// URLs of an existing cluster to use instead
	// of an embedded server.
	NATSURLs []string `mapstructure:"nats_urls" yaml:"nats_urls"`
	// MaxLag is how many changes of the log a node may be behind and
	// still answer /readyz with 200.
	MaxLag int64 `mapstructure:"max_lag" yaml:"max_lag"`
	// MinSeqWait is how long a read with min_seq=N waits for this node
	// to apply change N before it answers 503; 0 answers at once.
	MinSeqWait time.Duration `mapstructure:"min_seq_wait" yaml:"min_seq_wait"`
	// LeaseTTL is how long the feed-polling lease outlives its holder's
	// last renewal: the longest feeds go unpolled after the holder dies.
	// LeaseRenew is how often the holder renews it, less than LeaseTTL.
	LeaseTTL   time.Duration `mapstructure:"lease_ttl" yaml:"lease_ttl"`
	LeaseRenew time.Duration `mapstructure:"lease_renew" yaml:"lease_renew"`
	// SnapshotInterval is how often the holder of the snapshots' lease
	// publishes the index to the NATS object store, when it has applied
	// something since: a new or wiped node starts from the newest.
	SnapshotInterval time.Duration `mapstructure:"snapshot_interval" yaml:"snapshot_interval"`
	// StreamMaxAge and StreamMaxBytes bound the log's stream: JetStream
	// drops messages older than StreamMaxAge, and the oldest while the
	// stream is over StreamMaxBytes; 0 is no bound. A node behind what
	// the stream still holds starts from the newest snapshot, so
	// StreamMaxAge must leave room for a snapshot (more than
	// SnapshotInterval).
	StreamMaxAge   time.Duration `mapstructure:"stream_max_age" yaml:"stream_max_age"`
	StreamMaxBytes int64         `mapstructure:"stream_max_bytes" yaml:"stream_max_bytes"`
	// MaxBatch is the most articles one request may write through the
	// log: a request's articles are one atomic batch of JetStream, all
	// written or none, and JetStream refuses a batch over its server
	// limit (max_batch_size, 1000 by default; the embedded server is
	// given this value). A larger request is refused with 413; a feed
	// poll larger than this is written in several batches.
	MaxBatch int `mapstructure:"max_batch" yaml:"max_batch"`
	// User and Password, or Token, are the NATS credentials: those the
	// embedded server asks of its clients and of the other servers'
	// routes, and those a node gives the servers. Empty: none.
	User     string `mapstructure:"user" yaml:"user"`
	Password string `mapstructure:"password" yaml:"password"`
	Token    string `mapstructure:"token" yaml:"token"`
	// TLSCert, TLSKey and TLSCA are PEM files, set together or not at
	// all: this node's certificate and private key, and the certificate
	// authority that signed every node's. The embedded server serves
	// TLS with them to clients and to the other servers' routes, and
	// asks each for a certificate of that authority; the node's own
	// client gives its certificate and trusts that authority alone,
	// with the embedded server or cluster.nats_urls. Each node's
	// certificate names the hosts of its cluster.nats_listen and
	// cluster.route_listen, and is for both server and client use.
	TLSCert string `mapstructure:"tls_cert" yaml:"tls_cert"`
	TLSKey  string `mapstructure:"tls_key" yaml:"tls_key"`
	TLSCA   string `mapstructure:"tls_ca" yaml:"tls_ca"`
}

// Enabled reports whether a cluster is configured.
func (c Cluster) Enabled() bool { return c.Embedded || len(c.NATSURLs) > 0 }

// Log holds logging settings.
type Log struct {
	Level  string `mapstructure:"level" yaml:"level"`
	Format string `mapstructure:"format" yaml:"format"`
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		DataDir:  "pulse-data",
		Timezone: "UTC",
		Sample:   Sample{Load: true},
		Server: Server{
			Addr:           "127.0.0.1:8080",
			ReadTimeout:    15 * time.Second,
			WriteTimeout:   60 * time.Second,
			IdleTimeout:    120 * time.Second,
			ShutdownGrace:  20 * time.Second,
			MaxBodyBytes:   32 << 20,
			MaxHeaderBytes: 64 << 10,
			RequestTimeout: 30 * time.Second,
			TrustedProxies: []string{},
		},
		Search: Search{
			DefaultPerPage:  10,
			MaxPerPage:      100,
			MaxResultWindow: 10000,
			MaxQueryLength:  1000,
			MaxFilterValues: 20,
			FacetSize:       10,
			Timeout:         10 * time.Second,
			SnippetLength:   240,
			TitleBoost:      2,
			RecencyHalfLife: 90 * 24 * time.Hour,
			RecencyWeight:   0.25,
			DefaultOperator: "AND",
			LongQueryMatch:  0.01,
			WidenBelow:      50,
			BM25K1:          1.2,
			BM25B:           0.75,
			ProximityWeight: 0.5,
			FeedbackDocs:    5,
			FeedbackTerms:   20,
			FeedbackWeight:  0.3,
			MaxClauses:      256,
			MaxDepth:        16,
			MaxExpansions:   100,
			CacheSize:       1024,

			FeedbackContext:   1000,
			FeedbackContrast:  1,
			FeedbackSmoothing: 2,
		},
		Ingest: Ingest{BatchSize: 1000, Workers: 0, MaxPageBytes: 16 << 20, MaxTextBytes: 4 << 20, MaxFeedBytes: 64 << 20, MaxFileBytes: 1 << 30, MaxLineBytes: 16 << 20, MaxStoryBytes: 4 << 20},
		Auth:   Auth{WriteTokens: []string{}},
		Log:    Log{Level: "info", Format: "text"},
		Limits: Limits{
			Enabled:    true,
			SearchRate: 20, SearchBurst: 40,
			RelatedRate: 50, RelatedBurst: 100,
			WriteRate: 5, WriteBurst: 10,
			MaxConcurrent: 0,
			QueueWait:     20 * time.Millisecond,
			TokenRate:     500, TokenBurst: 1000,
		},
		Related: Related{
			DefaultLimit: 5, MaxLimit: 50, CacheSize: 4096,
			MaxTerms: 10, Candidates: 20, EntityWeight: 1, MaxDocShare: 0.05,
			HalfLife: 30 * 24 * time.Hour, TimeFloor: 0.3, MinScore: 0.05,
			Rerank: true, MaxExclude: 50, PageLimit: 8, CopySimilarity: 0.9,
		},
		Widget:  Widget{AllowedOrigins: []string{}, MaxAge: 5 * time.Minute},
		Web:     Web{ExportMax: 10000, ZeroResultLog: 500},
		Cluster: Cluster{Name: "pulse", Routes: []string{}, NATSURLs: []string{}, MaxLag: 1000, MinSeqWait: 5 * time.Second, LeaseTTL: 30 * time.Second, LeaseRenew: 10 * time.Second, SnapshotInterval: time.Hour, MaxBatch: 1000},
		Feeds:   Feeds{URLs: []string{}, Interval: 10 * time.Minute, MaxBackoff: 6 * time.Hour, Timeout: 30 * time.Second, MaxBytes: 64 << 20, MaxPageBytes: 8 << 20, UserAgent: "Pulse/1 (news search; feed reader)"},
	}
}

// Options says where Load looks besides the defaults and the environment.
type Options struct {
	// File is the --config path; empty means DefaultFile if it exists.
	File string
	// Flags are the command's flags; Bind maps a flag name to its key.
	// Only flags the user set override the other sources.
	Flags *pflag.FlagSet
	Bind  map[string]string
	// Environ replaces os.Environ, for tests.
	Environ []string
}

// Load reads the configuration and validates it.
//
// It returns an error naming the key and the value for an unknown key in
// the file, a value of the wrong type, or a value Validate refuses.
func Load(opts Options) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")

	// Every key gets a default: this is also what lets AutomaticEnv reach
	// nested keys on Unmarshal.
	def := Defaults()
	for key, val := range flatten(def) {
		v.SetDefault(key, val)
	}
	known := flatten(def)

	environ := opts.Environ
	if environ == nil {
		environ = os.Environ()
	}
	// Only our keys' variables are read; other PULSE_* variables (such as
	// PulseAudio's PULSE_SERVER) are not ours and are left alone.
	env := map[string]string{}
	for _, kv := range environ {
		k, val, ok := strings.Cut(kv, "=")
		if ok {
			env[k] = val
		}
	}
	for key := range known {
		if val, ok := env[EnvName(key)]; ok {
			v.Set(key, val)
		}
	}

	file := opts.File
	if file == "" {
		if _, err := os.Stat(DefaultFile); err == nil {
			file = DefaultFile
		}
	}
	if file != "" {
		fv := viper.New()
		fv.SetConfigFile(file)
		fv.SetConfigType("yaml")
		if err := fv.ReadInConfig(); err != nil {
			return nil, fmt.Errorf("config file %s: %w", file, err)
		}
		for _, key := range fv.AllKeys() {
			if _, ok := known[key]; !ok {
				return nil, fmt.Errorf("config file %s: unknown key %q%s", file, key, suggest(key, known))
			}
			// The environment outranks the file.
			if _, ok := env[EnvName(key)]; ok {
				continue
			}
			v.Set(key, fv.Get(key))
		}
	}

	if opts.Flags != nil {
		for name, key := range opts.Bind {
			f := opts.Flags.Lookup(name)
			if f == nil || !f.Changed {
				continue
			}
			if _, ok := known[key]; !ok {
				return nil, fmt.Errorf("flag --%s is bound to unknown key %q", name, key)
			}
			v.Set(key, f.Value.String())
		}
	}

	var c Config
	err := v.UnmarshalExact(&c, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.StringToSliceHookFunc(","),
	)))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	for _, list := range [][]string{c.Auth.WriteTokens, c.Cluster.Routes, c.Cluster.NATSURLs} {
		for i, t := range list {
			list[i] = strings.TrimSpace(t)
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// EnvName is the environment variable for a key: "server.addr" →
// "PULSE_SERVER_ADDR".
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Keys lists every configuration key, sorted.
func Keys() []string {
	m := flatten(Defaults())
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Validate checks every value and returns an error naming the first bad
// key and its value.
func (c *Config) Validate() error {
	bad := func(key string, val any, why string) error {
		return fmt.Errorf("config: %s: %s, got %q", key, why, fmt.Sprint(val))
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return bad("data_dir", c.DataDir, "must not be empty")
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		return bad("timezone", c.Timezone, "must be an IANA time zone such as UTC or Europe/London")
	}
	c.location = loc
	if _, port, err := net.SplitHostPort(c.Server.Addr); err != nil {
		return bad("server.addr", c.Server.Addr, "must be HOST:PORT")
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return bad("server.addr", c.Server.Addr, "port must be a number from 0 to 65535")
	}
	durations := []struct {
		key string
		d   time.Duration
	}{
		{"server.read_timeout", c.Server.ReadTimeout},
		{"server.write_timeout", c.Server.WriteTimeout},
		{"server.idle_timeout", c.Server.IdleTimeout},
		{"server.shutdown_grace", c.Server.ShutdownGrace},
		{"server.request_timeout", c.Server.RequestTimeout},
		{"search.timeout", c.Search.Timeout},
		{"search.recency_half_life", c.Search.RecencyHalfLife},
		{"limits.queue_wait", c.Limits.QueueWait},
		{"related.half_life", c.Related.HalfLife},
		{"widget.max_age", c.Widget.MaxAge},
		{"feeds.interval", c.Feeds.Interval},
		{"feeds.max_backoff", c.Feeds.MaxBackoff},
		{"feeds.timeout", c.Feeds.Timeout},
	}
	for _, d := range durations {
		if d.d <= 0 {
			return bad(d.key, d.d, "must be a positive duration such as 10s")
		}
	}
	ints := []struct {
		key      string
		val      int64
		min, max int64
	}{
		{"server.max_body_bytes", c.Server.MaxBodyBytes, 1 << 10, 1 << 34},
		{"server.max_header_bytes", int64(c.Server.MaxHeaderBytes), 1 << 10, 16 << 20},
		{"search.max_per_page", int64(c.Search.MaxPerPage), 1, 10000},
		{"search.default_per_page", int64(c.Search.DefaultPerPage), 1, int64(c.Search.MaxPerPage)},
		{"search.max_result_window", int64(c.Search.MaxResultWindow), int64(c.Search.MaxPerPage), 1 << 24},
		{"search.max_query_length", int64(c.Search.MaxQueryLength), 1, 1 << 20},
		{"search.max_filter_values", int64(c.Search.MaxFilterValues), 1, 1000},
		{"search.facet_size", int64(c.Search.FacetSize), 1, 1000},
		{"search.snippet_length", int64(c.Search.SnippetLength), 20, 10000},
		{"search.max_clauses", int64(c.Search.MaxClauses), 1, 100000},
		{"search.max_depth", int64(c.Search.MaxDepth), 1, 1000},
		{"search.max_expansions", int64(c.Search.MaxExpansions), 1, 100000},
		{"search.cache_size", int64(c.Search.CacheSize), 0, 1 << 20},
		{"ingest.batch_size", int64(c.Ingest.BatchSize), 1, 100000},
		{"cluster.max_batch", int64(c.Cluster.MaxBatch), 1, 100000},
		{"limits.search_burst", int64(c.Limits.SearchBurst), 1, 1 << 20},
		{"limits.related_burst", int64(c.Limits.RelatedBurst), 1, 1 << 20},
		{"limits.write_burst", int64(c.Limits.WriteBurst), 1, 1 << 20},
		{"limits.max_concurrent", int64(c.Limits.MaxConcurrent), 0, 10000},
		{"limits.token_burst", int64(c.Limits.TokenBurst), 1, 1 << 20},
		{"related.max_limit", int64(c.Related.MaxLimit), 1, 1000},
		{"related.default_limit", int64(c.Related.DefaultLimit), 1, int64(c.Related.MaxLimit)},
		{"related.cache_size", int64(c.Related.CacheSize), 0, 1 << 24},
		{"related.max_terms", int64(c.Related.MaxTerms), 1, 1000},
		{"related.candidates", int64(c.Related.Candidates), 1, 10000},
		{"related.max_exclude", int64(c.Related.MaxExclude), 0, 10000},
		{"related.page_limit", int64(c.Related.PageLimit), 1, int64(c.Related.MaxLimit)},
		{"web.export_max", int64(c.Web.ExportMax), 1, 10000000},
		{"web.zero_result_log", int64(c.Web.ZeroResultLog), 1, 1000000},
		{"ingest.workers", int64(c.Ingest.Workers), 0, 1024},
		{"ingest.max_page_bytes", c.Ingest.MaxPageBytes, 1 << 10, 1 << 34},
		{"ingest.max_text_bytes", c.Ingest.MaxTextBytes, 1 << 10, 1 << 34},
		{"ingest.max_feed_bytes", c.Ingest.MaxFeedBytes, 1 << 10, 1 << 34},
		{"ingest.max_file_bytes", c.Ingest.MaxFileBytes, 1 << 10, 1 << 40},
		{"ingest.max_line_bytes", c.Ingest.MaxLineBytes, 1 << 10, 1 << 34},
		{"ingest.max_story_bytes", c.Ingest.MaxStoryBytes, 1 << 10, 1 << 34},
		{"feeds.max_bytes", c.Feeds.MaxBytes, 1 << 10, 1 << 34},
		{"feeds.max_page_bytes", c.Feeds.MaxPageBytes, 1 << 10, 1 << 34},
	}
	for _, i := range ints {
		if i.val < i.min || i.val > i.max {
			return bad(i.key, i.val, fmt.Sprintf("must be between %d and %d", i.min, i.max))
		}
	}
	if c.Search.TitleBoost <= 0 || c.Search.TitleBoost > 100 {
		return bad("search.title_boost", c.Search.TitleBoost, "must be above 0 and at most 100")
	}
	for _, r := range []struct {
		key string
		v   float64
	}{{"limits.search_rate", c.Limits.SearchRate}, {"limits.related_rate", c.Limits.RelatedRate}, {"limits.write_rate", c.Limits.WriteRate}, {"limits.token_rate", c.Limits.TokenRate}} {
		if r.v <= 0 {
			return bad(r.key, r.v, "must be a positive number of requests per second")
		}
	}
	if c.Related.EntityWeight < 0 || c.Related.EntityWeight > 100 {
		return bad("related.entity_weight", c.Related.EntityWeight, "must be between 0 and 100")
	}
	if c.Related.MaxDocShare <= 0 || c.Related.MaxDocShare > 1 {
		return bad("related.max_doc_share", c.Related.MaxDocShare, "must be above 0 and at most 1")
	}
	if c.Related.TimeFloor <= 0 || c.Related.TimeFloor > 1 {
		return bad("related.time_floor", c.Related.TimeFloor, "must be above 0 and at most 1 (1 turns the time signal off)")
	}
	if c.Related.MinScore < 0 || c.Related.MinScore >= 1 {
		return bad("related.min_score", c.Related.MinScore, "must be at least 0 and below 1")
	}
	if c.Related.CopySimilarity < 0 || c.Related.CopySimilarity > 1 {
		return bad("related.copy_similarity", c.Related.CopySimilarity, "must be between 0 and 1")
	}
	if strings.ContainsFunc(c.Feeds.UserAgent, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return bad("feeds.user_agent", c.Feeds.UserAgent, "must not hold control characters such as a line break")
	}
	for _, u := range c.Feeds.URLs {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return bad("feeds.urls", u, "must be an http(s) URL")
		}
	}
	if c.Feeds.MaxBackoff < c.Feeds.Interval {
		return bad("feeds.max_backoff", c.Feeds.MaxBackoff, "must be at least feeds.interval")
	}
	if (c.Server.TLSCert == "") != (c.Server.TLSKey == "") {
		return bad("server.tls_cert", c.Server.TLSCert, "tls_cert and tls_key must be set together")
	}
	for _, o := range c.Widget.AllowedOrigins {
		if !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") || strings.ContainsAny(o, " ;,'\"") || strings.Count(o, "/") != 2 {
			return bad("widget.allowed_origins", o, "must be an origin such as https://news.example.com (scheme and host, no path)")
		}
	}
	if c.Search.RecencyWeight < 0 || c.Search.RecencyWeight > 1 {
		return bad("search.recency_weight", c.Search.RecencyWeight, "must be between 0 and 1")
	}
	if c.Search.LongQueryMatch <= 0 || c.Search.LongQueryMatch > 1 {
		return bad("search.long_query_match", c.Search.LongQueryMatch, "must be above 0 and at most 1")
	}
	if c.Search.WidenBelow < 0 || c.Search.WidenBelow > c.Search.MaxResultWindow {
		return bad("search.widen_below", c.Search.WidenBelow, "must be between 0 and search.max_result_window")
	}
	if !(c.Search.BM25K1 > 0 && c.Search.BM25K1 <= 10) {
		return bad("search.bm25_k1", c.Search.BM25K1, "must be above 0 and at most 10")
	}
	if !(c.Search.BM25B >= 0 && c.Search.BM25B <= 1) {
		return bad("search.bm25_b", c.Search.BM25B, "must be between 0 and 1")
	}
	if !(c.Search.ProximityWeight >= 0 && c.Search.ProximityWeight <= 10) {
		return bad("search.proximity_weight", c.Search.ProximityWeight, "must be between 0 and 10")
	}
	if c.Search.FeedbackDocs < 0 || c.Search.FeedbackDocs > 100 {
		return bad("search.feedback_docs", c.Search.FeedbackDocs, "must be between 0 and 100")
	}
	if c.Search.FeedbackTerms < 0 || c.Search.FeedbackTerms > 100 {
		return bad("search.feedback_terms", c.Search.FeedbackTerms, "must be between 0 and 100")
	}
	if !(c.Search.FeedbackWeight >= 0 && c.Search.FeedbackWeight < 1) {
		return bad("search.feedback_weight", c.Search.FeedbackWeight, "must be at least 0 and below 1")
	}
	if c.Search.FeedbackContext < 0 || c.Search.FeedbackContext > 10000 {
		return bad("search.feedback_context", c.Search.FeedbackContext, "must be between 0 and 10000")
	}
	if !(c.Search.FeedbackContrast >= 0 && c.Search.FeedbackContrast <= 1) {
		return bad("search.feedback_contrast", c.Search.FeedbackContrast, "must be between 0 and 1")
	}
	if !(c.Search.FeedbackSmoothing >= 0 && c.Search.FeedbackSmoothing <= 100) {
		return bad("search.feedback_smoothing", c.Search.FeedbackSmoothing, "must be between 0 and 100")
	}
	switch c.Search.DefaultOperator {
	case "AND", "OR":
	default:
		return bad("search.default_operator", c.Search.DefaultOperator, "must be AND or OR")
	}
	for i, t := range c.Auth.WriteTokens {
		if len(t) < 16 {
			// The token itself is never echoed: it is a secret.
			return fmt.Errorf("config: auth.write_tokens[%d]: must be at least 16 characters, got %d", i, len(t))
		}
	}
	for _, p := range c.Server.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return bad("server.trusted_proxies", p, "must be an IP address or CIDR range")
			}
		}
	}
	if err := c.Cluster.validate(bad); err != nil {
		return err
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", c.Log.Level, "must be debug, info, warn or error")
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return bad("log.format", c.Log.Format, "must be text or json")
	}
	return nil
}

// clusterName is what a NATS cluster name may be made of: the server
// refuses spaces, and dots would read as subject separators.
var clusterName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// validate checks the cluster keys together: which ones a mode needs,
// and that no key of one mode is set in the other.
func (c Cluster) validate(bad func(key string, val any, why string) error) error {
	if c.MaxLag < 0 {
		return bad("cluster.max_lag", c.MaxLag, "must be 0 or more changes of the log")
	}
	if c.MinSeqWait < 0 {
		return bad("cluster.min_seq_wait", c.MinSeqWait, "must be 0 (do not wait) or a positive duration such as 5s")
	}
	if c.LeaseTTL <= 0 {
		return bad("cluster.lease_ttl", c.LeaseTTL, "must be a positive duration such as 30s")
	}
	if c.LeaseRenew <= 0 || c.LeaseRenew >= c.LeaseTTL {
		return bad("cluster.lease_renew", c.LeaseRenew, fmt.Sprintf("must be a positive duration less than cluster.lease_ttl (%s), or the lease lapses between renewals", c.LeaseTTL))
	}
	if c.SnapshotInterval <= 0 {
		return bad("cluster.snapshot_interval", c.SnapshotInterval, "must be a positive duration such as 1h")
	}
	if c.StreamMaxAge < 0 || c.StreamMaxAge > 0 && c.StreamMaxAge <= c.SnapshotInterval {
		return bad("cluster.stream_max_age", c.StreamMaxAge, fmt.Sprintf("must be 0 (no bound) or longer than cluster.snapshot_interval (%s): the log must hold the writes until a snapshot covers them", c.SnapshotInterval))
	}
	if c.StreamMaxBytes < 0 {
		return bad("cluster.stream_max_bytes", c.StreamMaxBytes, "must be 0 (no bound) or a number of bytes")
	}
	if c.Token != "" && (c.User != "" || c.Password != "") {
		return bad("cluster.token", "REDACTED", "must be empty with cluster.user and cluster.password: NATS takes one or the other")
	}
	if (c.User == "") != (c.Password == "") {
		return bad("cluster.user", c.User, "and cluster.password must be set together")
	}
	if !clusterName.MatchString(c.Name) {
		return bad("cluster.name", c.Name, "must be letters, digits, - and _")
	}
	if err := c.validateTLS(bad); err != nil {
		return err
	}
	for _, u := range c.NATSURLs {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "nats" && pu.Scheme != "tls") || pu.Host == "" || pu.Port() == "" {
			return bad("cluster.nats_urls", u, "must be a nats://host:port or tls://host:port URL")
		}
	}
	if c.Embedded && len(c.NATSURLs) > 0 {
		return bad("cluster.nats_urls", strings.Join(c.NATSURLs, ","), "must be empty with cluster.embedded: a node uses its embedded server or an existing cluster, not both")
	}
	if !c.Embedded {
		for _, k := range []struct{ key, val string }{
			{"cluster.nats_listen", c.NATSListen}, {"cluster.route_listen", c.RouteListen}, {"cluster.routes", strings.Join(c.Routes, ",")},
		} {
			if k.val != "" {
				return bad(k.key, k.val, "is for the embedded server: set cluster.embedded too, or leave it empty")
			}
		}
		return nil
	}
	for _, k := range []struct{ key, val string }{{"cluster.nats_listen", c.NATSListen}, {"cluster.route_listen", c.RouteListen}} {
		if err := hostPort(k.val); err != nil {
			return bad(k.key, k.val, "must be HOST:PORT with cluster.embedded ("+err.Error()+")")
		}
	}
	if c.NATSListen == c.RouteListen {
		return bad("cluster.route_listen", c.RouteListen, "must differ from cluster.nats_listen")
	}
	if n := len(c.Routes); n != 1 && n < 3 {
		return bad("cluster.routes", strings.Join(c.Routes, ","), fmt.Sprintf("must list one server, or three or more (this one's included), with cluster.embedded; got %d: two servers need each other for every write", n))
	}
	for _, r := range c.Routes {
		pu, err := url.Parse(r)
		if err != nil || pu.Scheme != "nats-route" || hostPort(pu.Host) != nil {
			return bad("cluster.routes", r, "must be a nats-route://host:port URL")
		}
	}
	return nil
}

// validateTLS checks that the TLS files are given all three or none,
// and only with a cluster: half a TLS setup would leave a port open in
// clear, or a node unable to reach the others.
func (c Cluster) validateTLS(bad func(key string, val any, why string) error) error {
	keys := []struct{ key, val string }{{"cluster.tls_cert", c.TLSCert}, {"cluster.tls_key", c.TLSKey}, {"cluster.tls_ca", c.TLSCA}}
	var set, unset []string
	for _, k := range keys {
		if k.val != "" {
			set = append(set, k.key)
		} else {
			unset = append(unset, k.key)
		}
	}
	switch {
	case len(set) == 0:
		return nil
	case len(unset) > 0:
		return bad(unset[0], "", fmt.Sprintf("must be set with %s: the TLS files (certificate, private key, certificate authority) go together, all three or none", strings.Join(set, " and ")))
	case !c.Enabled():
		return bad(set[0], c.TLSCert, "is for a cluster: set cluster.embedded or cluster.nats_urls too, or leave the TLS files empty")
	}
	return nil
}

// hostPort checks a host:port address whose port is a number.
func hostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// Location is the time zone of Timezone; valid after Validate.
func (c *Config) Location() *time.Location {
	if c.location == nil {
		return time.UTC
	}
	return c.location
}

// Redacted returns the configuration as YAML with secrets replaced.
func (c *Config) Redacted() string {
	r := *c
	r.Auth.WriteTokens = make([]string, len(c.Auth.WriteTokens))
	for i := range r.Auth.WriteTokens {
		r.Auth.WriteTokens[i] = "REDACTED"
	}
	for _, secret := range []*string{&r.Cluster.Password, &r.Cluster.Token} {
		if *secret != "" {
			*secret = "REDACTED"
		}
	}
	b, err := yaml.Marshal(&r)
	if err != nil {
		return fmt.Sprintf("# cannot print configuration: %v\n", err)
	}
	return string(b)
}

// flatten maps each leaf key of c to its value ("server.addr": "…"),
// following the mapstructure tags.
func flatten(c Config) map[string]any {
	out := map[string]any{}
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("mapstructure")
			if tag == "" || !f.IsExported() {
				continue
			}
			key := tag
			if prefix != "" {
				key = prefix + "." + tag
			}
			fv := v.Field(i)
			if fv.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Time{}) {
				walk(key, fv)
				continue
			}
			out[key] = fv.Interface()
		}
	}
	walk("", reflect.ValueOf(c))
	return out
}

// suggest offers the closest known key for a misspelt one.
func suggest(key string, known map[string]any) string {
	best, bestD := "", 4
	for k := range known {
		if d := distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
