package newstext

import (
	"regexp"
	"strings"
	"unicode"
)

// navWords are the labels of menus, share buttons and footers. A line made
// only of them, alone or in a row ("Share | Tweet | Email"), is page
// furniture.
var navWords = map[string]bool{
	"home": true, "menu": true, "search": true, "login": true, "log in": true, "log out": true,
	"sign in": true, "sign up": true, "sign out": true, "register": true, "subscribe": true,
	"subscribe now": true, "contact": true, "contact us": true, "about": true, "about us": true,
	"privacy": true, "privacy policy": true, "terms": true, "terms of use": true,
	"terms of service": true, "terms and conditions": true, "cookie policy": true,
	"cookie settings": true, "advertise": true, "advertise with us": true, "careers": true,
	"facebook": true, "twitter": true, "x": true, "instagram": true, "linkedin": true,
	"whatsapp": true, "telegram": true, "pinterest": true, "reddit": true, "youtube": true,
	"tiktok": true, "threads": true, "bluesky": true, "mastodon": true, "email": true,
	"e-mail": true, "print": true, "copy link": true, "copy": true, "share": true, "tweet": true,
	"skip to content": true, "skip to main content": true, "toggle navigation": true,
	"close": true, "back to top": true, "next": true, "previous": true, "load more": true,
	"show more": true, "show less": true, "advertisement": true, "sponsored": true,
	"sponsored content": true, "reply": true, "newsletter": true, "newsletters": true,
	"comments": true, "comment": true, "more": true, "rss": true, "feed": true, "sitemap": true,
	"accept": true, "accept all": true, "reject all": true, "decline": true, "ok": true,
	"got it": true, "manage preferences": true, "listen": true, "listen to this article": true,
	"save": true, "bookmark": true, "gift article": true, "follow": true, "follow us": true,
	"top": true, "latest": true, "trending": true, "popular": true, "live": true, "video": true,
	"videos": true, "podcasts": true, "opinion": true, "sections": true, "news": true,
	"world": true, "business": true, "markets": true, "sport": true, "sports": true,
	"politics": true, "culture": true, "tech": true, "technology": true, "science": true,
	"health": true, "entertainment": true, "lifestyle": true, "travel": true, "weather": true,
}

// IsNavWord reports whether w, in any case, is a navigation label such as
// "Home", "Share" or "Sport".
func IsNavWord(w string) bool { return navWords[strings.ToLower(w)] }

var (
	reNavSep = regexp.MustCompile(`\s*[|•·/]\s*|\s{2,}`)

	// reJunk matches whole paragraphs of page furniture.
	reJunk = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(advertisement|ad|sponsored|promoted|paid content)$`),
		regexp.MustCompile(`(?i)^(story|article|content) continues (below|after)`),
		regexp.MustCompile(`(?i)^scroll (down )?to continue`),
		regexp.MustCompile(`(?i)^(read more|read also|also read|see also|related|related article|related story|related stories|must read|don'?t miss|watch|listen|trending|more on this( story)?)\s*[:»›>|\-–—]\s*\S`),
		regexp.MustCompile(`(?i)^(click|tap) here\b`),
		regexp.MustCompile(`(?i)^(continue|keep) reading\b`),
		regexp.MustCompile(`(?i)^(like|follow|join) us on\b`),
		regexp.MustCompile(`(?i)^follow (us|@\w+|our)\b`),
		regexp.MustCompile(`(?i)^share (this|on|via|the|article|story|post)\b.{0,60}$`),
		regexp.MustCompile(`(?i)^(spread the word|like this|share with|sharing is caring)\s*[:!.]?$`),
		regexp.MustCompile(`(?i)^(your email address will not be published|required fields are marked|save my name,? email|notify me of (new|follow-?up)|this site uses akismet|you must be (logged|signed) in to (post|leave) a comment|cancel reply|post comment|submit comment|comments are closed|be the first to comment|name \*|email \*|website$)`),
		regexp.MustCompile(`(?i)enable javascript|^loading\.*$|your browser does not support`),
		regexp.MustCompile(`(?i)^\d+\s*(min|mins|minute|minutes)\s*(read|listen)$`),
		regexp.MustCompile(`(?i)^(reading time|read time)\s*:?\s*\d+`),
		regexp.MustCompile(`(?i)^(\d+|an?|one)\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$`),
		regexp.MustCompile(`(?i)^[\d,.]+k?\s+(views|shares|likes|reads)$`),
		regexp.MustCompile(`(?i)^(photo|image|picture|file photo|credit|caption|illustration|graphic|video)\s*(credit)?\s*:`),
		regexp.MustCompile(`(?i)^\(?(photo|image|picture)s? (by|credit|courtesy)\b`),
		regexp.MustCompile(`(?i)\((ap|afp|reuters|epa|getty|xinhua|anadolu)[^()]*photo[^()]*\)\.?$|/getty images\)?\.?$|\((photo|image): [^()]*\)\.?$`),
		regexp.MustCompile(`(?i)^(sign up|subscribe)\b.{0,160}$`),
		regexp.MustCompile(`(?i)newsletter.{0,120}\b(sign up|subscribe|inbox|delivered)\b|\b(sign up|subscribe)\b.{0,120}newsletter`),
		regexp.MustCompile(`(?i)^(get|download) (the|our) (app|[a-z ]{0,30} app)\b`),
		regexp.MustCompile(`(?i)^(support|donate to) (our|independent) journalism`),
		regexp.MustCompile(`(?i)^(log in|sign in|register) to\b.{0,100}$`),
		regexp.MustCompile(`(?i)^(previous|next) (post|article|story)\s*[:»›>]?`),
		regexp.MustCompile(`(?i)^(posted|published|updated) (\d+|an?) (minutes?|hours?|days?) ago$`),
	}

	reCookie      = regexp.MustCompile(`(?i)cookie`)
	reCookieCtx   = regexp.MustCompile(`(?i)\b(we use|we and our partners|this (web)?site uses|our site uses|accept|consent|by (continuing|using|clicking)|privacy|personali[sz]|manage (your )?(preferences|settings|choices)|opt[ -]out)\b`)
	reCopyright   = regexp.MustCompile(`(?i)^(©|\(c\)|copyright\b)|\ball rights reserved\b`)
	reCopyName    = regexp.MustCompile(`(?i)^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?([^.|,©]{2,60}?)\s*(?:[.,|]|\ball rights\b|$)`)
	reListHeading = regexp.MustCompile(`(?i)^(related|related (posts?|articles?|stories|story|news|content|coverage|links|reading|topics)|read more|read more (stories|news|articles)|more (stories|news|articles|headlines|to read)|more (from|in|on|about) .{1,40}|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| stories| reading| articles)?|trending( now| stories)?|most (read|popular|viewed|shared)|popular (posts|stories|articles|now)|latest (news|posts|stories|articles|headlines)|recent (posts|stories|articles)|top stories|see also|also read|don'?t miss|editor'?s picks|post navigation|further reading|in other news|what to read next|read next|up next)$`)
	reTail        = regexp.MustCompile(`(?i)^(leave a (reply|comment)|post a comment|add a comment|write a comment|(\d+\s+)?comments?(\s*\(?\d+\)?)?|\d+ (thoughts|responses|replies|comments) (on|to)\b.*|join the (conversation|discussion)|comments are closed|show comments|view comments|about the (author|writer|reporter)|author bio|(more|other) (posts|articles|stories) (by|from) (this|the) author|what do you think\??)$`)
)

// maxJunkLen is the longest paragraph IsBoilerplate considers.
const maxJunkLen = 600

// IsBoilerplate reports whether a paragraph is page furniture rather than
// article text: a cookie banner, a comment form, share and follow
// prompts, a newsletter pitch, an inline "Read more: …" link, a reading
// time, a photo credit, a copyright footer, or a row of navigation words.
func IsBoilerplate(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" {
		return true
	}
	if len(p) > maxJunkLen {
		// Furniture is short; a long paragraph is text.
		return false
	}
	if isNavRow(p) {
		return true
	}
	for _, re := range reJunk {
		if re.MatchString(p) {
			return true
		}
	}
	if reCookie.MatchString(p) && reCookieCtx.MatchString(p) {
		return true
	}
	if len(p) <= 240 && reCopyright.MatchString(p) {
		return true
	}
	return false
}

// isNavRow reports whether every part of p is a navigation word.
func isNavRow(p string) bool {
	if len(p) > 200 {
		return false
	}
	parts := reNavSep.Split(p, -1)
	n := 0
	for _, part := range parts {
		part = strings.ToLower(strings.TrimFunc(part, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) }))
		if part == "" {
			continue
		}
		if !navWords[part] {
			return false
		}
		n++
	}
	return n > 0
}

// MarkerKey lower-cases a short line and trims the punctuation that
// decorates headings ("Related posts:", "Share this »").
func MarkerKey(p string) string {
	if len(p) > 120 {
		return ""
	}
	return strings.ToLower(strings.TrimFunc(p, func(r rune) bool {
		return unicode.IsPunct(r) && r != '?' || unicode.IsSpace(r) || unicode.IsSymbol(r)
	}))
}

// IsListHeading reports whether p heads a list of links: related posts,
// share buttons, "Read more".
func IsListHeading(p string) bool {
	k := MarkerKey(p)
	return k != "" && reListHeading.MatchString(k)
}

// IsTail reports whether p starts the part of a page after the article:
// comments, an author bio, the footer.
func IsTail(p string) bool {
	if k := MarkerKey(p); k != "" && reTail.MatchString(k) {
		return true
	}
	return len(p) <= 240 && reCopyright.MatchString(p)
}

// CopyrightName returns the owner named in a copyright footer.
func CopyrightName(p string) string {
	if len(p) > 240 {
		return ""
	}
	m := reCopyName.FindStringSubmatch(strings.TrimSpace(p))
	if m == nil {
		return ""
	}
	name := strings.TrimSpace(m[1])
	if name == "" || len(strings.Fields(name)) > 6 || strings.EqualFold(name, "all rights reserved") {
		return ""
	}
	return name
}
