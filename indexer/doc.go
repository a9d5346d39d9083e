// Package indexer is Pulse's write side: it opens the index, reads input
// files, cleans articles, finds their entities, and writes them into the
// bleve index in batches. It owns bleve's write side; package search reads
// what it writes, and the two never import each other.
//
// In: files, directories, .gz and .zip archives, or standard input
// (IngestPaths), each read by the format.Reader that Detect picks among
// Readers (one subpackage of indexer/format per input format); a JSON
// body from the API (IngestJSON); or format.Items from the feed watcher
// (indexer/watch) through Writer.Write, a format.Sink. Settings come from
// config.Ingest, used as given.
//
// Each article is prepared (Prepare: text cleaned, URL made canonical, id
// derived), given its entities by an Extractor (indexer/extract), checked
// for near-copies of stories already indexed (MinHash bands, so copies
// share a cluster), turned into the index document (NewDocument, under the
// mapping of NewMapping, whose version MappingVersion an index records),
// and written in batches that bleve commits as segments.
//
// Out: one pulse.ItemResult per item (indexed, updated, unchanged or
// rejected with the reason, never sinking the batch), and a Summary per
// run. Around the index: Open takes the data directory's lock (Lock) and
// refuses an index of another mapping version (ErrIncompatible); Reindex
// rebuilds one under the current mapping, learning the index's archive
// of names from every stored article before it extracts them again; the
// archive (extract.Archive, Index.Archive) is what every Writer from
// Index.NewWriter resolves lone surnames with and learns into, kept in
// ArchiveFile; BackupOffline and Restore copy a data directory with it; Delete and DeleteID remove articles and Purge reclaims
// their bytes; a Journal lets a repeated ingest skip the files it has
// done.
package indexer
