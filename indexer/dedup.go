package indexer

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"sort"
	"unicode"

	"github.com/bits-and-blooms/bloom/v3"
	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Near-duplicate detection: an article and its syndicated copy (another
// site's boilerplate around it, or light edits) share most of their word
// 4-grams ("shingles"), while different reports of one event share few.
// Each article gets a MinHash signature of its shingles; the estimated
// Jaccard similarity of two articles is the share of equal slots. Locality
// sensitive hashing finds candidates: the signature is cut into bands, each
// band indexed as a term, and articles sharing a band are compared.
const (
	shingleSize = 4
	sigSize     = 64
	bandRows    = 4 // 16 bands: pairs at similarity 0.7 share one with p ≈ 0.98
	// minShingles keeps very short texts (a headline alone) out: their
	// signatures are too noisy to call anything a copy.
	minShingles = 12
	// DupThreshold is the estimated Jaccard similarity above which two
	// articles are copies of one story.
	DupThreshold = 0.7
)

type signature [sigSize]uint32

// minhash returns the signature of a text, or false when it is too short.
func minhash(text string) (signature, bool) {
	var sig signature
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	var words []uint64
	h := fnv.New64a()
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, h.Sum64())
			h.Reset()
			inWord = false
		}
	}
	var buf [4]byte
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n := encodeRune(buf[:], unicode.ToLower(r))
			h.Write(buf[:n])
			inWord = true
		} else {
			flush()
		}
	}
	flush()
	if len(words)-shingleSize+1 < minShingles {
		return sig, false
	}
	for i := 0; i+shingleSize <= len(words); i++ {
		x := words[i]
		for j := 1; j < shingleSize; j++ {
			x = x*0x100000001b3 ^ words[i+j]
		}
		for k := range sig {
			if v := uint32(mix(x ^ seeds[k])); v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig, true
}

func encodeRune(b []byte, r rune) int {
	if r < 0x80 {
		b[0] = byte(r)
		return 1
	}
	binary.LittleEndian.PutUint32(b, uint32(r))
	return 4
}

// seeds make sigSize independent hash functions from one mixer.
var seeds = func() [sigSize]uint64 {
	var s [sigSize]uint64
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x = mix(x + uint64(i))
		s[i] = x
	}
	return s
}()

// mix is splitmix64's finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// bands returns the signature's LSH band terms.
func (s signature) bands() []string {
	out := make([]string, 0, sigSize/bandRows)
	for b := 0; b < sigSize/bandRows; b++ {
		h := uint64(b)
		for r := 0; r < bandRows; r++ {
			h = mix(h ^ uint64(s[b*bandRows+r]))
		}
		out = append(out, fmt.Sprintf("%02d%012x", b, h&0xffffffffffff))
	}
	return out
}

// similarity estimates the Jaccard similarity of two signatures' texts.
func (s signature) similarity(o signature) float64 {
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / sigSize
}

func (s signature) encode() string {
	b := make([]byte, 4*sigSize)
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return base64.RawStdEncoding.EncodeToString(b)
}

func decodeSignature(str string) (signature, bool) {
	var s signature
	b, err := base64.RawStdEncoding.DecodeString(str)
	if err != nil || len(b) != 4*sigSize {
		return s, false
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s, true
}

// maxCandidates bounds the near-duplicate candidates read per batch, and
// maxPostings the band postings looked at to find them. Which candidates
// are kept when there are more must not depend on the index's segments
// (replicas of one log hold the same articles in different segments, and
// must cluster them alike): the postings are read up to maxPostings and
// the candidates with the lowest ids kept.
const (
	maxCandidates = 2000
	maxPostings   = 20 * maxCandidates
)

// mark is an already indexed article rewritten to carry its cluster id.
type mark struct {
	id  string
	doc Document
}

// candidate is an article a new one may be a copy of.
type candidate struct {
	id      string
	cluster string // "" while it has no copies
	sig     signature
}

// cluster assigns each article about to be written to the copy cluster of
// its most similar earlier article (in the index or earlier in the
// batch), when the estimated similarity reaches DupThreshold. A cluster's
// id is its first article's; that article is marked with it too, which
// means rewriting it when it is already in the index (returned as marks).
// Articles without copies carry no cluster field, so search only tracks
// clusters that exist.
func (w *Writer) cluster(ps []*prepared, existing map[string]stored) ([]mark, error) {
	byBand := map[string][]*candidate{}
	ids, err := w.sharingBands(ps)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
		req.Fields = []string{pulse.FieldMinHash, pulse.FieldCluster}
		res, err := w.idx.Search(req)
		if err != nil {
			return nil, fmt.Errorf("look up near-duplicates: %w", err)
		}
		for _, h := range res.Hits {
			enc, _ := h.Fields[pulse.FieldMinHash].(string)
			sig, ok := decodeSignature(enc)
			if !ok {
				continue
			}
			c := &candidate{id: h.ID, sig: sig}
			c.cluster, _ = h.Fields[pulse.FieldCluster].(string)
			for _, t := range sig.bands() {
				byBand[t] = append(byBand[t], c)
			}
		}
	}
	inBatch := map[string]*prepared{}
	remarked := map[string]bool{}
	var marks []mark
	for _, p := range ps {
		clusterID := ""
		if p.hasSig {
			var best *candidate
			bestSim := 0.0
			for _, t := range p.doc.DupBands {
				for _, c := range byBand[t] {
					if c.id == p.id {
						continue
					}
					// Equal similarities go to the lowest id, not to the
					// first found: candidates come in the index's order,
					// which differs between replicas.
					if s := p.sig.similarity(c.sig); s >= DupThreshold && (s > bestSim || s == bestSim && c.id < best.id) {
						best, bestSim = c, s
					}
				}
			}
			if best != nil {
				if best.cluster == "" {
					// best starts a cluster: it must carry the id too.
					best.cluster = best.id
					if q, ok := inBatch[best.id]; ok {
						q.doc.Cluster = best.id
					} else if !remarked[best.id] {
						m, err := w.remark(best.id)
						if err != nil {
							return nil, err
						}
						if m != nil {
							marks = append(marks, *m)
						}
						remarked[best.id] = true
					}
				}
				clusterID = best.cluster
			}
		}
		if clusterID == "" && existing[p.id].cluster != "" {
			// An updated article keeps the cluster it had, so its copies
			// stay with it.
			clusterID = existing[p.id].cluster
		}
		if clusterID != "" {
			p.doc.Cluster = clusterID
		}
		if p.hasSig {
			c := &candidate{id: p.id, cluster: clusterID, sig: p.sig}
			for _, t := range p.doc.DupBands {
				byBand[t] = append(byBand[t], c)
			}
			inBatch[p.id] = p
		}
	}
	return marks, nil
}

// sharingBands returns the ids of indexed articles sharing a band with
// an article of the batch, sorted, up to maxCandidates (see
// maxPostings). It reads the postings of
// each band term directly: most have none or one, and a search over a
// disjunction of thousands of terms costs far more.
func (w *Writer) sharingBands(ps []*prepared) ([]string, error) {
	adv, err := w.idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("look up near-duplicates: %w", err)
	}
	defer r.Close()
	if err := w.loadBands(r); err != nil {
		return nil, fmt.Errorf("look up near-duplicates: %w", err)
	}
	seenTerm := map[string]bool{}
	found := map[string]bool{}
	var ids []string
	postings := 0
	for _, p := range ps {
		if !p.hasSig {
			continue
		}
		for _, t := range p.doc.DupBands {
			if seenTerm[t] {
				continue
			}
			seenTerm[t] = true
			if !w.bands.TestString(t) {
				continue // in no indexed article
			}
			tfr, err := r.TermFieldReader(context.Background(), []byte(t), pulse.FieldDupBand, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("look up near-duplicates: %w", err)
			}
			for d, err := tfr.Next(nil); err == nil && d != nil && postings < maxPostings; d, err = tfr.Next(nil) {
				postings++
				id, err := r.ExternalID(d.ID)
				if err != nil || found[id] {
					continue
				}
				found[id] = true
				ids = append(ids, id)
			}
			tfr.Close()
		}
	}
	sort.Strings(ids)
	return ids[:min(len(ids), maxCandidates)], nil
}

// bandFalsePositives is the share of band terms absent from the index
// that the filter still sends to the index to look up.
const bandFalsePositives = 0.01

// loadBands builds the filter of indexed band terms from the index's term
// dictionary: on the writer's first batch, and again when more terms were
// added than it was sized for.
//
// Looking every band term of a batch up in the index cost a dictionary
// lookup per term per segment, a ninth of ingest's CPU at 100,000
// articles; nearly every term is new, and the filter answers those from
// memory (about 10 bits per indexed term).
func (w *Writer) loadBands(r index.IndexReader) error {
	if w.bands != nil && w.bandsAdded <= w.bandsCap {
		return nil
	}
	n, err := r.DocCount()
	if err != nil {
		return err
	}
	w.bandsCap = max(1<<20, 2*uint(n)*(sigSize/bandRows), 2*w.bandsAdded)
	w.bands = bloom.NewWithEstimates(w.bandsCap, bandFalsePositives)
	w.bandsAdded = 0
	d, err := r.FieldDict(pulse.FieldDupBand)
	if err != nil {
		return err
	}
	defer d.Close()
	for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
		if err != nil {
			w.bands = nil
			return err
		}
		w.bands.AddString(e.Term)
		w.bandsAdded++
	}
	return nil
}

// addBands records the band terms of articles about to be written. It
// runs before the batch, so that the filter never lacks a term the index
// has, even when a batch fails part way.
func (w *Writer) addBands(ps []*prepared) {
	if w.bands == nil {
		return // built from the index on the next lookup
	}
	for _, p := range ps {
		if !p.hasSig {
			continue
		}
		for _, t := range p.doc.DupBands {
			w.bands.AddString(t)
			w.bandsAdded++
		}
	}
}

// remark rebuilds an indexed article's document from its stored source
// (extraction included, as at ingest) and marks it as the first article
// of its own copy cluster. It returns nil when the article is gone.
func (w *Writer) remark(id string) (*mark, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = sourceFields
	res, err := w.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("read %s to mark its copies: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, nil
	}
	a, err := storedSource(id, res.Hits[0].Fields)
	if err != nil {
		return nil, fmt.Errorf("read %s to mark its copies: %w", id, err)
	}
	p := w.prepareOne(&format.Item{Article: a}, "stored article "+id)
	if p.reject {
		return nil, fmt.Errorf("rebuild %s to mark its copies: %w", id, p.err)
	}
	p.doc.Cluster = id
	return &mark{id: id, doc: p.doc}, nil
}
