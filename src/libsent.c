/* libsent.c: what every extractor does around its own work: options,
 * rules, reading split output by column name, the checked end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "facts.h"

enum { C_DOC, C_PARA, C_SENT, C_START, C_END, C_TEXT, C_MAP, NCOL };
static const char *const need[] = {
	"doc", "para", "sent", "start", "end", "text", "map", NULL
};

struct run {
	const struct extractor *x;
	struct tsv_run inputs;
	struct sent s;
	struct buf doc;		/* the document being read */
	long lastsent;
	int in_doc;
	int marks;		/* -e: a row that ends each document */
	int unflushed;		/* one written, not yet flushed */
};

static void
usage(const struct extractor *x, int status)
{
	fprintf(status ? stderr : stdout, "usage: %s [-e] [-r RULES] [FILE...]\n"
	    "Reads split output; writes %s\n"
	    "  -e  after each document's rows, a row of its doc alone (for facts)\n",
	    argv0, x->usage);
	exit(status);
}

/* The file offset of offset pos in the sentence's text. */
long long
sent_orig(const struct sent *s, size_t pos)
{
	return s->start + map_orig(&s->map, (long long)pos);
}

/* A queue of sentences copied, for a filter that reads some of them
 * only when a later sentence asks. */
void
sentq_push(struct sentq *q, const struct sent *s)
{
	struct queued *d;

	q->q = egrow(q->q, &q->cap, q->n + 1, sizeof *q->q);
	q->e = egrow(q->e, &q->ecap, q->ne + s->map.n + 1, sizeof *q->e);
	d = &q->q[q->n++];
	d->s = *s;
	/* both are strings, as the row's fields */
	d->doc = buf_add_string(&q->b, s->doc, s->doclen);
	d->text = buf_add_string(&q->b, s->text, s->len);
	d->map = q->ne;
	if (s->map.n)
		memcpy(q->e + q->ne, s->map.e, s->map.n * sizeof *q->e);
	q->ne += s->map.n;
}

/* The i-th sentence of the queue, valid until the next push or clear. */
const struct sent *
sentq_at(struct sentq *q, size_t i)
{
	struct queued *d = &q->q[i];

	d->s.doc = q->b.s + d->doc;
	d->s.text = q->b.s + d->text;
	d->s.map.e = q->e + d->map;
	d->s.map.cap = 0;	/* the queue's */
	return &d->s;
}

/* The bytes of text the queue holds. */
size_t
sentq_bytes(const struct sentq *q)
{
	return q->b.len;
}

void
sentq_clear(struct sentq *q)
{
	q->n = q->ne = q->b.len = 0;
}

static void
read_row(struct run *r, struct tsv *t, const int *c)
{
	struct sent *s = &r->s;

	s->doc = t->f[c[C_DOC]];
	s->doclen = t->flen[c[C_DOC]];
	s->para = (long)tsv_num(t, c[C_PARA]);
	s->sent = (long)tsv_num(t, c[C_SENT]);
	s->start = tsv_num(t, c[C_START]);
	s->end = tsv_num(t, c[C_END]);
	s->text = t->f[c[C_TEXT]];
	s->len = t->flen[c[C_TEXT]];
	s->file = t->name;
	s->line = t->line;
	rx_input(t->name, t->line);
	if (!t->ascii && !utf_valid(s->text, s->len))
		die_at(EXIT_DATA, t->name, t->line, "column 'text': invalid UTF-8");
	if (s->end < s->start)
		die_at(EXIT_DATA, t->name, t->line, "end %lld before start %lld",
		    s->end, s->start);
	if (map_parse(&s->map, t->f[c[C_MAP]], t->flen[c[C_MAP]]))
		die_at(EXIT_DATA, t->name, t->line, "column 'map': bad map '%s'",
		    t->f[c[C_MAP]]);
}

/* The run of an extractor; one per process (the fuzz targets reuse it
 * over many inputs). */
static struct run R;

static void flush_soon(void);

/* The row that ends a document (-e): its doc, every other column empty,
 * so that a reader of several extractors' rows knows when it has them
 * all without waiting for the next document's. */
static void
put_mark(void)
{
	const char *const *c;

	for (c = R.x->header; *c; c++) {
		if (c != R.x->header)
			tsv_tab(stdout);
		if (!strcmp(*c, "doc"))
			tsv_put(stdout, R.doc.s, R.doc.len);
	}
	tsv_eol(stdout);
}

/* The end of the document being read: the extractor's rows, then the
 * mark. */
static void
end_doc(void)
{
	if (!R.in_doc)
		return;
	R.in_doc = 0;
	if (R.x->flush)
		R.x->flush();
	if (R.marks) {
		put_mark();
		R.unflushed = 1;
		flush_soon();	/* facts-merge waits for it */
	}
}

/* Writes what stdout holds if it has held it 10 ms: a reader waiting for
 * a row gets it soon, and many short documents cost few writes. */
static void
flush_soon(void)
{
	static struct timespec last;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec -
	    last.tv_nsec) < 10000000L)
		return;
	last = now;
	R.unflushed = 0;
	if (fflush(stdout) == EOF)
		checkwrite();
}

/* A sentence of another document, or one that numbers its sentences
 * again (a file read twice under one name), begins a document. */
static void
begin_sentence(const struct sent *s)
{
	if (R.in_doc && (R.doc.len != s->doclen || memcmp(R.doc.s, s->doc,
	    s->doclen) || s->sent <= R.lastsent))
		end_doc();
	if (!R.in_doc) {
		R.doc.len = 0;
		buf_add(&R.doc, s->doc, s->doclen);
		R.in_doc = 1;
	}
	R.lastsent = s->sent;
}

void
extractor_init(const struct extractor *x, const char *rulesdir)
{
	if (x->init)
		x->init(rulesdir);
	R.x = x;
}

int
extractor_file(FILE *fp, const char *name, void *arg)
{
	struct tsv *t;
	int c[NCOL];

	(void)arg;
	t = tsv_begin(&R.inputs, fp, name, "split", need, c);
	while (tsv_next(t)) {
		read_row(&R, t, c);
		begin_sentence(&R.s);
		R.x->sentence(&R.s);
		checkwrite();
		if (R.unflushed)	/* a document's end still held */
			flush_soon();
	}
	end_doc();
	tsv_end(&R.inputs);
	return EXIT_OK;
}

/* Ends the run, whether its inputs were read to the end or not. */
void
extractor_end(void)
{
	if (R.x)
		end_doc();
	tsv_run_free(&R.inputs);
	map_free(&R.s.map);
	buf_free(&R.doc);
}

static const struct extractor *main_x;

static void
help(int status)
{
	usage(main_x, status);
}

int
extractor_main(int argc, char **argv, const struct extractor *x)
{
	const char *rflag = NULL;
	int c, ret, v;

	setprogname(argv[0]);
	main_x = x;
	v = std_options(&argc, argv, help);
	while ((c = getopt(argc, argv, "ehr:")) != -1) {
		switch (c) {
		case 'e': R.marks = 1; break;
		case 'r': rflag = optarg; break;
		case 'h': usage(x, EXIT_OK); break;
		default: usage(x, EXIT_USAGE);
		}
	}
	if (v)
		version(rules_dir(rflag));
	extractor_init(x, rules_dir(rflag));
	tsv_write_header(stdout, x->header);
	ret = each_input(argc - optind, argv + optind, extractor_file, NULL);
	extractor_end();
	return finish(ret);
}
