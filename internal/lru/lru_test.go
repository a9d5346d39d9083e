package lru

import "testing"

func TestLRU(t *testing.T) {
	c := New[int](2)
	_, gen, _ := c.Get("a")
	c.Put("a", 1, gen)
	c.Put("b", 2, gen)
	c.Get("a") // b is now the least recently used
	c.Put("c", 3, gen)
	if _, _, ok := c.Get("b"); ok {
		t.Error("b not evicted")
	}
	if v, _, ok := c.Get("a"); !ok || v != 1 {
		t.Errorf("a = %d, %v", v, ok)
	}
	// A value computed before an invalidation is not stored.
	_, gen, _ = c.Get("d")
	c.Clear()
	c.Put("d", 4, gen)
	if _, _, ok := c.Get("d"); ok {
		t.Error("a value computed before the invalidation was stored")
	}
}
