package shopkit

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// MaxPageLimit is the most entities one page of a list holds. A screen asks
// for a page it can show; a larger limit is CodeInvalidLimit, so no list call
// reads an unbounded share of a table.
const MaxPageLimit = 500

// CodeInvalidPageCursor is the code of a PageRequest whose After is not a
// cursor a list returned (Page.Next): the field is "after".
const CodeInvalidPageCursor = "shopkit.invalid_page_cursor"

// PageRequest asks a list for one page. Every list of every package takes
// one and returns a Page, so a console pages through all of them the same way.
type PageRequest struct {
	// After is "" for the first page, else the Next of the page before.
	After string `json:"after"`
	// Limit is the most entities the page holds: 1 to MaxPageLimit.
	Limit int `json:"limit"`
}

// Page is one page of a list: its entities in the list's order, and Next, the
// PageRequest.After of the page that follows, "" when nothing follows.
//
// Every list is ordered by an instant and then by ID (each list's doc says
// which instant and which direction), and its cursor is the sort key of the
// page's last entity (a keyset, not an offset). So a list paged from its
// start to its end returns every entity that existed when paging began and
// did not change its sort key or leave the list's filter exactly once: an
// entity added or removed meanwhile shifts no other entity between pages.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

// Check validates a page request: a limit of 1 to MaxPageLimit
// (CodeInvalidLimit, field "limit") and an After that is "" or a cursor
// (CodeInvalidPageCursor, field "after").
func (p PageRequest) Check() error {
	_, _, err := p.Start()
	return err
}

// Start returns the cursor the page starts after, and false for the first
// page (After ""); an invalid request is Check's error.
func (p PageRequest) Start() (Cursor, bool, error) {
	if err := CheckLimit(p.Limit); err != nil {
		return Cursor{}, false, err
	}
	if p.Limit > MaxPageLimit {
		return Cursor{}, false, Invalid(CodeInvalidLimit, "limit", "must be at most "+strconv.Itoa(MaxPageLimit))
	}
	if p.After == "" {
		return Cursor{}, false, nil
	}
	c, err := DecodeCursor(p.After)
	return c, err == nil, err
}

// Cursor is the sort key of a list entity, the position a page ends at: the
// list's instant and the entity's ID (a UUID's canonical text, or a key such
// as a statement's). Encode makes the opaque PageRequest.After a frontend
// passes back; it is not signed, since a made-up cursor only moves where a
// page starts within what its caller may see anyway.
type Cursor struct {
	At time.Time `json:"at,omitzero"`
	ID string    `json:"id"`
}

// Encode returns the cursor's opaque text: base64url (no padding) of
// "<unix seconds>.<nanoseconds, 9 digits>.<ID>", exact to the nanosecond for
// any instant.
func (c Cursor) Encode() string {
	ns := strconv.Itoa(c.At.Nanosecond())
	raw := strconv.FormatInt(c.At.Unix(), 10) + "." + strings.Repeat("0", 9-len(ns)) + ns + "." + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor reads the text Encode made; anything else is an ErrInvalid
// error with code CodeInvalidPageCursor naming the field "after". The instant
// it returns is in UTC.
func DecodeCursor(s string) (Cursor, error) {
	bad := func() (Cursor, error) {
		return Cursor{}, Invalid(CodeInvalidPageCursor, "after", "is not a cursor of this list")
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return bad()
	}
	secs, rest, ok := strings.Cut(string(raw), ".")
	if !ok || len(rest) < 10 || rest[9] != '.' {
		return bad()
	}
	nanos, id := rest[:9], rest[10:]
	sec, err := strconv.ParseInt(secs, 10, 64)
	if err != nil || secs != strconv.FormatInt(sec, 10) || id == "" {
		return bad()
	}
	ns, err := strconv.Atoi(nanos)
	if err != nil || ns < 0 || nanos[0] == '-' || nanos[0] == '+' {
		return bad()
	}
	return Cursor{At: time.Unix(sec, int64(ns)).UTC(), ID: id}, nil
}

// UUID returns the cursor's ID as a UUID, for a list of entities with UUID
// IDs; an ID that is not a UUID's canonical text is CodeInvalidPageCursor.
func (c Cursor) UUID() (uuid.UUID, error) {
	id, err := uuid.Parse(c.ID)
	if err != nil || id.String() != c.ID {
		return uuid.Nil, Invalid(CodeInvalidPageCursor, "after", "does not end at an entity of this list")
	}
	return id, nil
}

// Compare orders cursors by instant and then by ID (bytewise, which for a
// UUID's canonical text is the order of its bytes, as a database orders a
// uuid column): -1 when c comes before d, 0 when equal, +1 after.
func (c Cursor) Compare(d Cursor) int {
	if r := c.At.Compare(d.At); r != 0 {
		return r
	}
	return strings.Compare(c.ID, d.ID)
}
