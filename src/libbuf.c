/* libbuf.c: a growable byte buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

/* Room for n more bytes and the NUL after them. */
static inline void
room_for(struct buf *b, size_t n)
{
	b->s = egrow(b->s, &b->cap, b->len + n + 1, 1);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	room_for(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	room_for(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

/* s[0..n) at the end of b as a string, its NUL counted in b->len, for
 * strings one after another in one buffer: returns where it begins. */
size_t
buf_add_string(struct buf *b, const char *s, size_t n)
{
	size_t at = b->len;

	room_for(b, n + 1);
	if (n)
		memcpy(b->s + at, s, n);
	b->s[at + n] = '\0';
	b->len = at + n + 1;
	b->s[b->len] = '\0';
	return at;
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addlong(struct buf *b, long long v)
{
	char tmp[NUM_CHARS];
	const char *p = num_format(tmp, v);

	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* "00" to "99", for two digits at a time. */
static const char pairs[201] =
	"00010203040506070809"
	"10111213141516171819"
	"20212223242526272829"
	"30313233343536373839"
	"40414243444546474849"
	"50515253545556575859"
	"60616263646566676869"
	"70717273747576777879"
	"80818283848586878889"
	"90919293949596979899";

/* v in decimal at the end of b (no NUL); returns where it starts.  By
 * hand: snprintf's parsing of its format cost a tenth of normalize; two
 * digits a step, as a division is the cost of each step. */
char *
num_format(char b[NUM_CHARS], long long v)
{
	char *p = b + NUM_CHARS;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	for (; u >= 100; u /= 100) {
		p -= 2;
		memcpy(p, pairs + u % 100 * 2, 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + u * 2, 2);
	} else
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
