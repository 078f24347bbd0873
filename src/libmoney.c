/* libmoney.c: finds amounts of money with the pattern rules/money.pcre,
 * filled in from the lexicons of rules/, computes each amount exactly
 * in decimal, and gives a currency noun written without its country
 * ("dlrs", "francs") the country the document names it with ("Australian
 * dlrs", "Swiss francs"). */
#define _GNU_SOURCE		/* memrchr */
#include <stdlib.h>
#include <string.h>

#include "facts.h"

/* One word or phrase of a lexicon. */
struct entry {
	char *key, *val;	/* key as written; its code, qualifier or value */
	size_t len;		/* of key */
	int anycase, place, scale, strict;
	int unit;		/* the currency noun a country qualifies, or -1 */
};

struct lex {
	struct entry *e;
	size_t n, cap;
	/* the lengths of its keys (those of 63 bytes and more as 63), and
	 * their first bytes' low six bits with bit 0x20 set, as bits:
	 * most words looked up in some have none of one (lex_may) */
	uint64_t lens, firsts;
	/* its entries by length and first byte (lex_key), then as
	 * listed, for lex_find; of nkeyed entries, after they were read */
	struct keyed { uint32_t key, i; } *keyed;
	size_t nkeyed;
};

enum { BEFORE = 1, AFTER = 2, ATTACHED = 4, CENTS = 8 };

/* The bits of the sieve's table of word shapes (see shape). */
enum { SHAPE_BITS = 16 };

/* The verdicts of money_may that money_next and money_follow may need
 * again: those of the last lines asked about (see D.may). */
enum { MAY_LINES = 64 };

static struct {
	struct lex cur, country, qual, scale, words, per;
	struct lex places;	/* currency-places.tsv: "Sweden" for crowns */
	struct lex weights;	/* money-weights.tsv: "weighed" for pounds */
	size_t nplaceunits;	/* the units places name */
	char *placed;		/* by unit: whether places name it */
	struct strset changes;	/* "rose" of "rose 12 to 62 dlrs" */
	struct strset cents;	/* the codes of cents.tsv */
	/* The currency nouns that several countries use ("dollar",
	 * "franc"): what country qualifies and the document's kind of. */
	char **units;
	size_t nunits, unitcap;
	struct rx *rx;
	const char *dir;
	/* What a sentence must hold for the pattern to find money in it:
	 * one part of some currency's form (see sieve_add); off when a
	 * form has no part to look for. */
	struct sieve {
		/* the words: those of any case in lower case; by where they
		 * stand: anywhere, against a number before ("300p"), or before
		 * a number ("R33.6bn", "KD 186 million") */
		struct strset words[3];
		/* by shape: whether some word may be so, which most words
		 * of a text are not */
		uint64_t shape[(1u << SHAPE_BITS) / 64];
		unsigned char ascii[128];
		char marks[129];	/* the bytes of ascii, as a string */
		/* the code points, and by their low ten bits whether one
		 * may be there (most characters of a text are quotes) */
		uint64_t cpbits[1024 / 64];
		int32_t *cp;
		size_t ncp, cpcap, longest;
		int off;
		int cased;	/* words start with a capital (places) */
	} sieve, placeset;
	/* the words of the countries before a currency (see money_follow),
	 * made on its first call: extract-money never needs them */
	struct sieve countries;
	int countries_made;
	/* Where in a sentence a match may start (see starts_init): the
	 * pattern, anchored, is tried only there, where a search would try
	 * it at every character. */
	struct starts {
		struct strset words;	/* their bits: WHOLE, PREFIX, PHRASE */
		/* of a PHRASE, its first two words ("at least") or its
		 * first and the byte after it ("US$", "US $", "kr."): most
		 * texts write the first alone ("at", "in", "US") */
		struct strset pairs;
		uint64_t pairlen;	/* the lengths of their second words */
		/* by first byte, the lengths of the words that start with it */
		uint64_t whole[256], prefix[256];
		/* by shape, whether a word may be so: most with the first
		 * byte and length of one are not */
		uint64_t shape[(1u << SHAPE_BITS) / 64];
		unsigned char byte[256];	/* other than letters */
		unsigned char kills[256];	/* before a place: no match there */
		int off;	/* tried at every character */
	} starts;
} M;

/* The document being read: the code each currency noun was first given
 * with its country, NULL while none was; and that of the first place it
 * names for each noun of currency-places.tsv. */
static struct {
	char *doc;
	size_t len, cap;
	const char **code, **place;
	size_t nplaced;
	size_t nsent;	/* its sentences read */
	/* the sentence that last passed the sieve, and where the last part
	 * of a form it holds starts: no match with a currency starts after */
	const char *part_text;
	size_t part_len, last_part;
	int open;	/* doc is the document being read */
	/* the sieve's verdicts of sentences money_may was asked about,
	 * by their line, 1 + it for the line's slot (a line of the input
	 * is one sentence; the input changes only after money_doc_end) */
	struct { long line1; unsigned gen; int may; } may[MAY_LINES];
	unsigned gen;	/* of the input, for may */
	int asked;	/* money_may has been (extract-money never asks) */
} D;

static void group_numbers(void);

/* The sentences that open a document, whose places all count. */
enum { OPENING = 5 };

static struct entry *
lex_add(struct lex *l, const char *k, const char *v, int anycase, int place,
    int scale)
{
	struct entry *e;

	l->e = egrow(l->e, &l->cap, l->n + 1, sizeof *l->e);
	e = &l->e[l->n++];
	e->key = estrdup(k);
	e->len = strlen(k);
	l->lens |= 1ull << (e->len < 63 ? e->len : 63);
	l->firsts |= 1ull << ((k[0] | 0x20) & 63);
	e->val = estrdup(v);
	e->anycase = anycase;
	e->place = place;
	e->scale = scale;
	e->strict = 0;
	e->unit = -1;
	return e;
}

/* Whether a, of n bytes, is b[0..n), of any case if anycase. */
static int
same_n(const char *a, const char *b, size_t n, int anycase)
{
	size_t i;

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

static int
same(const char *a, const char *b, size_t n, int anycase)
{
	return strlen(a) == n && same_n(a, b, n, anycase);
}
/* The length of s[0..n) and its first byte, a letter in lower case:
 * what the keys that may be s have. */
static uint32_t
lex_key(const char *s, size_t n)
{
	unsigned c = n ? (unsigned char)s[0] : 0;

	if (c >= 'A' && c <= 'Z')
		c |= 0x20;
	return (uint32_t)(n < 0xffffff ? n : 0xffffff) << 8 | c;
}

static int
by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* Sorts the entries of l by lex_key, for lex_find: the currencies are
 * hundreds, and a match looks up several; extract-stakes looks up the
 * word before each amount and percentage among the qualifiers. */
static void
lex_index(struct lex *l)
{
	size_t i;

	l->keyed = emalloc((l->n + 1) * sizeof *l->keyed);
	for (i = 0; i < l->n; i++) {
		l->keyed[i].key = lex_key(l->e[i].key, l->e[i].len);
		l->keyed[i].i = (uint32_t)i;
	}
	qsort(l->keyed, l->n, sizeof *l->keyed, by_key);
	l->nkeyed = l->n;
}

/* The entry for s[0..n), or NULL: the first listed, of those of its
 * key (found by halves) if l is indexed. */
static const struct entry *
lex_find(const struct lex *l, const char *s, size_t n)
{
	size_t i, lo = 0, hi = l->nkeyed;
	uint32_t key;

	if (l->nkeyed != l->n) {
		for (i = 0; i < l->n; i++)
			if (l->e[i].len == n && same_n(l->e[i].key, s, n, l->e[i].anycase))
				return &l->e[i];
		return NULL;
	}
	key = lex_key(s, n);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->keyed[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->nkeyed && l->keyed[lo].key == key; lo++) {
		const struct entry *e = &l->e[l->keyed[lo].i];

		if (same_n(e->key, s, n, e->anycase))
			return e;
	}
	return NULL;
}

/* Whether s[0..n) may be a key of l, told from its length and first
 * byte. */
static int
lex_may(const struct lex *l, const char *s, size_t n)
{
	return (l->lens >> (n < 63 ? n : 63) & 1) &&
	    (!n || (l->firsts >> ((s[0] | 0x20) & 63) & 1));
}

static int
is_letter(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* The end of the run of letters at i, read a word at a time: most
 * runs end in the first. */
static inline size_t
letters_end(const char *s, size_t i, size_t n)
{
	for (; i < n; i += 8) {
		uint64_t m = ~letters_in(word8_at(s, i, n)) & BYTES_HIGH;

		if (m)
			return i + bytes_first(m) < n ? i + bytes_first(m) : n;
	}
	return n;
}

/* The index of the first bit of m, which must have one. */
static inline size_t
bit_first(uint64_t m)
{
#if defined __GNUC__
	return (size_t)__builtin_ctzll(m);
#else
	size_t k = 0;

	while (!(m >> k & 1))
		k++;
	return k;
#endif
}

/* The ASCII letters of s[i..i+64) as bits (ascii64). */
static inline uint64_t
letters64(const char *s, size_t i, size_t n, uint64_t *high)
{
	return ascii64(s, i, n, 0, high);
}

static int
sieve_has_cp(const struct sieve *v, int32_t cp)
{
	size_t i;

	if (!(v->cpbits[(cp & 1023) >> 6] >> (cp & 63) & 1))
		return 0;
	for (i = 0; i < v->ncp; i++)
		if (v->cp[i] == cp)
			return 1;
	return 0;
}

/* The shape of word s[0..n): its first, middle and last letters' low
 * five bits, so that case does not change it (but for the first letter's,
 * if cased), and its length's low four bits; hashed to SHAPE_BITS.  Each
 * of a few operations: it is computed for most words of a text. */
static inline unsigned
shape(const char *s, size_t n, int cased)
{
	uint32_t k = ((unsigned char)s[0] & (31u | (unsigned)cased << 5)) << 14 |
	    ((unsigned char)s[n >> 1] & 31u) << 9 |
	    ((unsigned char)s[n - 1] & 31u) << 4 | ((uint32_t)n & 15u);

	return (k * 0x9e3779b1u) >> (32 - SHAPE_BITS);
}

/* One part of a form that any text holding the form holds: its first
 * character other than a letter, a digit, a space or .,'- ("$" of "A$",
 * "€"), else its last word, a run of ASCII letters ("francs" of "Swiss
 * francs", the currency's noun).  A match of the pattern holds a whole
 * form, and the pattern's boundaries (\w, \b) are ASCII, so a sentence
 * with money holds the part of some form. */
enum { ANYWHERE, AFTER_DIGIT, BEFORE_DIGIT };

static void
sieve_add(struct sieve *v, const char *form, int anycase, int where)
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
				if (!v->ascii[c])
					v->marks[strlen(v->marks)] = (char)c;
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
				v->cpbits[(cp & 1023) >> 6] |= 1ull << (cp & 63);
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
	k = shape(form + wi, wn, v->cased);
	v->shape[k >> 6] |= 1ull << (k & 63);
	if (anycase) {
		ascii_lower(low, sizeof low, form + wi, wn);
		set_add(&v->words[where], low, wn);
	}
	/* and as written, which text writes most ("London"): one lookup */
	if (!anycase || memcmp(low, form + wi, wn))
		set_add(&v->words[where], form + wi, wn);
}

/* Whether a word of the sieve may be s[0..n): most words of a text are
 * not, and this says so from their shape alone. */
static int
sieve_may(const struct sieve *v, const char *s, size_t n)
{
	unsigned sh;

	if (n > v->longest)
		return 0;
	sh = shape(s, n, v->cased);
	return v->shape[sh >> 6] >> (sh & 63) & 1;
}

static int
sieve_word(const struct sieve *v, const char *s, size_t n, int where)
{
	char low[64];

	/* as written, which finds a form of one case or a lower-case word;
	 * then in lower case (a form of any case; an exact lower-case form
	 * found so costs only the pattern's run) */
	if (set_has(&v->words[where], s, n))
		return 1;
	return ascii_lower(low, sizeof low, s, n) && memcmp(low, s, n) &&
	    set_has(&v->words[where], low, n);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether word s[i..j) of s[0..n) is a part of a form where it stands. */
static int
sieve_word_at(const struct sieve *v, const char *s, size_t i, size_t j,
    size_t n)
{
	if (sieve_word(v, s + i, j - i, ANYWHERE))
		return 1;
	if (i > 0 && (is_digit(s[i - 1]) || (i > 1 && s[i - 1] == ' ' &&
	    is_digit(s[i - 2]))) && sieve_word(v, s + i, j - i, AFTER_DIGIT))
		return 1;
	if (j < n && (is_digit(s[j]) || (s[j] == ' ' && j + 1 < n && is_digit(s[j + 1]))))
		return sieve_word(v, s + i, j - i, BEFORE_DIGIT);
	return 0;
}
/* Compares a place of s[0..n) with entry e's, in lower case. */
static int
place_cmp(const char *s, size_t n, const struct entry *e)
{
	size_t i;

	for (i = 0; i < n && i < e->len; i++) {
		int x = s[i] | 0x20, y = e->key[i] | 0x20;

		if (x != y)
			return x - y;
	}
	return n < e->len ? -1 : n > e->len;
}

static int
by_place(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return place_cmp(x->key, x->len, y);
}

/* Notes that place word s[0..n) is the first the document names for
 * the currency nouns that have none yet (the places sorted, found by
 * halves: place words are frequent, "London", "UK"). */
static void
place_seen(const char *s, size_t n)
{
	size_t lo = 0, hi = M.places.n, k;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (place_cmp(s, n, &M.places.e[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < M.places.n && !place_cmp(s, n, &M.places.e[k]); k++) {
		const struct entry *e = &M.places.e[k];

		if (!D.place[e->unit]) {
			D.place[e->unit] = e->val;
			D.nplaced++;
		}
	}
}

/* Notes the place that run of letters s[i..j) of s names, if it is one:
 * a capitalised word of the place sieve that starts a word (after
 * neither a letter nor a byte of another letter). */
static void
place_word(const char *s, size_t i, size_t j)
{
	const struct sieve *v = &M.placeset;

	if ((unsigned char)(s[i] - 'A') <= 'Z' - 'A' &&
	    (i == 0 || (unsigned char)s[i - 1] < 0x80) &&
	    sieve_may(v, s + i, j - i) && sieve_word(v, s + i, j - i, ANYWHERE))
		place_seen(s + i, j - i);
}

/* Whether a character of s[0..n) not ASCII is one of the sieve's. */
static int
sieve_cps(const struct sieve *v, const char *s, size_t n)
{
	size_t i = 0;
	uint64_t m;
	int32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			m = word8_at(s, i, n) & BYTES_HIGH;
			i += m ? bytes_first(m) : 8;
			continue;
		}
		i += (size_t)utf_decode((const unsigned char *)s + i, n - i, &cp);
		if (sieve_has_cp(v, utf_lower(cp)))
			return 1;
	}
	return 0;
}

/* Whether a word of s[0..n) is a part of a form of v where it stands
 * (sieve_may, sieve_word_at), or pass; with places, noting the places of
 * all.  Its words, the runs of ASCII letters, are read from the masks of
 * 64 bytes that letters64 makes, their starts and ends a bit each: a word
 * costs a few operations on them and the test of its shape, not a test
 * of each of its bytes and of the space after it.  Sets bits of *high
 * if a byte read is not ASCII. */
static int
sieve_words(const struct sieve *v, const char *s, size_t n, int places,
    int pass, uint64_t *high)
{
	const uint64_t *shapes = v->shape;
	/* the longest word to test, none once one passed */
	size_t longest = pass ? 0 : v->longest, base, i = 0, j;
	int cased = v->cased;
	uint64_t last = 0, letters, prev, starts, ends;
	unsigned sh;

	/* a run to the end of the text ends in the block after it; one
	 * that goes on past a block (last) has its start from before */
	for (base = 0; base < n || (base == n && last); base += 64) {
		letters = letters64(s, base, n, high);
		prev = letters << 1 | last;
		starts = letters & ~prev;
		ends = ~letters & prev;
		for (;;) {
			if (!last) {
				if (!starts)
					break;
				i = base + bit_first(starts);
				starts &= starts - 1;
			}
			if ((last = !ends))
				break;
			j = base + bit_first(ends);
			ends &= ends - 1;
			if (places)
				place_word(s, i, j);
			if (j - i > longest)
				continue;
			sh = shape(s + i, j - i, cased);
			if ((shapes[sh >> 6] >> (sh & 63) & 1) && sieve_word_at(v, s, i, j, n)) {
				if (!places)
					return 1;
				pass = 1;
				longest = 0;
			}
		}
	}
	return pass;
}

/* Whether s[0..n) may hold money: most sentences do not, and this costs
 * a small part of what the pattern does.  What it asks of the text is
 * whether it holds any of the marks, code points or words, which the
 * order it reads them in does not change: the marks first, then the
 * words, then the code points of a text that has any.  With places, it
 * notes the places of the whole text on the way, in their order. */
static int
sieve_pass(const struct sieve *v, const char *s, size_t n, int places)
{
	const char *m;
	uint64_t high = 0;
	int pass = v->off;

	for (m = v->marks; *m && !pass; m++)
		pass = memchr(s, *m, n) != NULL;
	if (pass && !places)
		return 1;
	pass = sieve_words(v, s, n, places, pass, &high);
	return pass || (high && v->ncp && sieve_cps(v, s, n));
}

/* Where the last part of a form that s[0..n), which the sieve passed,
 * holds starts, or a place after it: a match with a currency holds a
 * part at or after its start.  Read from the end, words of ASCII letters
 * back to a character not ASCII, which is taken for a part. */
static size_t
last_part(const struct sieve *v, const char *s, size_t n)
{
	size_t mark = 0, i, j = n;
	const char *m, *at;

	if (v->off)
		return n;
	for (m = v->marks; *m; m++)
		if ((at = memrchr(s, *m, n)) && (size_t)(at - s) > mark)
			mark = (size_t)(at - s);
	while (j > mark + 1) {
		unsigned char c = (unsigned char)s[j - 1];

		if (c >= 0x80)
			return j - 1;
		if (!is_letter(c)) {
			j--;
			continue;
		}
		for (i = j - 1; i > 0 && is_letter((unsigned char)s[i - 1]); i--)
			;
		if (sieve_may(v, s + i, j - i) && sieve_word_at(v, s, i, j, n))
			return i;
		j = i;
	}
	return mark;
}

/* Notes the places that s[0..n) names. */
static void
places_scan(const char *s, size_t n)
{
	uint64_t high = 0;

	sieve_words(&M.sieve, s, n, 1, 1, &high);
}

static int every(const struct entry *e) { (void)e; return 1; }
static int before(const struct entry *e) { return e->place & BEFORE; }
static int after(const struct entry *e) { return e->place & (AFTER | CENTS); }
static int minor(const struct entry *e) { return e->scale < 0; }

/* The first character of word s, an ASCII letter in lower case. */
static int32_t
first_char(const char *s)
{
	int32_t c;

	if (utf_decode((const unsigned char *)s, strlen(s), &c) <= 0 || c == UTF_BAD)
		return (unsigned char)s[0];
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* A word of an alternation and its first character, found once. */
struct first {
	int32_t c;
	struct rx_word w;
};

static int
by_first_char(const void *a, const void *b)
{
	int32_t x = ((const struct first *)a)->c, y = ((const struct first *)b)->c;

	return (x > y) - (x < y);
}

/* The first characters of the parts of a long alternation (see
 * alternation). */
enum { PART_CHARS = 8 };

/* Adds first character c of a part's words to the class of its
 * lookahead, in both cases if a letter. */
static void
class_add(struct buf *b, int32_t c)
{
	char u[4];

	if (c >= 'a' && c <= 'z') {
		buf_addc(b, c);
		buf_addc(b, c - 32);
	} else if (c < 0x80 && !(c >= '0' && c <= '9')) {
		buf_addc(b, '\\');
		buf_addc(b, c);
	} else
		buf_add(b, u, (size_t)utf_encode(c, u));
}

/* The alternation of the keys of l that keep() takes (rx_alternation),
 * behind a lookahead for their first characters: PCRE2 tries an
 * alternation's branches one after another, and most places it is tried
 * at start with none of them.  Past a few words, rx_alternation's
 * branches are the groups of their first characters, and a word of a
 * lexicon of many ("pounds" of the currencies after a number) waits for
 * the lookaheads of the groups before its own: such a lexicon is split
 * into parts of PART_CHARS first characters, each behind its lookahead,
 * and a subject tries a few parts, then the groups of one.  Words of two
 * first characters never match at one place: the match is the same. */
static char *
alternation(const struct lex *l, int (*keep)(const struct entry *))
{
	struct first *f = emalloc((l->n + 1) * sizeof *f);
	struct rx_word *w = emalloc((l->n + 1) * sizeof *w);
	size_t i, j, k = 0, chars = 0, per;
	int32_t last = -1;
	int allcase = 1, empty = 0;
	struct buf b = { 0 };
	char *s;

	for (i = 0; i < l->n; i++)
		if (keep(&l->e[i])) {
			f[k].w.s = l->e[i].key;
			f[k].w.anycase = l->e[i].anycase;
			f[k].c = first_char(l->e[i].key);
			allcase &= f[k].w.anycase;
			empty |= !*f[k++].w.s;
		}
	qsort(f, k, sizeof *f, by_first_char);
	for (i = 0; i < k; i++) {
		w[i] = f[i].w;
		chars += f[i].c != last;
		last = f[i].c;
	}
	if (empty || chars < 2) {
		s = rx_alternation(w, k);
		free(f);
		free(w);
		return s;
	}
	per = chars <= 2 * PART_CHARS ? chars : PART_CHARS;
	buf_addstr(&b, allcase ? "(?i:" : "(?:");
	for (i = 0; i < k; i = j) {
		buf_addstr(&b, i ? "|(?=[" : "(?=[");
		for (j = i, chars = 0, last = -1; j < k; last = f[j++].c)
			if (f[j].c != last) {
				if (chars++ == per)
					break;
				class_add(&b, f[j].c);
			}
		buf_addstr(&b, "])");
		s = rx_alternation(w + i, j - i);
		buf_addstr(&b, s);
		free(s);
	}
	buf_addc(&b, ')');
	free(f);
	free(w);
	return b.s;
}

static int
place_of(const struct tsv *t, const char *p)
{
	static const int places[] = { BEFORE, AFTER, BEFORE | AFTER,
	    AFTER | ATTACHED, CENTS };

	return places[rules_choice(t, "place", p, (const char *const[]){ "before",
	    "after", "both", "attached", "cents", NULL })];
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

/* The index of currency noun u; a new one if add, else -1 if unknown. */
static int
unit_of(const char *u, int add)
{
	size_t i;

	if (!strcmp(u, "-"))
		return -1;
	for (i = 0; i < M.nunits; i++)
		if (!strcmp(M.units[i], u))
			return (int)i;
	if (!add)
		return -2;
	M.units = egrow(M.units, &M.unitcap, M.nunits + 1, sizeof *M.units);
	M.units[M.nunits] = estrdup(u);
	return (int)M.nunits++;
}

/* The unit named in column u of t, which currencies.tsv must have. */
static int
known_unit(const struct tsv *t, const char *u)
{
	int i = unit_of(u, 0);

	if (i < 0)
		die_at(EXIT_DATA, t->name, t->line,
		    "unit '%s' is no unit of currencies.tsv", u);
	return i;
}

static void
load_currencies(const char *dir)
{
	static const char *const cols[] = { "form", "code", "place", "case",
	    "scale", "strict", "unit", NULL };
	static const char *const iso[] = { "code", "name", "place", "case",
	    NULL };
	struct tsv t;
	struct entry *e;
	int c[7];

	rules_table(&t, dir, "currencies.tsv", cols, c);
	while (tsv_next(&t)) {
		e = lex_add(&M.cur, t.f[c[0]], t.f[c[1]],
		    rules_yes_no(&t, "case", t.f[c[3]], "any", "exact"),
		    place_of(&t, t.f[c[2]]), int_of(&t, "scale", t.f[c[4]], -6, 6));
		e->strict = rules_yes_no(&t, "strict", t.f[c[5]], "yes", "no");
		e->unit = unit_of(t.f[c[6]], 1);
		if (!strcmp(e->val, "-") && e->unit < 0)
			die_at(EXIT_DATA, t.name, t.line,
			    "code '-' needs a unit, whose country gives the code");
	}
	rules_close(&t);
	rules_table(&t, dir, "iso4217.tsv", iso, c);
	while (tsv_next(&t)) {
		if (strlen(t.f[c[0]]) != 3)
			die_at(EXIT_DATA, t.name, t.line, "not a code: '%s'", t.f[c[0]]);
		lex_add(&M.cur, t.f[c[0]], t.f[c[0]],
		    rules_yes_no(&t, "case", t.f[c[3]], "any", "exact"),
		    place_of(&t, t.f[c[2]]), 0);
	}
	rules_close(&t);
}

/* A lexicon of words and the currency noun each goes with: the key in
 * column k, the noun in u, the value in v (or none). */
static void
load_by_unit(const char *dir, const char *file, const char *k,
    const char *u, const char *v, struct lex *l)
{
	const char *cols[] = { k, u, v, NULL };
	struct tsv t;
	struct entry *e;
	int c[3];

	rules_table(&t, dir, file, cols, c);
	while (tsv_next(&t)) {
		e = lex_add(l, t.f[c[0]], v ? t.f[c[2]] : "", 1, 0, 0);
		e->unit = known_unit(&t, t.f[c[1]]);
		if (l != &M.places)
			continue;
		if (!e->len || e->len > 62 || strspn(e->key,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != e->len)
			die_at(EXIT_DATA, t.name, t.line,
			    "a place is one word of letters, not '%s'", e->key);
		if (!M.placed[e->unit]) {
			M.placed[e->unit] = 1;
			M.nplaceunits++;
		}
		sieve_add(&M.placeset, e->key, 1, ANYWHERE);
	}
	rules_close(&t);
}

/* The qualifiers, before an amount or after it. */
static void
load_qualifiers(const char *dir)
{
	static const char *const cols[] = { "phrase", "qualifier", "place", NULL };
	struct tsv t;
	int c[3], place;

	rules_table(&t, dir, "money-qualifiers.tsv", cols, c);
	while (tsv_next(&t)) {
		if ((place = place_of(&t, t.f[c[2]])) != BEFORE && place != AFTER)
			die_at(EXIT_DATA, t.name, t.line,
			    "place must be before or after, not '%s'", t.f[c[2]]);
		lex_add(&M.qual, t.f[c[0]], t.f[c[1]], 1, place, 0);
	}
	rules_close(&t);
}

/* A two-column lexicon: key (any case) and value; or keys alone, if v is
 * NULL. */
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

		if (!v) {
			lex_add(l, t.f[c[0]], "", 1, 0, 0);
			continue;
		}

		if (l == &M.scale)
			scale = int_of(&t, v, t.f[c[1]], 0, 30);
		if (l == &M.words && strspn(t.f[c[1]], "0123456789.") != t.flen[c[1]] &&
		    strcmp(t.f[c[1]], "inexact"))
			die_at(EXIT_DATA, t.name, t.line, "%s: not a number: '%s'",
			    v, t.f[c[1]]);
		lex_add(l, t.f[c[0]], t.f[c[1]], 1, 0, scale);
	}
	rules_close(&t);
}

static char *
expand(const char *name, void *arg)
{
	char *s = NULL;
	struct buf b = { 0 };

	(void)arg;
	if (!strcmp(name, "BEFORE"))
		s = alternation(&M.cur, before);
	else if (!strcmp(name, "AFTER"))
		s = alternation(&M.cur, after);
	else if (!strcmp(name, "MINOR"))
		s = alternation(&M.cur, minor);
	else if (!strcmp(name, "COUNTRY"))
		s = alternation(&M.country, every);
	else if (!strcmp(name, "QUALIFIER"))
		s = alternation(&M.qual, before);
	else if (!strcmp(name, "QUALIFIER_AFTER"))
		s = alternation(&M.qual, after);
	else if (!strcmp(name, "SCALE"))
		s = alternation(&M.scale, every);
	else if (!strcmp(name, "NUMBER"))
		s = rules_pattern(M.dir, "money-number.pcre", expand, NULL);
	else if (!strcmp(name, "NUMWORD")) {
		char *w = alternation(&M.words, every);

		/* at most six words ("three hundred and twenty-five", a
		 * scale after them): a bound, so that a run of "a a a ..."
		 * costs linear time */
		buf_addstr(&b, "(?:");
		buf_addstr(&b, w);
		buf_addstr(&b, "\\b(?:(?:[ ]and[ ]|[- ])");
		buf_addstr(&b, w);
		buf_addstr(&b, "\\b){0,5})");
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

/* Where a form's word stands in a text with money, for the sieve: "p",
 * "c" and "sen" after the number, a strict prefix before it. */
static int
where_in_text(const struct entry *e)
{
	if ((e->place & (ATTACHED | CENTS)) && !(e->place & BEFORE))
		return AFTER_DIGIT;
	if (e->strict && e->place == BEFORE)
		return BEFORE_DIGIT;
	return ANYWHERE;
}

/* The words of the starts: one a text must have whole where a match
 * starts with it, or one it may start ("USD" of "USDone"). */
enum { WHOLE = 1, PREFIX = 2, PHRASE = 4 };

static void
starts_put(struct starts *t, const char *w, size_t n, unsigned bits)
{
	unsigned sh = shape(w, n, 0);

	set_or(&t->words, w, n, bits);
	(bits & PREFIX ? t->prefix : t->whole)[(unsigned char)w[0]] |= 1ull << n;
	t->shape[sh >> 6] |= 1ull << (sh & 63);
}

/* Which of bits a word of the starts w[0..n) has, 0 if it is none. */
static inline unsigned
starts_may(const struct starts *t, const char *w, size_t n, unsigned bits)
{
	unsigned sh = shape(w, n, 0);

	return (t->shape[sh >> 6] >> (sh & 63) & 1) ? set_bits(&t->words, w, n) & bits : 0;
}

/* The length of the start of a form whose first n letters are a word
 * of the starts that the text must have with that word (see starts_pair),
 * or 0 if it is that word alone or a character not ASCII follows it. */
static size_t
pair_len(const char *form, size_t n)
{
	size_t m = n + 1;

	if (form[n] == ' ' && is_letter((unsigned char)form[m])) {
		while (is_letter((unsigned char)form[m]))
			m++;
		return m;
	}
	if (form[n] == ' ' && form[m] && (unsigned char)form[m] < 0x80)
		return m + 1;
	return form[n] && form[n] != ' ' && (unsigned char)form[n] < 0x80 ? m : 0;
}

/* Adds the start of a phrase whose first n letters are a word of the
 * starts, of pair_len m: as written and, of any case, in lower case; off
 * if it does not fit. */
static void
starts_pair(struct starts *t, const char *form, size_t n, size_t m,
    int anycase)
{
	char low[64];

	if (m >= sizeof low) {
		t->off = 1;
		return;
	}
	if (form[n] == ' ' && is_letter((unsigned char)form[n + 1]))
		t->pairlen |= 1ull << (m - n - 1);
	set_add(&t->pairs, form, m);
	if (anycase && ascii_lower(low, sizeof low, form, m))
		set_add(&t->pairs, low, m);
}

/* Whether w[0..n) and the byte after it in a[0..rest), or a space and
 * the byte after that, are the start of a phrase (see pair_len). */
static int
starts_mark(const struct starts *t, const char *w, size_t n,
    const char *a, size_t rest)
{
	char key[64];
	size_t k = rest && a[0] == ' ' ? 2 : 1;

	if (rest < k || n + k > sizeof key)
		return rest >= k;
	if ((unsigned char)a[0] >= 0x80 || (unsigned char)a[k - 1] >= 0x80)
		return 1;
	memcpy(key, w, n);
	memcpy(key + n, a, k);
	return set_has(&t->pairs, key, n + k);
}

/* Whether the phrase that word w[0..n) of the text may start goes on
 * after it, in a[0..rest): a space and the start of its second word, as
 * written or in lower case (any letter not ASCII may be one, as in
 * starts_word); or the byte after it, or a space and the byte after. */
static int
starts_phrase(const struct starts *t, const char *w, size_t n,
    const char *a, size_t rest)
{
	char key[64];
	size_t m, k;
	int low;

	if (rest < 2 || a[0] != ' ' || !is_letter((unsigned char)a[1]))
		return starts_mark(t, w, n, a, rest);
	for (m = 1; m < rest && is_letter((unsigned char)a[m]); m++)
		;
	if ((m < rest && (unsigned char)a[m] >= 0x80) || n + m > sizeof key)
		return 1;
	memcpy(key, w, n);
	key[n] = ' ';
	for (low = 0; low < 2; low++)
		for (k = 1; k < m; k++) {
			key[n + k] = low ? (char)(a[k] | 0x20) : a[k];
			if ((t->pairlen >> k & 1) && set_has(&t->pairs, key, n + k + 1))
				return 1;
		}
	return 0;
}

/* Adds a form a match may start with: its first byte, unless it starts
 * with ASCII letters; then those letters, which are the whole word of the
 * text there (the pattern has a space, a boundary or the form's next
 * character after them) or, with prefix, for a form of letters alone,
 * the start of it (a currency before: "USD5", "USDone"). */
static void
starts_add(struct starts *t, const char *form, int anycase, int prefix)
{
	size_t n = 0, m;
	char low[64];
	unsigned bits;

	while (is_letter((unsigned char)form[n]))
		n++;
	if (!n) {
		t->byte[(unsigned char)form[0]] = 1;
		return;
	}
	if (n >= sizeof low) {
		t->off = 1;
		return;
	}
	bits = prefix && !form[n] ? PREFIX : WHOLE;
	if ((m = pair_len(form, n))) {
		bits = PHRASE;
		starts_pair(t, form, n, m, anycase);
	}
	starts_put(t, form, n, bits);
	if (anycase && ascii_lower(low, sizeof low, form, n))
		starts_put(t, low, n, bits);
}

/* Whether ASCII letters w[0..n), a word as written or in lower case
 * with a[0..rest) after it in the text, may start a match.  A currency
 * of letters alone, before a number, starts a word whose other letters
 * are a number's word ("USDone"), which the pattern's \b ends; others
 * ("Rosneft", "Kevin") are not. */
static int
starts_run(const struct starts *t, const char *w, size_t n, const char *a,
    size_t rest)
{
	uint64_t pre = t->prefix[(unsigned char)w[0]];
	size_t k;
	unsigned bits;

	if (n < 64 && (t->whole[(unsigned char)w[0]] >> n & 1) &&
	    (bits = starts_may(t, w, n, WHOLE | PHRASE)) &&
	    (bits & WHOLE || starts_phrase(t, w, n, a, rest)))
		return 1;
	/* the lengths of the prefixes from 1 to n, mostly none or one */
	if (n < 63)
		pre &= (2ull << n) - 1;
	for (pre &= ~1ull; pre; pre &= pre - 1) {
		k = bit_first(pre);
		if (starts_may(t, w, k, PREFIX) && (k == n ||
		    (lex_may(&M.words, w + k, n - k) && lex_find(&M.words, w + k, n - k))))
			return 1;
	}
	return 0;
}

/* Whether the run of letters s[i..j) of s[0..n) holds a capital, its
 * bit 0x20 clear: read eight bytes at a time. */
static int
has_capital(const char *s, size_t i, size_t j, size_t n)
{
	uint64_t w, caps;

	for (; i < j; i += 8) {
		w = word8_at(s, i, n);
		caps = letters_in(w) & ~(w << 2) & BYTES_HIGH;
		if (caps && i + bytes_first(caps) < j)
			return 1;
	}
	return 0;
}

static int
starts_word(const struct starts *t, const char *s, size_t p, size_t n)
{
	size_t j, m;
	char low[64];

	j = letters_end(s, p, n);
	/* a letter that PCRE2 takes for an ASCII one in any case ("ſ" for
	 * "s", the Kelvin sign for "k") may go on the word */
	if (j < n && (unsigned char)s[j] >= 0x80)
		return 1;
	if (starts_run(t, s + p, j - p, s + j, n - j))
		return 1;
	m = j - p < sizeof low ? j - p : sizeof low - 1;
	return has_capital(s, p, p + m, n) && ascii_lower(low, sizeof low, s + p, m) &&
	    starts_run(t, low, m, s + j, n - j);
}

/* Whether a match may start at character p of s[0..n). */
static int
starts_at(const struct starts *t, const char *s, size_t p, size_t n)
{
	unsigned char c = (unsigned char)s[p];

	if (p > 0 && t->kills[(unsigned char)s[p - 1]])
		return 0;
	if (is_letter(c))
		return starts_word(t, s, p, n);
	return t->byte[c] || c >= 0xc0;	/* any character not ASCII */
}

/* Skips white space and comments of an extended-mode pattern. */
static const char *
skip_blank(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p != '#')
			return p;
		while (*p && *p != '\n')
			p++;
	}
}

/* The ASCII bytes the lookbehind the pattern starts with, (?<![\w$.,/]),
 * refuses before a match; none if it starts otherwise or the class holds
 * more than characters, \w and \d. */
static void
starts_lookbehind(struct starts *t, const char *pat)
{
	const char *p = skip_blank(pat);
	unsigned char kills[256] = { 0 };
	int c;

	if (strncmp(p, "(?<![", 5))
		return;
	for (p += 5; *p && *p != ']'; p++) {
		if (*p == '\\' && (p[1] == 'w' || p[1] == 'd')) {
			for (c = '0'; c <= '9'; c++)
				kills[c] = 1;
			for (c = 0; p[1] == 'w' && c < 128; c++)
				kills[c] |= is_letter((unsigned char)c) || c == '_';
			p++;
		} else if (*p == '\\' || *p == '-' || *p == '^' || *p == '[')
			return;
		else if ((unsigned char)*p < 0x80)
			kills[(unsigned char)*p] = 1;
	}
	if (!strncmp(p, "])", 2))
		memcpy(t->kills, kills, sizeof kills);
}

/* The words of the pattern's group rw ("between|from"), any case; off
 * unless it is one of words. */
static void
starts_rw(struct starts *t, const char *pat)
{
	const char *p = strstr(pat, "(?<rw>"), *w;
	char word[64];

	if (!p) {
		t->off = 1;
		return;
	}
	for (p += 6; *p != ')'; p++) {
		for (w = p; is_letter((unsigned char)*p); p++)
			;
		if (p == w || (size_t)(p - w) >= sizeof word || (*p != '|' && *p != ')')) {
			t->off = 1;
			return;
		}
		memcpy(word, w, (size_t)(p - w));
		word[p - w] = '\0';
		starts_add(t, word, 1, 0);
		if (*p == ')')
			break;
	}
}

/* Where a match of money.pcre may start: after what its lookbehind
 * allows, at a qualifier, a word of rw, a currency before or a number
 * (in digits: the bytes of {NUMBER}; or in words).  A new way for the
 * pattern to start needs its words here, or FACTS_MONEY_EVERYWHERE=1 (the
 * pattern tried at every character) finds money this does not. */
static void
starts_init(struct starts *t, const char *pat)
{
	unsigned char first[256];
	char *num = rules_pattern(M.dir, "money-number.pcre", expand, NULL);
	struct rx *r = rx_compile(num, "money-number.pcre: pattern");
	size_t i;
	int c;

	t->off = getenv("FACTS_MONEY_EVERYWHERE") != NULL;
	rx_start_bytes(r, first);
	rx_free(r);
	free(num);
	for (c = 0; c < 256; c++) {
		if (first[c] && is_letter((unsigned char)c))
			t->off = 1;
		t->byte[c] |= first[c];
	}
	for (i = 0; i < M.qual.n; i++)
		if (before(&M.qual.e[i]))
			starts_add(t, M.qual.e[i].key, M.qual.e[i].anycase, 0);
	for (i = 0; i < M.cur.n; i++)
		if (before(&M.cur.e[i]))
			starts_add(t, M.cur.e[i].key, M.cur.e[i].anycase, 1);
	for (i = 0; i < M.words.n; i++)
		starts_add(t, M.words.e[i].key, M.words.e[i].anycase, 0);
	starts_rw(t, pat);
	starts_lookbehind(t, pat);
}

void
money_init(const char *dir)
{
	char *pat;
	size_t n = strlen(dir) + 32, i;
	char *where = emalloc(n);

	M.dir = dir;
	load_currencies(dir);
	M.placed = emalloc(M.nunits + 1);
	memset(M.placed, 0, M.nunits + 1);
	load_by_unit(dir, "currency-countries.tsv", "country", "unit", "code",
	    &M.country);
	M.placeset.cased = 1;
	load_by_unit(dir, "currency-places.tsv", "place", "unit", "code",
	    &M.places);
	qsort(M.places.e, M.places.n, sizeof *M.places.e, by_place);
	load_by_unit(dir, "money-weights.tsv", "word", "unit", NULL, &M.weights);
	for (i = 0; i < M.cur.n; i++)
		sieve_add(&M.sieve, M.cur.e[i].key, M.cur.e[i].anycase,
		    where_in_text(&M.cur.e[i]));
	load_qualifiers(dir);
	load_pairs(dir, "scales.tsv", "word", "power", &M.scale);
	load_pairs(dir, "number-words.tsv", "word", "value", &M.words);
	rules_words(dir, "money-changes.tsv", "word", &M.changes);
	rules_words(dir, "cents.tsv", "code", &M.cents);
	load_pairs(dir, "money-per.tsv", "phrase", NULL, &M.per);
	lex_index(&M.cur);
	lex_index(&M.qual);
	lex_index(&M.scale);
	lex_index(&M.words);
	pat = rules_pattern(dir, "money.pcre", expand, NULL);
	snprintf(where, n, "%s/money.pcre: pattern", dir);
	M.rx = rx_compile_anchored(pat, where);
	money_text = pat;
	group_numbers();
	starts_init(&M.starts, pat);
	D.code = emalloc((M.nunits + 1) * sizeof *D.code);
	memset(D.code, 0, (M.nunits + 1) * sizeof *D.code);
	D.place = emalloc((M.nunits + 1) * sizeof *D.place);
	memset(D.place, 0, (M.nunits + 1) * sizeof *D.place);
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

/* Newswire's fractions: "4-1/2" (or "4 1/2") in digits with a point,
 * "4.5"; -1 unless the fraction is proper and ends in decimal (a
 * denominator of twos and fives: eighths, sixteenths). */
static int
fraction(char *out, size_t size, const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n), *p = slash;
	unsigned long long num, den, rest;
	size_t k, whole;
	int places = 0;
	char frac[32];

	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	whole = p > s ? (size_t)(p - s - 1) : 0;
	num = strtoull(p, NULL, 10);
	den = strtoull(slash + 1, NULL, 10);
	if (den == 0 || num >= den || whole + 34 > size)
		return -1;
	/* a denominator under 1000 of twos and fives ends within 9 places */
	for (rest = num; rest % den && places < 10; places++)
		rest *= 10;
	if (rest % den)
		return -1;
	snprintf(frac, sizeof frac, "%0*llu", places, rest / den);
	memcpy(out, s, whole);
	k = whole;
	if (!whole)
		out[k++] = '0';
	out[k++] = '.';
	strcpy(out + k, frac);
	return 0;
}

/* Whether the word after s[j] makes an "a" before it an article: a
 * fraction ("a half") or a number that adds ("a one-yen bid"), not one
 * that multiplies ("a hundred"). */
static int
article_before(const char *s, size_t j, size_t n)
{
	const struct entry *e;
	size_t k;

	if (++j >= n)
		return 0;
	for (k = j; k < n && s[k] != ' ' && s[k] != '-'; k++)
		;
	if (!(e = lex_find(&M.words, s + j, k - j)))
		return 0;
	return strtod(e->val, NULL) < 100;
}

static int
is_article(const char *w, size_t n)
{
	return same("a", w, n, 1) || same("an", w, n, 1);
}

/* The value of number words s[0..n) in hundredths ("two and a half":
 * 250, "three quarters": 75), -1 if it has no exact one ("a third");
 * *only_a says it has no whole number, only "a", "an" or fractions ("a
 * quarter").  A
 * fraction adds after "and" and multiplies after a number. */
enum { WORDS_MAX = 1000000000 };	/* times a hundred at most, it fits a long */

/* What words_amount returns for "a third of a million": no amount, and
 * none inside it either ("a million"). */
enum { INEXACT = -2 };

static long
words_value(const char *s, size_t n, int *only_a_out)
{
	long cur = 0;
	size_t i = 0, j;
	int frac_first = 0, only_a = 1, after_and = 0;

	while (i < n) {
		const struct entry *e;
		double v;

		for (j = i; j < n && s[j] != ' ' && s[j] != '-'; j++)
			;
		if (same("and", s + i, j - i, 1)) {
			after_and = 1;
			i = j + 1;
			continue;
		}
		if ((e = lex_find(&M.words, s + i, j - i))) {
			if (!strcmp(e->val, "inexact"))
				return -1;
			v = strtod(e->val, NULL);
			if (v >= 1 && !is_article(s + i, j - i))
				only_a = 0;
			if (cur > WORDS_MAX)
				break;	/* "hundred hundred ...": no amount news writes */
			if (v < 1) {
				long f = (long)(v * 100 + 0.5);

				if (cur == 0) {
					frac_first = 1;
					cur = f;
				} else
					cur = after_and ? cur + f : cur * f / 100;
			} else if (v >= 100) {
				cur = (cur ? cur : 100) * (long)v;
			} else if (v == 1 && (frac_first || (cur && j - i <= 2) ||
			    article_before(s, j, n))) {
				/* the "a" of "half a", "two and a half", "a half" */
			} else {
				cur += (long)v * 100;
			}
		}
		i = j + 1;
	}
	*only_a_out = only_a;
	return cur;
}

/* The whole number that number words s[0..n) write ("five",
 * "twenty-five"), -1 if they write none: "five pct" (extract-stakes). */
long
money_words(const char *s, size_t n)
{
	int only_a;
	long v = words_value(s, n, &only_a);

	return v > 0 && !only_a && v % 100 == 0 ? v / 100 : -1;
}

/* Whether s[0..n) holds one of the bytes of set. */
static int
strpbrk_n(const char *s, size_t n, const char *set)
{
	for (; *set; set++)
		if (memchr(s, *set, n))
			return 1;
	return 0;
}

/* The power of ten of scale words s[so..eo): one, or two that multiply
 * ("lakh crore"). */
static int
scale_of(const char *s, size_t so, size_t eo)
{
	const char *sp = memchr(s + so, ' ', eo - so);
	const struct entry *e;

	if (sp)
		return scale_of(s, so, (size_t)(sp - s)) +
		    scale_of(s, (size_t)(sp - s) + 1, eo);
	e = lex_find(&M.scale, s + so, eo - so);
	return e ? e->scale : 0;
}

/* The amount of number words s[0..n) times 10^exp; "a", "an" or a
 * fraction alone is a number only before a scale ("a million dollars",
 * "a quarter million", not "a dollar store" or "the quarter to $5m") or
 * with its cents ("a dollar and 42 cents"). */
static int
words_amount(char *out, const char *s, size_t n, int exp, int a_is_number,
    int *only_a)
{
	char tmp[32];
	long v = words_value(s, n, only_a);

	if (v < 0)
		return INEXACT;
	if ((*only_a && !a_is_number) || v > WORDS_MAX)
		return -1;
	snprintf(tmp, sizeof tmp, "%ld", v);
	return decimal(out, tmp, strlen(tmp), exp - 2);
}

struct groups {
	int q, rw, c1, c2, n1, n2, w1, w2, s1, s2, sep, lst, cc, ca, n3, minor, s3,
	    qa;
	size_t so[18], eo[18];
	int level;	/* "rose 12 to 62 dlrs": the second number alone */
	int levels;	/* "rose from 5 to 7 mln dlrs": two, not a range */
};

enum { Q, RW, C1, C2, N1, N2, W1, W2, S1, S2, SEP, LST, CC, CA, N3, MINOR_,
	S3, QA, NGROUPS };

/* The groups of the pattern, by the index of their span in a struct
 * groups, and their numbers (group_numbers), which read them at once. */
static const char *const group_names[NGROUPS] = {
	"q", "rw", "c1", "c2", "n1", "n2", "w1", "w2", "s1", "s2", "sep", "lst",
	"cc", "ca", "n3", "minor", "s3", "qa"
};
static int group_number[NGROUPS];

static void
group_numbers(void)
{
	int k;

	for (k = 0; k < NGROUPS; k++)
		group_number[k] = rx_group_number(M.rx, group_names[k]);
}

static int
group(int k, size_t *so, size_t *eo)
{
	if (group_number[k] >= 0)
		return rx_group_at(M.rx, group_number[k], so, eo);
	return rx_group(M.rx, group_names[k], so, eo);
}

#define G(x, k) g->x = group(k, &g->so[k], &g->eo[k])
static void
get_groups(struct groups *g)
{
	G(q, Q); G(rw, RW); G(c1, C1); G(c2, C2); G(n1, N1); G(n2, N2);
	G(w1, W1); G(w2, W2); G(s1, S1); G(s2, S2); G(sep, SEP); G(lst, LST);
	G(cc, CC); G(ca, CA); G(n3, N3); G(minor, MINOR_); G(s3, S3); G(qa, QA);
	g->level = g->levels = 0;
}
#undef G

/* "$5 $6": a symbol followed by a number belongs to that number; so does
 * a code between two numbers of which the first has its own ("rmb 10 usd
 * 20"). */
static int
symbol_of_next(const char *s, size_t n, const struct groups *g,
    const struct entry *e)
{
	size_t i = g->eo[CA];
	unsigned char c = (unsigned char)s[g->so[CA]];

	if (is_letter(c) && !(g->c1 && (e->place & BEFORE)))
		return 0;
	if (i < n && s[i] == ' ')
		i++;
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* "20 dollars 43 cents", "15 dollars 50": adds the cents to a whole
 * amount. */
static int
add_minor(char *amount, const char *s, const struct groups *g)
{
	char tmp[32];
	long v;
	size_t len = strlen(amount);

	if (s[g->so[N3]] >= '0' && s[g->so[N3]] <= '9')
		v = strtol(s + g->so[N3], NULL, 10);
	else {
		int only_a;

		v = words_value(s + g->so[N3], g->eo[N3] - g->so[N3], &only_a) / 100;
		if (only_a)
			return 0;	/* "5 dollars and a." */
	}
	if (v <= 0 || v >= 100 || len + 4 >= MONEY_DIGITS)
		return 0;
	snprintf(tmp, sizeof tmp, ".%02ld", v);
	if (tmp[2] == '0')
		tmp[2] = '\0';
	strcat(amount, tmp);
	return 1;
}

static const struct entry *
currency_at(const char *s, const struct groups *g, int k)
{
	return lex_find(&M.cur, s + g->so[k], g->eo[k] - g->so[k]);
}

/* The code that country s[so..eo) gives currency noun unit, or NULL. */
static const char *
country_code(const char *s, size_t so, size_t eo, int unit)
{
	size_t i;

	for (i = 0; i < M.country.n; i++) {
		const struct entry *e = &M.country.e[i];

		if (e->unit == unit && same(e->key, s + so, eo - so, 1))
			return e->val;
	}
	return NULL;
}

/* Whether "N to M" starting at so is a change and the level it reached:
 * after a word of money-changes.tsv, or a "by" after one ("fell by $600m
 * to $2.6bn"), or, if names, right after a name (not the first word of the
 * sentence).  *by says the word was "by". */
static int
change_before(const char *s, size_t so, int names, int *by)
{
	size_t e = so, b;
	char low[16];

	*by = 0;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	for (b = e; b > 0 && is_letter((unsigned char)s[b - 1]); b--)
		;
	if (b == e || e == so)
		return 0;
	if (s[b] >= 'A' && s[b] <= 'Z' && b > 0)
		return names;
	if (e - b >= sizeof low)
		return 0;
	ascii_lower(low, sizeof low, s + b, e - b);
	if (e - b == 2 && !memcmp(low, "by", 2)) {
		int again;

		*by = 1;
		return change_before(s, b, 0, &again);
	}
	return set_has(&M.changes, low, e - b);
}

static int
is_change(const char *s, size_t so, int names)
{
	int by;

	return change_before(s, so, names, &by);
}

/* Whether so follows a "by" ("cut its debt by $2bn to $27bn"). */
static int
after_by(const char *s, size_t so)
{
	int by;

	change_before(s, so, 0, &by);
	return by;
}
/* Whether s[i..n) starts with a phrase of money-per.tsv ("a share"). */
static int
price_follows(const char *s, size_t i, size_t n)
{
	size_t k;

	if (i < n && s[i] == ' ')
		i++;
	for (k = 0; k < M.per.n; k++) {
		size_t len = strlen(M.per.e[k].key);

		if (i + len <= n && same(M.per.e[k].key, s + i, len, 1) &&
		    (i + len == n || !is_letter((unsigned char)s[i + len])))
			return 1;
	}
	return 0;
}

/* A strict currency name ("won") needs a scale, a country, a number that
 * is plainly an amount (1,000 or 5.5) before it, a price's "a share"
 * after it, a verb of change before it, or a document that names its
 * country; and gives way to a symbol before the number ("the $50 mark",
 * "$5 won"). */
static int
strict_fails(const struct sent *st, const struct groups *g,
    const struct entry *e)
{
	const char *s = st->text;
	size_t i;

	if (!e->strict || g->cc)
		return 0;
	if (g->c1)
		return 1;
	if (g->s1 || g->s2 || price_follows(s, g->eo[CA], st->len))
		return 0;
	/* a German story's marks, a Korean one's won */
	if (e->unit >= 0 && (D.place[e->unit] || D.code[e->unit]))
		return 0;
	if (is_change(s, g->so[g->n1 ? N1 : W1], 0))
		return 0;	/* "rose 12 marks to 1,050 marks" */
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
end_amount(char *out, const struct sent *st, const struct groups *g,
    int digits, int k, int exp, int a_is_number, int *only_a)
{
	const char *s = st->text + g->so[k];
	size_t n = g->eo[k] - g->so[k];
	char tmp[MONEY_DIGITS];

	*only_a = 0;
	if (!digits)
		return words_amount(out, s, n, exp, a_is_number, only_a);
	if (!memchr(s, '/', n))
		return decimal(out, s, n, exp);
	if (fraction(tmp, sizeof tmp, s, n) < 0) {
		warn_at(st->file, st->line, "fraction not written exactly "
		    "in decimal: '%.*s'", (int)n, s);
		return -1;
	}
	return decimal(out, tmp, strlen(tmp), exp);
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

/* A strict prefix ("R", "KD") needs a number plainly an amount: with a
 * scale of a million or more, or a grouping comma or a point; and against
 * it, unless a scale follows ("KD 186 million"). */
static int
strict_before_fails(const char *s, const struct groups *g,
    const struct entry *e)
{
	int k1 = g->n1 ? N1 : W1;
	int big = g->s1 && scale_of(s, g->so[S1], g->eo[S1]) >= 6;

	if (!e->strict || !g->c1 || e != currency_at(s, g, C1))
		return 0;
	if (!big && !(g->n1 && strpbrk_n(s + g->so[N1], g->eo[N1] - g->so[N1], ",.")))
		return 1;
	return !g->s1 && g->eo[C1] != g->so[k1];
}

/* The currency of a match: its entry, and the code of the country
 * before it ("Australian dlrs"); NULL if none, or if the country has no
 * such currency. */
static const struct entry *
currency_of(const char *s, struct groups *g, const char **code)
{
	const struct entry *e = NULL;

	if (g->c1)
		e = currency_at(s, g, C1);
	if (g->ca)
		e = currency_at(s, g, CA);
	else if (!e && (g->sep || g->lst) && g->c2)
		e = currency_at(s, g, C2);
	if (!e || (!g->ca && strict_before_fails(s, g, e)))
		return NULL;
	*code = strcmp(e->val, "-") ? e->val : NULL;
	if (g->ca && g->cc && !(*code = country_code(s, g->so[CC], g->eo[CC], e->unit)))
		return NULL;
	return e;
}

/* Where the amount ends when its cents are not part of it. */
static size_t
end_without_cents(const struct groups *g, int k1)
{
	if (g->ca)
		return g->s3 ? g->eo[S3] : g->eo[CA];
	if (g->sep || g->lst)
		return g->s2 ? g->eo[S2] : g->eo[g->n2 ? N2 : W2];
	return g->s1 ? g->eo[S1] : g->eo[k1];
}

/* Whether cents that count only as those of a whole amount ("$20 and
 * 43c") stand alone here: after a verb of change or before a price
 * ("rose 12c", "42c higher", "15c a share"). */
static int
cents_alone(const struct sent *st, const struct groups *g)
{
	const char *s = st->text;
	size_t i = g->eo[CA], j;
	char low[16];

	if (g->cc || g->c1 || g->sep || g->lst)
		return 0;
	if (is_change(s, g->so[g->n1 ? N1 : W1], 0) || price_follows(s, i, st->len))
		return 1;
	if (i < st->len && s[i] == ' ')
		i++;
	j = letters_end(s, i, st->len);
	return j > i && ascii_lower(low, sizeof low, s + i, j - i) &&
	    set_has(&M.changes, low, j - i);
}

/* Whether the word before s[so] makes a noun of unit a measure ("weighed
 * 180 pounds"). */
static int
measure_before(const char *s, size_t so, int unit)
{
	size_t e = so, b, k;

	while (e > 0 && s[e - 1] == ' ')
		e--;
	for (b = e; b > 0 && is_letter((unsigned char)s[b - 1]); b--)
		;
	for (k = 0; k < M.weights.n; k++)
		if (M.weights.e[k].unit == unit && M.weights.e[k].len == e - b &&
		    same_n(M.weights.e[k].key, s + b, e - b, 1))
			return 1;
	return 0;
}

/* Whether the currency after the number starts a name ("2,000 Dollar
 * General stores"): written with a capital and small letters, and so is
 * the word after it. */
static int
names_follow(const struct sent *st, const struct groups *g)
{
	const char *s = st->text;
	size_t a = g->so[CA], i = g->eo[CA];

	if (g->eo[CA] - a < 2 || !(s[a] >= 'A' && s[a] <= 'Z') ||
	    !(s[a + 1] >= 'a' && s[a + 1] <= 'z'))
		return 0;
	return i + 2 < st->len && s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
	    s[i + 2] >= 'a' && s[i + 2] <= 'z';
}

/* The currency after the number, unless it must not be: a strict name
 * without what makes it an amount, a form that must be written against
 * the number ("300p") written apart, or a symbol that belongs to the
 * next number ("$5 $6"). */
static void
check_after(const struct sent *st, struct groups *g)
{
	const char *s = st->text;
	const struct entry *e = currency_at(s, g, CA);
	char before = s[g->so[g->cc ? CC : CA] - 1];

	if (!e || strict_fails(st, g, e) || ((e->place & ATTACHED) &&
	    (g->cc || before == ' ' || before == '-')) ||
	    ((e->place & CENTS) && !g->minor && !cents_alone(st, g)) ||
	    names_follow(st, g) ||
	    (e->unit >= 0 && measure_before(s, g->so[g->n1 ? N1 : W1], e->unit)) ||
	    (!g->minor && symbol_of_next(s, st->len, g, e)))
		g->ca = g->cc = g->s3 = g->n3 = g->minor = 0;
}


/* Whether the text at i ends a clause: its end, or punctuation not
 * inside a number. */
static int
clause_ends(const struct sent *st, size_t i)
{
	const char *s = st->text;

	if (i < st->len && s[i] == ' ')
		i++;
	if (i >= st->len)
		return 1;
	return s[i] && strchr(".,;:!?)", s[i]) && !(i + 1 < st->len && s[i + 1] >= '0' &&
	    s[i + 1] <= '9');
}

/* The second amount of a range or list is not the first's: what follows
 * it is its own, found by the next match, or the first's cents. */
static void
second_apart(const struct sent *st, struct groups *g)
{
	int k2 = g->n2 ? N2 : W2;

	/* "US$3 and fourteen." */
	if (g->lst && g->c1 && k2 == W2 && !g->ca && !g->c2 && !g->s2 &&
	    clause_ends(st, g->eo[k2])) {
		g->n3 = 1;
		g->so[N3] = g->so[k2];
		g->eo[N3] = g->eo[k2];
	} else
		g->n3 = 0;
	g->sep = g->lst = g->n2 = g->w2 = g->s2 = g->c2 = 0;
	g->cc = g->ca = g->s3 = g->minor = 0;
}


/* Decides what the two numbers of a range or list are. */
static void
two_amounts(const struct sent *st, struct groups *g)
{
	const char *s = st->text;
	const struct entry *a, *b;
	int to = g->sep && memchr(s + g->so[SEP], 't', g->eo[SEP] - g->so[SEP]);
	size_t start = g->rw ? g->so[RW] : g->c1 ? g->so[C1] : g->so[g->n1 ? N1 : W1];

	/* each end with its own currency, and not the same ("US$5 to C$6") */
	if (g->c1 && g->c2 && (a = currency_at(s, g, C1)) &&
	    (b = currency_at(s, g, C2)) && strcmp(a->val, b->val)) {
		second_apart(st, g);
		return;
	}
	/* "rose $1.26 to $78.88", "rose from £5m to £7m": a change and
	 * the level it reached, or two levels, not a range */
	if (to && !g->q && (!g->rw || s[start] == 'f') &&
	    (is_change(s, start, 1) || (g->c1 && after_by(s, start)))) {
		/* two amounts of their own, unless the first takes the
		 * second's scale ("rose from $1 to $5 billion") */
		if (g->c1 && (g->s1 || !g->s2))
			second_apart(st, g);
		else if (g->c1 || g->rw)
			g->levels = 1;
		else
			g->level = 1;
		return;
	}
	/* a list ("3 or 4 billion euros") needs a currency at its end, none
	 * at its start ("$5 and $6" are two amounts), and a first number
	 * that may share it: not "2,649,000 or 1.10 dlrs a share", a total
	 * and its part */
	if (g->lst && ((!g->ca && !g->c2) || g->c1 ||
	    (g->n1 && memchr(s + g->so[N1], ',', g->eo[N1] - g->so[N1]))))
		second_apart(st, g);
}

/* Decides one match of the pattern; 0 if it is no amount of money, and
 * INEXACT if it holds none either. */
static int
resolve(const struct sent *st, struct groups *g, struct money *m)
{
	const char *s = st->text;
	int sc1 = 0, sc2 = 0, only_a, k1 = g->n1 ? N1 : W1, two, r;
	const struct entry *e;
	const char *code = NULL;

	if (g->ca)
		check_after(st, g);
	if (g->sep || g->lst)
		two_amounts(st, g);
	if (!(e = currency_of(s, g, &code)))
		return 0;
	m->unit = g->cc ? -1 : e->unit;
	m->cents = !g->cc && e->scale < 0 && e->unit >= 0 && !g->c1 &&
	    money_has_cents(e->val);
	two = g->sep || g->lst;
	m->range = two;
	m->list = g->lst || g->levels;
	sc1 = g->s1 ? scale_of(s, g->so[S1], g->eo[S1]) :
	    g->s3 && !two ? scale_of(s, g->so[S3], g->eo[S3]) : 0;
	if (two) {
		sc2 = g->s2 ? scale_of(s, g->so[S2], g->eo[S2]) : sc1;
		if (!g->s1)
			sc1 = sc2;
		if (end_amount(m->amount[1], st, g, g->n2, g->n2 ? N2 : W2,
		    sc2 + e->scale, sc2, &only_a) < 0 || only_a)
			m->range = 0;
	}
	if (two && !m->range) {
		/* "$10-a-share": the first number alone, if it has a currency */
		if (!g->c1)
			return 0;
		e = currency_at(s, g, C1);
		code = strcmp(e->val, "-") ? e->val : NULL;
		m->unit = e->unit;
		m->list = 0;
		g->ca = g->cc = g->n3 = g->s3 = g->sep = g->lst = 0;
	}
	if ((r = end_amount(m->amount[0], st, g, g->n1, k1, sc1 + e->scale,
	    g->s1 || (g->s3 && !m->range) || g->n3, &only_a)) < 0) {
		if (r == INEXACT)
			return INEXACT;
		if (g->n1 && !memchr(s + g->so[N1], '/', g->eo[N1] - g->so[N1]))
			warn_at(st->file, st->line,
			    "amount too large to write exactly: '%.*s'",
			    (int)(g->eo[N1] - g->so[N1]), s + g->so[N1]);
		return 0;
	}
	if (only_a && g->ca && s[g->so[g->cc ? CC : CA] - 1] == '-')
		return 0;	/* "a billion-dollar company": a size, no amount */
	m->eo = end_without_cents(g, k1);
	if (g->n3 && !m->range && e->scale == 0 && !sc1 &&
	    !strchr(m->amount[0], '.') && add_minor(m->amount[0], s, g))
		m->eo = g->minor ? g->eo[MINOR_] : g->eo[N3];
	m->so = g->c1 ? g->so[C1] : g->so[k1];
	if (!g->c1 && !g->n1)
		m->so = skip_article(s, m->so, g->eo[W1]);
	if (g->level && m->range) {
		/* "rose 12 to 62 dlrs": the level alone */
		m->range = 0;
		strcpy(m->amount[0], m->amount[1]);
		m->so = g->c2 ? g->so[C2] : g->so[g->n2 ? N2 : W2];
	}
	m->currency = code;
	if (g->cc && !D.code[e->unit])
		D.code[e->unit] = code;
	m->qualifier = "exact";
	if (m->range && !m->list)
		m->qualifier = "range";
	else if (g->q || g->qa) {
		int k = g->qa ? QA : Q;

		m->qualifier = money_qualifier(s + g->so[k], g->eo[k] - g->so[k]);
	}
	return 1;
}

/* A new document forgets what the last one named. */
static void
doc_begin(const struct sent *st)
{
	if (D.open && D.len == st->doclen && !memcmp(D.doc, st->doc, D.len))
		return;
	D.open = 1;
	D.doc = egrow(D.doc, &D.cap, st->doclen + 1, 1);
	memcpy(D.doc, st->doc, st->doclen);
	D.len = st->doclen;
	memset(D.code, 0, M.nunits * sizeof *D.code);
	memset(D.place, 0, M.nunits * sizeof *D.place);
	D.nplaced = 0;
	D.nsent = 0;
}


/* The alternation of the qualifiers before an amount, for other patterns;
 * and the qualifier of one of them, as written. */
char *
money_qualifiers(void)
{
	return alternation(&M.qual, before);
}

/* A qualifier is looked up at each word before an amount or percentage
 * (extract-stakes), most of which are none. */
const char *
money_qualifier(const char *s, size_t n)
{
	const struct entry *q = lex_may(&M.qual, s, n) ? lex_find(&M.qual, s, n) : NULL;

	return q ? q->val : "exact";
}

/* Whether code's hundredth is a cent. */
int
money_has_cents(const char *code)
{
	return code && set_has(&M.cents, code, strlen(code));
}

/* money_may's verdict of sentence st, -1 if it was not asked (the
 * sieve's without places, which a sentence read again passes again). */
static int
may_known(const struct sent *st)
{
	long line1 = st->line + 1;

	if (!D.asked)
		return -1;
	return D.may[line1 % MAY_LINES].line1 == line1 &&
	    D.may[line1 % MAY_LINES].gen == D.gen ? D.may[line1 % MAY_LINES].may : -1;
}

/* Whether sentence st may hold money.  The places of its document are
 * read in its opening sentences (headline, dateline, lead), where news
 * names them, and in those that may hold money, where it names them with
 * the amount ("Egypt's CIB earned 10 billion pounds"); not in the others,
 * which are most of the text. */
static int
sentence_passes(const struct sent *st)
{
	int places = D.nplaced < M.nplaceunits;
	int opening = ++D.nsent <= OPENING;
	int pass = places && opening ? -1 : may_known(st);

	if (pass < 0)
		pass = sieve_pass(&M.sieve, st->text, st->len, places && opening);
	if (!pass)
		return 0;
	if (places && !opening)
		places_scan(st->text, st->len);
	D.part_text = st->text;
	D.part_len = st->len;
	D.last_part = last_part(&M.sieve, st->text, st->len);
	return 1;
}

/* A sentence money_next is not asked about (extract-stakes passes by
 * those with no digit): the document goes on as if it had been, its
 * opening sentences read for places. */
void
money_pass(const struct sent *st)
{
	doc_begin(st);
	if (++D.nsent <= OPENING && D.nplaced < M.nplaceunits)
		places_scan(st->text, st->len);
}

/* Whether sentence st may hold money, whatever its document named
 * before: the sieve alone, which leaves the document as it is (a caller
 * that finds no money here may read the sentence later, in order). */
int
money_may(const struct sent *st)
{
	long line1 = st->line + 1;
	int may = sieve_pass(&M.sieve, st->text, st->len, 0);

	D.asked = 1;
	D.may[line1 % MAY_LINES].line1 = line1;
	D.may[line1 % MAY_LINES].gen = D.gen;
	D.may[line1 % MAY_LINES].may = may;
	return may;
}

/* The end of an input: its last document is over, and the next input's
 * first, whatever its name, is another; and the lines of its sentences
 * those of another. */
void
money_doc_end(void)
{
	D.open = 0;
	D.gen++;
}

/* The code of currency noun unit written without its country before the
 * document wrote it with one: that of the first place it names (currency-
 * places.tsv), else of the first country it writes it with; NULL while
 * that may change, and then, at the end (final), while there is none. */
const char *
money_doc_code(int unit, int final)
{
	if (unit < 0)
		return NULL;
	if (D.place[unit])
		return D.place[unit];
	if (D.code[unit] && (final || !M.placed || !M.placed[unit]))
		return D.code[unit];
	return NULL;
}
/* Whether the match has a currency, without which it is no money: most
 * are a number alone, whose other groups need not be read. */
static int
has_currency(void)
{
	size_t so, eo;

	return group(C1, &so, &eo) || group(CA, &so, &eo) || group(C2, &so, &eo);
}

/* Tries the pattern at p: 1 if it matches, -1 if it gave up (a search
 * stops there). */
static int
try_at(const struct sent *st, size_t p)
{
	if (rx_exec(M.rx, st->text, st->len, p))
		return 1;
	return rx_gave_up(M.rx) ? -1 : 0;
}

/* Where the matches that next_amount would keep may start before: up to
 * the last part of a form that the sieve found in the sentence (the
 * others have no currency); a search past it finds nothing it keeps,
 * or gives up, which ends it as well. */
static size_t
find_end(const struct sent *st)
{
	if (D.part_text == st->text && D.part_len == st->len &&
	    D.last_part < st->len)
		return D.last_part + 1;
	return st->len;
}

/* Finds the first match at or after from, as a search would: 1 if there
 * is one.  Tried at the characters where a match may start (starts_at);
 * and from inside a character (after a match that starts with "€"), at
 * each of its bytes, as PCRE2's search tries them. */
static int
find(const struct sent *st, size_t from)
{
	const char *s = st->text;
	size_t p, end = find_end(st);
	int r;

	for (p = from; p < end && ((unsigned char)s[p] & 0xc0) == 0x80; p++)
		if ((r = try_at(st, p)) != 0)
			return r > 0;
	for (; p < end; p++) {
		if (((unsigned char)s[p] & 0xc0) == 0x80 ||
		    (!M.starts.off && !starts_at(&M.starts, s, p, st->len)))
			continue;
		if ((r = try_at(st, p)) != 0)
			return r > 0;
	}
	return 0;
}

/* The separator of a range after an amount that ends at i: the index of
 * what follows it, or 0 if none ("to", a dash, or "and" after "between"). */
static size_t
range_sep(const char *s, size_t i, size_t n, int between)
{
	size_t k = i;

	if (k < n && s[k] == ' ')
		k++;
	if (k < n && s[k] == '-')
		k++;
	else if (k + 3 <= n && !memcmp(s + k, "\xe2\x80", 2) &&
	    ((unsigned char)s[k + 2] == 0x93 || (unsigned char)s[k + 2] == 0x94))
		k += 3;	/* en and em dash */
	else if (k > i && k + 3 <= n && !memcmp(s + k, "to ", 3))
		k += 2;
	else if (k > i && between && k + 4 <= n && !memcmp(s + k, "and ", 4))
		k += 3;
	else
		return 0;
	if (k < n && s[k] == ' ')
		k++;
	return k;
}

/* "14.25 dlrs to 15.75 dlrs", "between 20 billion yen and 25 billion
 * yen": two amounts with their own currency, the same, make a range; not
 * after a verb of change ("rose 10 dlrs to 80 dlrs"). */
static void
join_range(const struct sent *st, const struct groups *g, struct money *m)
{
	const char *s = st->text;
	size_t start = g->rw ? g->so[RW] : m->so, at, so, eo;
	int between = g->rw && (s[g->so[RW]] | 0x20) == 'b';
	struct groups g2;
	struct money m2;

	if (!(at = range_sep(s, m->eo, st->len, between)) ||
	    !rx_exec(M.rx, s, st->len, at))
		return;
	rx_span(M.rx, &so, &eo);
	if (so != at)
		return;
	get_groups(&g2);
	if (g2.q || g2.rw || resolve(st, &g2, &m2) <= 0 || m2.range || m2.so != at ||
	    !m->currency || !m2.currency || strcmp(m->currency, m2.currency))
		return;
	/* after a verb of change, two amounts, each with its text */
	if (!g->q && (!g->rw || !between) &&
	    (is_change(s, start, 1) || after_by(s, start)))
		return;
	strcpy(m->amount[1], m2.amount[0]);
	m->range = 1;
	m->qualifier = "range";
	m->eo = m2.eo;
}

/* Finds the next amount in the sentence at or after *from; 1 if there is
 * one.  m->unit >= 0 is a currency noun written without its country whose
 * document had not yet written it with one: money_doc_code may give it a
 * code later; m->currency is its own meanwhile, or that of a place named
 * before. */
static int next_amount(const struct sent *, size_t *, struct money *);

int
money_next(const struct sent *st, size_t *from, struct money *m)
{
	doc_begin(st);
	if (*from == 0 && !sentence_passes(st))
		return 0;
	return next_amount(st, from, m);
}

/* money_next's search, once the sentence passed. */
static int
next_amount(const struct sent *st, size_t *from, struct money *m)
{
	struct groups g;
	size_t so, eo;
	int r;

	while (*from < st->len && find(st, *from)) {
		rx_span(M.rx, &so, &eo);
		if (!has_currency()) {
			*from = so + 1;	/* resolve would say no money */
			continue;
		}
		get_groups(&g);
		if ((r = resolve(st, &g, m)) == INEXACT) {
			*from = eo;
			continue;
		}
		if (r) {
			if (!m->range)
				join_range(st, &g, m);
			if (m->unit >= 0 && D.code[m->unit]) {
				m->currency = D.code[m->unit];
				m->unit = -1;
			} else if (m->unit >= 0 && D.place[m->unit])
				m->currency = D.place[m->unit];
			*from = m->eo > so ? m->eo : so + 1;
			return 1;
		}
		*from = so + 1;	/* look again from the next character */
	}
	return 0;
}

/* Whether following sentence st needs its amounts: what they leave in
 * the document is the code of a currency written with its country
 * ("50 mln Australian dlrs"), whose country's last word a sentence
 * without it lacks; and their warnings, which only a fraction or a
 * number of many digits gives. */
static int
follow_needs_amounts(const struct sent *st)
{
	size_t i, digits = 0;

	if (memchr(st->text, '/', st->len))
		return 1;
	for (i = 0; i < st->len; i += 8)
		digits += bytes_count(bytes_in(word8_at(st->text, i, st->len), '0', '9'));
	if (!M.countries_made) {
		for (i = 0; i < M.country.n; i++)
			sieve_add(&M.countries, M.country.e[i].key, 1, ANYWHERE);
		M.countries_made = 1;
	}
	return digits >= 20 || sieve_pass(&M.countries, st->text, st->len, 0);
}

/* A sentence whose first max amounts the caller would not use: the
 * document goes on as if money_next had been asked for them, without
 * finding them where they could change nothing. */
void
money_follow(const struct sent *st, size_t max)
{
	struct money m;
	size_t from = 0, n;

	doc_begin(st);
	if (!sentence_passes(st) || !follow_needs_amounts(st))
		return;
	for (n = 0; n < max && next_amount(st, &from, &m); n++)
		;
}
