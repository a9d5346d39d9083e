// Package config loads Pulse's configuration from defaults, a YAML file,
// PULSE_* environment variables and command-line flags (in rising order of
// precedence), decodes it strictly and validates it before anything opens
// or listens.
//
// Keys are nested ("server.addr"); the environment variable for a key is
// PULSE_ plus the key in upper case with "_" for "." (PULSE_SERVER_ADDR).
// Each package receives only its own section (config.Search, config.Server).
package config
