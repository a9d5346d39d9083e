package relevance

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/go-viper/mapstructure/v2"

	"github.com/pulsesearch/pulse/config"
)

// ParseVariant reads a variant of the search configuration written as
// "NAME:key=value,key=value…", the keys being those of the configuration
// file's search section ("bm25_k1", "feedback_weight"; a "search." prefix
// is allowed), so that several settings can be measured on the same
// indexes in one run (`pulse-eval relevance --smart --variant …`) instead
// of one run, and one index build, per setting.
//
// It returns an error naming the spec when the name or a key=value pair
// is missing, a key is not a search setting, or a value does not fit the
// key's type. Whether the values are allowed is config.Validate's to say,
// once they are applied.
func ParseVariant(spec string) (Variant, error) {
	name, pairs, ok := strings.Cut(spec, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(pairs) == "" {
		return Variant{}, fmt.Errorf("variant %q: want NAME:key=value[,key=value…]", spec)
	}
	values := map[string]any{}
	for _, p := range strings.Split(pairs, ",") {
		k, v, ok := strings.Cut(p, "=")
		k = strings.TrimPrefix(strings.TrimSpace(k), "search.")
		if !ok || k == "" {
			return Variant{}, fmt.Errorf("variant %q: %q is not key=value", spec, p)
		}
		values[k] = strings.TrimSpace(v)
	}
	// Decoding each value onto the defaults finds unknown keys and values
	// of the wrong type before any index is built.
	keys := searchKeys()
	for k, v := range values {
		if !keys[k] {
			return Variant{}, fmt.Errorf("variant %q: %q is not a search setting (the keys of the configuration's search section)", spec, k)
		}
		probe := config.Defaults().Search
		if err := decodeSearch(map[string]any{k: v}, &probe); err != nil {
			return Variant{}, fmt.Errorf("variant %q: %s=%v: not a value of that setting's type", spec, k, v)
		}
	}
	return Variant{Name: name, Search: func(s *config.Search) {
		// The same values decoded without error onto the defaults; they
		// decode onto any other Search alike.
		_ = decodeSearch(values, s)
	}}, nil
}

// decodeSearch sets the fields of s that values name, as the
// configuration file would (strings read as numbers, durations and
// booleans), leaving the others as they are.
func decodeSearch(values map[string]any, s *config.Search) error {
	d, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:           s,
		WeaklyTypedInput: true,
		ErrorUnused:      true,
		DecodeHook:       mapstructure.StringToTimeDurationHookFunc(),
	})
	if err != nil {
		return err
	}
	return d.Decode(values)
}

// searchKeys are the keys of config.Search, as the configuration file
// names them.
func searchKeys() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeOf(config.Search{})
	for i := range t.NumField() {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("mapstructure"), ","); k != "" && k != "-" {
			keys[k] = true
		}
	}
	return keys
}
