package pulse

import (
	"testing"
	"time"
)

func TestEncodeTimeRoundTripsAndSorts(t *testing.T) {
	times := []time.Time{
		time.Date(1899, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Unix(0, 0).UTC(),
		time.Date(1987, 3, 26, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 28, 16, 0, 0, 1, time.UTC),
	}
	prev := ""
	for _, tm := range times {
		enc := EncodeTime(tm)
		got, ok := DecodeTime([]byte(enc))
		if !ok || got != tm.UnixNano() {
			t.Errorf("DecodeTime(EncodeTime(%v)) = %d, %v; want %d", tm, got, ok, tm.UnixNano())
		}
		// Terms are compared as bytes by range queries and sorting, so
		// the encoding must keep time order.
		if enc <= prev {
			t.Errorf("EncodeTime(%v) = %q, not after %q", tm, enc, prev)
		}
		prev = enc
	}
	for _, bad := range []string{"", "123", "000000000000000g", "00000000000000000"} {
		if _, ok := DecodeTime([]byte(bad)); ok {
			t.Errorf("DecodeTime(%q) accepted", bad)
		}
	}
}
