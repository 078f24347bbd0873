/* libtable.c: a facts table (or an extractor's output) read one document
 * at a time, and two such tables walked side by side, document by
 * document, for facts-diff and facts-score.  Only the documents between
 * the two tables' read positions are held in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

/* An extractor's output has no kind column: its columns say its kind. */
static const char *
kind_of_header(const struct tsv *t)
{
	if (tsv_col(t, "quote") >= 0)
		return "quote";
	if (tsv_col(t, "holder") >= 0)
		return "stake";
	if (tsv_col(t, "amount") >= 0)
		return "money";
	die_at(EXIT_DATA, t->name, 1, "no column 'kind' (expected a facts "
	    "table, or the output of an extractor)");
}

/* The '#' lines before the header (facts -s writes what made the table
 * there) are kept, not read as the header. */
static void
read_stamp(struct table *tb)
{
	struct buf b = { 0 };
	int c;

	while ((c = getc(tb->t.fp)) == '#') {
		while (c != EOF && c != '\n') {
			buf_addc(&b, c);
			c = getc(tb->t.fp);
		}
		tb->t.line++;
		buf_addc(&b, '\n');
	}
	if (c != EOF)
		ungetc(c, tb->t.fp);
	if (b.len)
		b.s[--b.len] = '\0';
	tb->stamp = b.s;
}

/* Opens the table in file name ("-": standard input). */
void
table_open(struct table *tb, const char *name)
{
	table_header(tb, name);
	table_start(tb);
}

/* Opens the file and reads its header, for a caller that looks at the
 * columns before it calls table_start (or reads the rows itself). */
void
table_header(struct table *tb, const char *name)
{
	FILE *fp = open_input(name);

	memset(tb, 0, sizeof *tb);
	tsv_init(&tb->t, fp, name, "facts");
	read_stamp(tb);
	tsv_header(&tb->t);
}

/* Finds the columns of a facts table and reads its first row. */
void
table_start(struct table *tb)
{
	tb->c_doc = tsv_need(&tb->t, "doc");
	tb->c_start = tsv_need(&tb->t, "start");
	tb->c_end = tsv_need(&tb->t, "end");
	tb->c_kind = tsv_col(&tb->t, "kind");
	tb->kind = tb->c_kind < 0 ? kind_of_header(&tb->t) : NULL;
	tb->ahead = tsv_next(&tb->t);
}

static void
fact_copy(struct fact *r, const struct table *tb, size_t seq)
{
	const struct tsv *t = &tb->t;
	size_t i;

	r->f = emalloc(t->nf * sizeof *r->f);
	r->flen = emalloc(t->nf * sizeof *r->flen);
	for (i = 0; i < t->nf; i++) {
		r->f[i] = emalloc(t->flen[i] + 1);
		memcpy(r->f[i], t->f[i], t->flen[i] + 1);
		r->flen[i] = t->flen[i];
	}
	r->kind = tb->c_kind < 0 ? tb->kind : r->f[tb->c_kind];
	r->start = tsv_num(t, tb->c_start);
	r->end = tsv_num(t, tb->c_end);
	if (r->end < r->start)
		die_at(EXIT_DATA, t->name, t->line, "end %lld before start %lld",
		    r->end, r->start);
	r->line = t->line;
	r->seq = seq;
}

static int
find_doc(const struct table *tb, const char *doc)
{
	size_t i;

	for (i = 0; i < tb->nq; i++)
		if (!strcmp(tb->q[i].doc, doc))
			return (int)i;
	return -1;
}

static _Noreturn void
again(const struct table *tb, const char *doc, long line)
{
	if (tb->alone)
		die_at(EXIT_DATA, tb->t.name, line, "document '%s' again: the "
		    "rows of a document must be together", doc);
	die_at(EXIT_DATA, tb->t.name, line, "document '%s' again: the rows of "
	    "a document must be together, and the documents in the same "
	    "order in both tables", doc);
}

/* Reads the rows of the next document onto the queue; 0 at the end. */
static int
read_doc(struct table *tb, const struct strset *done)
{
	struct tsv *t = &tb->t;
	struct docfacts *d;
	const char *name;

	if (!tb->ahead)
		return 0;
	name = t->f[tb->c_doc];
	if (set_has(done, name, t->flen[tb->c_doc]) || find_doc(tb, name) >= 0)
		again(tb, name, t->line);
	tb->q = egrow(tb->q, &tb->qcap, tb->nq + 1, sizeof *tb->q);
	d = &tb->q[tb->nq++];
	memset(d, 0, sizeof *d);
	d->doc = estrdup(name);
	do {
		d->rows = egrow(d->rows, &d->cap, d->n + 1, sizeof *d->rows);
		fact_copy(&d->rows[d->n], tb, d->n);
		d->n++;
	} while ((tb->ahead = tsv_next(t)) && !strcmp(t->f[tb->c_doc], d->doc));
	return 1;
}

static struct docfacts *
take(struct table *tb)
{
	struct docfacts *d = emalloc(sizeof *d);

	*d = tb->q[0];
	memmove(tb->q, tb->q + 1, (tb->nq - 1) * sizeof *tb->q);
	tb->nq--;
	return d;
}

/* Takes the document at the head of the queue; one that the other table
 * has already given shows the two tables in different orders. */
static struct docfacts *
pop(struct table *tb, struct strset *done)
{
	struct docfacts *d = &tb->q[0];

	if (set_has(done, d->doc, strlen(d->doc)))
		again(tb, d->doc, d->rows[0].line);
	set_add(done, d->doc, strlen(d->doc));
	return take(tb);
}

static struct docfacts *
pop_pair(struct table *a, struct table *b, struct strset *done,
    struct docfacts **db)
{
	struct docfacts *da = pop(a, done);

	*db = take(b);
	return da;
}

/* The next document of tables a and b, in their order: *da and *db are
 * its rows in each, one of them NULL when only the other table has it.
 * A document with no facts is in neither table, so each table's list of
 * documents is a part of the one list both were made from: a document
 * at the head of one table and further on in the other shows that the
 * documents before it in the other are in that one alone.  Returns 0 at
 * the end of both.  Free the documents with docfacts_free. */
int
table_pair(struct table *a, struct table *b, struct strset *done,
    struct docfacts **da, struct docfacts **db)
{
	*da = *db = NULL;
	for (;;) {
		if (!a->nq)
			read_doc(a, done);
		if (!b->nq)
			read_doc(b, done);
		if (!a->nq && !b->nq)
			return 0;
		if (!a->nq) {
			*db = pop(b, done);
			return 1;
		}
		if (!b->nq) {
			*da = pop(a, done);
			return 1;
		}
		if (!strcmp(a->q[0].doc, b->q[0].doc)) {
			*da = pop_pair(a, b, done, db);
			return 1;
		}
		if (find_doc(b, a->q[0].doc) > 0) {
			*db = pop(b, done);
			return 1;
		}
		if (find_doc(a, b->q[0].doc) > 0) {
			*da = pop(a, done);
			return 1;
		}
		if (!read_doc(a, done) + !read_doc(b, done) == 2) {
			*da = pop(a, done);
			return 1;
		}
	}
}

/* The next document of a table read alone (facts-score's annotated gold,
 * facts-view), or NULL at the end; done holds the documents given so
 * far.  Free it with docfacts_free. */
struct docfacts *
table_doc(struct table *tb, struct strset *done)
{
	tb->alone = 1;
	if (!tb->nq && !read_doc(tb, done))
		return NULL;
	return pop(tb, done);
}

/* Runs fn on each document of a and b, as table_pair gives them. */
void
table_each_doc(struct table *a, struct table *b,
    void (*fn)(const struct docfacts *, const struct docfacts *))
{
	struct strset done = { 0 };
	struct docfacts *da, *db;

	while (table_pair(a, b, &done, &da, &db)) {
		/* held by the tables while fn runs, for a leak check at an
		 * exit from inside it */
		a->cur = da;
		b->cur = db;
		fn(da, db);
		docfacts_free(da, a->t.ncols, 1);
		docfacts_free(db, b->t.ncols, 1);
		a->cur = b->cur = NULL;
	}
	set_free(&done);
}

/* Frees the rows of d, and d itself if it was given by table_pair. */
void
docfacts_free(struct docfacts *d, size_t nf, int self)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		for (j = 0; j < nf; j++)
			free(d->rows[i].f[j]);
		free(d->rows[i].f);
		free(d->rows[i].flen);
	}
	free(d->rows);
	free(d->doc);
	if (self)
		free(d);
}

void
table_close(struct table *tb)
{
	size_t i;

	for (i = 0; i < tb->nq; i++)
		docfacts_free(&tb->q[i], tb->t.ncols, 0);
	free(tb->q);
	free(tb->stamp);
	close_input(tb->t.fp);
	tsv_free(&tb->t);
}

/* Counts kept for each kind of fact. */
long long *
tally_of(struct tally *t, const char *kind)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->row[i].kind, kind))
			return t->row[i].n;
	t->row = egrow(t->row, &t->cap, t->n + 1, sizeof *t->row);
	memset(&t->row[t->n], 0, sizeof *t->row);
	t->row[t->n].kind = estrdup(kind);
	return t->row[t->n++].n;
}

static int
by_kind(const void *a, const void *b)
{
	return strcmp(((const struct tallyrow *)a)->kind,
	    ((const struct tallyrow *)b)->kind);
}

/* The kinds in the order of their names. */
void
tally_sort(struct tally *t)
{
	if (t->n)
		qsort(t->row, t->n, sizeof *t->row, by_kind);
}

/* Document order of two facts of a document: start, then kind, then end;
 * 0 for facts at one place. */
int
fact_place_cmp(const struct fact *a, const struct fact *b)
{
	int r;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((r = strcmp(a->kind, b->kind)))
		return r;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}
