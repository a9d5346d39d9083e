package related

import (
	"context"
	"fmt"
)

// withStats returns ctx carrying the index's true BM25 statistics for the
// candidate search (see qlang.Stats), read once after each write.
func (f *Finder) withStats(ctx context.Context) (context.Context, error) {
	st, err := f.stats.Get(ctx)
	if err != nil {
		return ctx, fmt.Errorf("related: index statistics: %w", err)
	}
	return st.Context(ctx), nil
}
