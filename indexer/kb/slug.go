package kb

import (
	"strings"

	"github.com/pulsesearch/pulse"
)

// Slug turns a name into a lower-case, URL-safe ID part: accents folded
// the way pulse.NormalizeKey folds them, apostrophes and dots dropped, any
// other run of characters outside a–z and 0–9 turned into one "-"
// ("Asaad al-Shaibani" → "asaad-al-shaibani", "U.S." → "us"). It returns
// "" when nothing is left.
func Slug(name string) string {
	k := pulse.NormalizeKey(name)
	var b strings.Builder
	b.Grow(len(k))
	dash := false
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(c)
			continue
		}
		dash = true
	}
	return b.String()
}
