/* facts-diff: two facts tables (or two outputs of one extractor) compared
 * by meaning.  A fact is keyed by its document, kind and span; each fact
 * of one table only is a row "added" or "removed", and a fact whose span
 * is in both with other values is a row "changed" that names the columns
 * that differ.  Exit 0 when the tables say the same, 1 when they differ,
 * 2 on trouble, as diff(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

enum { SAME, ADDED, REMOVED, CHANGED, NCHANGE };
static const char *const change_name[] = { "same", "added", "removed", "changed" };

static struct {
	struct table old, new;
	int *cmp_old, *cmp_new;	/* the compared columns in each table */
	size_t ncmp;
	struct tally kinds;	/* the count of each change */
	int differ;
	int quiet, summary;
} D;

/* One line of the report. */
struct change {
	int what;
	const struct fact *o, *n;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-q | -s] OLD NEW\n"
	    "Compares two facts tables, or two outputs of one extractor, fact by fact;\n"
	    "writes change doc kind start end changed old_COLUMN new_COLUMN...\n"
	    "  -q  write nothing; the exit status says whether they differ\n"
	    "  -s  write only the counts of each kind: kind same added removed changed\n",
	    argv0);
	exit(status ? 2 : 0);
}

/* Trouble is status 2 whatever its kind, as for diff(1); a reader that
 * went away is no trouble. */
static void
trouble(int status)
{
	exit(status ? 2 : D.differ);
}

static int
is_key(const char *col)
{
	return !strcmp(col, "doc") || !strcmp(col, "kind") ||
	    !strcmp(col, "start") || !strcmp(col, "end");
}

/* The columns compared: those of OLD, other than the key, that NEW has. */
static void
find_columns(void)
{
	const struct tsv *o = &D.old.t, *n = &D.new.t;
	size_t i;
	int c;

	D.cmp_old = emalloc(o->ncols * sizeof *D.cmp_old);
	D.cmp_new = emalloc(o->ncols * sizeof *D.cmp_new);
	for (i = 0; i < o->ncols; i++) {
		if (is_key(o->cols[i]))
			continue;
		if ((c = tsv_col(n, o->cols[i])) < 0) {
			warn("column '%s' is in %s only: not compared", o->cols[i], o->name);
			continue;
		}
		D.cmp_old[D.ncmp] = (int)i;
		D.cmp_new[D.ncmp++] = c;
	}
	for (i = 0; i < n->ncols; i++)
		if (!is_key(n->cols[i]) && tsv_col(o, n->cols[i]) < 0)
			warn("column '%s' is in %s only: not compared", n->cols[i], n->name);
	if ((D.old.c_kind < 0) != (D.new.c_kind < 0) ||
	    (D.old.kind && strcmp(D.old.kind, D.new.kind)))
		warn("%s and %s are not the same kind of table", o->name, n->name);
}

static int
field_cmp(const struct fact *a, int ca, const struct fact *b, int cb)
{
	size_t la = a->flen[ca], lb = b->flen[cb];
	int r = memcmp(a->f[ca], b->f[cb], la < lb ? la : lb);

	return r ? r : (la > lb) - (la < lb);
}

/* Rows of one table, ordered by key and then by every compared column,
 * so that the same facts of two tables line up. */
static int *sort_cols;
static int
full_cmp(const void *pa, const void *pb)
{
	const struct fact *a = *(const struct fact *const *)pa;
	const struct fact *b = *(const struct fact *const *)pb;
	size_t i;
	int r = fact_place_cmp(a, b);

	for (i = 0; !r && i < D.ncmp; i++)
		r = field_cmp(a, sort_cols[i], b, sort_cols[i]);
	return r ? r : (a->seq > b->seq) - (a->seq < b->seq);
}

static int
values_cmp(const struct fact *o, const struct fact *n)
{
	size_t i;
	int r;

	for (i = 0; i < D.ncmp; i++)
		if ((r = field_cmp(o, D.cmp_old[i], n, D.cmp_new[i])))
			return r;
	return 0;
}

static const struct fact **
sorted_rows(const struct docfacts *d, int *cols)
{
	const struct fact **p;
	size_t i, n = d ? d->n : 0;

	p = emalloc((n + 1) * sizeof *p);
	for (i = 0; i < n; i++)
		p[i] = &d->rows[i];
	sort_cols = cols;
	if (n)
		qsort(p, n, sizeof *p, full_cmp);
	return p;
}

static void
note(struct change **out, size_t *nout, size_t *cap, int what,
    const struct fact *o, const struct fact *n)
{
	tally_of(&D.kinds, o ? o->kind : n->kind)[what]++;
	if (what == SAME)
		return;
	D.differ = 1;
	*out = egrow(*out, cap, *nout + 1, sizeof **out);
	(*out)[(*nout)++] = (struct change){ what, o, n };
}

/* The facts of one key in both tables: identical ones first, then the
 * others paired in order as changed, the rest added or removed. */
static void
diff_key(const struct fact **o, size_t no, const struct fact **n, size_t nn,
    struct change **out, size_t *nout, size_t *cap)
{
	size_t i = 0, j = 0, lo = 0, ln = 0;
	const struct fact **restold = emalloc((no + 1) * sizeof *o);
	const struct fact **restnew = emalloc((nn + 1) * sizeof *n);
	int r;

	while (i < no || j < nn) {
		r = i == no ? 1 : j == nn ? -1 : values_cmp(o[i], n[j]);
		if (r == 0)
			note(out, nout, cap, SAME, o[i++], n[j++]);
		else if (r < 0)
			restold[lo++] = o[i++];
		else
			restnew[ln++] = n[j++];
	}
	for (i = 0; i < lo || i < ln; i++)
		note(out, nout, cap, i >= ln ? REMOVED : i >= lo ? ADDED : CHANGED,
		    i < lo ? restold[i] : NULL, i < ln ? restnew[i] : NULL);
	free(restold);
	free(restnew);
}

static const struct fact *
change_fact(const struct change *c)
{
	return c->n ? c->n : c->o;
}

static int
by_place(const void *pa, const void *pb)
{
	const struct change *ca = pa, *cb = pb;
	const struct fact *a = change_fact(ca), *b = change_fact(cb);
	int r;

	if ((r = fact_place_cmp(a, b)))
		return r;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return (ca->what > cb->what) - (ca->what < cb->what);
}

static void
put_field(const struct fact *f, int col)
{
	tsv_tab(stdout);
	if (f)
		tsv_put(stdout, f->f[col], f->flen[col]);
}

static void
put_change(const char *doc, const struct change *c)
{
	const struct fact *f = change_fact(c);
	const char *sep = "";
	size_t i;

	tsv_puts(stdout, change_name[c->what]);
	tsv_tab(stdout);
	tsv_puts(stdout, doc);
	tsv_tab(stdout);
	tsv_puts(stdout, f->kind);
	printf("\t%lld\t%lld\t", f->start, f->end);
	for (i = 0; c->what == CHANGED && i < D.ncmp; i++)
		if (field_cmp(c->o, D.cmp_old[i], c->n, D.cmp_new[i])) {
			printf("%s", sep);
			tsv_puts(stdout, D.old.t.cols[D.cmp_old[i]]);
			sep = ",";
		}
	for (i = 0; i < D.ncmp; i++) {
		put_field(c->o, D.cmp_old[i]);
		put_field(c->n, D.cmp_new[i]);
	}
	tsv_eol(stdout);
	checkwrite();
}

static void
diff_doc(const struct docfacts *od, const struct docfacts *nd)
{
	const struct fact **o = sorted_rows(od, D.cmp_old);
	const struct fact **n = sorted_rows(nd, D.cmp_new);
	size_t no = od ? od->n : 0, nn = nd ? nd->n : 0, i = 0, j = 0, ei, ej;
	struct change *out = NULL;
	size_t nout = 0, cap = 0;

	while (i < no || j < nn) {
		const struct fact *k = i == no ? n[j] : j == nn ? o[i] :
		    fact_place_cmp(o[i], n[j]) <= 0 ? o[i] : n[j];

		for (ei = i; ei < no && !fact_place_cmp(o[ei], k); ei++)
			;
		for (ej = j; ej < nn && !fact_place_cmp(n[ej], k); ej++)
			;
		diff_key(o + i, ei - i, n + j, ej - j, &out, &nout, &cap);
		i = ei;
		j = ej;
	}
	if (nout)
		qsort(out, nout, sizeof *out, by_place);
	for (i = 0; !D.quiet && !D.summary && i < nout; i++)
		put_change(od ? od->doc : nd->doc, &out[i]);
	free(out);
	free(o);
	free(n);
}

static void
put_header(void)
{
	size_t i;

	printf("change\tdoc\tkind\tstart\tend\tchanged");
	for (i = 0; i < D.ncmp; i++) {
		printf("\told_");
		tsv_puts(stdout, D.old.t.cols[D.cmp_old[i]]);
		printf("\tnew_");
		tsv_puts(stdout, D.old.t.cols[D.cmp_old[i]]);
	}
	tsv_eol(stdout);
}

static void
put_summary(FILE *fp)
{
	size_t i;
	int w;

	tally_sort(&D.kinds);
	if (fp == stdout)
		printf("kind\tsame\tadded\tremoved\tchanged\n");
	for (i = 0; i < D.kinds.n; i++) {
		if (fp == stdout) {
			tsv_puts(stdout, D.kinds.row[i].kind);
			for (w = 0; w < NCHANGE; w++)
				printf("\t%lld", D.kinds.row[i].n[w]);
			tsv_eol(stdout);
			continue;
		}
		fprintf(fp, "%s: %s:", argv0, D.kinds.row[i].kind);
		for (w = 0; w < NCHANGE; w++)
			fprintf(fp, " %lld %s%s", D.kinds.row[i].n[w], change_name[w],
			    w + 1 < NCHANGE ? "," : "\n");
	}
}

int
main(int argc, char **argv)
{
	int c;

	setprogname(argv[0]);
	die_hook = trouble;
	if (std_options(&argc, argv, usage))
		version(NULL);
	while ((c = getopt(argc, argv, "hqs")) != -1) {
		switch (c) {
		case 'q': D.quiet = 1; break;
		case 's': D.summary = 1; break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (argc - optind != 2 || (D.quiet && D.summary))
		usage(2);
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		die(2, "OLD and NEW cannot both be standard input");
	table_open(&D.old, argv[optind]);
	table_open(&D.new, argv[optind + 1]);
	find_columns();
	if (D.old.stamp && D.new.stamp && strcmp(D.old.stamp, D.new.stamp))
		fprintf(stderr, "%s: %s %s; %s %s\n", argv0, D.old.t.name,
		    D.old.stamp, D.new.t.name, D.new.stamp);
	if (!D.quiet && !D.summary)
		put_header();
	table_each_doc(&D.old, &D.new, diff_doc);
	if (D.summary)
		put_summary(stdout);
	finish(0);
	if (!D.quiet && !D.summary && D.differ)
		put_summary(stderr);
	return D.differ;
}
