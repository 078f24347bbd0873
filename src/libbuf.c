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
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%lld", v);

	buf_add(b, tmp, (size_t)n);
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
