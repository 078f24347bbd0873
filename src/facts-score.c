/* facts-score: a facts table scored against an annotated one.  A
 * predicted fact matches a gold fact of the same document and kind whose
 * span it overlaps and whose compared columns it has: numbers compared
 * as exact decimals, other values without case, accents or spacing.
 * Each gold fact matches one predicted fact at most.  Writes precision,
 * recall and F1 for each kind, or with -l the facts that did not match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

/* What a kind's facts must agree on besides the span, unless -f says. */
static const char *const default_fields[][2] = {
	{ "money", "value,unit" },
	{ "stake", "subject,object,value,unit" },
	{ "quote", "subject" },
	{ NULL, "value,unit" },
};

enum { GOLD, PRED };
enum { T_GOLD, T_PRED, T_MATCHED };

static struct {
	struct table tab[2];
	struct fields {
		char *kind;	/* NULL: every kind without its own */
		char **name;
		int *col[2];	/* the columns in each table */
		size_t n;
	} *fields;
	size_t nfields, fcap;
	struct tally scores;	/* T_GOLD, T_PRED, T_MATCHED of each kind */
	int *listcol;		/* PRED's column for each of GOLD's */
	int list, exact;
} S;

/* A fact of one document with what it is compared on. */
struct entry {
	const struct fact *f;
	struct buf key;
	int side, matched;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-lx] [-f [KIND=]COLUMNS]... GOLD PRED\n"
	    "Scores the facts table PRED against the annotated table GOLD;\n"
	    "writes kind gold predicted matched precision recall f1\n"
	    "  -f  the columns a match must agree on, comma-separated, for KIND\n"
	    "      or for every kind (money: value,unit; stake: subject,object,\n"
	    "      value,unit; quote: subject; others: value,unit)\n"
	    "  -l  write the facts that did not match instead: result (miss or\n"
	    "      false), then GOLD's columns\n"
	    "  -x  spans must be equal, not only overlap\n", argv0);
	exit(status);
}

static void
add_fields(const char *kind, size_t klen, const char *list)
{
	struct fields *f;
	const char *p = list, *comma;

	S.fields = egrow(S.fields, &S.fcap, S.nfields + 1, sizeof *S.fields);
	f = &S.fields[S.nfields++];
	memset(f, 0, sizeof *f);
	if (kind) {
		f->kind = emalloc(klen + 1);
		memcpy(f->kind, kind, klen);
		f->kind[klen] = '\0';
	}
	do {
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		f->name = erealloc(f->name, (f->n + 1) * sizeof *f->name);
		f->name[f->n] = emalloc(len + 1);
		memcpy(f->name[f->n], p, len);
		f->name[f->n][len] = '\0';
		if (!len)
			die(EXIT_USAGE, "-f %s: an empty column name", list);
		f->n++;
		p = comma + 1;
	} while (comma);
}

static void
option_fields(const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq)
		add_fields(arg, (size_t)(eq - arg), eq + 1);
	else
		add_fields(NULL, 0, arg);
}

/* The defaults behind what -f gave, which comes first and so wins; a -f
 * for every kind leaves no default but those of -f for a kind. */
static void
default_columns(void)
{
	size_t i;

	for (i = 0; i < S.nfields; i++)
		if (!S.fields[i].kind)
			return;
	for (i = 0; default_fields[i][0]; i++)
		add_fields(default_fields[i][0], strlen(default_fields[i][0]),
		    default_fields[i][1]);
	add_fields(NULL, 0, default_fields[i][1]);
}

static void
find_columns(void)
{
	size_t i, j;
	int s;

	for (i = 0; i < S.nfields; i++)
		for (s = GOLD; s <= PRED; s++) {
			S.fields[i].col[s] = emalloc(S.fields[i].n * sizeof (int));
			for (j = 0; j < S.fields[i].n; j++)
				S.fields[i].col[s][j] =
				    tsv_need(&S.tab[s].t, S.fields[i].name[j]);
		}
	S.listcol = emalloc(S.tab[GOLD].t.ncols * sizeof *S.listcol);
	for (i = 0; i < S.tab[GOLD].t.ncols; i++)
		S.listcol[i] = tsv_col(&S.tab[PRED].t, S.tab[GOLD].t.cols[i]);
}

static const struct fields *
fields_of(const char *kind)
{
	size_t i;

	for (i = 0; i < S.nfields; i++)
		if (S.fields[i].kind && !strcmp(S.fields[i].kind, kind))
			return &S.fields[i];
	for (i = 0; i < S.nfields; i++)
		if (!S.fields[i].kind)
			return &S.fields[i];
	return NULL;
}

/* A plain decimal: digits, and a point with digits after it. */
static int
is_decimal(const char *s, size_t n)
{
	size_t i, point = n;

	for (i = 0; i < n; i++)
		if (s[i] == '.' && point == n && i > 0 && i + 1 < n)
			point = i;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

/* 007.50 is 7.5. */
static void
add_decimal(struct buf *b, const char *s, size_t n)
{
	const char *point = memchr(s, '.', n);
	size_t i = 0, e = n;

	while (i + 1 < n && s[i] == '0' && s[i + 1] != '.')
		i++;
	if (point) {
		while (e > 0 && s[e - 1] == '0')
			e--;
		if (s + e - 1 == point)
			e--;
	}
	buf_add(b, s + i, e - i);
}

/* Case, accents and spacing left out. */
static void
add_folded(struct buf *b, const char *s, size_t n)
{
	size_t len, i;
	char *f = utf_valid(s, n) ? utf_fold(s, n, &len) : NULL;
	const char *p = f ? f : s;
	int space = 0;

	if (!f)
		len = n;
	for (i = 0; i < len; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len && b->s[b->len - 1] != '\x1f')
			buf_addc(b, ' ');
		space = 0;
		buf_addc(b, p[i]);
	}
	free(f);
}

static void
make_key(struct entry *e)
{
	const struct fields *fl = fields_of(e->f->kind);
	size_t i;
	int c;

	buf_addstr(&e->key, e->f->kind);
	for (i = 0; i < fl->n; i++) {
		buf_addc(&e->key, '\x1f');
		c = fl->col[e->side][i];
		if (is_decimal(e->f->f[c], e->f->flen[c]))
			add_decimal(&e->key, e->f->f[c], e->f->flen[c]);
		else
			add_folded(&e->key, e->f->f[c], e->f->flen[c]);
	}
}

static int
spans_match(const struct fact *a, const struct fact *b)
{
	if (S.exact)
		return a->start == b->start && a->end == b->end;
	return a->start < b->end && b->start < a->end ? 1 :
	    a->start == a->end || b->start == b->end ?
	    a->start == b->start && a->end == b->end : 0;
}

static size_t
entries(struct entry *e, const struct docfacts *d, int side)
{
	size_t i;

	for (i = 0; d && i < d->n; i++) {
		memset(&e[i], 0, sizeof e[i]);
		e[i].f = &d->rows[i];
		e[i].side = side;
		make_key(&e[i]);
		tally_of(&S.scores, e[i].f->kind)[side == GOLD ? T_GOLD : T_PRED]++;
	}
	return i;
}

/* Each gold fact, in document order, takes the first predicted fact that
 * matches it and is not taken. */
static void
match(struct entry *g, size_t ng, struct entry *p, size_t np)
{
	size_t i, j;

	for (i = 0; i < ng; i++)
		for (j = 0; j < np; j++)
			if (!p[j].matched && g[i].key.len == p[j].key.len &&
			    !memcmp(g[i].key.s, p[j].key.s, g[i].key.len) &&
			    spans_match(g[i].f, p[j].f)) {
				g[i].matched = p[j].matched = 1;
				tally_of(&S.scores, g[i].f->kind)[T_MATCHED]++;
				break;
			}
}

static int
by_place(const void *pa, const void *pb)
{
	const struct entry *ea = pa, *eb = pb;
	const struct fact *a = ea->f, *b = eb->f;
	int r;

	if ((r = fact_place_cmp(a, b)))
		return r;
	if (ea->side != eb->side)
		return ea->side - eb->side;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static void
put_unmatched(const struct entry *e)
{
	size_t i;
	int c;

	tsv_puts(stdout, e->side == GOLD ? "miss" : "false");
	for (i = 0; i < S.tab[GOLD].t.ncols; i++) {
		tsv_tab(stdout);
		c = e->side == GOLD ? (int)i : S.listcol[i];
		if ((int)i == S.tab[GOLD].c_kind)
			tsv_puts(stdout, e->f->kind);
		else if (c >= 0)
			tsv_put(stdout, e->f->f[c], e->f->flen[c]);
	}
	tsv_eol(stdout);
	checkwrite();
}

static void
score_doc(const struct docfacts *gd, const struct docfacts *pd)
{
	size_t n = (gd ? gd->n : 0) + (pd ? pd->n : 0), ng, np, i;
	struct entry *e = emalloc((n + 1) * sizeof *e);

	ng = entries(e, gd, GOLD);
	np = entries(e + ng, pd, PRED);
	match(e, ng, e + ng, np);
	if (S.list) {
		qsort(e, n, sizeof *e, by_place);
		for (i = 0; i < n; i++)
			if (!e[i].matched)
				put_unmatched(&e[i]);
	}
	for (i = 0; i < n; i++)
		buf_free(&e[i].key);
	free(e);
}

static void
put_ratio(long long a, long long b)
{
	if (b)
		printf("\t%.4f", (double)a / (double)b);
	else
		printf("\t");
}

static void
put_score(const char *kind, const long long *n)
{
	tsv_puts(stdout, kind);
	printf("\t%lld\t%lld\t%lld", n[T_GOLD], n[T_PRED], n[T_MATCHED]);
	put_ratio(n[T_MATCHED], n[T_PRED]);
	put_ratio(n[T_MATCHED], n[T_GOLD]);
	/* F1 = 2PR / (P + R) = 2m / (gold + pred) */
	put_ratio(2 * n[T_MATCHED], n[T_GOLD] + n[T_PRED]);
	tsv_eol(stdout);
}

static void
put_scores(void)
{
	long long all[3] = { 0, 0, 0 };
	size_t i;
	int k;

	tally_sort(&S.scores);
	printf("kind\tgold\tpredicted\tmatched\tprecision\trecall\tf1\n");
	for (i = 0; i < S.scores.n; i++) {
		put_score(S.scores.row[i].kind, S.scores.row[i].n);
		for (k = 0; k < 3; k++)
			all[k] += S.scores.row[i].n[k];
	}
	put_score("all", all);
}

int
main(int argc, char **argv)
{
	int c;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	while ((c = getopt(argc, argv, "f:hlx")) != -1) {
		switch (c) {
		case 'f': option_fields(optarg); break;
		case 'l': S.list = 1; break;
		case 'x': S.exact = 1; break;
		case 'h': usage(EXIT_OK); break;
		default: usage(EXIT_USAGE);
		}
	}
	if (argc - optind != 2)
		usage(EXIT_USAGE);
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		die(EXIT_USAGE, "GOLD and PRED cannot both be standard input");
	default_columns();
	table_open(&S.tab[GOLD], argv[optind]);
	table_open(&S.tab[PRED], argv[optind + 1]);
	find_columns();
	if (S.list) {
		tsv_puts(stdout, "result");
		for (c = 0; c < (int)S.tab[GOLD].t.ncols; c++) {
			tsv_tab(stdout);
			tsv_puts(stdout, S.tab[GOLD].t.cols[c]);
		}
		tsv_eol(stdout);
	}
	table_each_doc(&S.tab[GOLD], &S.tab[PRED], score_doc);
	if (!S.list)
		put_scores();
	return finish(EXIT_OK);
}
