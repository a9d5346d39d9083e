package related

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// CacheStats are the counters of the list cache, for metrics.
type CacheStats struct {
	Hits     uint64 `json:"hits"`
	Misses   uint64 `json:"misses"`
	Entries  int    `json:"entries"`
	Capacity int    `json:"capacity"`
}

// lru is a bounded least-recently-used cache. Every invalidation bumps a
// generation; a value computed while one ran is not stored, so a write
// never leaves behind a value computed from the index before it.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front: most recently used
	byKey map[string]*list.Element
	gen   uint64

	hits, misses atomic.Uint64
}

type lruEntry[V any] struct {
	key string
	v   V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, ll: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the value under key, and the current generation to hand to
// put after computing a missing value.
func (c *lru[V]) get(key string) (V, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.ll.MoveToFront(el)
		c.hits.Add(1)
		return el.Value.(*lruEntry[V]).v, c.gen, true
	}
	c.misses.Add(1)
	var zero V
	return zero, c.gen, false
}

// put stores a value computed at generation gen, unless an invalidation
// came since, evicting the least recently used beyond the bound.
func (c *lru[V]) put(key string, v V, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el, ok := c.byKey[key]; ok {
		el.Value.(*lruEntry[V]).v = v
		c.ll.MoveToFront(el)
		return
	}
	c.byKey[key] = c.ll.PushFront(&lruEntry[V]{key: key, v: v})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.byKey, last.Value.(*lruEntry[V]).key)
	}
}

// drop removes the entries stale says are stale.
func (c *lru[V]) drop(stale func(key string, v V) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.ll.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*lruEntry[V])
		if stale(e.key, e.v) {
			c.ll.Remove(el)
			delete(c.byKey, e.key)
		}
		el = next
	}
}

// clear removes every entry.
func (c *lru[V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ll.Init()
	clear(c.byKey)
}

func (c *lru[V]) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: c.ll.Len(), Capacity: c.max}
}
