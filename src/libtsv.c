/* libtsv.c: reading and writing the contract's TSV.  A line is split on
 * raw TABs first and each field unescaped after, never the other way. */
#define _DEFAULT_SOURCE		/* fwrite_unlocked, where the libc has it */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
/* A row read sixteen bytes at a test (SCAN16) where glibc's buffer can
 * be read too. */
#ifdef SCAN16
/* Which of the sixteen bytes of v are c: 0xFF in their places. */
#define MATCHES(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8(c))
#if defined __GLIBC__
#define ROW_SCAN 1
#endif
#endif

/* The filters are single-threaded: stdio's lock on every call is a cost
 * with no use, a fifth of split's time. */
#ifdef __GLIBC__
#define put_many(s, n, fp) fwrite_unlocked((s), 1, (n), (fp))
#else
#define put_many(s, n, fp) fwrite((s), 1, (n), (fp))
#endif
#define put_char(c, fp) putc_unlocked((c), (fp))

/* Where n more bytes go in fp's buffer, taken, or NULL if they do not
 * fit.  glibc keeps the buffer's pointers in FILE in the open
 * (putc_unlocked's macro reads them, as flush_before_wait does): a copy
 * there costs a tenth of fwrite's call for the few bytes of a field.  A
 * line-buffered or unbuffered stream, or one not written yet, has no room
 * (its end is not past its pointer), so that all of it goes through
 * stdio as before. */
static inline char *
room(FILE *fp, size_t n)
{
#ifdef __GLIBC__
	char *p = fp->_IO_write_ptr;

	if (fp->_IO_write_end - p >= (ptrdiff_t)n) {
		fp->_IO_write_ptr = p + n;
		return p;
	}
#else
	(void)fp;
	(void)n;
#endif
	return NULL;
}

static inline void
put_bytes(const char *s, size_t n, FILE *fp)
{
	char *d = room(fp, n);

	if (d) {
		memcpy(d, s, n);
		return;
	}
	/* a few bytes go faster one by one into the buffer than through
	 * fwrite */
	if (n > 16) {
		put_many(s, n, fp);
		return;
	}
	while (n--)
		put_char(*s++, fp);
}

void
tsv_init(struct tsv *t, FILE *fp, const char *name, const char *producer)
{
	memset(t, 0, sizeof *t);
	t->fp = fp;
	t->name = name;
	t->producer = producer;
}

/* The next line of t->fp, t->raw, when the stream's buffer holds all of
 * it, '\n' and all: its length, or -1 for getline to read it (a line
 * across a refill, the end, an error), as before.  glibc keeps the
 * buffer's read pointers in FILE in the open, as room() uses the write
 * ones: a memchr there costs a third of getline's call, and the line is
 * read where it is, not copied (stdio reads nothing before it again, so
 * that splitline may write its NULs there).  A line found there needs
 * no flush_before_wait: there was no wait. */
static ssize_t
line_in_buffer(struct tsv *t)
{
#ifdef __GLIBC__
	FILE *fp = t->fp;
	char *p = fp->_IO_read_ptr, *nl;

	if (p >= fp->_IO_read_end ||
	    !(nl = memchr(p, '\n', (size_t)(fp->_IO_read_end - p))))
		return -1;
	fp->_IO_read_ptr = nl + 1;
	t->raw = p;
	return (ssize_t)(nl + 1 - p);
#else
	(void)t;
	return -1;
#endif
}

/* The next raw line, t->raw, its '\n' kept, as getline(3); -1 at the
 * end. */
static ssize_t
next_line(struct tsv *t)
{
	ssize_t n;

	errno = 0;
	if (t->getline)
		n = t->getline(&t->line_s, &t->line_cap, t->arg);
	else {
		if ((n = line_in_buffer(t)) >= 0)
			return n;
		flush_before_wait(t->fp);
		n = getline(&t->line_s, &t->line_cap, t->fp);
		if (n < 0 && ferror(t->fp))
			die_at(EXIT_IO, t->name, t->line + 1, "read error:");
	}
	t->raw = t->line_s;
	return n;
}

/* Reads one raw line without its '\n'; -1 at the end of input. */
static ssize_t
readline(struct tsv *t)
{
	ssize_t n;

	for (;;) {
		if ((n = next_line(t)) < 0)
			return -1;
		t->line++;
		if (n > 0 && t->raw[n - 1] == '\n')
			t->raw[--n] = '\0';
		else if (t->whole_lines)
			die_at(EXIT_DATA, t->name, t->line, "the last line has no "
			    "newline: the input was cut short");
		if (t->comments && (n == 0 || t->raw[0] == '#'))
			continue;
		return n;
	}
}

static char *
colname(const struct tsv *t, size_t i)
{
	return t->cols && i < t->ncols ? t->cols[i] : "?";
}

/* Unescapes field s of length *n in place; the result is never longer. */
static void
unescape(struct tsv *t, size_t fi, char *s, size_t *n)
{
	char *r = s, *w = s, *end = s + *n;

	r = memchr(s, '\\', *n);
	if (!r)
		return;
	w = r;
	while (r < end) {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		if (r + 1 == end)
			die_at(EXIT_DATA, t->name, t->line,
			    "bad escape: lone backslash at the end of column '%s'",
			    colname(t, fi));
		switch (r[1]) {
		case '\\': *w++ = '\\'; break;
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		default:
			die_at(EXIT_DATA, t->name, t->line,
			    "bad escape '\\%c' in column '%s'", r[1], colname(t, fi));
		}
		r += 2;
	}
	*w = '\0';
	*n = (size_t)(w - s);
}

/* Room in t->f and t->flen for n fields. */
static void
fields_room(struct tsv *t, size_t n)
{
	if (n > t->fcap) {
		t->f = egrow(t->f, &t->fcap, n, sizeof *t->f);
		t->flen = erealloc(t->flen, t->fcap * sizeof *t->flen);
	}
}

/* Splits the current line into t->f; returns the number of fields. */
static size_t
splitline(struct tsv *t, size_t n)
{
	char *s = t->raw, *end = s + n, *tab;
	size_t nf = 0;

	for (;;) {
		fields_room(t, nf + 1);
		tab = memchr(s, '\t', (size_t)(end - s));
		t->f[nf] = s;
		t->flen[nf] = (size_t)((tab ? tab : end) - s);
		if (tab)
			*tab = '\0';
		nf++;
		if (!tab)
			break;
		s = tab + 1;
	}
	t->nf = nf;
	return nf;
}

static void
unescape_all(struct tsv *t)
{
	size_t i;

	for (i = 0; i < t->nf; i++)
		unescape(t, i, t->f[i], &t->flen[i]);
}

void
tsv_header(struct tsv *t)
{
	ssize_t n = readline(t);
	size_t i;

	if (n < 0)
		die_at(EXIT_DATA, t->name, 0,
		    "empty input: no header line (expected %s output)", t->producer);
	if (n > 0 && t->raw[n - 1] == '\r')
		die_at(EXIT_DATA, t->name, t->line,
		    "header ends in CR: convert CRLF line ends to LF");
	t->cols = NULL;
	splitline(t, (size_t)n);
	unescape_all(t);
	t->ncols = t->nf;
	t->cols = emalloc(t->ncols * sizeof *t->cols);
	for (i = 0; i < t->ncols; i++)
		t->cols[i] = estrdup(t->f[i]);
}

/* A later input of a multi-file run must have the first one's columns. */
void
tsv_same_header(struct tsv *t, const struct tsv *first)
{
	size_t i;

	if (t->ncols != first->ncols)
		goto differ;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], first->cols[i]))
			goto differ;
	return;
differ:
	die_at(EXIT_DATA, t->name, 1, "header differs from that of %s",
	    first->name);
}

/* Starts one input of a multi-file run: reads its header, which must be
 * the first input's, and finds the columns need[] into idx[].  The reader
 * lives in the run, so that the run can be freed whatever happened. */
struct tsv *
tsv_begin(struct tsv_run *run, FILE *fp, const char *name,
    const char *producer, const char *const *need, int *idx)
{
	struct tsv *t = &run->cur;
	size_t i;

	tsv_free(t);
	tsv_init(t, fp, name, producer);
	t->whole_lines = 1;
	tsv_header(t);
	if (run->have_first)
		tsv_same_header(t, &run->first);
	for (i = 0; need[i]; i++)
		idx[i] = tsv_need(t, need[i]);
	return t;
}

/* Ends an input; the first one's header is kept to compare the others. */
void
tsv_end(struct tsv_run *run)
{
	if (run->have_first) {
		tsv_free(&run->cur);
	} else {
		run->first = run->cur;
		run->have_first = 1;
		memset(&run->cur, 0, sizeof run->cur);
	}
}

void
tsv_run_free(struct tsv_run *run)
{
	tsv_free(&run->cur);
	tsv_free(&run->first);
	run->have_first = 0;
}

int
tsv_col(const struct tsv *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return (int)i;
	return -1;
}

int
tsv_need(const struct tsv *t, const char *name)
{
	int i = tsv_col(t, name);

	if (i < 0)
		die_at(EXIT_DATA, t->name, 1,
		    "missing column '%s' (expected %s output with a header line)",
		    name, t->producer);
	return i;
}

#ifdef ROW_SCAN
/* The row whose line p..nl has been split: stdio's buffer is read past
 * it. */
static void
take_row(struct tsv *t, char *p, char *nl, size_t nf, int escaped, int ascii)
{
	*nl = '\0';
	t->fp->_IO_read_ptr = nl + 1;
	t->raw = p;
	t->rawlen = (size_t)(nl - p);
	t->escaped = escaped;
	t->ascii = ascii;
	t->nf = nf;
	t->line++;
}

/* The next row where stdio's buffer holds its line whole, as
 * line_in_buffer: 1, or 0 for readline and splitline to read it.  The
 * line's end, its TABs, whether it has a backslash and whether it is all
 * ASCII in one pass, sixteen bytes at a time, most of them (the text) in
 * one test: a memchr for each field, the end and the backslash cost
 * more.  The arrays in locals: a store to flen might be one to t's
 * counts, for all the compiler knows, and would have them read again.
 * Only sixteen bytes whole are read: a line that ends in the buffer's
 * last fifteen, its TABs put back, goes to readline. */
static int
row_in_buffer(struct tsv *t)
{
	char *p = t->fp->_IO_read_ptr, *end = t->fp->_IO_read_end, *q, *e, **f;
	size_t nf = 0, *flen;
	unsigned tabs, nl, before, esc = 0, high = 0;

	if (p >= end)
		return 0;
	fields_room(t, t->ncols + 1);
	f = t->f;
	flen = t->flen;
	f[0] = p;
	for (q = p; end - q >= 16; q += 16) {
		__m128i v = _mm_loadu_si128((const void *)q), bs = MATCHES(v, '\\');

		/* TAB and LF among the bytes up to LF: one test for both */
		if (!_mm_movemask_epi8(_mm_or_si128(bs, _mm_cmpeq_epi8(v,
		    _mm_min_epu8(v, _mm_set1_epi8('\n')))))) {
			/* in a register: a vector's OR would live on the
			 * stack, for the calls below, each block waiting on
			 * the last one's store */
			high |= (unsigned)_mm_movemask_epi8(v);
			continue;
		}
		nl = (unsigned)_mm_movemask_epi8(MATCHES(v, '\n'));
		before = nl ? (nl & -nl) - 1 : 0xFFFF;
		esc |= (unsigned)_mm_movemask_epi8(bs) & before;
		high |= (unsigned)_mm_movemask_epi8(v) & before;
		tabs = (unsigned)_mm_movemask_epi8(MATCHES(v, '\t')) & before;
		for (; tabs; tabs &= tabs - 1) {
			if (nf + 2 > t->fcap) {
				fields_room(t, nf + 2);
				f = t->f;
				flen = t->flen;
			}
			e = q + __builtin_ctz(tabs);
			*e = '\0';
			flen[nf] = (size_t)(e - f[nf]);
			f[++nf] = e + 1;
		}
		if (nl) {
			e = q + __builtin_ctz(nl);
			flen[nf] = (size_t)(e - f[nf]);
			take_row(t, p, e, nf + 1, esc != 0, !high);
			return 1;
		}
	}
	while (nf--)
		f[nf][flen[nf]] = '\t';
	return 0;
}
#endif

/* Reads the next row into t->f: 0 at the end of input. */
static int
read_row(struct tsv *t)
{
	ssize_t n;

#ifdef ROW_SCAN
	if (!t->getline && !t->comments && row_in_buffer(t))
		return 1;
#endif
	if ((n = readline(t)) < 0)
		return 0;
	/* most rows have no backslash: one look at the whole line */
	t->rawlen = (size_t)n;
	t->escaped = memchr(t->raw, '\\', (size_t)n) != NULL;
	t->ascii = 0;	/* not known */
	splitline(t, (size_t)n);
	return 1;
}

int
tsv_next(struct tsv *t)
{
	if (!read_row(t))
		return 0;
	if (t->nf != t->ncols)
		die_at(EXIT_DATA, t->name, t->line, "%zu fields, the header has %zu",
		    t->nf, t->ncols);
	if (t->escaped)
		unescape_all(t);
	return 1;
}

/* Whether no byte of the current record's fields needs escaping, so that
 * any part of one may be written as it is: its line had no backslash
 * (no escape, hence no TAB or LF in a field) and has no raw CR (the
 * splitting wrote NULs in the TABs' places, and no CR). */
int
tsv_plain(const struct tsv *t)
{
	return !t->escaped && !memchr(t->raw, '\r', t->rawlen);
}

long long
tsv_num(const struct tsv *t, int col)
{
	const char *s = t->f[col], *p = s;
	unsigned long long v = 0;
	unsigned d;

	/* the digits up to the field's NUL (a sum of more than 17 of them,
	 * unsigned, may wrap: they are refused anyway) */
	while ((d = (unsigned)(unsigned char)*p - '0') < 10) {
		v = v * 10 + d;
		p++;
	}
	/* at most 17 digits, no other byte: OFFSET_MAX (10^15) bounds the
	 * rest */
	if (p == s || (size_t)(p - s) != t->flen[col] || p - s > 17 ||
	    v > OFFSET_MAX)
		die_at(EXIT_DATA, t->name, t->line,
		    "column '%s': not a count or offset: '%s'", t->cols[col], s);
	return (long long)v;
}

void
tsv_free(struct tsv *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->f);
	free(t->flen);
	free(t->line_s);
	memset(t, 0, sizeof *t);
}

static inline int
escaped(char c)
{
	return c == '\\' || c == '\t' || c == '\n' || c == '\r';
}

#ifdef SCAN16
/* The bytes of the sixteen at s that TSV escapes, as bits. */
static inline unsigned
escapes16(const char *s)
{
	__m128i v = _mm_loadu_si128((const void *)s);

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(MATCHES(v, '\\'), MATCHES(v, '\t')),
	    _mm_or_si128(MATCHES(v, '\n'), MATCHES(v, '\r'))));
}

/* The first byte of s[0..end) that TSV escapes, or end: sixteen bytes at
 * a time, the last fewer with the bytes before them where this call has
 * found those plain (so that their bits are 0), else one by one. */
static const char *
plain_end(const char *s, const char *end)
{
	const char *start = s;
	unsigned m;

	for (; end - s >= 16; s += 16)
		if ((m = escapes16(s)))
			return s + __builtin_ctz(m);
	if (s < end && end - start >= 16) {
		m = escapes16(end - 16);
		return m ? end - 16 + __builtin_ctz(m) : end;
	}
	while (s < end && !escaped(*s))
		s++;
	return s;
}
#else
/* Whether any of the eight bytes of w is below 14 (TAB, LF, CR and the
 * bytes around them) or a backslash: exact, though not which one. */
static inline uint64_t
may_escape(uint64_t w)
{
	uint64_t b = w ^ (BYTES_ONES * '\\');

	return (((w - BYTES_ONES * 0x0E) & ~w) | ((b - BYTES_ONES) & ~b)) & BYTES_HIGH;
}

static inline int
plain8(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return !may_escape(w);
}

/* The first byte of s[0..end) that TSV escapes, or end: sixteen or eight
 * bytes at a time where there is none, one by one in the eight where
 * there may be (a control byte that is not escaped only slows that). */
static const char *
plain_end(const char *s, const char *end)
{
	const char *lim;

	for (;;) {
		while (end - s >= 16 && plain8(s) && plain8(s + 8))
			s += 16;
		if (end - s >= 8 && plain8(s))
			s += 8;
		lim = end - s > 8 ? s + 8 : end;
		for (; s < lim; s++)
			if (escaped(*s))
				return s;
		if (s == end)
			return end;
	}
}
#endif

/* The letter after the backslash that stands for c (one of \\ \t \n \r). */
static char
escape_of(char c)
{
	return c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
}

void
tsv_put(FILE *fp, const char *s, size_t n)
{
	const char *end = s + n, *p;

	while ((p = plain_end(s, end)) < end) {
		put_bytes(s, (size_t)(p - s), fp);
		put_char('\\', fp);
		put_char(escape_of(*p), fp);
		s = p + 1;
	}
	put_bytes(s, (size_t)(end - s), fp);
}

/* s[0..n) escaped at the end of b: a field written in many rows, escaped
 * once, then written with tsv_put_escaped. */
void
tsv_escape(struct buf *b, const char *s, size_t n)
{
	const char *end = s + n, *p;
	char e[2] = { '\\', 0 };

	while ((p = plain_end(s, end)) < end) {
		buf_add(b, s, (size_t)(p - s));
		e[1] = escape_of(*p);
		buf_add(b, e, 2);
		s = p + 1;
	}
	buf_add(b, s, (size_t)(end - s));
}

void
tsv_put_escaped(FILE *fp, const char *s, size_t n)
{
	put_bytes(s, n, fp);
}

void
tsv_puts(FILE *fp, const char *s)
{
	tsv_put(fp, s, strlen(s));
}

/* s[0..n) where s has sixteen bytes to read: a number's few digits
 * copied sixteen at once into fp's buffer where it has room for them,
 * and its pointer moved by n.  A copy of a constant length is a few
 * moves; memcpy of n is a call, and a branch on n that mispredicts. */
static inline void
put_short(const char *s, size_t n, FILE *fp)
{
#ifdef __GLIBC__
	char *p = fp->_IO_write_ptr;

	if (n <= 16 && fp->_IO_write_end - p >= 16) {
		memcpy(p, s, 16);
		fp->_IO_write_ptr = p + n;
		return;
	}
#endif
	put_bytes(s, n, fp);
}

void
tsv_putnum(FILE *fp, long long v)
{
	/* the digits end at NUM_CHARS, and sixteen bytes past them are
	 * ours to read (put_short) */
	char b[NUM_CHARS + 16];
	const char *p;

	memset(b + NUM_CHARS, 0, 16);
	p = num_format(b, v);
	put_short(p, (size_t)(b + NUM_CHARS - p), fp);
}

/* "\tN\tSTART\tEND\t": what follows doc in the rows of every stage. */
void
tsv_nums(FILE *fp, long long n, long long start, long long end)
{
	put_char('\t', fp);
	tsv_putnum(fp, n);
	put_char('\t', fp);
	tsv_putnum(fp, start);
	put_char('\t', fp);
	tsv_putnum(fp, end);
	put_char('\t', fp);
}

/* The last columns of a row, each after a TAB, and the end of the row. */
void
tsv_rest(FILE *fp, const char *const *vals)
{
	for (; *vals; vals++) {
		put_char('\t', fp);
		tsv_puts(fp, *vals);
	}
	put_char('\n', fp);
}

void
tsv_tab(FILE *fp)
{
	put_char('\t', fp);
}

void
tsv_eol(FILE *fp)
{
	put_char('\n', fp);
}

void
tsv_write_header(FILE *fp, const char *const *cols)
{
	size_t i;

	for (i = 0; cols[i]; i++) {
		if (i)
			tsv_tab(fp);
		tsv_puts(fp, cols[i]);
	}
	tsv_eol(fp);
}
