/* libmoney.c: finds amounts of money with the pattern rules/money.pcre,
 * filled in from the lexicons of rules/, and computes each amount exactly
 * in decimal. */
#include <stdlib.h>
#include <string.h>

#include "facts.h"

struct lex {
	char **key, **val;	/* key as written; lower case if anycase */
	int *anycase, *place, *scale, *strict;
	size_t n, cap;
};

enum { BEFORE = 1, AFTER = 2, MINOR = 4 };

static struct {
	struct lex cur, qual, scale, words;
	struct rx *rx;
	const char *dir;
	/* What a sentence must hold for the pattern to find money in it:
	 * one part of some currency's form (see sieve_add); off when a
	 * form has no part to look for. */
	struct sieve {
		struct strset exact, anycase;
		uint64_t lengths[128];	/* by first letter: bit n, a word of n */
		unsigned char ascii[128];
		int32_t *cp;
		size_t ncp, cpcap, longest;
		int off;
	} sieve;
} M;

static void
lex_add(struct lex *l, const char *k, const char *v, int anycase, int place,
    int scale)
{
	size_t i = l->n, cap = l->cap;

	l->strict = egrow(l->strict, &cap, i + 1, sizeof *l->strict);
	l->strict[i] = 0;
	cap = l->cap;
	l->key = egrow(l->key, &cap, i + 1, sizeof *l->key);
	cap = l->cap;
	l->val = egrow(l->val, &cap, i + 1, sizeof *l->val);
	cap = l->cap;
	l->anycase = egrow(l->anycase, &cap, i + 1, sizeof *l->anycase);
	cap = l->cap;
	l->place = egrow(l->place, &cap, i + 1, sizeof *l->place);
	l->scale = egrow(l->scale, &l->cap, i + 1, sizeof *l->scale);
	l->key[i] = estrdup(k);
	l->val[i] = estrdup(v);
	l->anycase[i] = anycase;
	l->place[i] = place;
	l->scale[i] = scale;
	l->n++;
}

static int
same(const char *a, const char *b, size_t n, int anycase)
{
	size_t i;

	if (strlen(a) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (anycase && y >= 'A' && y <= 'Z')
			y += 32;
		if (anycase && x >= 'A' && x <= 'Z')
			x += 32;
		if (x != y)
			return 0;
	}
	return 1;
}

/* The entry for s[0..n), or -1; lexicons are small and a lookup happens
 * only on a match. */
static long
lex_find(const struct lex *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (same(l->key[i], s, n, l->anycase[i]))
			return (long)i;
	return -1;
}

static const struct lex *sort_lex;

static int
by_length(const void *a, const void *b)
{
	size_t x = strlen(sort_lex->key[*(const size_t *)a]);
	size_t y = strlen(sort_lex->key[*(const size_t *)b]);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The alternation of the keys of l with place in mask, longest first,
 * those of any case inside (?i:). */
static char *
alternation(const struct lex *l, int mask)
{
	struct buf b = { 0 };
	size_t *ix = emalloc((l->n + 1) * sizeof *ix), i, k = 0;

	for (i = 0; i < l->n; i++)
		if (!mask || (mask == MINOR ? l->scale[i] != 0 : l->place[i] & mask))
			ix[k++] = i;
	sort_lex = l;
	qsort(ix, k, sizeof *ix, by_length);
	buf_addstr(&b, "(?:");
	for (i = 0; i < k; i++) {
		const char *key = l->key[ix[i]];

		if (i)
			buf_addc(&b, '|');
		if (l->anycase[ix[i]])
			buf_addstr(&b, "(?i:");
		rx_quote(&b, key, strlen(key));
		if (l->anycase[ix[i]])
			buf_addc(&b, ')');
	}
	buf_addstr(&b, k ? ")" : "(*FAIL))");
	free(ix);
	return b.s;
}

static int
place_of(const struct tsv *t, const char *p)
{
	if (!strcmp(p, "before"))
		return BEFORE;
	if (!strcmp(p, "after"))
		return AFTER;
	if (!strcmp(p, "both"))
		return BEFORE | AFTER;
	die_at(EXIT_DATA, t->name, t->line,
	    "place must be before, after or both, not '%s'", p);
	return 0;
}

static int
int_of(const struct tsv *t, const char *col, const char *v, long lo, long hi)
{
	char *end;
	long x = strtol(v, &end, 10);

	if (!*v || *end || x < lo || x > hi)
		die_at(EXIT_DATA, t->name, t->line, "%s: not a number from %ld to %ld: '%s'",
		    col, lo, hi, v);
	return (int)x;
}

static void
load_currencies(const char *dir)
{
	static const char *const cols[] = { "form", "code", "place", "case",
	    "scale", "strict", NULL };
	static const char *const iso[] = { "code", "name", "place", NULL };
	struct tsv t;
	int c[6];

	rules_table(&t, dir, "currencies.tsv", cols, c);
	while (tsv_next(&t)) {
		const char *cs = t.f[c[3]], *st = t.f[c[5]];

		if (strcmp(cs, "any") && strcmp(cs, "exact"))
			die_at(EXIT_DATA, t.name, t.line,
			    "case must be any or exact, not '%s'", cs);
		if (strcmp(st, "yes") && strcmp(st, "no"))
			die_at(EXIT_DATA, t.name, t.line,
			    "strict must be yes or no, not '%s'", st);
		lex_add(&M.cur, t.f[c[0]], t.f[c[1]], !strcmp(cs, "any"),
		    place_of(&t, t.f[c[2]]), int_of(&t, "scale", t.f[c[4]], -6, 6));
		M.cur.strict[M.cur.n - 1] = !strcmp(st, "yes");
	}
	rules_close(&t);
	rules_table(&t, dir, "iso4217.tsv", iso, c);
	while (tsv_next(&t)) {
		if (strlen(t.f[c[0]]) != 3)
			die_at(EXIT_DATA, t.name, t.line, "not a code: '%s'", t.f[c[0]]);
		lex_add(&M.cur, t.f[c[0]], t.f[c[0]], 0, place_of(&t, t.f[c[2]]), 0);
	}
	rules_close(&t);
}

/* A two-column lexicon: key (any case) and value. */
static void
load_pairs(const char *dir, const char *file, const char *k, const char *v,
    struct lex *l)
{
	const char *cols[] = { k, v, NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, file, cols, c);
	while (tsv_next(&t)) {
		int scale = 0;

		if (l == &M.scale)
			scale = int_of(&t, v, t.f[c[1]], 0, 30);
		if (l == &M.words && strspn(t.f[c[1]], "0123456789.") != t.flen[c[1]])
			die_at(EXIT_DATA, t.name, t.line, "%s: not a number: '%s'",
			    v, t.f[c[1]]);
		lex_add(l, t.f[c[0]], t.f[c[1]], 1, 0, scale);
	}
	rules_close(&t);
}

static int
is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
sieve_has_cp(const struct sieve *v, int32_t cp)
{
	size_t i;

	for (i = 0; i < v->ncp; i++)
		if (v->cp[i] == cp)
			return 1;
	return 0;
}

/* One part of a form that any text holding the form holds: its first
 * character other than a letter, a digit, a space or .,'- ("$" of "A$",
 * "€"), else its last word, a run of ASCII letters ("francs" of "Swiss
 * francs", the currency's noun).  A match of the pattern holds a whole
 * form, and the pattern's boundaries (\w, \b) are ASCII, so a sentence
 * with money holds the part of some form. */
static void
sieve_add(struct sieve *v, const char *form, int anycase)
{
	size_t n = strlen(form), i = 0, j, k, wi = 0, wn = 0;
	char low[64];
	int32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)form[i];

		if (is_letter(c)) {
			for (j = i; j < n && is_letter((unsigned char)form[j]); j++)
				;
			wi = i;
			wn = j - i;
			i = j;
		} else if (c < 0x80) {
			if (!strchr(" .,'-0123456789", c)) {
				v->ascii[c] = 1;
				return;
			}
			i++;
		} else {
			utf_decode((const unsigned char *)form + i, n - i, &cp);
			cp = utf_lower(cp);
			if (!sieve_has_cp(v, cp)) {
				v->cp = egrow(v->cp, &v->cpcap, v->ncp + 1, sizeof *v->cp);
				v->cp[v->ncp++] = cp;
			}
			return;
		}
	}
	if (!wn || wn >= sizeof low) {
		v->off = 1;
		return;
	}
	if (wn > v->longest)
		v->longest = wn;
	v->lengths[(unsigned char)form[wi]] |= 1ull << wn;
	if (anycase)
		v->lengths[(unsigned char)form[wi] ^ 0x20] |= 1ull << wn;
	if (!anycase) {
		set_add(&v->exact, form + wi, wn);
		return;
	}
	for (k = 0; k < wn; k++)
		low[k] = (char)(form[wi + k] | 0x20);
	set_add(&v->anycase, low, wn);
}

static int
sieve_word(const struct sieve *v, const char *s, size_t n)
{
	char low[64];
	size_t k;

	if (n > v->longest || !(v->lengths[(unsigned char)s[0]] >> n & 1))
		return 0;
	if (set_has(&v->exact, s, n))
		return 1;
	for (k = 0; k < n; k++)
		low[k] = (char)(s[k] | 0x20);
	return set_has(&v->anycase, low, n);
}

/* Whether s[0..n) may hold money: most sentences do not, and this costs
 * a small part of what the pattern does. */
static int
sieve_pass(const struct sieve *v, const char *s, size_t n)
{
	size_t i = 0, j;
	int32_t cp;

	if (v->off)
		return 1;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (is_letter(c)) {
			for (j = i + 1; j < n && is_letter((unsigned char)s[j]); j++)
				;
			if (sieve_word(v, s + i, j - i))
				return 1;
			i = j;
		} else if (c < 0x80) {
			if (v->ascii[c])
				return 1;
			i++;
		} else {
			i += (size_t)utf_decode((const unsigned char *)s + i, n - i, &cp);
			if (sieve_has_cp(v, utf_lower(cp)))
				return 1;
		}
	}
	return 0;
}

static char *
expand(const char *name, void *arg)
{
	char *s = NULL;
	struct buf b = { 0 };

	(void)arg;
	if (!strcmp(name, "BEFORE"))
		s = alternation(&M.cur, BEFORE);
	else if (!strcmp(name, "AFTER"))
		s = alternation(&M.cur, AFTER);
	else if (!strcmp(name, "MINOR"))
		s = alternation(&M.cur, MINOR);
	else if (!strcmp(name, "QUALIFIER"))
		s = alternation(&M.qual, 0);
	else if (!strcmp(name, "SCALE"))
		s = alternation(&M.scale, 0);
	else if (!strcmp(name, "NUMBER"))
		s = rules_pattern(M.dir, "money-number.pcre", expand, NULL);
	else if (!strcmp(name, "NUMWORD")) {
		char *w = alternation(&M.words, 0);

		/* at most twelve words ("nine hundred and ninety-nine
		 * thousand ..."): a bound, so that a run of "a a a ..."
		 * costs linear time */
		buf_addstr(&b, "(?:");
		buf_addstr(&b, w);
		buf_addstr(&b, "\\b(?:(?:[ ]and[ ]|[- ])");
		buf_addstr(&b, w);
		buf_addstr(&b, "\\b){0,11})");
		free(w);
		s = b.s;
	}
	return s;
}

static char *money_text;

/* The money pattern to embed in another: its groups renamed m_NAME so
 * that they clash with none of the other's. */
char *
money_pattern(void)
{
	struct buf b = { 0 };
	const char *p = money_text;

	while (*p) {
		if (!strncmp(p, "(?<", 3) && p[3] != '!' && p[3] != '=') {
			buf_addstr(&b, "(?<m_");
			p += 3;
		} else if (!strncmp(p, "(?(<", 4)) {
			buf_addstr(&b, "(?(<m_");
			p += 4;
		} else
			buf_addc(&b, *p++);
	}
	return b.s;
}

void
money_init(const char *dir)
{
	char *pat;
	size_t n = strlen(dir) + 32, i;
	char *where = emalloc(n);

	M.dir = dir;
	load_currencies(dir);
	for (i = 0; i < M.cur.n; i++)
		sieve_add(&M.sieve, M.cur.key[i], M.cur.anycase[i]);
	load_pairs(dir, "money-qualifiers.tsv", "phrase", "qualifier", &M.qual);
	load_pairs(dir, "scales.tsv", "word", "power", &M.scale);
	load_pairs(dir, "number-words.tsv", "word", "value", &M.words);
	pat = rules_pattern(dir, "money.pcre", expand, NULL);
	snprintf(where, n, "%s/money.pcre: pattern", dir);
	M.rx = rx_compile(pat, where);
	money_text = pat;
}

/* Writes the exact decimal of the number in digits s[0..n) times 10^exp:
 * no grouping, no exponent, no trailing zeros after a point.  -1 when it
 * does not fit. */
static int
decimal(char *out, const char *s, size_t n, int exp)
{
	char dig[MONEY_DIGITS];
	size_t nd = 0, i, o = 0;
	long ip = -1;

	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			ip = (long)nd;
		else if (s[i] >= '0' && s[i] <= '9') {
			if (nd + 1 >= sizeof dig)
				return -1;
			dig[nd++] = s[i];
		}
	}
	if (ip < 0)
		ip = (long)nd;
	ip += exp;
	if (ip > MONEY_DIGITS - 8 || ip < -(MONEY_DIGITS - 8) - (long)nd ||
	    nd + (size_t)labs(ip) + 4 > MONEY_DIGITS)
		return -1;
	/* integer part */
	for (i = 0; (long)i < ip; i++)
		out[o++] = i < nd ? dig[i] : '0';
	if (ip <= 0)
		out[o++] = '0';
	if ((long)nd > ip) {
		out[o++] = '.';
		for (i = 0; (long)i < -ip; i++)
			out[o++] = '0';
		for (i = ip > 0 ? (size_t)ip : 0; i < nd; i++)
			out[o++] = dig[i];
	}
	out[o] = '\0';
	/* strip leading zeros of the integer part, trailing of the fraction */
	while (out[0] == '0' && out[1] >= '0' && out[1] <= '9')
		memmove(out, out + 1, strlen(out));
	if (strchr(out, '.')) {
		o = strlen(out);
		while (out[o - 1] == '0')
			out[--o] = '\0';
		if (out[o - 1] == '.')
			out[--o] = '\0';
	}
	return 0;
}

/* The value of number words s[0..n) in tenths ("two and a half": 25);
 * *only_a says it is "a" or "an" alone. */
/* Whether the word after s[j] makes an "a" before it an article: a
 * fraction ("a half") or a number that adds ("a one-yen bid"), not one
 * that multiplies ("a hundred"). */
static int
article_before(const char *s, size_t j, size_t n)
{
	size_t k;
	long e;
	double v;

	if (++j >= n)
		return 0;
	for (k = j; k < n && s[k] != ' ' && s[k] != '-'; k++)
		;
	if ((e = lex_find(&M.words, s + j, k - j)) < 0)
		return 0;
	v = strtod(M.words.val[e], NULL);
	return v < 100;
}

static long
words_value(const char *s, size_t n, int *only_a_out)
{
	long cur = 0;
	size_t i = 0, j;
	int half_first = 0, only_a = 1;

	while (i < n) {
		long e;
		double v;

		for (j = i; j < n && s[j] != ' ' && s[j] != '-'; j++)
			;
		if (same("and", s + i, j - i, 1)) {
			i = j + 1;
			continue;
		}
		if ((e = lex_find(&M.words, s + i, j - i)) >= 0) {
			v = strtod(M.words.val[e], NULL);
			if (!same("a", s + i, j - i, 1) && !same("an", s + i, j - i, 1))
				only_a = 0;
			if (v < 1) {
				if (cur == 0)
					half_first = 1;
				cur += (long)(v * 10 + 0.5);
			} else if (v >= 100) {
				cur = (cur ? cur : 10) * (long)v;
			} else if (v == 1 && (half_first || (cur && j - i <= 2) ||
			    article_before(s, j, n))) {
				/* the "a" of "half a", "two and a half", "a half" */
			} else {
				cur += (long)v * 10;
			}
		}
		i = j + 1;
	}
	*only_a_out = only_a;
	return cur;
}

static int
scale_of(const char *s, size_t so, size_t eo)
{
	long e = lex_find(&M.scale, s + so, eo - so);

	return e >= 0 ? M.scale.scale[e] : 0;
}

/* The amount of number words s[0..n) times 10^exp; "a" or "an" alone is a
 * number only before a scale ("a million dollars", not "a dollar store"). */
static int
words_amount(char *out, const char *s, size_t n, int exp, int scale,
    int *only_a)
{
	char tmp[32];
	long v = words_value(s, n, only_a);

	if (*only_a && scale == 0)
		return -1;
	snprintf(tmp, sizeof tmp, "%ld", v);
	return decimal(out, tmp, strlen(tmp), exp - 1);
}

struct groups {
	int q, rw, c1, c2, n1, n2, w1, w2, s1, s2, sep, ca, n3, minor, s3;
	size_t so[15], eo[15];
};

#define G(x) g->x = rx_group(M.rx, #x, &g->so[k], &g->eo[k]), k++
static void
get_groups(struct groups *g)
{
	int k = 0;

	G(q); G(rw); G(c1); G(c2); G(n1); G(n2); G(w1); G(w2); G(s1); G(s2);
	G(sep); G(ca); G(n3); G(minor); G(s3);
}
#undef G
enum { Q, RW, C1, C2, N1, N2, W1, W2, S1, S2, SEP, CA, N3, MINOR_, S3 };

/* "$5 $6": a symbol followed by a number belongs to that number. */
static int
symbol_of_next(const char *s, size_t n, const struct groups *g)
{
	size_t i = g->eo[CA];
	unsigned char c = (unsigned char)s[g->so[CA]];

	if (is_letter(c))
		return 0;
	if (i < n && s[i] == ' ')
		i++;
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* "20 dollars 43 cents": adds the cents to a whole amount. */
static void
add_minor(char *amount, const char *s, const struct groups *g)
{
	char tmp[32];
	long v;
	size_t len = strlen(amount);

	if (strchr(amount, '.'))
		return;
	if (s[g->so[N3]] >= '0' && s[g->so[N3]] <= '9')
		v = strtol(s + g->so[N3], NULL, 10);
	else {
		int only_a;

		v = words_value(s + g->so[N3], g->eo[N3] - g->so[N3], &only_a) / 10;
	}
	if (v <= 0 || v >= 100 || len + 4 >= MONEY_DIGITS)
		return;
	snprintf(tmp, sizeof tmp, ".%02ld", v);
	if (tmp[2] == '0')
		tmp[2] = '\0';
	strcat(amount, tmp);
}

static const char *
currency(const char *s, size_t so, size_t eo, int *scale)
{
	long e = lex_find(&M.cur, s + so, eo - so);

	if (e < 0)
		return NULL;
	*scale = M.cur.scale[e];
	return M.cur.val[e];
}

/* A strict currency name ("won") needs a scale or a number that is
 * plainly an amount (1,000 or 5.5) before it. */
static int
strict_fails(const char *s, const struct groups *g)
{
	long e = lex_find(&M.cur, s + g->so[CA], g->eo[CA] - g->so[CA]);
	size_t i;

	if (e < 0 || !M.cur.strict[e] || g->s1 || g->s2 || g->c1)
		return 0;
	if (!g->n1)
		return 1;
	for (i = g->so[N1]; i < g->eo[N1]; i++)
		if (s[i] == ',' || s[i] == '.')
			return 0;
	return 1;
}

/* The amount of one end of a match: number n (digits) or w (words) at
 * group index k, scaled. */
static int
end_amount(char *out, const char *s, const struct groups *g, int digits,
    int k, int exp, int scale, int *only_a)
{
	*only_a = 0;
	if (digits)
		return decimal(out, s + g->so[k], g->eo[k] - g->so[k], exp);
	return words_amount(out, s + g->so[k], g->eo[k] - g->so[k], exp, scale,
	    only_a);
}

/* The span of "a one-yen bid" starts at "one". */
static size_t
skip_article(const char *s, size_t so, size_t eo)
{
	size_t k = so;

	while (k < eo && s[k] != ' ' && s[k] != '-')
		k++;
	if (k - so <= 2 && (s[so] | 0x20) == 'a' && article_before(s, k, eo))
		return k + 1;
	return so;
}

/* Decides one match of the pattern; 0 if it is no amount of money. */
static int
resolve(const struct sent *st, struct groups *g, size_t eo, struct money *m)
{
	const char *s = st->text;
	size_t n = st->len;
	int minor = 0, sc1 = 0, sc2 = 0, only_a, k1 = g->n1 ? N1 : W1;
	const char *code = NULL;

	if (g->ca && strict_fails(s, g))
		g->ca = 0;
	if (g->ca && symbol_of_next(s, n, g)) {
		g->ca = 0;
		for (eo = g->so[CA]; eo > 0 && (s[eo - 1] == ' ' || s[eo - 1] == '-'); eo--)
			;
	}
	m->range = g->sep;
	if (g->c1)
		code = currency(s, g->so[C1], g->eo[C1], &minor);
	if (g->ca)
		code = currency(s, g->so[CA], g->eo[CA], &minor);
	else if (!code && m->range && g->c2)
		code = currency(s, g->so[C2], g->eo[C2], &minor);
	if (!code)
		return 0;
	sc1 = g->s1 ? scale_of(s, g->so[S1], g->eo[S1]) :
	    g->s3 && !m->range ? scale_of(s, g->so[S3], g->eo[S3]) : 0;
	if (m->range) {
		sc2 = g->s2 ? scale_of(s, g->so[S2], g->eo[S2]) : sc1;
		if (!g->s1)
			sc1 = sc2;
		if (end_amount(m->amount[1], s, g, g->n2, g->n2 ? N2 : W2,
		    sc2 + minor, sc2, &only_a) < 0 || only_a)
			m->range = 0;
	}
	if (g->sep && !m->range) {
		/* "$10-a-share": the first number alone, if it has a currency */
		if (!g->c1)
			return 0;
		code = currency(s, g->so[C1], g->eo[C1], &minor);
		eo = g->s1 ? g->eo[S1] : g->eo[k1];
		g->ca = g->n3 = 0;
	}
	if (end_amount(m->amount[0], s, g, g->n1, k1, sc1 + minor, sc1,
	    &only_a) < 0) {
		if (g->n1)
			warn_at(st->file, st->line,
			    "amount too large to write exactly: '%.*s'",
			    (int)(g->eo[N1] - g->so[N1]), s + g->so[N1]);
		return 0;
	}
	if (only_a && g->ca && s[g->so[CA] - 1] == '-')
		return 0;	/* "a billion-dollar company": a size, no amount */
	if (g->ca && g->n3 && !m->range && minor == 0)
		add_minor(m->amount[0], s, g);
	else if (g->ca && g->n3)
		eo = g->eo[CA];
	m->so = g->c1 ? g->so[C1] : g->so[k1];
	if (!g->c1 && !g->n1)
		m->so = skip_article(s, m->so, g->eo[W1]);
	m->eo = eo;
	m->currency = code;
	m->qualifier = "exact";
	if (m->range)
		m->qualifier = "range";
	else if (g->q) {
		long e = lex_find(&M.qual, s + g->so[Q], g->eo[Q] - g->so[Q]);

		if (e >= 0)
			m->qualifier = M.qual.val[e];
	}
	return 1;
}

/* Finds the next amount in the sentence at or after *from; 1 if there is
 * one. */
int
money_next(const struct sent *st, size_t *from, struct money *m)
{
	struct groups g;
	size_t so, eo;

	if (*from == 0 && !sieve_pass(&M.sieve, st->text, st->len))
		return 0;
	while (*from < st->len && rx_exec(M.rx, st->text, st->len, *from)) {
		rx_span(M.rx, &so, &eo);
		get_groups(&g);
		if (resolve(st, &g, eo, m)) {
			*from = m->eo > so ? m->eo : so + 1;
			return 1;
		}
		*from = so + 1;	/* look again from the next character */
	}
	return 0;
}
