// Package cluster replicates writes between Pulse nodes through a NATS
// JetStream stream: the one home of the NATS server and client libraries.
//
// In: the cluster's settings (config.Cluster, used as given), and the
// writes of a node: articles to upsert and ids to take down (Log.Upsert,
// Log.UpsertAll for a request's articles as one atomic batch of
// JetStream, all written or none, Log.Takedown). StartServer runs the
// embedded NATS server of
// cluster.embedded, with JetStream's store under the node's data
// directory; Open connects to it, or to the cluster of cluster.nats_urls,
// and makes sure the stream exists (three replicas on three servers or
// more, one on a single server) with the retention of Options (age and
// size bounds; none by default). Options also carry the NATS
// credentials, which the embedded server asks of clients and routes.
//
// Out: each write as one message of the stream, on the subject of its
// article (SubjectFor), acknowledged only once JetStream has stored it.
// An Applier reads the stream in order from the sequence after the one
// its Store (the node's index, through indexer.Writer) last applied, and
// hands each run of messages to the Store as pulse.Changes, which records
// the sequence in the same batch; an atomic batch is handed whole, its
// changes naming it (pulse.Change.Batch), so that the Store applies it
// in one batch of the index. A takedown also purges the earlier
// messages of its article from the stream, so that neither a replay nor
// a new node brings the article back.
//
// A Lease (Log.Lease, in the key-value bucket LeaseBucket) lets one node
// at a time run a job, such as polling feeds or publishing snapshots;
// a holder stopping cleanly gives it up, and another takes it over at
// once, or once a dead holder's lease lapses. A snapshot
// (Log.PublishSnapshot, in the object store SnapshotBucket) is the
// index's backup tarball with the sequence it covers, from which a new
// or wiped node starts before replaying the rest of the stream.
//
// A write the log does not acknowledge (no quorum, servers unreachable)
// is a pulse.Error of code EUnavailable wrapping ErrNotAcknowledged. An
// Applier that finds the stream's retention dropped changes it had not
// applied stops with ErrBehindLog (the node restores a snapshot when it
// restarts).
package cluster
