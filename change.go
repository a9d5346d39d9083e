package pulse

// ChangeOp is what one change of the replicated log does.
type ChangeOp string

// The operations of the log.
const (
	// ChangeUpsert writes Change.Article (added, or replacing the article
	// of the same id).
	ChangeUpsert ChangeOp = "upsert"
	// ChangeTakedown removes the article Change.ID and purges its bytes;
	// Pulse has no softer delete, since a removal is usually a legal one.
	ChangeTakedown ChangeOp = "takedown"
)

// Change is one write of the replicated log, which every node applies in
// order into its own index. Seq is its position in the log: a node records
// the last one it applied, inside its index, to resume from there. Batch
// names the atomic batch of the log the change was written in (a
// request's articles), empty for a change written alone: a node applies
// the changes of one batch in one batch of its index, never split, so
// that no reader and no crash sees part of a request.
type Change struct {
	Seq     uint64   `json:"-"`
	Batch   string   `json:"-"`
	Op      ChangeOp `json:"op"`
	ID      string   `json:"id,omitempty"`
	Article *Article `json:"article,omitempty"`
}
