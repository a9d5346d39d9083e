package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
)

// mustLearnt returns an archive that has read articles naming Clayton
// Yeutter in full twice and Merrill Lynch and Co Inc once.
func mustLearnt(tb testing.TB) (*Extractor, *Archive) {
	tb.Helper()
	x := mustExtractor(tb)
	ar := learnt(x,
		"U.S. Trade Representative Clayton Yeutter said the talks would resume on Monday.",
		"Agriculture officials met Clayton Yeutter in Geneva, Clayton Yeutter said.",
		"Merrill Lynch and Co Inc said its quarterly profit rose.",
	)
	if ar.Lookup("yeutter") != "Clayton Yeutter" {
		tb.Fatalf("the archive did not learn Clayton Yeutter: %q", ar.Lookup("yeutter"))
	}
	return x, ar
}

func mustSnapshot(tb testing.TB, ar *Archive) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := ar.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestArchiveSnapshotRoundTrip(t *testing.T) {
	_, ar := mustLearnt(t)
	data := mustSnapshot(t, ar)
	got, err := ReadArchive(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if n := got.Lookup("yeutter"); n != "Clayton Yeutter" {
		t.Errorf("Lookup(yeutter) after a round trip = %q", n)
	}
	if n := got.Organisation("merrill lynch"); n != ar.Organisation("merrill lynch") || n == "" {
		t.Errorf("Organisation(merrill lynch) after a round trip = %q, before %q", n, ar.Organisation("merrill lynch"))
	}
	if again := mustSnapshot(t, got); !bytes.Equal(again, data) {
		t.Errorf("a read snapshot writes other bytes: %d, first %d", len(again), len(data))
	}
	empty := mustSnapshot(t, NewArchive())
	if e, err := ReadArchive(bytes.NewReader(empty)); err != nil || e.Known("yeutter") {
		t.Errorf("empty archive: %v", err)
	}
}

func TestReadArchiveRejects(t *testing.T) {
	_, ar := mustLearnt(t)
	data := mustSnapshot(t, ar)
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x20
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty file", nil, "truncated"},
		{"half the magic", data[:4], "truncated"},
		{"magic only", data[:len(snapshotMagic)], "truncated"},
		{"cut in the payload", data[:len(data)/2], "truncated"},
		{"checksum cut", data[:len(data)-1], "truncated"},
		{"one byte flipped", flipped, "checksum"},
		{"bytes after the end", append(bytes.Clone(data), 0), "after the end"},
		{"another file", []byte("PK\x03\x04 a zip file, not a snapshot"), "not a Pulse archive snapshot"},
		{"another version", append([]byte("PULSEAR\x02"), data[len(snapshotMagic):]...), "not a Pulse archive snapshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadArchive(bytes.NewReader(tt.data))
			if !errors.Is(err, ErrBadSnapshot) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadArchive = %v, want an ErrBadSnapshot saying %q", err, tt.want)
			}
		})
	}
	// Every cut is caught, not only the ones above.
	for n := range len(data) {
		if _, err := ReadArchive(bytes.NewReader(data[:n])); !errors.Is(err, ErrBadSnapshot) {
			t.Fatalf("the first %d of %d bytes: %v", n, len(data), err)
		}
	}
}

func TestFrozenArchiveLearnsNothing(t *testing.T) {
	x, ar := mustLearnt(t)
	frozen := ar.Frozen()
	before := mustSnapshot(t, frozen)
	for _, body := range []string{
		"Trade Secretary Malcolm Baldrige said exports rose. Malcolm Baldrige added that imports fell.",
		"Malcolm Baldrige said so again. Yeutter said he agreed.",
	} {
		a := pulse.Article{Body: body}
		x.Extract(&a, Options{Archive: frozen})
		if !strings.Contains(body, "Yeutter said") {
			continue
		}
		found := false
		for _, p := range a.Persons {
			found = found || p.Name == "Clayton Yeutter"
		}
		if !found {
			t.Errorf("a frozen archive does not resolve Yeutter: %+v", a.Persons)
		}
	}
	if after := mustSnapshot(t, frozen); !bytes.Equal(after, before) {
		t.Error("a frozen archive learnt from the articles it resolved")
	}
	if frozen.Known("baldrige") {
		t.Error("a frozen archive knows Baldrige")
	}
}

func FuzzReadArchive(f *testing.F) {
	_, ar := mustLearnt(f)
	data := mustSnapshot(f, ar)
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add(mustSnapshot(f, NewArchive()))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadArchive(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrBadSnapshot) {
				t.Fatalf("error without ErrBadSnapshot: %v", err)
			}
			return
		}
		// A snapshot read back writes itself again unchanged.
		once := mustSnapshot(t, got)
		again, err := ReadArchive(bytes.NewReader(once))
		if err != nil {
			t.Fatalf("a written snapshot does not read: %v", err)
		}
		if twice := mustSnapshot(t, again); !bytes.Equal(once, twice) {
			t.Fatal("a snapshot changes when read and written again")
		}
	})
}
