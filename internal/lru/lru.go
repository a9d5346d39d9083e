// Package lru is a bounded least-recently-used cache whose invalidations
// cannot be undone by a value computed before them.
package lru

import (
	"container/list"
	"sync"
	"sync/atomic"
)

// Stats are a cache's counters, for metrics.
type Stats struct {
	Hits     uint64 `json:"hits"`
	Misses   uint64 `json:"misses"`
	Entries  int    `json:"entries"`
	Capacity int    `json:"capacity"`
}

// Cache is a bounded least-recently-used cache, safe for concurrent use. Every invalidation bumps a
// generation; a value computed while one ran is not stored, so a write
// never leaves behind a value computed from the index before it.
type Cache[V any] struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front: most recently used
	byKey map[string]*list.Element
	gen   uint64

	hits, misses atomic.Uint64
}

type entry[V any] struct {
	key string
	v   V
}

// New returns a cache of at most max entries.
func New[V any](max int) *Cache[V] {
	return &Cache[V]{max: max, ll: list.New(), byKey: map[string]*list.Element{}}
}

// Get returns the value under key, and the current generation to hand to
// Put after computing a missing value.
func (c *Cache[V]) Get(key string) (V, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.ll.MoveToFront(el)
		c.hits.Add(1)
		return el.Value.(*entry[V]).v, c.gen, true
	}
	c.misses.Add(1)
	var zero V
	return zero, c.gen, false
}

// Put stores a value computed at generation gen, unless an invalidation
// came since, evicting the least recently used beyond the bound.
func (c *Cache[V]) Put(key string, v V, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el, ok := c.byKey[key]; ok {
		el.Value.(*entry[V]).v = v
		c.ll.MoveToFront(el)
		return
	}
	c.byKey[key] = c.ll.PushFront(&entry[V]{key: key, v: v})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.byKey, last.Value.(*entry[V]).key)
	}
}

// Drop removes the entries stale says are stale.
func (c *Cache[V]) Drop(stale func(key string, v V) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.ll.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*entry[V])
		if stale(e.key, e.v) {
			c.ll.Remove(el)
			delete(c.byKey, e.key)
		}
		el = next
	}
}

// Clear removes every entry.
func (c *Cache[V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ll.Init()
	clear(c.byKey)
}

// Stats returns the counters.
func (c *Cache[V]) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: c.ll.Len(), Capacity: c.max}
}
