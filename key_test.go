package pulse

import "testing"

func TestNormalizeKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"al-Shaibani", "al shaibani"},
		{"Al Shaibani", "al shaibani"},
		{"al  shaibani", "al shaibani"},
		{"  Ḥ U.S. ", "ḥ us"},
		{"São Paulo", "sao paulo"},
		{"O'Neil", "oneil"},
		{"Zürich", "zurich"},
		{"medtop:04000000", "medtop:04000000"},
		{"iq-baghdad", "iq baghdad"},
		{"...", ""},
	} {
		if got := NormalizeKey(c.in); got != c.want {
			t.Errorf("NormalizeKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
