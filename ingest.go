package pulse

// Outcome is what became of one ingested item.
type Outcome string

// Outcomes of an ingested item.
const (
	Indexed   Outcome = "indexed"   // new in the index
	Updated   Outcome = "updated"   // replaced an article with the same id
	Unchanged Outcome = "unchanged" // same id and same content: skipped
	Rejected  Outcome = "rejected"  // not a valid article; see Reason
)

// ItemResult reports what became of one ingested item.
type ItemResult struct {
	// Item names the item: "reut2-012.sgm.gz, story 12793" or "line 4".
	Item    string  `json:"item"`
	ID      string  `json:"id,omitempty"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason,omitempty"`
	// Warnings name what was dropped from an item that was still indexed,
	// such as a link that is not http(s).
	Warnings []string `json:"warnings,omitempty"`
	// Err is the cause of a rejection, for callers in the same process
	// (errors.Is); Reason is its message, which is what crosses the wire.
	Err error `json:"-"`
}

// Stats describes an index.
type Stats struct {
	// Articles counts every article, copies included; Stories counts
	// each cluster of syndicated copies once, as search totals do.
	Articles       uint64 `json:"articles"`
	Stories        uint64 `json:"stories"`
	IndexBytes     int64  `json:"index_bytes"`
	DataDir        string `json:"data_dir"`
	MappingVersion int    `json:"mapping_version"`
	Version        string `json:"version"`
	// Metrics are the serving process's figures (requests, latencies,
	// ingest counts, cache hits), when a server answers.
	Metrics map[string]float64 `json:"metrics,omitempty"`
	// Cluster is the node's place in the replicated log; nil on a node
	// on its own.
	Cluster *ClusterStats `json:"cluster,omitempty"`
}

// ClusterStats is a replica's place in the replicated log and the log's
// state.
type ClusterStats struct {
	// AppliedSeq is the sequence of the last change the index holds.
	AppliedSeq uint64 `json:"applied_seq"`
	// Lag is how many changes of the log the node has not applied.
	Lag uint64 `json:"lag"`
	// Stream is the log's state; LogError says why it is missing when
	// the log does not answer.
	Stream   *StreamStats `json:"stream,omitempty"`
	LogError string       `json:"log_error,omitempty"`
}

// StreamStats is the state of the log's JetStream stream.
type StreamStats struct {
	Name     string `json:"name"`
	Messages uint64 `json:"messages"`
	Bytes    uint64 `json:"bytes"`
	FirstSeq uint64 `json:"first_seq"`
	LastSeq  uint64 `json:"last_seq"`
	Replicas int    `json:"replicas"`
}
