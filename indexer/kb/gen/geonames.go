package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
)

// city is one GeoNames record as libgeonames compiles it.
type city struct {
	geonameID   string
	name        string
	admin1Code  string
	admin1Name  string
	countryCode string
	countryName string
	population  float64
	lat, lon    float64
}

// geonamesResource is where libgeonames0 keeps its city list: a GResource
// bundled in the shared library.
const geonamesResource = "/com/lomiri/geonames/cities.compiled"

// loadCities reads the compiled city list. path is either the extracted
// resource or the shared library, from which `gresource extract` (package
// libglib2.0-bin) pulls it.
func loadCities(path string) ([]city, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) > 4 && string(b[:4]) == "\x7fELF" {
		out, err := exec.Command("gresource", "extract", path, geonamesResource).Output()
		if err != nil {
			return nil, fmt.Errorf("gresource extract %s %s: %w", path, geonamesResource, err)
		}
		b = out
	}
	return parseCities(b)
}

// parseCities decodes the GVariant array a(sssssssudd): geonameid, name,
// admin1 code, admin1 name, country code, country name, time zone,
// population, latitude, longitude. Elements are variable-sized, so the
// array ends with a table of element end offsets; each element ends with
// the end offsets of its first seven strings, which we do not need since
// the strings are NUL-terminated.
func parseCities(b []byte) ([]city, error) {
	n := len(b)
	osz := offsetSize(n)
	if n < osz {
		return nil, fmt.Errorf("cities: %d bytes is too short", n)
	}
	tableStart := int(readOffset(b[n-osz:], osz))
	if tableStart > n || (n-tableStart)%osz != 0 {
		return nil, fmt.Errorf("cities: bad offset table at %d", tableStart)
	}
	count := (n - tableStart) / osz
	if count == 0 {
		return nil, fmt.Errorf("cities: no records in %d bytes", n)
	}
	var out []city
	start := 0
	for i := 0; i < count; i++ {
		end := int(readOffset(b[tableStart+i*osz:], osz))
		if end < start || end > tableStart {
			return nil, fmt.Errorf("cities: element %d ends at %d", i, end)
		}
		c, err := parseCity(b[start:end])
		if err != nil {
			return nil, fmt.Errorf("cities: element %d: %w", i, err)
		}
		out = append(out, c)
		start = (end + 7) &^ 7
	}
	return out, nil
}

func parseCity(e []byte) (city, error) {
	var s [7]string
	p := 0
	for i := range s {
		j := p
		for j < len(e) && e[j] != 0 {
			j++
		}
		if j >= len(e) {
			return city{}, fmt.Errorf("string %d unterminated", i)
		}
		s[i] = string(e[p:j])
		p = j + 1
	}
	p = (p + 3) &^ 3
	if p+4 > len(e) {
		return city{}, fmt.Errorf("no population")
	}
	pop := binary.LittleEndian.Uint32(e[p:])
	p = (p + 4 + 7) &^ 7
	if p+16 > len(e) {
		return city{}, fmt.Errorf("no coordinates")
	}
	lat := math.Float64frombits(binary.LittleEndian.Uint64(e[p:]))
	lon := math.Float64frombits(binary.LittleEndian.Uint64(e[p+8:]))
	return city{geonameID: s[0], name: s[1], admin1Code: s[2], admin1Name: s[3], countryCode: s[4],
		countryName: s[5], population: float64(pop), lat: lat, lon: lon}, nil
}

func offsetSize(n int) int {
	switch {
	case n <= 0xff:
		return 1
	case n <= 0xffff:
		return 2
	case n <= 0xffffffff:
		return 4
	}
	return 8
}

func readOffset(b []byte, size int) uint64 {
	switch size {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(binary.LittleEndian.Uint16(b))
	case 4:
		return uint64(binary.LittleEndian.Uint32(b))
	}
	return binary.LittleEndian.Uint64(b)
}
