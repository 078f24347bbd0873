/* facts-merge: the rows of the three extractors as one facts table, for
 * facts(1), written as each document ends.  Each extractor (run with -e)
 * writes its rows in document order and a row of the doc alone at each
 * document's end, so a document is merged as soon as the three have
 * ended it.  The order is the contract's: document, start, kind (money,
 * quote, stake); rows that tie keep their order.
 *
 * The three are read at once, from pipes: an extractor waiting on a full
 * pipe would stop the tee that feeds the others, so whatever any of them
 * has written is taken in while one is awaited, into a spool (memory,
 * then a temporary file past SPOOL_MEM), never left in its pipe. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

#ifndef SPOOL_MEM
#define SPOOL_MEM (1 << 20)
#endif
#define CHUNK 65536

/* What each kind's columns become: subject object value unit qualifier
 * text.  A stake's value is its percent with unit "%", else its amount
 * and currency; its qualifier is "qualifier;modality". */
enum { C_DOC, C_START, C_END, C_1, C_2, C_3, C_4, C_5, C_6, C_7, C_8, NCOL };
static const struct kind {
	const char *name, *producer;
	const char *cols[NCOL + 1];
} kinds[] = {
	{ "money", "extract-money", { "doc", "start", "end", "amount",
	    "currency", "qualifier", "text", NULL } },
	{ "quote", "extract-quotes", { "doc", "start", "end", "speaker", "cue",
	    "type", "quote", NULL } },
	{ "stake", "extract-stakes", { "doc", "start", "end", "holder",
	    "target", "percent", "amount", "currency", "qualifier",
	    "modality", "text", NULL } },
};
#define NKINDS (sizeof kinds / sizeof *kinds)

/* The bytes of a stream read but not yet taken: mem.s[head..len), then
 * those of the file, [rd, wr). */
struct spool {
	const char *name;
	int fd, eof;
	struct buf mem;
	size_t head;
	int file;		/* -1 until needed */
	char *file_name;
	off_t rd, wr;
};

struct stream {
	const struct kind *k;
	struct spool sp;
	struct tsv t;
	int c[NCOL + 1];
	int more;		/* a row is read and waits */
	int mark;		/* it is the end of its document */
	int begun;		/* a row of the document is read */
	struct buf doc;		/* the document of its rows, a string */
	long long start;
};

static struct stream S[NKINDS];

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-o tsv|csv|jsonl] MONEY QUOTES STAKES\n"
	    "       %s -c [-o tsv|csv|jsonl]\n"
	    "Merges the outputs of extract-money -e, extract-quotes -e and\n"
	    "extract-stakes -e into the rows of the facts table (no header), in\n"
	    "document order, each document as soon as the three have ended it.\n"
	    "  -c  write the table's header line only (none for jsonl)\n"
	    "  -o  the rows as TSV (the default), CSV (RFC 4180) or JSON Lines\n",
	    argv0, argv0);
	exit(status);
}

static void
file_io(ssize_t n, const struct spool *sp)
{
	if (n < 0)
		die(EXIT_IO, "%s: temporary file:", sp->file_name);
}

/* The bytes taken from memory, once they are half of it, make room. */
static void
mem_compact(struct spool *sp)
{
	if (sp->head && sp->head >= sp->mem.len / 2) {
		memmove(sp->mem.s, sp->mem.s + sp->head, sp->mem.len - sp->head);
		sp->mem.len -= sp->head;
		sp->head = 0;
	}
}

/* Bytes that come after those held: to the file once it is in use (or
 * memory is full), so that they stay in order. */
static void
spool_add(struct spool *sp, const char *s, size_t n)
{
	ssize_t w;

	if (sp->file < 0 && sp->mem.len - sp->head + n <= SPOOL_MEM) {
		mem_compact(sp);
		buf_add(&sp->mem, s, n);
		return;
	}
	if (sp->file < 0) {
		FILE *fp = temp_file("facts-merge", &sp->file_name);

		if ((sp->file = dup(fileno(fp))) < 0)
			die(EXIT_IO, "%s: temporary file:", sp->file_name);
		fclose(fp);
		sp->rd = sp->wr = 0;
	}
	while (n) {
		file_io(w = pwrite(sp->file, s, n, sp->wr), sp);
		sp->wr += w;
		s += w;
		n -= (size_t)w;
	}
}

/* Moves the file's first bytes to memory; a file read to its end is
 * emptied, and one read mostly keeps only what is unread. */
static void
spool_unfile(struct spool *sp)
{
	char b[CHUNK];
	off_t left;
	ssize_t r;

	file_io(r = pread(sp->file, b, sizeof b, sp->rd), sp);
	if (r == 0)
		die(EXIT_IO, "%s: temporary file: cut short", sp->file_name);
	mem_compact(sp);
	buf_add(&sp->mem, b, (size_t)r);
	sp->rd += r;
	left = sp->wr - sp->rd;
	if (left == 0) {
		file_io(ftruncate(sp->file, 0), sp);
		close(sp->file);	/* memory serves again */
		sp->file = -1;
		free(sp->file_name);
		sp->file_name = NULL;
	} else if (sp->rd >= SPOOL_MEM && sp->rd >= left) {
		off_t o;

		for (o = 0; o < left; o += r) {
			file_io(r = pread(sp->file, b, sizeof b, sp->rd + o), sp);
			if (r == 0)
				die(EXIT_IO, "%s: temporary file: cut short",
				    sp->file_name);
			file_io(pwrite(sp->file, b, (size_t)r, o) == r ? r : -1, sp);
		}
		file_io(ftruncate(sp->file, left), sp);
		sp->rd = 0;
		sp->wr = left;
	}
}

/* Takes in what every stream not at its end has written, waiting until
 * one of them has. */
static void
pump(void)
{
	struct pollfd p[NKINDS];
	struct stream *of[NKINDS];
	char b[CHUNK];
	size_t i, n = 0;
	ssize_t r;

	for (i = 0; i < NKINDS; i++)
		if (!S[i].sp.eof) {
			p[n].fd = S[i].sp.fd;
			p[n].events = POLLIN;
			of[n++] = &S[i];
		}
	/* the rows written go out before this waits, not when a buffer
	 * fills: a reader has each document as soon as it is merged */
	if ((r = poll(p, n, 0)) == 0) {
		if (fflush(stdout) == EOF)
			checkwrite();
		r = poll(p, n, -1);
	}
	while (r < 0 && errno == EINTR)
		r = poll(p, n, -1);
	if (r < 0)
		die(EXIT_IO, "poll:");
	for (i = 0; i < n; i++) {
		struct spool *sp = &of[i]->sp;

		if (!p[i].revents)
			continue;
		while ((r = read(sp->fd, b, sizeof b)) < 0 && errno == EINTR)
			;
		if (r < 0)
			die_at(EXIT_IO, sp->name, 0, "read error:");
		if (r == 0)
			sp->eof = 1;
		else
			spool_add(sp, b, (size_t)r);
	}
}

/* getline(3) on a spool: the next line, waiting for the stream's writer
 * (and taking in the others') until it is whole or the stream ends. */
static ssize_t
spool_getline(char **line, size_t *cap, void *arg)
{
	struct spool *sp = arg;
	char *nl;
	size_t n;

	for (;;) {
		n = sp->mem.len - sp->head;
		nl = n ? memchr(sp->mem.s + sp->head, '\n', n) : NULL;
		if (nl) {
			n = (size_t)(nl - (sp->mem.s + sp->head)) + 1;
			break;
		}
		if (sp->file >= 0)
			spool_unfile(sp);
		else if (sp->eof)
			break;
		else
			pump();
	}
	if (n == 0)
		return -1;
	*line = egrow(*line, cap, n + 1, 1);
	memcpy(*line, sp->mem.s + sp->head, n);
	(*line)[n] = '\0';
	sp->head += n;
	if (sp->head == sp->mem.len)
		sp->head = sp->mem.len = 0;
	return (ssize_t)n;
}

/* A row is the end of its document when all but its doc are empty. */
static int
is_mark(const struct stream *s)
{
	size_t i;

	for (i = 0; i < s->t.nf; i++)
		if (s->t.flen[i] && (int)i != s->c[C_DOC])
			return 0;
	return 1;
}

/* Reads the next row of s: a row of the document its rows are of, in
 * order of start, or that document's end. */
static void
advance(struct stream *s)
{
	const char *doc;
	size_t dlen;
	long long start;

	if (!(s->more = tsv_next(&s->t)))
		return;
	doc = s->t.f[s->c[C_DOC]];
	dlen = s->t.flen[s->c[C_DOC]];
	if (!s->begun) {
		s->doc.len = 0;
		buf_add(&s->doc, doc, dlen);
		buf_addc(&s->doc, '\0');
		s->doc.len--;
		s->begun = 1;
		s->start = -1;
	} else if (dlen != s->doc.len || memcmp(doc, s->doc.s, dlen))
		die_at(EXIT_DATA, s->t.name, s->t.line, "document '%s' before "
		    "the end of '%s': not the output of %s -e", doc, s->doc.s,
		    s->k->producer);
	if ((s->mark = is_mark(s)))
		return;
	start = tsv_num(&s->t, s->c[C_START]);
	if (start < s->start)
		die_at(EXIT_DATA, s->t.name, s->t.line,
		    "rows out of order: start %lld after %lld", start, s->start);
	s->start = start;
}

/* A FIFO's open waits for its writer (the extractors are started):
 * all are open before any is read, so that each read takes in all. */
static void
open_stream(struct stream *s, const struct kind *k, const char *name)
{
	s->k = k;
	s->sp.name = name;
	s->sp.file = -1;
	if ((s->sp.fd = open(name, O_RDONLY)) < 0)
		die(EXIT_IO, "%s: cannot open:", name);
}

/* Reads the header and the first row; a stream with none (an extractor
 * that failed before it wrote its header, and said why) has no rows. */
static void
begin_stream(struct stream *s)
{
	size_t i;

	while (!s->sp.eof && s->sp.mem.len == s->sp.head && s->sp.file < 0)
		pump();
	if (s->sp.mem.len == s->sp.head && s->sp.file < 0)
		return;
	tsv_init(&s->t, NULL, s->sp.name, s->k->producer);
	s->t.getline = spool_getline;
	s->t.arg = &s->sp;
	s->t.whole_lines = 1;
	tsv_header(&s->t);
	for (i = 0; s->k->cols[i]; i++)
		s->c[i] = tsv_need(&s->t, s->k->cols[i]);
	advance(s);
}

/* The facts table's fields.  TSV and CSV write a stake's qualifier and
 * modality as one column, "qualifier;modality"; JSON Lines as two. */
enum { F_DOC, F_KIND, F_START, F_END, F_SUBJECT, F_OBJECT, F_VALUE, F_UNIT,
    F_QUALIFIER, F_MODALITY, F_TEXT, NFIELD };
static const char *const field_name[NFIELD] = { "doc", "kind", "start",
    "end", "subject", "object", "value", "unit", "qualifier", "modality",
    "text" };
enum format { TSV, CSV, JSONL };
static enum format format;
static int columns;	/* -c: the header line only */

struct field {
	const char *s;
	size_t n;
};

static struct field
col(const struct stream *s, int c)
{
	return (struct field){ s->t.f[s->c[c]], s->t.flen[s->c[c]] };
}

static struct field
str(const char *s)
{
	return (struct field){ s, strlen(s) };
}

/* A row's fields, numbers formatted in nums. */
static void
fields_of(const struct stream *s, struct field *v, char nums[2][NUM_CHARS])
{
	const char *p;
	size_t i;

	for (i = 0; i < NFIELD; i++)
		v[i] = str("");
	v[F_DOC] = col(s, C_DOC);
	v[F_KIND] = str(s->k->name);
	p = num_format(nums[0], s->start);
	v[F_START] = (struct field){ p, (size_t)(nums[0] + NUM_CHARS - p) };
	p = num_format(nums[1], tsv_num(&s->t, s->c[C_END]));
	v[F_END] = (struct field){ p, (size_t)(nums[1] + NUM_CHARS - p) };
	switch (s->k->name[0]) {
	case 'm':	/* amount currency qualifier text */
		v[F_VALUE] = col(s, C_1);
		v[F_UNIT] = col(s, C_2);
		v[F_QUALIFIER] = col(s, C_3);
		v[F_TEXT] = col(s, C_4);
		break;
	case 'q':	/* speaker cue type quote */
		v[F_SUBJECT] = col(s, C_1);
		v[F_VALUE] = col(s, C_2);
		v[F_QUALIFIER] = col(s, C_3);
		v[F_TEXT] = col(s, C_4);
		break;
	default:	/* holder target percent amount currency qualifier
			 * modality text */
		v[F_SUBJECT] = col(s, C_1);
		v[F_OBJECT] = col(s, C_2);
		if (s->t.flen[s->c[C_3]]) {
			v[F_VALUE] = col(s, C_3);
			v[F_UNIT] = str("%");
		} else {
			v[F_VALUE] = col(s, C_4);
			v[F_UNIT] = col(s, C_5);
		}
		v[F_QUALIFIER] = col(s, C_6);
		v[F_MODALITY] = col(s, C_7);
		v[F_TEXT] = col(s, C_8);
		break;
	}
}

static void
put_bytes(const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, stdout) != n)
		checkwrite();
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted,
 * its quotes doubled. */
static void
csv_put(struct field f)
{
	const char *p, *end = f.s + f.n;

	if (!memchr(f.s, ',', f.n) && !memchr(f.s, '"', f.n) &&
	    !memchr(f.s, '\n', f.n) && !memchr(f.s, '\r', f.n)) {
		put_bytes(f.s, f.n);
		return;
	}
	putchar('"');
	for (p = f.s; p < end; p++) {
		if (*p == '"')
			putchar('"');
		putchar(*p);
	}
	putchar('"');
}

/* A field as UTF-8, for CSV and JSON, whose readers want it: bytes that
 * are none (a file's name may hold them; the text is normalized) become
 * U+FFFD, said once, since names that differ may then look alike. */
static struct field
utf8_field(struct field f)
{
	static struct buf b;
	static int said;
	const unsigned char *p = (const unsigned char *)f.s, *end = p + f.n;
	int32_t cp;
	int len;

	if (utf_valid(f.s, f.n))
		return f;
	if (!said++)
		warn("%.*s: a name that is not UTF-8: its bad bytes written as "
		    "U+FFFD", (int)f.n, f.s);
	b.len = 0;
	for (; p < end; p += len) {
		len = utf_decode(p, (size_t)(end - p), &cp);
		if (cp == UTF_BAD)
			buf_add(&b, "\xEF\xBF\xBD", 3);
		else
			buf_add(&b, p, (size_t)len);
	}
	return (struct field){ b.s, b.len };
}

/* A JSON string (of UTF-8: utf8_field). */
static void
json_string(struct field f)
{
	const unsigned char *p = (const unsigned char *)f.s, *end = p + f.n;

	putchar('"');
	while (p < end) {
		switch (*p) {
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		default:
			if (*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
		p++;
	}
	putchar('"');
}

/* A plain decimal as JSON writes a number: -?(0|[1-9][0-9]*)(.[0-9]+)? */
static int
json_number(struct field f)
{
	size_t i = 0, d;

	if (i < f.n && f.s[i] == '-')
		i++;
	for (d = i; i < f.n && f.s[i] >= '0' && f.s[i] <= '9'; i++)
		;
	if (i == d || (f.s[d] == '0' && i - d > 1))
		return 0;
	if (i < f.n && f.s[i] == '.') {
		for (d = ++i; i < f.n && f.s[i] >= '0' && f.s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == f.n;
}

/* One object a fact; an empty field is null, a number a number. */
static void
put_jsonl(const struct field *v)
{
	size_t i;

	for (i = 0; i < NFIELD; i++) {
		printf(i ? ",\"%s\":" : "{\"%s\":", field_name[i]);
		if (!v[i].n)
			fputs("null", stdout);
		else if (i == F_START || i == F_END ||
		    (i == F_VALUE && json_number(v[i])))
			put_bytes(v[i].s, v[i].n);
		else
			json_string(utf8_field(v[i]));
	}
	fputs("}\n", stdout);
}

static void
put_column(struct field f)
{
	if (format == CSV)
		csv_put(utf8_field(f));
	else
		tsv_put(stdout, f.s, f.n);
}

/* TSV and CSV: the ten columns of the contract; a stake's qualifier and
 * modality are one. */
static void
put_columns(const struct field *v, int stake)
{
	static struct buf b;
	size_t i;

	for (i = 0; i < NFIELD; i++) {
		if (i == F_MODALITY)
			continue;
		if (i)
			putchar(format == CSV ? ',' : '\t');
		if (i == F_QUALIFIER && stake) {
			b.len = 0;
			buf_add(&b, v[i].s, v[i].n);
			buf_add(&b, ";", 1);
			buf_add(&b, v[F_MODALITY].s, v[F_MODALITY].n);
			put_column((struct field){ b.s, b.len });
		} else
			put_column(v[i]);
	}
	fputs(format == CSV ? "\r\n" : "\n", stdout);
}

static void
put_row(const struct stream *s)
{
	struct field v[NFIELD];
	char nums[2][NUM_CHARS];

	fields_of(s, v, nums);
	if (format == JSONL)
		put_jsonl(v);
	else
		put_columns(v, s->k->name[0] == 's');
}

/* The stream whose row of the document comes first: start, then kind
 * (the streams are in the order of kinds). */
static struct stream *
first(void)
{
	struct stream *best = NULL;
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (S[i].more && !S[i].mark && (!best || S[i].start < best->start))
			best = &S[i];
	return best;
}

/* Every stream is at the end of a document or of its input: the
 * document's end, if any, which all must agree on. */
static int
end_document(void)
{
	struct stream *at = NULL;
	size_t i;

	for (i = 0; i < NKINDS; i++) {
		if (!S[i].more)
			continue;
		if (at && strcmp(at->doc.s, S[i].doc.s))
			die_at(EXIT_DATA, S[i].t.name, S[i].t.line, "the end of "
			    "'%s' where %s has the end of '%s'", S[i].doc.s,
			    at->t.name, at->doc.s);
		at = &S[i];
	}
	if (!at)
		return 0;
	for (i = 0; i < NKINDS; i++)
		if (S[i].more) {
			S[i].begun = 0;
			advance(&S[i]);
		}
	return 1;
}

/* The table's first line, for facts(1): the column names, in TSV or
 * CSV; JSON Lines has none. */
static int
put_header(void)
{
	struct field v[NFIELD];
	size_t i;

	if (format == JSONL)
		return finish(0);
	for (i = 0; i < NFIELD; i++)
		v[i] = str(field_name[i]);
	put_columns(v, 0);
	return finish(0);
}

static enum format
format_of(const char *name)
{
	static const char *const names[] = { "tsv", "csv", "jsonl" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(name, names[i]))
			return (enum format)i;
	die(EXIT_USAGE, "-o %s: not a format (tsv, csv or jsonl)", name);
}

int
main(int argc, char **argv)
{
	struct stream *b;
	size_t i;
	int c;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	while ((c = getopt(argc, argv, "cho:")) != -1) {
		switch (c) {
		case 'c': columns = 1; break;
		case 'o': format = format_of(optarg); break;
		default: usage(c == 'h' ? 0 : EXIT_USAGE);
		}
	}
	if (columns && argc == optind)
		return put_header();
	if (argc - optind != NKINDS)
		usage(EXIT_USAGE);
	for (i = 0; i < NKINDS; i++)
		open_stream(&S[i], &kinds[i], argv[optind + i]);
	for (i = 0; i < NKINDS; i++)
		begin_stream(&S[i]);
	for (;;) {
		if ((b = first())) {
			put_row(b);
			advance(b);
			continue;
		}
		if (!end_document())
			break;
	}
	return finish(0);
}
