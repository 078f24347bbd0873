/* extract-stakes: split output to one row per equity stake or investment.
 * Writes doc, sent, start, end, text, holder, target, percent, amount,
 * currency, qualifier, modality.  The patterns are rules/stakes.pcre; the
 * parties are given their fullest names at the end of each document, so
 * the rows of a document are held until then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "sent", "start", "end", "text", "holder", "target", "percent",
	"amount", "currency", "qualifier", "modality", NULL
};

struct row {
	long sent;
	long long start, end;
	char *text, *holder, *target, *percent, *amount, *currency;
	const char *qualifier, *modality;
	size_t seq;		/* order of finding, for a stable sort */
};

/* A pattern's "=~" line, run at most once a sentence however many
 * patterns share it.  "=~ {MONEY}" asks the money recogniser (libmoney),
 * which also wants a currency, rather than its bare pattern. */
struct sieve {
	const char *pattern;
	struct rx *rx;		/* NULL: the money recogniser */
	int passed;		/* -1: not run on this sentence yet */
};

static struct {
	struct section *sec;
	struct rx **rx;
	struct rx *prefilter;
	size_t n;
	struct sieve *sieves;
	size_t nsieves, (*sieve_of)[SECTION_SIEVES];	/* of each pattern */
	char *money;		/* the text of {MONEY} */
	struct strset verbs;
	char **mod_phrase, **mod_value;
	size_t nmod;
	const char *dir;
	struct row *rows;
	size_t nrows, cap;
	char *doc;
	long lastsent;
	const char *lasttarget;	/* of the sentence, for "the €600 million X wants to invest" */
} S;

static char *
expand(const char *name, void *arg)
{
	(void)arg;
	if (!strcmp(name, "NAME"))
		return party_name_pattern();
	if (!strcmp(name, "MONEY"))
		return money_pattern();
	if (!strcmp(name, "PRONOUN"))
		return rules_pattern(S.dir, "stake-pronoun.pcre", expand, NULL);
	if (!strcmp(name, "STAKE"))
		return estrdup("(?:stake|holding|interest|shareholding|share|equity[ ]stake)s?");
	if (!strcmp(name, "QUALIFIER"))
		return money_qualifiers();
	if (!strcmp(name, "PCT"))
		return rules_pattern(S.dir, "stake-percent.pcre", expand, NULL);
	if (!strcmp(name, "TARGET"))
		return rules_pattern(S.dir, "stake-target.pcre", expand, NULL);
	return NULL;
}

/* The modalities of the contract. */
static const char *const modalities[] = { "holds", "plans", "considers", NULL };

static int
is_modality(const char *v)
{
	size_t i;

	for (i = 0; modalities[i]; i++)
		if (!strcmp(v, modalities[i]))
			return 1;
	return 0;
}

/* A two-column lexicon; with check, each value must pass it. */
static void
load_pairs(const char *file, const char *k, const char *v,
    int (*check)(const char *), char ***keys, char ***vals, size_t *n)
{
	const char *cols[] = { k, v, NULL };
	struct tsv t;
	int c[2];
	size_t cap = 0, cap2 = 0;

	rules_table(&t, S.dir, file, cols, c);
	while (tsv_next(&t)) {
		if (check && !check(t.f[c[1]]))
			die_at(EXIT_DATA, t.name, t.line,
			    "%s must be holds, plans or considers, not '%s'",
			    v, t.f[c[1]]);
		*keys = egrow(*keys, &cap, *n + 1, sizeof **keys);
		*vals = egrow(*vals, &cap2, *n + 1, sizeof **vals);
		(*keys)[*n] = estrdup(t.f[c[0]]);
		(*vals)[*n] = estrdup(t.f[c[1]]);
		(*n)++;
	}
	rules_close(&t);
}

/* The sieve of that pattern text, compiled once. */
static size_t
add_sieve(const char *pattern, const char *dir, const char *name)
{
	size_t k, len;
	char *where;

	for (k = 0; k < S.nsieves; k++)
		if (!strcmp(S.sieves[k].pattern, pattern))
			return k;
	S.sieves = erealloc(S.sieves, (k + 1) * sizeof *S.sieves);
	S.sieves[k].pattern = pattern;
	S.sieves[k].passed = -1;
	S.sieves[k].rx = NULL;
	if (strcmp(pattern, S.money)) {
		len = strlen(dir) + strlen(name) + 48;
		where = emalloc(len);
		snprintf(where, len, "%s/stakes.pcre: pattern '%s': sieve", dir, name);
		S.sieves[k].rx = rx_compile(pattern, where);
	}
	return S.nsieves++;
}

static int
sieve_run(struct sieve *v, const struct sent *s)
{
	struct money m;
	size_t from = 0;

	if (v->passed < 0)
		v->passed = v->rx ? rx_exec(v->rx, s->text, s->len, 0) > 0 :
		    money_next(s, &from, &m);
	return v->passed;
}

/* Whether pattern i is worth trying on s: it has no sieve, or one of its
 * sieves matches. */
static int
sieve_passes(size_t i, const struct sent *s)
{
	const struct section *c = &S.sec[i];
	size_t k;

	for (k = 0; k < c->nsieve; k++)
		if (sieve_run(&S.sieves[S.sieve_of[i][k]], s))
			return 1;
	return c->nsieve == 0;
}

static void
init(const char *dir)
{
	size_t i, k;
	char *pre;

	S.dir = dir;
	money_init(dir);
	party_init(dir);
	rules_words(dir, "stake-verbs.tsv", "word", &S.verbs);
	load_pairs("stake-modality.tsv", "phrase", "modality", is_modality,
	    &S.mod_phrase, &S.mod_value, &S.nmod);
	pre = rules_pattern(dir, "stake-prefilter.pcre", expand, NULL);
	S.prefilter = rx_compile(pre, "stake-prefilter.pcre: pattern");
	free(pre);
	S.n = rules_sections(dir, "stakes.pcre", expand, NULL, &S.sec);
	S.rx = emalloc(S.n * sizeof *S.rx);
	S.sieve_of = emalloc(S.n * sizeof *S.sieve_of);
	S.money = money_pattern();
	for (i = 0; i < S.n; i++) {
		const char *name = S.sec[i].name ? S.sec[i].name : "";
		size_t len = strlen(dir) + strlen(name) + 40;
		char *where = emalloc(len);

		snprintf(where, len, "%s/stakes.pcre: pattern '%s'", dir, name);
		S.rx[i] = rx_compile(S.sec[i].pattern, where);
		for (k = 0; k < S.sec[i].nsieve; k++)
			S.sieve_of[i][k] = add_sieve(S.sec[i].sieve[k], dir, name);
	}
}

/* Whether word w[0..n) stands in s[0..len) as a whole word. */
static int
has_phrase(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; i + n <= len; i++)
		if (!strncmp(s + i, w, n) && (i == 0 || s[i - 1] == ' ') &&
		    (i + n == len || s[i + n] == ' '))
			return 1;
	return 0;
}

static int
has_stake_verb(const char *s, size_t len)
{
	size_t i = 0, j;

	while (i < len) {
		for (j = i; j < len && s[j] != ' '; j++)
			;
		if (set_has(&S.verbs, s + i, j - i))
			return 1;
		i = j + 1;
	}
	return 0;
}

static const char *
modality(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < S.nmod; i++)
		if (has_phrase(s, len, S.mod_phrase[i]))
			return S.mod_value[i];
	return "holds";
}

static const char *
qualifier(const char *s, size_t so, size_t eo)
{
	return money_qualifier(s + so, eo - so);
}

static char *
dupspan(const char *s, size_t so, size_t eo)
{
	char *r = emalloc(eo - so + 1);

	memcpy(r, s + so, eo - so);
	r[eo - so] = '\0';
	return r;
}

static int
same_row(const struct row *a, const struct row *b)
{
	return a->sent == b->sent && !strcmp(a->holder, b->holder) &&
	    !strcmp(a->target, b->target) && !strcmp(a->percent, b->percent) &&
	    !strcmp(a->amount, b->amount);
}

static void
add_row(const struct sent *s, size_t so, size_t eo, const char *holder,
    const char *target, const char *pct, const struct money *m,
    const char *q, const char *mod)
{
	struct row r;
	size_t i;

	if (!holder || !target || !strcmp(party_full(holder), party_full(target)))
		return;
	r.sent = s->sent;
	r.start = sent_orig(s, so);
	r.end = sent_orig(s, eo);
	r.text = dupspan(s->text, so, eo);
	r.holder = estrdup(holder);
	r.target = estrdup(target);
	r.percent = estrdup(pct ? pct : "");
	r.amount = estrdup(m ? m->amount[0] : "");
	r.currency = estrdup(m ? m->currency : "");
	r.qualifier = m && !pct ? m->qualifier : q;
	r.modality = mod;
	for (i = S.nrows; i-- > 0 && S.rows[i].sent == r.sent; )
		if (same_row(&S.rows[i], &r)) {
			free(r.text);
			free(r.holder);
			free(r.target);
			free(r.percent);
			free(r.amount);
			free(r.currency);
			return;
		}
	S.rows = egrow(S.rows, &S.cap, S.nrows + 1, sizeof *S.rows);
	r.seq = S.nrows;
	S.rows[S.nrows++] = r;
	S.lasttarget = S.rows[S.nrows - 1].target;
}

/* The party a holder or target span stands for: a pronoun resolved to
 * the party named last before it (for a holder, one that stands for
 * itself: a company or a name given more than once), else the name. */
static char *
party_at(const struct sent *s, size_t so, size_t eo, const char *exclude,
    int holder)
{
	const char *p;

	if (party_pronoun(s->text + so, eo - so) == 1) {
		p = party_recent((size_t)s->sent * 1000000 + so, exclude,
		    holder ? 1 : 2);
		return p ? estrdup(p) : NULL;
	}
	return party_clean(s->text + so, eo - so);
}

/* Turns one match into rows; 0 if it gave none. */
static int
match(const struct sent *s, struct rx *rx)
{
	size_t before = S.nrows;
	size_t so, eo, a, b, hso, heo, tso, teo, pso, peo, qso, qeo, mso, meo;
	char *holder = NULL, *target = NULL, *pct = NULL;
	const char *q = "exact", *mod, *x, *y;
	struct money m, *mp = NULL;
	int each, major;

	rx_span(rx, &so, &eo);
	if (rx_group(rx, "verb", &a, &b) && !has_stake_verb(s->text + a, b - a))
		return 0;
	mod = rx_group(rx, "verb", &a, &b) ? modality(s->text + a, b - a) : "holds";
	if (rx_group(rx, "pct", &pso, &peo))
		pct = dupspan(s->text, pso, peo);
	if (rx_group(rx, "q", &qso, &qeo))
		q = qualifier(s->text, qso, qeo);
	if ((major = rx_group(rx, "major", &a, &b))) {
		if (s->text[a] == 'c' || (s->text[a] == 'm' && s->text[a + 1] == 'a'))
			q = "over";
		else
			q = "under";
		pct = estrdup("50");
	}
	if (rx_group(rx, "money", &mso, &meo)) {
		size_t from = mso;

		if (!money_next(s, &from, &m) || m.so < mso || m.eo > meo ||
		    !m.currency)
			goto out;
		mp = &m;
	}
	if (!pct && !mp)
		goto out;
	each = rx_group(rx, "each", &a, &b);
	if (each) {
		if (party_top2(&x, &y)) {
			add_row(s, so, eo, x, y, pct, mp, q, mod);
			add_row(s, so, eo, y, x, pct, mp, q, mod);
		}
		goto out;
	}
	if (rx_group(rx, "target", &tso, &teo)) {
		target = party_at(s, tso, teo, NULL, 0);
		if (target && eo == teo && s->text[eo - 1] == '.' &&
		    target[strlen(target) - 1] != '.')
			eo--;	/* the sentence's full stop, not the name's */
	}
	else if (S.lasttarget)
		target = estrdup(S.lasttarget);
	else if ((x = party_recent((size_t)s->sent * 1000000, NULL, 0)))
		target = estrdup(x);
	if (!target)
		goto out;
	if (rx_group(rx, "holder", &hso, &heo))
		holder = party_at(s, hso, heo, target, 1);
	add_row(s, so, eo, holder, target, pct, mp, q, mod);
out:
	free(holder);
	free(target);
	free(pct);
	return S.nrows > before;
}

static void
put_rows(void)
{
	size_t i;

	for (i = 0; i < S.nrows; i++) {
		struct row *r = &S.rows[i];

		tsv_puts(stdout, S.doc);
		tsv_nums(stdout, r->sent, r->start, r->end);
		tsv_puts(stdout, r->text);
		tsv_tab(stdout);
		tsv_puts(stdout, party_full(r->holder));
		tsv_tab(stdout);
		tsv_puts(stdout, party_full(r->target));
		tsv_rest(stdout, (const char *const[]){ r->percent, r->amount,
		    r->currency, r->qualifier, r->modality, NULL });
		free(r->text);
		free(r->holder);
		free(r->target);
		free(r->percent);
		free(r->amount);
		free(r->currency);
	}
	S.nrows = 0;
	checkwrite();
}

static int
by_start(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Rows were added in order of patterns: they go out in document order,
 * keeping the pattern order of rows at the same offset. */
static void
put_sorted(void)
{
	if (S.nrows)
		qsort(S.rows, S.nrows, sizeof *S.rows, by_start);
	put_rows();
}

static void
flush(void)
{
	put_sorted();
	party_reset();
	free(S.doc);
	S.doc = NULL;
}

static void
sentence(const struct sent *s)
{
	size_t i, from;

	if (S.doc && (strcmp(S.doc, s->doc) || s->sent <= S.lastsent))
		flush();
	if (!S.doc)
		S.doc = estrdup(s->doc);
	S.lastsent = s->sent;
	S.lasttarget = NULL;
	party_scan(s);
	if (party_full_known())
		put_sorted();	/* memory bounded in a long document */
	if (!rx_exec(S.prefilter, s->text, s->len, 0))
		return;
	for (i = 0; i < S.nsieves; i++)
		S.sieves[i].passed = -1;
	for (i = 0; i < S.n; i++) {
		if (!sieve_passes(i, s))
			continue;
		from = 0;
		while (from < s->len && rx_exec(S.rx[i], s->text, s->len, from)) {
			size_t so, eo;

			rx_span(S.rx[i], &so, &eo);
			/* a match that gives no row ("on Tuesday it would invest")
			 * may hide one that starts inside it */
			from = match(s, S.rx[i]) && eo > so ? eo : so + 1;
		}
	}
}

static void
end_input(void)
{
	if (S.doc)
		flush();
}

const struct extractor extractor = {
	header, "doc sent start end text holder target percent amount "
	"currency qualifier modality",
	init, sentence, end_input
};

int
main(int argc, char **argv)
{
	return extractor_main(argc, argv, &extractor);
}
