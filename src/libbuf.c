/* libbuf.c: a growable byte buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

void
buf_add(struct buf *b, const void *p, size_t n)
{
	b->s = egrow(b->s, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	char ch = (char)c;

	buf_add(b, &ch, 1);
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

/* v in decimal at the end of b (no NUL); returns where it starts.  By
 * hand: snprintf's parsing of its format cost a tenth of normalize. */
char *
num_format(char b[NUM_CHARS], long long v)
{
	char *p = b + NUM_CHARS;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
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
