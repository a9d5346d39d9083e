package related

import (
	"container/list"
	"slices"
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

// lru is a bounded least-recently-used cache of related lists. Every
// invalidation bumps a generation; a list computed while one ran is not
// stored, so a write never leaves a list older than itself behind.
type lru struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front: most recently used
	byKey map[string]*list.Element
	gen   uint64

	hits, misses atomic.Uint64
}

type cacheEntry struct {
	key     string
	id      string // the article the list is for
	stories []Story
}

func newLRU(max int) *lru {
	return &lru{max: max, ll: list.New(), byKey: map[string]*list.Element{}}
}

// get returns a copy of the list under key and the current generation,
// to hand to put after computing a missing list.
func (c *lru) get(key string) ([]Story, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.ll.MoveToFront(el)
		c.hits.Add(1)
		return slices.Clone(el.Value.(*cacheEntry).stories), c.gen, true
	}
	c.misses.Add(1)
	return nil, c.gen, false
}

// put stores a list computed at generation gen, unless an invalidation
// came since.
func (c *lru) put(key, id string, stories []Story, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el, ok := c.byKey[key]; ok {
		el.Value.(*cacheEntry).stories = slices.Clone(stories)
		c.ll.MoveToFront(el)
		return
	}
	c.byKey[key] = c.ll.PushFront(&cacheEntry{key: key, id: id, stories: slices.Clone(stories)})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}

// invalidate drops the lists of the given articles and every list that
// shows one of them.
func (c *lru) invalidate(ids []string) {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.ll.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*cacheEntry)
		drop := set[e.id]
		for i := 0; !drop && i < len(e.stories); i++ {
			drop = set[e.stories[i].ID]
		}
		if drop {
			c.ll.Remove(el)
			delete(c.byKey, e.key)
		}
		el = next
	}
}

func (c *lru) invalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ll.Init()
	clear(c.byKey)
}

func (c *lru) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: c.ll.Len(), Capacity: c.max}
}
