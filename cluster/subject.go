package cluster

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// StreamName is the JetStream stream holding every write.
const StreamName = "PULSE_ARTICLES"

// subjectPrefix starts the subject of every article's messages.
const subjectPrefix = "pulse.articles."

// SubjectFor returns the subject of an article's messages: one subject
// per id, so that a takedown can purge exactly that article's earlier
// messages. The id is base64url-encoded, which keeps it one subject token
// (no dots, wildcards or spaces) and keeps distinct ids distinct.
func SubjectFor(id string) string {
	return subjectPrefix + base64.RawURLEncoding.EncodeToString([]byte(id))
}

// idOf returns the article id of a subject made by SubjectFor.
func idOf(subject string) (string, error) {
	tok, ok := strings.CutPrefix(subject, subjectPrefix)
	if !ok {
		return "", fmt.Errorf("subject %q: not under %s", subject, subjectPrefix)
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", fmt.Errorf("subject %q: %w", subject, err)
	}
	return string(b), nil
}
