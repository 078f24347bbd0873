/* facts-score: a facts table scored against a gold, which is either a
 * facts table written by a person or an annotated gold as the shared
 * corpora have one (../shared/corpus/NAME/gold: a directory of money.tsv,
 * stakes.tsv and quotes.tsv, or one of these files).
 *
 * Against a facts table, a predicted fact matches a gold fact of the
 * same document and kind whose span it overlaps and whose compared
 * columns it has: numbers compared as exact decimals, other values
 * without case, accents or spacing.  Each gold fact matches one
 * predicted fact at most.
 *
 * Against an annotated gold, which has text instead of offsets, facts
 * match as ../shared/tools/score.py matches them, to the same figures:
 * money by amount and currency, stakes by value and names (any of the
 * gold's |-separated alternatives), quotes by their words; optional gold
 * rows count neither way; documents are compared by base name.
 *
 * Writes precision, recall and F1 for each kind, or with -l the facts
 * that did not match. */
#include <sys/stat.h>
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
	int digits;		/* after the point, in the figures */
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
	    "usage: %s [-lx] [-d DIGITS] [-f [KIND=]COLUMNS]... GOLD PRED\n"
	    "       %s [-l] [-d DIGITS] [-r DIR] GOLDDIR|GOLDFILE PRED\n"
	    "Scores the facts table PRED against GOLD, a facts table written by\n"
	    "a person; writes kind gold predicted matched precision recall f1\n"
	    "  -d  digits after the point in the figures (4)\n"
	    "  -f  the columns a match must agree on, comma-separated, for KIND\n"
	    "      or for every kind (money: value,unit; stake: subject,object,\n"
	    "      value,unit; quote: subject; others: value,unit)\n"
	    "  -l  write the facts that did not match instead: result (miss or\n"
	    "      false), then GOLD's columns\n"
	    "  -x  spans must be equal, not only overlap\n"
	    "Or against an annotated gold: a directory of money.tsv, stakes.tsv\n"
	    "and quotes.tsv (../shared/corpus/NAME/gold), or one of them; writes\n"
	    "kind gold predicted found false precision recall f1 speaker\n"
	    "  -l  write instead result (miss, false, speaker: a quote found\n"
	    "      with a wrong speaker, got: the rows that found it), doc,\n"
	    "      kind, start, end, subject, object, value, unit, qualifier, text\n"
	    "  -r  the rules directory (its words of a majority stake)\n",
	    argv0, argv0);
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

static int
is_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == ',';
}

/* Adds the digits of the run at *s to m, commas left out; returns how
 * many. */
static size_t
digit_run(const char **s, const char *end, struct buf *m)
{
	size_t n = 0;

	for (; *s < end && ((**s >= '0' && **s <= '9') || **s == ','); (*s)++)
		if (**s != ',') {
			buf_addc(m, **s);
			n++;
		}
	return n;
}

/* The exponent of a number at *s (after its 'e'); 0 if it has none or
 * more than 9 digits. */
static int
exponent(const char **s, const char *end, long long *exp)
{
	struct buf e = { 0 };
	int neg = 0;
	size_t n;

	if (*s < end && (**s == '+' || **s == '-'))
		neg = *(*s)++ == '-';
	n = digit_run(s, end, &e);
	if (n && n <= 9)
		*exp += neg ? -atoll(e.s) : atoll(e.s);
	buf_free(&e);
	return n && n <= 9;
}

/* The key of the digits m times ten to the exp. */
static void
put_num_key(struct buf *k, const struct buf *m, long long exp, int neg)
{
	size_t z, len;

	for (z = 0; z < m->len && m->s[z] == '0'; z++)
		;
	for (len = m->len; len > z && m->s[len - 1] == '0'; len--)
		exp++;
	if (z == len) {
		buf_addc(k, '0');
		return;
	}
	if (neg)
		buf_addc(k, '-');
	buf_add(k, m->s + z, len - z);
	buf_addc(k, 'e');
	buf_addlong(k, exp);
}

/* A key equal for equal numbers, as Python's Decimal compares what the
 * shared scorer reads (commas left out, and spaces at the ends): '-'
 * for a negative, the digits without leading or trailing zeros, 'e' and
 * the power of ten; "0" for zero; empty for no number, which equals only
 * no number (that scorer's None). */
static void
num_key(struct buf *k, const char *s, size_t n)
{
	struct buf m = { 0 };
	const char *end = s + n;
	long long exp = 0;
	size_t digits, frac;
	int neg = 0, ok;

	buf_add(k, "", 0);
	while (s < end && is_blank(*s))
		s++;
	while (end > s && is_blank(end[-1]))
		end--;
	if (s < end && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	digits = digit_run(&s, end, &m);
	if (s < end && *s == '.') {
		s++;
		frac = digit_run(&s, end, &m);
		digits += frac;
		exp -= (long long)frac;
	}
	ok = digits > 0;
	if (ok && s < end && (*s == 'e' || *s == 'E')) {
		s++;
		ok = exponent(&s, end, &exp);
	}
	if (ok && s == end)
		put_num_key(k, &m, exp, neg);
	buf_free(&m);
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
	size_t i, at;
	int c;

	buf_addstr(&e->key, e->f->kind);
	for (i = 0; i < fl->n; i++) {
		buf_addc(&e->key, '\x1f');
		c = fl->col[e->side][i];
		/* a number as a number (num_key), else the words folded */
		at = e->key.len;
		num_key(&e->key, e->f->f[c], e->f->flen[c]);
		if (e->key.len == at)
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
		printf("\t%.*f", S.digits, (double)a / (double)b);
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

/* An annotated gold (the shared corpora's gold/): a file for each kind,
 * in its own columns, with text instead of offsets. */
enum { K_MONEY, K_STAKE, K_QUOTE, NKIND };
static const char *const kinds[NKIND] = { "money", "stake", "quote" };
static const char *const kind_files[NKIND] = {
	"money.tsv", "stakes.tsv", "quotes.tsv"
};
/* What each kind's file must have: doc, and what its facts match on. */
static const char *const gold_need[NKIND][3] = {
	{ "doc", "amount", "currency" },
	{ "doc", "holder", "target" },
	{ "doc", "speaker", "quote" },
};

/* The facts table's columns that facts are compared on and listed in,
 * and the gold's column for each (see stake_row for the rest). */
enum { V_SUBJECT, V_OBJECT, V_VALUE, V_UNIT, V_QUALIFIER, V_TEXT, NV };
static const char *const vnames[NV] = {
	"subject", "object", "value", "unit", "qualifier", "text"
};
static const char *const gold_cols[NKIND][NV] = {
	{ NULL, NULL, "amount", "currency", "qualifier", "text" },
	{ "holder", "target", "percent", "currency", "qualifier", "evidence" },
	{ "speaker", NULL, "cue", NULL, "type", "quote" },
};

/* The value of a stake of more than half that a stake found from words
 * alone has (see majority_only). */
static const char half[] = "50";

/* A row of the gold, in the facts table's columns. */
struct grow {
	char *doc;
	char *v[NV];
	int optional;
	long line;
};

/* The rows of one document, by kind. */
struct gdoc {
	char *name;		/* the base name */
	struct grow *row[NKIND];
	size_t n[NKIND], cap[NKIND];
	int seen;		/* PRED has it */
};

/* A fact of one document and kind, gold or predicted, as matched. */
struct item {
	const char *doc, *file;
	const char *v[NV];
	size_t len[NV];
	long long start, end;	/* -1 for a gold row */
	long line;
	int optional, used;
	struct buf num;		/* num_key of the value */
	char *words;		/* of the text (quotes) */
	struct strset set;	/* of those words (gold quotes) */
};

static struct {
	int on;
	char *file[NKIND];	/* the gold's file of each kind */
	int scored[NKIND];	/* it has rows */
	struct gdoc *doc;
	size_t ndoc, dcap;
	struct strset index;	/* base name: 1 + its place in doc */
	struct strset bases;	/* PRED's documents, by base name */
	int col[NV];		/* PRED's */
	struct count {
		long long gold, pred, found, fp, spk, spk_ok;
	} n[NKIND];
	struct strset major, fifty;	/* see majority_only */
	struct buf half;		/* num_key(half) */
	struct item *it;	/* one document's of one kind */
	size_t nit, icap;
	struct strset joined;	/* see gold_quote */
	const char *rules;
} A;

static const char *
base_name(const char *doc)
{
	const char *slash = strrchr(doc, '/');

	return slash ? slash + 1 : doc;
}

static struct gdoc *
gold_doc(const char *doc)
{
	const char *base = base_name(doc);
	size_t n = strlen(base);
	unsigned i = set_bits(&A.index, base, n);
	struct gdoc *d;

	if (i)
		return &A.doc[i - 1];
	A.doc = egrow(A.doc, &A.dcap, A.ndoc + 1, sizeof *A.doc);
	d = &A.doc[A.ndoc++];
	memset(d, 0, sizeof *d);
	d->name = estrdup(base);
	set_set(&A.index, base, n, (unsigned)A.ndoc);
	return d;
}

/* Column name of the current row (checked to be UTF-8), or "" when the
 * file has no such column or name is NULL; malloc'ed. */
static char *
gold_field(const struct tsv *t, const char *name)
{
	int c = name ? tsv_col(t, name) : -1;

	if (c < 0)
		return estrdup("");
	if (!utf_valid(t->f[c], t->flen[c]))
		die_at(EXIT_DATA, t->name, t->line, "column '%s': invalid UTF-8",
		    name);
	return estrdup(t->f[c]);
}

/* A stake's value is its percent, else its amount (in its currency);
 * its qualifier is followed by ';' and the modality, as in the facts
 * table. */
static void
stake_row(const struct tsv *t, struct grow *r)
{
	char *m = gold_field(t, "modality");
	struct buf b = { 0 };

	if (!*r->v[V_VALUE]) {
		free(r->v[V_VALUE]);
		r->v[V_VALUE] = gold_field(t, "amount");
	} else {
		free(r->v[V_UNIT]);
		r->v[V_UNIT] = estrdup("%");
	}
	if (*m) {
		buf_addstr(&b, r->v[V_QUALIFIER]);
		buf_addc(&b, ';');
		buf_addstr(&b, m);
		free(r->v[V_QUALIFIER]);
		r->v[V_QUALIFIER] = b.s;
	}
	free(m);
}

static void
gold_row(const struct tsv *t, int k)
{
	struct gdoc *d = gold_doc(t->f[tsv_col(t, "doc")]);
	struct grow *r;
	char *opt;
	int v;

	d->row[k] = egrow(d->row[k], &d->cap[k], d->n[k] + 1, sizeof *r);
	r = &d->row[k][d->n[k]++];
	r->doc = gold_field(t, "doc");
	for (v = 0; v < NV; v++)
		r->v[v] = gold_field(t, gold_cols[k][v]);
	if (k == K_STAKE)
		stake_row(t, r);
	opt = gold_field(t, "optional");
	r->optional = !strcmp(opt, "1");
	free(opt);
	r->line = t->line;
	A.scored[k] = 1;
}

/* Reads the rows of kind k from tb, whose header is read.  Lines that
 * start with '#' and empty lines are left out, as the shared scorer
 * leaves them. */
static void
read_gold(struct table *tb, int k)
{
	struct tsv *t = &tb->t;
	size_t i;

	for (i = 0; i < 3; i++)
		if (tsv_col(t, gold_need[k][i]) < 0)
			die_at(EXIT_DATA, t->name, t->line, "missing column '%s' "
			    "(expected an annotated gold's %s: %s, %s, %s)",
			    gold_need[k][i], kind_files[k], gold_need[k][0],
			    gold_need[k][1], gold_need[k][2]);
	t->comments = 1;
	while (tsv_next(t))
		gold_row(t, k);
	table_close(tb);
	A.on = 1;
}

/* A gold file whose header has no start: an annotated one, whose
 * columns say its kind; 0 if it is not one either. */
static int
gold_file(struct table *tb)
{
	const struct tsv *t = &tb->t;
	int k;

	if (tsv_col(t, "start") >= 0)
		return 0;
	k = tsv_col(t, "quote") >= 0 ? K_QUOTE : tsv_col(t, "holder") >= 0 ?
	    K_STAKE : tsv_col(t, "amount") >= 0 ? K_MONEY : -1;
	if (k < 0)
		die_at(EXIT_DATA, t->name, t->line, "missing column 'start' "
		    "(expected a facts table, or an annotated gold's money.tsv, "
		    "stakes.tsv or quotes.tsv)");
	A.file[k] = estrdup(t->name);
	read_gold(tb, k);
	return 1;
}

/* A directory of an annotated gold: the files of the kinds it has. */
static int
gold_dir(const char *dir)
{
	struct stat st;
	struct table tb;
	size_t n;
	int k;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return 0;
	for (k = 0; k < NKIND; k++) {
		n = strlen(dir) + strlen(kind_files[k]) + 2;
		A.file[k] = emalloc(n);
		snprintf(A.file[k], n, "%s/%s", dir, kind_files[k]);
		if (stat(A.file[k], &st))
			continue;
		table_header(&tb, A.file[k]);
		read_gold(&tb, k);
	}
	if (!A.on)
		die_at(EXIT_DATA, dir, 0, "no money.tsv, stakes.tsv or "
		    "quotes.tsv: not an annotated gold");
	return 1;
}

/* The words of v of an item (utf_words); malloc'ed. */
static char *
words_of(const struct item *it, int v)
{
	char *w = utf_words(it->v[v], it->len[v]);

	if (!w)
		die_at(EXIT_DATA, it->file, it->line, "column '%s': invalid UTF-8",
		    vnames[v]);
	return w;
}

static size_t
nwords(const char *w)
{
	size_t n = 1;

	for (; *w; w++)
		n += *w == ' ';
	return n;
}

static const char *
last_word(const char *w)
{
	const char *sp = strrchr(w, ' ');

	return sp ? sp + 1 : w;
}

/* The words of s lie together, in order, among those of l. */
static int
run_in(const char *s, const char *l)
{
	size_t n = strlen(s);
	const char *p;

	for (p = l; (p = strstr(p, s)); p++)
		if ((p == l || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* x is "the" and then y. */
static int
the_and(const char *x, const char *y)
{
	return !strncmp(x, "the ", 4) && !strcmp(x + 4, y);
}

/* Two names (their words) name one party: equal, or equal but for a
 * "the" in front; unless strict, also when the one holds the other's
 * words together and both end in the same word ("Geely Holding Group"
 * and "Geely Group" do not; "Geely Group" and "Zhejiang Geely Group"
 * do). */
static int
same_name(const char *p, const char *a, int strict)
{
	if (!strcmp(p, a) || the_and(p, a) || the_and(a, p))
		return 1;
	if (strict || strcmp(last_word(p), last_word(a)))
		return 0;
	return nwords(p) <= nwords(a) ? run_in(p, a) : run_in(a, p);
}

/* Column v of the predicted p names one of the |-separated names of the
 * gold g's. */
static int
names_one_of(const struct item *p, int v, const struct item *g, int strict)
{
	char *pw = words_of(p, v), *aw;
	const char *a = g->v[v], *end = a + g->len[v], *bar;
	int r = 0;

	while (*pw && !r) {
		bar = memchr(a, '|', (size_t)(end - a));
		aw = utf_words(a, bar ? (size_t)(bar - a) : (size_t)(end - a));
		r = aw && *aw && same_name(pw, aw, strict);
		free(aw);
		if (!bar)
			break;
		a = bar + 1;
	}
	free(pw);
	return r;
}

static int
same_num(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->s, b->s, a->len));
}

/* Whether s holds one of the strings of set (lower case). */
static int
holds_one_of(const char *s, const struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		if (set->k[i] && strstr(s, set->k[i]))
			return 1;
	return 0;
}

/* A stake found as over 50% from words alone ("a majority stake"): the
 * annotated gold leaves stakes without a number out, so such a row
 * counts neither way, as the shared scorer has it.  The words are those
 * of class major in rules/stake-words.tsv; a text that writes 50, in
 * digits or as a word of rules/number-words.tsv, is not words alone. */
static int
majority_only(const struct item *p)
{
	struct buf b = { 0 };
	int r;

	if (!same_num(&p->num, &A.half) || strncmp(p->v[V_QUALIFIER], "over", 4))
		return 0;
	buf_add(&b, p->v[V_TEXT], p->len[V_TEXT]);
	ascii_lower(b.s, b.len + 1, b.s, b.len);
	r = holds_one_of(b.s, &A.major) && !strstr(b.s, half) &&
	    !holds_one_of(b.s, &A.fifty);
	buf_free(&b);
	return r;
}

/* The words of rules file whose column col is v, in lower case. */
static void
rule_words(const char *file, const char *col, const char *v,
    struct strset *set)
{
	const char *cols[] = { "word", col, NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, A.rules, file, cols, c);
	while (tsv_next(&t))
		if (!strcmp(t.f[c[1]], v)) {
			ascii_lower(t.f[c[0]], t.flen[c[0]] + 1, t.f[c[0]],
			    t.flen[c[0]]);
			set_add(set, t.f[c[0]], t.flen[c[0]]);
		}
	rules_close(&t);
}

/* What -l writes: result, then the fact in the facts table's columns
 * (a gold row with no start or end). */
static void
put_item(const char *result, int k, const struct item *it)
{
	int v;

	if (!S.list)
		return;
	tsv_puts(stdout, result);
	tsv_tab(stdout);
	tsv_puts(stdout, it->doc);
	tsv_tab(stdout);
	tsv_puts(stdout, kinds[k]);
	tsv_tab(stdout);
	if (it->start >= 0) {
		tsv_putnum(stdout, it->start);
		tsv_tab(stdout);
		tsv_putnum(stdout, it->end);
	} else
		tsv_tab(stdout);
	for (v = 0; v < NV; v++) {
		tsv_tab(stdout);
		tsv_put(stdout, it->v[v], it->len[v]);
	}
	tsv_eol(stdout);
	checkwrite();
}

/* Money by amount and currency; stakes by value and the names of holder
 * and target. */
static int
same_fact(int k, const struct item *g, const struct item *p)
{
	if (!same_num(&g->num, &p->num))
		return 0;
	if (k == K_MONEY)
		return g->len[V_UNIT] == p->len[V_UNIT] &&
		    !memcmp(g->v[V_UNIT], p->v[V_UNIT], g->len[V_UNIT]);
	return names_one_of(p, V_SUBJECT, g, 0) && names_one_of(p, V_OBJECT, g, 0);
}

/* Each predicted fact, in order, takes the first gold fact it matches
 * that is not taken. */
static void
match_facts(int k, struct item *g, size_t ng, struct item *p, size_t np)
{
	size_t i, j;

	for (j = 0; j < np; j++) {
		for (i = 0; i < ng && (g[i].used || !same_fact(k, &g[i], &p[j])); i++)
			;
		if (i < ng) {
			g[i].used = 1;
			A.n[k].found += !g[i].optional;
		} else if (k != K_STAKE || !majority_only(&p[j])) {
			A.n[k].fp++;
			put_item("false", k, &p[j]);
		}
	}
	for (i = 0; i < ng; i++)
		if (!g[i].optional) {
			A.n[k].gold++;
			if (!g[i].used)
				put_item("miss", k, &g[i]);
		}
}

/* The share of the words w that are in set. */
static double
covered(const char *w, const struct strset *set)
{
	size_t n = 0, in = 0, len;
	const char *sp;

	while (*w) {
		sp = strchr(w, ' ');
		len = sp ? (size_t)(sp - w) : strlen(w);
		n++;
		in += set_has(set, w, len);
		w += len + !!sp;
	}
	return n ? (double)in / (double)n : 0.0;
}

static void
add_words(struct strset *set, const char *w)
{
	const char *sp;
	size_t len;

	while (*w) {
		sp = strchr(w, ' ');
		len = sp ? (size_t)(sp - w) : strlen(w);
		set_add(set, w, len);
		w += len + !!sp;
	}
}

/* The quotes of the prediction that lie in g (70% of their words in its
 * words) find it when they hold 70% of its words; then its speaker is
 * right when one of them names it. */
static void
gold_quote(struct item *g, const struct item *p, size_t np)
{
	size_t j;
	int parts = 0, found, right = 0;

	for (j = 0; j < np; j++)
		if (covered(p[j].words, &g->set) >= 0.7) {
			add_words(&A.joined, p[j].words);
			parts = 1;
		}
	found = parts && covered(g->words, &A.joined) >= 0.7;
	set_free(&A.joined);
	if (g->optional)
		return;
	A.n[K_QUOTE].gold++;
	if (!found) {
		put_item("miss", K_QUOTE, g);
		return;
	}
	A.n[K_QUOTE].found++;
	/* a source the article never names: scored for the quote alone */
	if (g->len[V_SUBJECT] == 1 && g->v[V_SUBJECT][0] == '?')
		return;
	A.n[K_QUOTE].spk++;
	for (j = 0; j < np && !right; j++)
		right = covered(p[j].words, &g->set) >= 0.7 &&
		    names_one_of(&p[j], V_SUBJECT, g, 1);
	A.n[K_QUOTE].spk_ok += right;
	if (right || !S.list)
		return;
	put_item("speaker", K_QUOTE, g);
	for (j = 0; j < np; j++)
		if (covered(p[j].words, &g->set) >= 0.7)
			put_item("got", K_QUOTE, &p[j]);
}

/* A predicted quote is false when 70% of its words lie in no gold
 * quote. */
static void
match_quotes(struct item *g, size_t ng, struct item *p, size_t np)
{
	size_t i, j;

	for (i = 0; i < ng; i++) {
		g[i].words = words_of(&g[i], V_TEXT);
		add_words(&g[i].set, g[i].words);
	}
	for (j = 0; j < np; j++)
		p[j].words = words_of(&p[j], V_TEXT);
	for (j = 0; j < np; j++) {
		for (i = 0; i < ng && covered(p[j].words, &g[i].set) < 0.7; i++)
			;
		if (i == ng) {
			A.n[K_QUOTE].fp++;
			put_item("false", K_QUOTE, &p[j]);
		}
	}
	for (i = 0; i < ng; i++)
		gold_quote(&g[i], p, np);
}

static struct item *
new_item(void)
{
	struct item *it;

	A.it = egrow(A.it, &A.icap, A.nit + 1, sizeof *A.it);
	it = &A.it[A.nit++];
	memset(it, 0, sizeof *it);
	it->start = it->end = -1;
	return it;
}

static void
gold_items(const struct gdoc *d, int k)
{
	struct item *it;
	size_t i;
	int v;

	for (i = 0; d && i < d->n[k]; i++) {
		it = new_item();
		it->doc = d->row[k][i].doc;
		it->file = A.file[k];
		it->line = d->row[k][i].line;
		it->optional = d->row[k][i].optional;
		for (v = 0; v < NV; v++) {
			it->v[v] = d->row[k][i].v[v];
			it->len[v] = strlen(it->v[v]);
		}
		num_key(&it->num, it->v[V_VALUE], it->len[V_VALUE]);
	}
}

static void
pred_items(const struct docfacts *d, int k)
{
	const struct fact *f;
	struct item *it;
	size_t i;
	int v;

	for (i = 0; d && i < d->n; i++) {
		f = &d->rows[i];
		if (strcmp(f->kind, kinds[k]))
			continue;
		it = new_item();
		it->doc = d->doc;
		it->file = S.tab[PRED].t.name;
		it->line = f->line;
		it->start = f->start;
		it->end = f->end;
		for (v = 0; v < NV; v++) {
			it->v[v] = f->f[A.col[v]];
			it->len[v] = f->flen[A.col[v]];
		}
		num_key(&it->num, it->v[V_VALUE], it->len[V_VALUE]);
		A.n[k].pred++;
	}
}

static void
free_items(void)
{
	size_t i;

	for (i = 0; i < A.nit; i++) {
		buf_free(&A.it[i].num);
		free(A.it[i].words);
		set_free(&A.it[i].set);
	}
	A.nit = 0;
}

/* One document, gold d and predicted p (either NULL), kind by kind. */
static void
score_gold_doc(const struct gdoc *d, const struct docfacts *p)
{
	size_t ng;
	int k;

	for (k = 0; k < NKIND; k++) {
		if (!A.scored[k])
			continue;
		gold_items(d, k);
		ng = A.nit;
		pred_items(p, k);
		if (k == K_QUOTE)
			match_quotes(A.it, ng, A.it + ng, A.nit - ng);
		else
			match_facts(k, A.it, ng, A.it + ng, A.nit - ng);
		free_items();
	}
}

/* A predicted document is the gold's of its base name. */
static void
score_pred_doc(const struct docfacts *p)
{
	const char *base = base_name(p->doc);
	size_t n = strlen(base);
	unsigned i = set_bits(&A.index, base, n);

	if (set_has(&A.bases, base, n))
		die_at(EXIT_DATA, S.tab[PRED].t.name, p->rows[0].line, "a second "
		    "document named '%s' (an annotated gold names documents by "
		    "their base name)", base);
	set_add(&A.bases, base, n);
	if (i)
		A.doc[i - 1].seen = 1;
	score_gold_doc(i ? &A.doc[i - 1] : NULL, p);
}

/* The predicted documents in their order, then those of the gold that
 * the prediction has no fact of. */
static void
score_gold(void)
{
	struct strset done = { 0 };
	struct docfacts *d;
	size_t i;
	int v;

	tsv_need(&S.tab[PRED].t, "kind");
	for (v = 0; v < NV; v++)
		A.col[v] = tsv_need(&S.tab[PRED].t, vnames[v]);
	if (A.scored[K_STAKE]) {
		A.rules = rules_dir(A.rules);
		rule_words("stake-words.tsv", "class", "major", &A.major);
		rule_words("number-words.tsv", "value", half, &A.fifty);
		num_key(&A.half, half, strlen(half));
	}
	while ((d = table_doc(&S.tab[PRED], &done))) {
		S.tab[PRED].cur = d;
		score_pred_doc(d);
		docfacts_free(d, S.tab[PRED].t.ncols, 1);
		S.tab[PRED].cur = NULL;
	}
	set_free(&done);
	for (i = 0; i < A.ndoc; i++)
		if (!A.doc[i].seen)
			score_gold_doc(&A.doc[i], NULL);
}

/* Precision, recall and F1 as the shared scorer computes them: nothing
 * found and nothing missed is a precision of 1, nothing to find a recall
 * of 1. */
static void
put_gold_score(const char *kind, const struct count *c, int speaker)
{
	long long tp = c->found, fp = c->fp, fn = c->gold - c->found;
	double p = tp + fp ? (double)tp / (double)(tp + fp) : fn == 0 ? 1.0 : 0.0;
	double r = tp + fn ? (double)tp / (double)(tp + fn) : 1.0;
	double f = p + r ? 2 * p * r / (p + r) : 0.0;

	tsv_puts(stdout, kind);
	printf("\t%lld\t%lld\t%lld\t%lld\t%.*f\t%.*f\t%.*f\t", c->gold, c->pred,
	    c->found, c->fp, S.digits, p, S.digits, r, S.digits, f);
	if (speaker)
		printf("%.*f", S.digits, c->spk ? (double)c->spk_ok /
		    (double)c->spk : 0.0);
	tsv_eol(stdout);
}

static void
put_gold_scores(void)
{
	struct count all = { 0 };
	int k;

	printf("kind\tgold\tpredicted\tfound\tfalse\tprecision\trecall\tf1\tspeaker\n");
	for (k = 0; k < NKIND; k++)
		if (A.scored[k]) {
			put_gold_score(kinds[k], &A.n[k], k == K_QUOTE);
			all.gold += A.n[k].gold;
			all.pred += A.n[k].pred;
			all.found += A.n[k].found;
			all.fp += A.n[k].fp;
		}
	put_gold_score("all", &all, 0);
}

/* -d: digits after the point, as many as a double holds. */
static int
digits_option(const char *arg)
{
	char *end;
	long d = strtol(arg, &end, 10);

	if (*end || end == arg || d < 0 || d > 17)
		die(EXIT_USAGE, "-d %s: digits after the point, 0 to 17", arg);
	return (int)d;
}

/* GOLD: an annotated gold (a directory, or a file with no start), else a
 * facts table. */
static void
open_gold(const char *name)
{
	if (gold_dir(name))
		return;
	table_header(&S.tab[GOLD], name);
	if (!gold_file(&S.tab[GOLD]))
		table_start(&S.tab[GOLD]);
}

static void
list_header(void)
{
	int c;

	tsv_puts(stdout, "result");
	if (A.on)
		printf("\tdoc\tkind\tstart\tend\tsubject\tobject\tvalue\tunit"
		    "\tqualifier\ttext");
	for (c = 0; !A.on && c < (int)S.tab[GOLD].t.ncols; c++) {
		tsv_tab(stdout);
		tsv_puts(stdout, S.tab[GOLD].t.cols[c]);
	}
	tsv_eol(stdout);
}

int
main(int argc, char **argv)
{
	int c;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	S.digits = 4;
	while ((c = getopt(argc, argv, "d:f:hlr:x")) != -1) {
		switch (c) {
		case 'd': S.digits = digits_option(optarg); break;
		case 'f': option_fields(optarg); break;
		case 'l': S.list = 1; break;
		case 'r': A.rules = optarg; break;
		case 'x': S.exact = 1; break;
		case 'h': usage(EXIT_OK); break;
		default: usage(EXIT_USAGE);
		}
	}
	if (argc - optind != 2)
		usage(EXIT_USAGE);
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		die(EXIT_USAGE, "GOLD and PRED cannot both be standard input");
	open_gold(argv[optind]);
	if (A.on && (S.nfields || S.exact))
		die(EXIT_USAGE, "-f and -x are for a gold facts table, not an "
		    "annotated gold");
	default_columns();
	table_open(&S.tab[PRED], argv[optind + 1]);
	if (!A.on)
		find_columns();
	if (S.list)
		list_header();
	if (A.on)
		score_gold();
	else
		table_each_doc(&S.tab[GOLD], &S.tab[PRED], score_doc);
	if (!S.list && A.on)
		put_gold_scores();
	else if (!S.list)
		put_scores();
	return finish(EXIT_OK);
}
