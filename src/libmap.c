/* libmap.c: maps offsets in normalized text back to the original file.
 * In memory an entry holds the cumulative delta from its pos on, so that
 * a lookup is a binary search; written out, each entry is the change of
 * delta at pos, relative to the slice written: "12+3,40-2". */
#include <stdlib.h>
#include <string.h>

#include "facts.h"

void
map_reset(struct map *m)
{
	m->n = 0;
	m->delta = 0;
}

static void
push(struct map *m, long long pos, long long delta)
{
	if (m->n && m->e[m->n - 1].pos == pos) {
		m->e[m->n - 1].inc = delta;
		if (delta == (m->n > 1 ? m->e[m->n - 2].inc : 0))
			m->n--;
	} else {
		m->e = egrow(m->e, &m->cap, m->n + 1, sizeof *m->e);
		m->e[m->n].pos = pos;
		m->e[m->n].inc = delta;
		m->n++;
	}
	m->delta = delta;
}

/* Records that normalized offset npos stands for original offset opos. */
void
map_sync(struct map *m, long long npos, long long opos)
{
	if (opos - npos != m->delta)
		push(m, npos, opos - npos);
}

/* Forgets the entries after npos, whose text was rewritten (NFC): up to
 * the next map_sync it maps as npos does. */
void
map_cut(struct map *m, long long npos)
{
	while (m->n && m->e[m->n - 1].pos > npos)
		m->n--;
	m->delta = m->n ? m->e[m->n - 1].inc : 0;
}

/* The number of entries at or before pos. */
static size_t
upto(const struct map *m, long long pos)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->e[mid].pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long long
map_orig(const struct map *m, long long pos)
{
	size_t i = upto(m, pos);

	return pos + (i ? m->e[i - 1].inc : 0);
}

static int
parsenum(const char **s, const char *end, long long *v)
{
	const char *p = *s;
	long long x = 0;

	if (p == end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		x = x * 10 + (*p - '0');
		if (x > OFFSET_MAX)
			return -1;
	}
	*s = p;
	*v = x;
	return 0;
}

int
map_parse(struct map *m, const char *s, size_t n)
{
	const char *end = s + n;
	long long pos, inc, last = -1, delta = 0;
	int neg;

	map_reset(m);
	while (s < end) {
		if (parsenum(&s, end, &pos) || s == end || pos <= last)
			return -1;
		if (*s != '+' && *s != '-')
			return -1;
		neg = *s++ == '-';
		if (parsenum(&s, end, &inc))
			return -1;
		delta += neg ? -inc : inc;
		if (delta > OFFSET_MAX || delta < -OFFSET_MAX)
			return -1;
		push(m, pos, delta);
		last = pos;
		if (s < end && *s++ != ',')
			return -1;
		if (s == end && s[-1] == ',')
			return -1;
	}
	return 0;
}

/* Writes the entries in (from, to], relative to from. */
void
map_format(struct buf *b, const struct map *m, long long from, long long to)
{
	size_t i = upto(m, from);
	long long prev = i ? m->e[i - 1].inc : 0;
	int first = 1;

	for (; i < m->n && m->e[i].pos <= to; i++) {
		long long inc = m->e[i].inc - prev;

		prev = m->e[i].inc;
		if (!first)
			buf_addc(b, ',');
		first = 0;
		buf_addlong(b, m->e[i].pos - from);
		if (inc >= 0)
			buf_addc(b, '+');
		buf_addlong(b, inc);
	}
}

void
map_free(struct map *m)
{
	free(m->e);
	memset(m, 0, sizeof *m);
}
