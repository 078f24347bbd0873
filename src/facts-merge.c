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
	    "usage: %s MONEY QUOTES STAKES\n"
	    "Merges the outputs of extract-money -e, extract-quotes -e and\n"
	    "extract-stakes -e into the rows of the facts table (no header), in\n"
	    "document order, each document as soon as the three have ended it.\n",
	    argv0);
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

static void
put(const struct stream *s, int col)
{
	tsv_put(stdout, s->t.f[s->c[col]], s->t.flen[s->c[col]]);
}

static void
put_row(const struct stream *s)
{
	put(s, C_DOC);
	tsv_tab(stdout);
	tsv_puts(stdout, s->k->name);
	tsv_tab(stdout);
	tsv_putnum(stdout, s->start);
	tsv_tab(stdout);
	tsv_putnum(stdout, tsv_num(&s->t, s->c[C_END]));
	tsv_tab(stdout);
	switch (s->k->name[0]) {
	case 'm':	/* amount currency qualifier text */
		fputs("\t\t", stdout);
		put(s, C_1); tsv_tab(stdout);
		put(s, C_2); tsv_tab(stdout);
		put(s, C_3); tsv_tab(stdout);
		put(s, C_4);
		break;
	case 'q':	/* speaker cue type quote */
		put(s, C_1); fputs("\t\t", stdout);
		put(s, C_2); fputs("\t\t", stdout);
		put(s, C_3); tsv_tab(stdout);
		put(s, C_4);
		break;
	default:	/* holder target percent amount currency qualifier
			 * modality text */
		put(s, C_1); tsv_tab(stdout);
		put(s, C_2); tsv_tab(stdout);
		if (s->t.flen[s->c[C_3]]) {
			put(s, C_3);
			fputs("\t%\t", stdout);
		} else {
			put(s, C_4); tsv_tab(stdout);
			put(s, C_5); tsv_tab(stdout);
		}
		put(s, C_6); putchar(';');
		put(s, C_7); tsv_tab(stdout);
		put(s, C_8);
		break;
	}
	tsv_eol(stdout);
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

int
main(int argc, char **argv)
{
	struct stream *b;
	size_t i;
	int c;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	while ((c = getopt(argc, argv, "h")) != -1)
		usage(c == 'h' ? 0 : EXIT_USAGE);
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
