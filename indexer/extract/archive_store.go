package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
)

// ErrBadSnapshot is wrapped by the errors ReadArchive returns for data
// that is not a whole archive snapshot.
var ErrBadSnapshot = errors.New("bad archive snapshot")

// snapshotMagic starts every snapshot; its last byte is the format's
// version.
var snapshotMagic = []byte("PULSEAR\x01")

// WriteTo writes a snapshot of the archive to w, for ReadArchive: the
// magic, the payload's length, the payload (the surname and organisation
// tables, keys in order, so one archive always gives the same bytes) and
// the payload's CRC-32, by which a truncated or damaged copy is told from
// a whole one. It returns the bytes written and w's error.
func (ar *Archive) WriteTo(w io.Writer) (int64, error) {
	var payload []byte
	ar.mu.RLock()
	for _, table := range []map[string]map[string]*archived{ar.bySurname, ar.orgPrefix} {
		payload = appendTable(payload, table)
	}
	ar.mu.RUnlock()
	out := make([]byte, 0, len(snapshotMagic)+binary.MaxVarintLen64+len(payload)+4)
	out = append(out, snapshotMagic...)
	out = binary.AppendUvarint(out, uint64(len(payload)))
	out = append(out, payload...)
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(payload))
	n, err := w.Write(out)
	return int64(n), err
}

func appendTable(b []byte, table map[string]map[string]*archived) []byte {
	keys := make([]string, 0, len(table))
	for k, m := range table {
		if len(m) > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		m := table[k]
		ids := make([]string, 0, len(m))
		for id := range m {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		b = appendString(b, k)
		b = binary.AppendUvarint(b, uint64(len(ids)))
		for _, id := range ids {
			b = appendString(b, id)
			b = appendString(b, m[id].name)
			b = binary.AppendUvarint(b, uint64(m[id].count))
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// ReadArchive reads a snapshot WriteTo wrote into a new archive. It
// returns an error wrapping ErrBadSnapshot, saying which, when the data
// is not a snapshot, is truncated, or fails its checksum, and r's error
// when reading fails.
func ReadArchive(r io.Reader) (*Archive, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(data, snapshotMagic) {
		if len(data) < len(snapshotMagic) && bytes.HasPrefix(snapshotMagic, data) {
			return nil, fmt.Errorf("%w: truncated: %d bytes", ErrBadSnapshot, len(data))
		}
		return nil, fmt.Errorf("%w: not a Pulse archive snapshot (or another version of one)", ErrBadSnapshot)
	}
	rest := data[len(snapshotMagic):]
	size, n := binary.Uvarint(rest)
	if n <= 0 {
		return nil, fmt.Errorf("%w: truncated: %d bytes", ErrBadSnapshot, len(data))
	}
	rest = rest[n:]
	if want := size + 4; uint64(len(rest)) < want {
		return nil, fmt.Errorf("%w: truncated: %d bytes, want %d", ErrBadSnapshot, len(data), uint64(len(data)-len(rest))+want)
	} else if uint64(len(rest)) > want {
		return nil, fmt.Errorf("%w: %d bytes after the end", ErrBadSnapshot, uint64(len(rest))-want)
	}
	payload := rest[:size]
	if got, want := crc32.ChecksumIEEE(payload), binary.BigEndian.Uint32(rest[size:]); got != want {
		return nil, fmt.Errorf("%w: checksum %08x, want %08x: damaged", ErrBadSnapshot, got, want)
	}
	ar := NewArchive()
	d := snapshotDecoder{b: payload}
	for _, table := range []map[string]map[string]*archived{ar.bySurname, ar.orgPrefix} {
		d.table(table)
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("%w: %d bytes of payload left over", ErrBadSnapshot, len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return ar, nil
}

// snapshotDecoder reads a payload, keeping the first error.
type snapshotDecoder struct {
	b   []byte
	err error
}

func (d *snapshotDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = fmt.Errorf("%w: malformed number in the payload", ErrBadSnapshot)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *snapshotDecoder) string() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = fmt.Errorf("%w: a string of %d bytes overruns the payload", ErrBadSnapshot, n)
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// count reads a length, which cannot exceed the bytes left: each item
// takes at least one.
func (d *snapshotDecoder) count() int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)) {
		d.err = fmt.Errorf("%w: a count of %d overruns the payload", ErrBadSnapshot, n)
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

func (d *snapshotDecoder) table(table map[string]map[string]*archived) {
	for range d.count() {
		key := d.string()
		n := d.count()
		m := make(map[string]*archived, n)
		for range n {
			id, name := d.string(), d.string()
			c := d.uvarint()
			if d.err != nil {
				return
			}
			m[id] = &archived{name: name, count: int(min(c, uint64(1<<31-1)))}
		}
		if d.err != nil {
			return
		}
		table[key] = m
	}
}

// Frozen returns a copy of the archive that resolves as the archive does
// now and learns nothing: every extraction given it sees the same
// archive, whatever the order of the articles.
func (ar *Archive) Frozen() *Archive {
	c := NewArchive()
	c.frozen = true
	ar.mu.RLock()
	defer ar.mu.RUnlock()
	for _, t := range []struct {
		from, to map[string]map[string]*archived
	}{{ar.bySurname, c.bySurname}, {ar.orgPrefix, c.orgPrefix}} {
		for k, m := range t.from {
			cm := make(map[string]*archived, len(m))
			for id, a := range m {
				cm[id] = &archived{name: a.name, count: a.count}
			}
			t.to[k] = cm
		}
	}
	return c
}

// Learner returns an archive that resolves nothing, as an empty archive
// does, and learns into ar. Extracting every article of an archive with
// it fills ar with what each article names in its own right, so ar ends
// the same whatever the order of the articles and however many
// goroutines extract them: an archive that resolves while it learns
// counts a lone surname for the full name it already knows, which it
// knows or not by the order the articles came in.
func (ar *Archive) Learner() *Archive {
	l := NewArchive()
	l.into = ar
	return l
}
