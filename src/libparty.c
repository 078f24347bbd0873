/* libparty.c: the parties a document names.  Each sentence's proper
 * names (rules/party.pcre) are recorded in order, so that a short name
 * can be given the fullest form the document uses ("Mitsubishi" ->
 * "Mitsubishi Motors", rules/company-suffixes.tsv) and a pronoun the party
 * it stands for (rules/pronouns.tsv). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts.h"
/* The scans of every byte of a sentence for its capitals (next_capital,
 * capitals), a fifth of party_scan's instructions at eight bytes a
 * step, read sixteen where there is SSE2 (SCAN16). */

/* The fuzz targets set it low, to reach what happens past it. */
#ifndef MAXMENTIONS
#define MAXMENTIONS 4096
#endif
/* The mentions that the span read at MAXMENTIONS may add past it: a
 * few in news, some thousands in a made-up run of titles. */
#define OVER_MAX 0xf0
/* The strings P.index keeps from one document to the next, at most:
 * the names and spans of many documents, read once for all of them
 * (SPAN_SELF).  Few enough for its table to stay in a core's cache: at
 * 32K, the instructions were 1 % fewer but its misses of the first
 * level twice as many, and set_put a twelfth of extract-quotes' time. */
#define INDEX_MAX (1 << 12)

/* The distinct names of the document, each with the index of its
 * fullest form and how often it is named; mentions point at them. */
struct name {
	const char *s;	/* the copy P.index holds */
	size_t len;	/* strlen(s): names are compared often */
	size_t full;	/* index of the fullest form */
	size_t count;
	size_t first;	/* order of its first mention */
	int person;	/* named after a title, or with a particle: de Meo */
	int gender;	/* of the titles it was named after: PARTY_MALE ... */
	int fname;	/* of its first word, a first name: PARTY_MALE ...;
			 * -1 until first_name asks, for most names it never
			 * does */
	uint64_t tail;	/* its last eight bytes in lower case (tail_of) */
	unsigned long long nouns;	/* of party-nouns.tsv it was seen with,
					 * by bit (index mod 64) */
	size_t next;	/* 1 + the next name of its group, 0 for none: the
			 * names that are one name and suffixes ("Nissan",
			 * "Nissan Motor Co."), the only ones that may be one
			 * another's fullest form */
	size_t group;	/* the first name of its group, which group_of
			 * finds at a hash of its base: known when it is
			 * added, and asked for at every is_org (count) */
	/* fullest_person, by sex asked for (0, PARTY_MALE, PARTY_FEMALE), and
	 * the P.version it was found at, 0 for never: a pronoun asks it of
	 * the last names at every quotation */
	size_t fullest[3], fullest_at[3];
};

struct mention {
	size_t name;
	size_t at;	/* order in the document: sentence and offset */
	int poss;	/* a possessive ("Obama's policies") or the object of a
			 * preposition ("under Obama"), which a speaker's
			 * pronoun stands for last */
	int of_name;	/* the possessor of a name ("India's ONGC"), which
			 * no later pronoun stands for */
	int quoted;	/* inside a quotation (party_quoted) */
};

static struct {
	struct rx *rx;		/* party.pcre, anchored */
	int by_pattern;		/* FACTS_NAME_PATTERN: names found by rx */
	unsigned char start[256];	/* the bytes a name may start with */
	unsigned char particle_start[256];	/* those a particle may */
	unsigned char particle_end[256];	/* and end with */
	unsigned char has_first[256];	/* those has_particle's may start with */
	unsigned char ascii[128];	/* UTF_LU ... of the ASCII characters */
	unsigned char letter[256];	/* the ASCII letters: a word's bytes
					 * read at one test each (described) */
	struct strset particles, opening;	/* name-particles.tsv */
	size_t particle_max;	/* the length of the longest */
	struct strset hyphen_words;	/* name-hyphen-words.tsv */
	struct buf particle_rx, opening_rx, hyphen_rx;	/* as alternations */
	char *pattern;
	struct strset suffixes, starters, titles, notnames;
	struct strset days;	/* not-names.tsv's of kind day */
	uint32_t day_first[256];	/* and their first two bytes: of a
					 * first, the second's low 5 bits */
	struct strset genders;	/* genders.tsv: word -> PARTY_MALE ... */
	struct strset title_heads;	/* the first words of titles of several */
	uint64_t title_shape[SET_SHAPES];	/* the shapes of both (set_shape_of):
					 * most words of a name have none */
	struct strset prepositions;
	uint64_t near_shape[SET_SHAPES];	/* those of titles and prepositions,
					 * for the word before a name */
	struct strset same;	/* the suffixes that leave the company the same */
	struct strset one, person, two;	/* pronouns, lower case */
	struct strset nouns;	/* party-nouns.tsv: (index + 1) << 2 | kind */
	size_t nnouns;
	char **ends;		/* its "-maker": the ends of a noun */
	unsigned *endval;
	size_t *endlen;
	size_t nends, endcap, endcap2, endcap3;
	uint64_t noun_shape[26];	/* by first letter, the lengths of the
					 * other nouns (those past 63 as 63) */
	unsigned char nounlast[256];	/* the last bytes of the nouns and
					 * of the ends: of most words, none */
	unsigned char endlast[256];	/* the last bytes of the ends (all, for
					 * an empty one): most words end in none */
	unsigned long long company_bits;	/* of its company nouns */
	struct name *names;
	size_t nnames, ncap;
	/* the names of the document, and the names less their suffixes,
	 * by their strings: most names are their own base, and are found
	 * and filed under both at one probe.  Its value of a string is
	 * 1 + the index of its struct key (its id): it is kept from one
	 * document to the next (party_reset), for what the keys tell of
	 * the strings' bytes, and the keys tell which document their names
	 * are of */
	struct strset index;
	struct key {
		unsigned doc;	/* the P.doc its name and group are of */
		unsigned name;	/* 1 + the index of the name of the string */
		unsigned group;	/* 1 + that of the first name of the group
				 * the string is the base of */
		/* of its bytes, for every document, once a name: */
		unsigned base;	/* 1 + base_len of the string; 0 unread */
		int particle;	/* has_particle or inner_particle */
		/* of a span of its bytes, once read: */
		unsigned span;	/* SPAN_SELF, SPAN_NONE, SPAN_PARTS */
		unsigned last;	/* 1 + the noun value of its last word */
		unsigned part, nparts;	/* SPAN_PARTS' in P.parts */
	} *keys;
	size_t nkeys, keycap;
	/* the mentions that spans of SPAN_PARTS make, by the spans' keys,
	 * as long as they are (P.index's strings) */
	struct part {
		const char *name;	/* P.index's copy */
		unsigned id, len;	/* its key, its length */
		unsigned so, eo;	/* of the mention, from the span's start */
		int person, gender;	/* mention's */
	} *parts;
	size_t nparts, partcap;
	/* the span of each shape (set_shape_of) read last, P.index's copy,
	 * and its key's id: most spans are found here, without a hash */
	struct recent {
		const char *s;
		uint32_t len, id;	/* sixteen bytes an entry: four to a line
					 * of the cache, a table of 64 KB */
	} recent[SET_SHAPES * 64];
	unsigned doc;		/* the document read now, from 1 */
	/* from 1, one more at every change of what fullest_person reads:
	 * a new name (a longer form, a first word named) or a new sex of a
	 * name's; most mentions are of names known, of no new sex, and
	 * leave the fullest forms found as they were */
	size_t version;
	struct strset personends;	/* see add_person_ends */
	/* the index of the names by their ends, so that a short name finds
	 * its longer forms without a scan of every name: each end after a
	 * space, in lower case ("clinton" of "Hillary Clinton") -> 1 + its
	 * last entry in tail, which lists the names of that end */
	struct strset tails;
	struct tail {
		size_t name, prev;	/* prev: 1 + the entry before, or 0 */
	} *tail;
	size_t ntail, tailcap;
	struct strset lower;	/* a name in lower case -> 1 + the first so
				 * written */
	size_t indexed;		/* the names in tails and lower: the first */
	char *low;		/* lower_tmp's */
	size_t lowcap;
	size_t *forms;		/* longer_forms' */
	size_t formcap;
	struct mention *m;
	size_t n, cap;
	struct pspan *spans;	/* of the sentence scanned last */
	size_t nspans, spancap;
	int spans_org;		/* whether their org is set (party_spans) */
	int capitals;		/* of the sentence scanned last */
	int whole;		/* the name recorded is in Reuters' marks */
} P;

/* The particles has_particle knows, and the first bytes of those
 * (P.has_first, party_init). */
static const char *const has_particles[] = { "de ", "van ", "von ", "da ",
    "di ", "du ", "le ", "la ", "De ", "Van ", "Von ", "Da ", "Di ", "Du ", NULL };

/* The shapes (set_shape_of) of the strings of a and of b, to tell most
 * words in neither at one test (shape_may). */
static void
union_shapes(uint64_t *to, const struct strset *a, const struct strset *b)
{
	size_t i;

	for (i = 0; i < SET_SHAPES; i++)
		to[i] = (a->cap ? a->shape[i] : 0) | (b->cap ? b->shape[i] : 0);
}

/* Whether s[0..n) has one of shapes (union_shapes). */
static inline int
shape_may(const uint64_t *shapes, const char *s, size_t n)
{
	size_t k = set_shape_of(s, n);

	return shapes[k >> 6] >> (k & 63) & 1;
}

static int is_org(size_t);
static size_t name_end_at(const char *, size_t, size_t);
static const char *recent_person(size_t, int, int);
static int gender_of(size_t, const char *);

static void
load_pronouns(const char *dir)
{
	static const char *const cols[] = { "phrase", "stands_for", NULL };
	struct tsv t;
	int c[2];
	struct strset *sets[] = { &P.one, &P.person, &P.two };

	rules_table(&t, dir, "pronouns.tsv", cols, c);
	while (tsv_next(&t))
		set_add(sets[rules_choice(&t, "stands_for", t.f[c[1]],
		    (const char *const[]){ "one", "person", "two", NULL })],
		    t.f[c[0]], t.flen[c[0]]);
	rules_close(&t);
}

static unsigned long long
noun_bit(unsigned v)
{
	return v ? 1ull << ((v >> 2) % 64) : 0;
}

/* A length as a bit of P.noun_shape. */
static uint64_t
length_bit(size_t n)
{
	return 1ULL << (n < 63 ? n : 63);
}

static void
load_nouns(const char *dir)
{
	static const char *const cols[] = { "word", "of", NULL };
	struct tsv t;
	int c[2], i;

	rules_table(&t, dir, "party-nouns.tsv", cols, c);
	while (tsv_next(&t)) {
		unsigned kind = rules_yes_no(&t, "of", t.f[c[1]], "company", "person") ?
		    PARTY_COMPANY : PARTY_PERSON;
		unsigned v = (unsigned)(++P.nnouns << 2) | kind;

		if (kind == PARTY_COMPANY)
			P.company_bits |= noun_bit(v);
		if (t.f[c[0]][0] == '-') {
			P.ends = egrow(P.ends, &P.endcap, P.nends + 1, sizeof *P.ends);
			P.endval = egrow(P.endval, &P.endcap2, P.nends + 1,
			    sizeof *P.endval);
			P.endlen = egrow(P.endlen, &P.endcap3, P.nends + 1,
			    sizeof *P.endlen);
			P.ends[P.nends] = estrdup(t.f[c[0]] + 1);
			P.endlen[P.nends] = t.flen[c[0]] - 1;
			P.endval[P.nends++] = v;
			if (t.flen[c[0]] > 1)
				P.endlast[(unsigned char)t.f[c[0]][t.flen[c[0]] - 1]] = 1;
			else
				memset(P.endlast, 1, sizeof P.endlast);
		} else if (!set_has(&P.nouns, t.f[c[0]], t.flen[c[0]])) {
			set_or(&P.nouns, t.f[c[0]], t.flen[c[0]], v);
			if ((unsigned char)t.f[c[0]][0] - 'a' < 26u)
				P.noun_shape[t.f[c[0]][0] - 'a'] |= length_bit(t.flen[c[0]]);
			if (t.flen[c[0]])
				P.nounlast[(unsigned char)t.f[c[0]][t.flen[c[0]] - 1]] = 1;
		}
	}
	rules_close(&t);
	for (i = 0; i < 256; i++)
		P.nounlast[i] |= P.endlast[i];
}

static void
load_suffixes(const char *dir)
{
	static const char *const cols[] = { "word", "same", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "company-suffixes.tsv", cols, c);
	while (tsv_next(&t)) {
		set_add(&P.suffixes, t.f[c[0]], t.flen[c[0]]);
		if (rules_yes_no(&t, "same", t.f[c[1]], "yes", "no"))
			set_add(&P.same, t.f[c[0]], t.flen[c[0]]);
	}
	rules_close(&t);
}

static void
load_titles(const char *dir)
{
	static const char *const cols[] = { "word", NULL };
	struct tsv t;
	int c[1];

	rules_table(&t, dir, "titles.tsv", cols, c);
	while (tsv_next(&t)) {
		size_t w = strcspn(t.f[c[0]], " ");

		set_add(&P.titles, t.f[c[0]], t.flen[c[0]]);
		if (w < t.flen[c[0]])
			set_add(&P.title_heads, t.f[c[0]], w);
	}
	rules_close(&t);
	union_shapes(P.title_shape, &P.titles, &P.title_heads);
}

static void
load_genders(const char *dir)
{
	static const char *const cols[] = { "word", "gender", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "genders.tsv", cols, c);
	while (tsv_next(&t))
		set_or(&P.genders, t.f[c[0]], t.flen[c[0]],
		    rules_yes_no(&t, "gender", t.f[c[1]], "m", "f") ? PARTY_MALE :
		    PARTY_FEMALE);
	rules_close(&t);
}

/* not-names.tsv: all its words to P.notnames, its days to P.days. */
static void
load_not_names(const char *dir)
{
	static const char *const cols[] = { "word", "kind", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "not-names.tsv", cols, c);
	while (tsv_next(&t)) {
		int day = rules_choice(&t, "kind", t.f[c[1]],
		    (const char *const[]){ "day", "month", "nation", NULL }) == 0;

		set_add(&P.notnames, t.f[c[0]], t.flen[c[0]]);
		if (day) {
			set_add(&P.days, t.f[c[0]], t.flen[c[0]]);
			P.day_first[(unsigned char)t.f[c[0]][0]] |=
			    1u << (t.f[c[0]][1] & 31);
		}
	}
	rules_close(&t);
}

/* Adds the words of a rules table to set, and to alt as the branches of
 * an alternation for party.pcre. */
static void
add_words(struct tsv *t, int col, struct strset *set, struct buf *alt)
{
	if (alt->len)
		buf_addc(alt, '|');
	rx_quote(alt, t->f[col], t->flen[col]);
	set_add(set, t->f[col], t->flen[col]);
}

/* Whether byte c may begin a name's word (name_word): a capital, or a
 * byte of another script's character. */
static int
capital_byte(unsigned char c)
{
	return c >= 0x80 || c - 'A' < 26u;
}

/* Whether s[0..n) is a word without capitals, spaces or other scripts:
 * next_name finds the particles that open a name before its first
 * capital, and looks no further back than such words reach. */
static int
lower_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ' ' || capital_byte((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static void
load_name_words(const char *dir)
{
	static const char *const cols[] = { "word", "opens", NULL };
	static const char *const one[] = { "word", NULL };
	struct tsv t;
	int c[2], i;

	rules_table(&t, dir, "name-particles.tsv", cols, c);
	while (tsv_next(&t)) {
		if (!lower_word(t.f[c[0]], t.flen[c[0]]))
			die_at(EXIT_DATA, t.name, t.line,
			    "a particle is a word in lower case, not '%s'", t.f[c[0]]);
		add_words(&t, c[0], &P.particles, &P.particle_rx);
		P.particle_start[(unsigned char)t.f[c[0]][0]] = 1;
		P.particle_end[(unsigned char)t.f[c[0]][t.flen[c[0]] - 1]] = 1;
		if (t.flen[c[0]] > P.particle_max)
			P.particle_max = t.flen[c[0]];
		if (rules_yes_no(&t, "opens", t.f[c[1]], "yes", "no")) {
			add_words(&t, c[0], &P.opening, &P.opening_rx);
			P.start[(unsigned char)t.f[c[0]][0]] = 1;
		}
	}
	rules_close(&t);
	rules_table(&t, dir, "name-hyphen-words.tsv", one, c);
	while (tsv_next(&t))
		add_words(&t, c[0], &P.hyphen_words, &P.hyphen_rx);
	rules_close(&t);
	for (i = 'A'; i <= 'Z'; i++)
		P.start[i] = 1;
	for (i = 0xC2; i <= 0xF4; i++)
		P.start[i] = 1;	/* the first bytes of the others */
	for (i = 0; i < 128; i++) {
		P.ascii[i] = i - 'A' < 26u ? UTF_LU | UTF_LETTER :
		    i - 'a' < 26u ? UTF_LL | UTF_LETTER :
		    i - '0' < 10u ? UTF_NUMBER : 0;
		P.letter[i] = (P.ascii[i] & UTF_LETTER) != 0;
	}
}

static char *
name_expand(const char *name, void *arg)
{
	const struct buf *b = !strcmp(name, "PARTICLE") ? &P.particle_rx :
	    !strcmp(name, "OPENING_PARTICLE") ? &P.opening_rx :
	    !strcmp(name, "NOT_AFTER_HYPHEN") ? &P.hyphen_rx : NULL;

	(void)arg;
	return b ? estrdup(b->s ? b->s : "(*FAIL)") : NULL;
}

void
party_init(const char *dir)
{
	size_t n = strlen(dir) + 32, i;
	char *where = emalloc(n);

	for (i = 0; has_particles[i]; i++)
		P.has_first[(unsigned char)has_particles[i][0]] = 1;

	load_suffixes(dir);
	rules_words(dir, "sentence-starters.tsv", "word", &P.starters);
	load_titles(dir);
	load_not_names(dir);
	load_genders(dir);
	rules_words(dir, "prepositions.tsv", "word", &P.prepositions);
	union_shapes(P.near_shape, &P.titles, &P.prepositions);
	load_pronouns(dir);
	load_nouns(dir);
	load_name_words(dir);
	P.pattern = rules_pattern(dir, "party.pcre", name_expand, NULL);
	snprintf(where, n, "%s/party.pcre: pattern", dir);
	P.rx = rx_compile_anchored(P.pattern, where);
	if ((P.by_pattern = getenv("FACTS_NAME_PATTERN") != NULL)) {
		struct rx *search = rx_compile(P.pattern, where);

		rx_start_bytes(search, P.start);
		rx_free(search);
	}
}

/* The {NAME} pattern, for other patterns to embed. */
char *
party_name_pattern(void)
{
	return estrdup(P.pattern);
}

void
party_reset(void)
{
	const struct pspan *sp;

	party_spans(&sp);	/* their orgs, while the names are there */

	P.nnames = P.n = 0;
	P.doc++;	/* which leaves the keys' names behind */
	if (P.index.n > INDEX_MAX) {
		set_clear(&P.index);
		P.nkeys = P.nparts = 0;
		memset(P.recent, 0, sizeof P.recent);
	}
	set_clear(&P.personends);
	set_clear(&P.tails);
	set_clear(&P.lower);
	P.ntail = P.indexed = 0;
}

/* 1 or 2 for a pronoun that stands for one or two parties, else 0. */
int
party_pronoun(const char *s, size_t n)
{
	char low[64];

	if (!ascii_lower(low, sizeof low, s, n))
		return 0;
	if (set_has(&P.one, low, n))
		return 1;
	if (set_has(&P.two, low, n))
		return 2;
	if (set_has(&P.person, low, n))
		return PARTY_PERSON_PRONOUN;
	return 0;
}

static size_t word_len(const char *, size_t, size_t);

/* A name as a party: without a possessive, a leading sentence starter
 * ("The", "In") or a final full stop that is not a suffix's.  k is the
 * length of its first word, which the caller has read (next_title).
 * Its start in s, with *len its length; NULL if nothing is left. */
static const char *
clean_span(const char *s, size_t n, size_t k, size_t *len)
{
	for (;; k = word_len(s, n, 0)) {
		if (k < n && set_has(&P.starters, s, k)) {
			/* "On Thursday Rangers": the day goes with the
			 * preposition (party_after_day) */
			size_t d = party_after_day(s, k + 1, n);

			s += d;
			n -= d;
			continue;
		}
		if (k == n && set_has(&P.starters, s, k))
			return NULL;
		break;
	}
	if (n >= 4 && !memcmp(s + n - 4, "\xE2\x80\x99s", 4))
		n -= 4;
	else if (n >= 2 && !memcmp(s + n - 2, "'s", 2))
		n -= 2;
	if (n > 0 && s[n - 1] == '.' && !P.whole) {
		for (k = n - 1; k > 0 && s[k - 1] != ' '; k--)
			;
		if (!set_has(&P.suffixes, s + k, n - k))
			n--;
	}
	if (n == 0 || set_has(&P.notnames, s, n))
		return NULL;
	*len = n;
	return s;
}

/* The same, malloc'ed. */
char *
party_clean(const char *s, size_t n)
{
	size_t len;
	const char *c = clean_span(s, n, word_len(s, n, 0), &len);
	char *r;

	if (!c)
		return NULL;
	r = emalloc(len + 1);
	memcpy(r, c, len);
	r[len] = '\0';
	return r;
}

/* The scans for a word's end read eight bytes at a time: a loop of a
 * byte at a time leaves at a branch that the varied lengths of words
 * have the processor mispredict (a tenth of party_scan's mispredicted
 * branches were at the end of inword_end's loop alone), and most words
 * end in the first eight bytes. */

/* The first space in s[i..n), or n. */
static inline size_t
space_after(const char *s, size_t i, size_t n)
{
	for (; i < n; i += 8) {
		uint64_t m = bytes_in(word8_at(s, i, n), ' ', ' ');

		if (m)	/* the bytes past n read as 0, no space */
			return i + bytes_first(m);
	}
	return n;
}

/* 1 + the last space in s[from..e), or from: the start of the word that
 * ends at e. */
static inline size_t
space_before(const char *s, size_t from, size_t e)
{
	while (e > from) {
		size_t k = e - from < 8 ? e - from : 8;
		uint64_t m = bytes_in(word8_at(s, e - k, e), ' ', ' ');

		if (m)
			return e - k + (size_t)(63 - __builtin_clzll(m)) / 8 + 1;
		e -= k;
	}
	return from;
}

/* The bytes of s[i..n) up to a space. */
static size_t
word_len(const char *s, size_t n, size_t i)
{
	const char *sp = memchr(s + i, ' ', n - i);

	return sp ? (size_t)(sp - s) - i : n - i;
}

/* The length of name s less its final suffixes, one word at least:
 * "Nissan" of "Nissan Motor Co.". */
static size_t
base_len(const char *s, size_t n)
{
	size_t e = n, k;

	for (;;) {
		k = space_before(s, 0, e);
		if (k == 0 || !set_has(&P.same, s + k, e - k))
			return e;
		e = k - 1;
	}
}

/* Of a key: a span of the text of the string's bytes, read where no
 * complement comes before it (party_after_complement) and out of
 * Reuters' marks, names the string alone (SPAN_SELF), nothing
 * (SPAN_NONE), or other names, its parts (SPAN_PARTS): the part of it
 * that clean_span leaves ("Fed" of "The Fed"), or those between its
 * titles ("Blair" of "Mr Blair", record_split).  The span's titles and
 * clean_span are of its bytes alone: read once, for every document
 * after. */
#define SPAN_SELF 1u
#define SPAN_NONE 2u
#define SPAN_PARTS 4u

/* The key of value v of P.index, NULL if it has none in the document
 * read now. */
static const struct key *
key_now(unsigned v)
{
	const struct key *k = v ? &P.keys[v - 1] : NULL;

	return k && k->doc == P.doc ? k : NULL;
}

/* A new key for the string of P.index whose value is *v. */
static void
new_key(unsigned *v)
{
	P.keys = egrow(P.keys, &P.keycap, P.nkeys + 1, sizeof *P.keys);
	P.keys[P.nkeys] = (struct key){ .doc = P.doc };
	*v = (unsigned)++P.nkeys;
}

/* Key id, emptied if it is of another document; good until the next
 * key is made. */
static inline struct key *
key_by_id(size_t id)
{
	struct key *k = &P.keys[id - 1];

	if (k->doc != P.doc) {
		k->doc = P.doc;
		k->name = k->group = 0;
	}
	return k;
}

/* The id of the key of the string of P.index whose value is *v, made if
 * it has none. */
static inline size_t
key_id(unsigned *v)
{
	if (!*v)
		new_key(v);
	return *v;
}

/* 1 + the index of the name of value v of P.index; 0 for none. */
static unsigned
name_part(unsigned v)
{
	const struct key *k = key_now(v);

	return k ? k->name : 0;
}

/* 1 + that of the first name of the group it is the base of; 0 for
 * none. */
static unsigned
group_part(unsigned v)
{
	const struct key *k = key_now(v);

	return k ? k->group : 0;
}

/* The first name of the group of names of base s[0..n), or P.nnames. */
static size_t
group_of(const char *s, size_t n)
{
	unsigned v = group_part(set_bits(&P.index, s, base_len(s, n)));

	return v ? v - 1 : P.nnames;
}

/* The order of the first mention of the party of full name f. */
static size_t
first_of(size_t f)
{
	size_t k, first = (size_t)-1;

	for (k = P.names[f].group + 1; k; k = P.names[k - 1].next)
		if (P.names[k - 1].full == f && P.names[k - 1].first < first)
			first = P.names[k - 1].first;
	return first;
}

/* Whether full is name followed by company suffixes alone. */
static int
extends(const char *full, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	if (strncmp(full, name, n) || full[n] != ' ')
		return 0;
	for (p = full + n + 1; *p; ) {
		size_t k = strcspn(p, " ");

		if (!set_has(&P.same, p, k))
			return 0;
		p += k;
		if (*p == ' ')
			p++;
	}
	return 1;
}

static size_t
find_name(const char *s)
{
	unsigned v = name_part(set_bits(&P.index, s, strlen(s)));

	return v ? v - 1 : P.nnames;
}

static inline int
has_particle(const char *s)
{
	const char *const *part = has_particles;
	size_t i, w;

	if (!P.has_first[(unsigned char)s[0]])
		return 0;	/* the first byte of most names is none's */
	for (w = 0; w < 4 && s[w] && s[w] != ' '; w++)
		;
	if (w > 3 || !s[w])
		return 0;	/* the particles are short words */
	for (i = 0; part[i]; i++)
		if (part[i][w] == ' ' && !memcmp(s, part[i], w))
			return 1;
	return 0;
}

/* "Luca de Meo": a particle inside a name is a person's. */
static int
inner_particle(const char *s)
{
	const char *sp = strchr(s, ' ');

	return sp && has_particle(sp + 1);
}

/* Records the ends of a person's name s ("de Meo", "Meo" of "Luca de
 * Meo"), in lower case, which name that person too. */
static void
add_person_ends(const char *s, size_t n)
{
	char low[256];
	size_t k;

	if (!ascii_lower(low, sizeof low, s, n))
		return;
	for (k = 1; k < n; k++)
		if (low[k - 1] == ' ')
			set_add(&P.personends, low + k, n - k);
}

/* s[0..n) in ASCII lower case, in a buffer of libparty's that the next
 * call overwrites: a name is looked up in lower case at every row. */
static char *
lower_tmp(const char *s, size_t n)
{
	P.low = egrow(P.low, &P.lowcap, n + 1, 1);
	ascii_lower(P.low, n + 1, s, n);
	P.low[n] = '\0';
	return P.low;
}

/* A document of fewer names is scanned, not indexed: the index costs
 * more than it saves there. */
#define SCANNED 64

/* Indexes name i by its lower case and by its ends. */
static void
index_name(size_t i)
{
	size_t n = P.names[i].len, k;
	char *low = lower_tmp(P.names[i].s, n);
	const char *key;
	unsigned *v = set_entry(&P.lower, low, n, &key);

	/* each found and filed at one probe */
	if (!*v)
		*v = (unsigned)i + 1;
	for (k = 1; k < n; k++)
		if (low[k - 1] == ' ') {
			P.tail = egrow(P.tail, &P.tailcap, P.ntail + 1, sizeof *P.tail);
			v = set_entry(&P.tails, low + k, n - k, &key);
			P.tail[P.ntail].name = i;
			P.tail[P.ntail].prev = *v;
			*v = (unsigned)++P.ntail;
		}
}

/* Indexes the names not yet indexed. */
static void
index_names(void)
{
	while (P.indexed < P.nnames)
		index_name(P.indexed++);
}

/* The sex of the first word of name i as a first name (genders.tsv),
 * PARTY_MALE ..., or 0. */
static int
first_name(size_t i)
{
	struct name *nm = &P.names[i];

	if (nm->fname < 0)
		nm->fname = (int)set_bits(&P.genders, nm->s, word_len(nm->s, nm->len, 0));
	return nm->fname;
}

/* Byte c in ASCII lower case, as strcasecmp reads it (the C locale). */
static inline unsigned char
lower_byte(char c)
{
	return (unsigned char)c - 'A' < 26u ? (unsigned char)(c | 0x20) : (unsigned char)c;
}

/* The last eight bytes of s[0..n) (of fewer, 0s before) in lower case,
 * its last byte highest; with a space before them if space (a name that
 * another ends with, longer_forms), as many bytes as n and the space
 * make, in *mask.  A name is told to end otherwise at one test of a
 * word, where a scan of the document's names with strcasecmp
 * mispredicted a branch at most names. */
static inline uint64_t
tail_of(const char *s, size_t n, int space, uint64_t *mask)
{
	uint64_t w = n >= 8 ? word8_at(s, n - 8, n) :
	    n ? word8_at(s, 0, n) << (8 * (8 - n)) : 0;

	*mask = ~0ull;
	if (space && n < 8) {
		w |= (uint64_t)' ' << (8 * (7 - n));
		*mask <<= 8 * (7 - n);
	}
	return w | bytes_in(w, 'A', 'Z') >> 2;	/* in lower case */
}

/* Adds the new name s[0..len), P.index's copy, of key id, and keeps
 * every name's fullest form: the new one may extend older ones of its
 * group, or they it.  Its index. */
static size_t
new_name(size_t id, const char *s, size_t len)
{
	const char *key;
	struct key *kv = key_by_id(id);
	size_t i = P.nnames, k, g, base;
	uint64_t mask;

	kv->name = (unsigned)i + 1;
	if (!kv->base) {
		kv->base = (unsigned)base_len(s, len) + 1;
		kv->particle = has_particle(s) || inner_particle(s);
	}
	base = kv->base - 1;
	P.names = egrow(P.names, &P.ncap, P.nnames + 1, sizeof *P.names);
	P.names[i].s = s;
	P.names[i].len = len;
	P.names[i].tail = tail_of(s, len, 0, &mask);
	P.names[i].full = i;
	P.names[i].count = 0;
	P.names[i].first = P.n;
	P.names[i].person = kv->particle;
	P.names[i].gender = 0;
	P.names[i].fname = -1;
	if (P.names[i].person)
		add_person_ends(s, P.names[i].len);
	P.names[i].nouns = 0;
	P.names[i].next = 0;
	memset(P.names[i].fullest_at, 0, sizeof P.names[i].fullest_at);
	/* its group, found or begun at the probe of its base: the one
	 * above for most names */
	if (base < len)
		id = key_id(set_entry(&P.index, s, base, &key));
	if (!(kv = key_by_id(id))->group) {
		kv->group = (unsigned)i + 1;
		P.names[i].group = i;
		P.nnames++;
		P.version++;
		return i;
	}
	g = P.names[i].group = kv->group - 1;
	for (k = g + 1; k; k = P.names[k - 1].next) {
		struct name *o = &P.names[k - 1];
		const char *f = P.names[o->full].s;

		if (extends(s, o->s) && P.names[i].len > strlen(f))
			o->full = i;
		if (extends(o->s, s) && o->len > P.names[P.names[i].full].len)
			P.names[i].full = k - 1;
	}
	P.names[i].next = P.names[g].next;
	P.names[g].next = i + 1;
	P.nnames++;
	P.version++;
	return i;
}

/* The index of the name of string s[0..len) of P.index, of key id,
 * added if it is new. */
static size_t
name_of_key(size_t id, const char *s, size_t len)
{
	unsigned k = key_by_id(id)->name;

	return k ? k - 1 : new_name(id, s, len);
}

/* The index of the name name[0..len), added if it is new; *id its
 * key's, *s its string in P.index, *n its length. */
static size_t
add_name(const char *name, size_t len, size_t *id, const char **s, size_t *n)
{
	/* a NUL (in Reuters' marks, which hold any byte) ends the name, as
	 * it ends the C string that the name is to the callers */
	*n = strnlen(name, len);
	*id = key_id(set_entry(&P.index, name, *n, s));
	return name_of_key(*id, *s, *n);
}

/* A mention of name i, at position at, in the sentence's span [so, eo). */
static void
mention(size_t i, size_t at, int person, int gender, size_t so, size_t eo)
{
	P.spans = egrow(P.spans, &P.spancap, P.nspans + 1, sizeof *P.spans);
	P.spans[P.nspans].so = so;
	P.spans[P.nspans].eo = eo;
	P.spans[P.nspans].name = P.names[i].s;
	P.spans[P.nspans].idx = i;
	P.nspans++;

	P.names[i].count++;
	if (gender & ~P.names[i].gender) {
		P.names[i].gender |= gender;
		P.version++;
	}
	if (person && !P.names[i].person) {
		P.names[i].person = 1;
		add_person_ends(P.names[i].s, P.names[i].len);
	}
	P.m = egrow(P.m, &P.cap, P.n + 1, sizeof *P.m);
	P.m[P.n].name = i;
	P.m[P.n].at = at;
	P.m[P.n].of_name = 0;
	P.m[P.n].quoted = 0;
	P.m[P.n].poss = 0;
	P.n++;
}

/* The next title in s[from..eo), at the start of a word: its start,
 * with *end its end, or eo.  A title is a word of titles.tsv or a run of
 * up to three written there as one ("Attorney General"), the longest.
 * *first is the end of the word at from, for clean_span. */
static size_t
next_title(const char *s, size_t from, size_t eo, size_t *end, size_t *first)
{
	size_t i, j, e[3], w;

	*first = from;
	for (i = from; i < eo; i = e[0] + 1) {
		e[0] = j = space_after(s, i, eo);
		if (i == from)
			*first = j;
		if (!shape_may(P.title_shape, s + i, j - i))
			continue;	/* neither a title nor the head of one */
		/* a title of several words only from a word that opens one */
		for (w = 0; w < 2 && j < eo && set_has(&P.title_heads, s + i, e[0] - i); w++)
			e[w + 1] = j = space_after(s, j + 1, eo);
		for (;; w--) {
			if (e[w] > i && set_has(&P.titles, s + i, e[w] - i)) {
				*end = e[w];
				return i;
			}
			if (!w)
				break;
		}
	}
	*end = eo;
	return eo;
}

size_t
party_next_title(const char *s, size_t from, size_t eo, size_t *end)
{
	size_t first;

	return next_title(s, from, eo, end, &first);
}

/* The start of the first word after the first of s[from..eo) that is a
 * first name of genders.tsv, or eo: in "State John F. Kerry", John. */
size_t
party_first_name(const char *s, size_t from, size_t eo)
{
	size_t i, j;

	for (i = from; i < eo; i = j + 1) {
		j = space_after(s, i, eo);
		if (i > from && party_word_gender(s + i, j - i))
			return i;
	}
	return eo;
}

/* The length of the word before the space before s[so], *b its start;
 * 0 if none. */
static size_t
word_before(const char *s, size_t so, size_t *b)
{
	size_t e;

	if (so < 2 || s[so - 1] != ' ')
		return 0;
	e = so - 1;
	*b = space_before(s, 0, e);
	return e - *b;
}

/* A name after a title and "of" ("Secretary of State John F. Kerry")
 * starts after the title's complement, at its first name: that start,
 * or so if the words before s[so] are no title and "of", or no first
 * name is known. */
size_t
party_after_complement(const char *s, size_t so, size_t eo)
{
	size_t b, n, j, i, of = so;

	if (of >= 8 && !memcmp(s + of - 5, " the ", 5))
		of -= 4;	/* "Speaker of the House Newt Gingrich" */
	if (of < 5 || memcmp(s + of - 4, " of ", 4) || !(n = word_before(s, of - 3, &b)))
		return so;
	if (party_next_title(s, b, b + n, &j) != b || j != b + n)
		return so;
	if ((i = party_first_name(s, so, eo)) < eo)
		return i;
	/* no first name known: the complement is a word, if two are left */
	i = so + strcspn(s + so, " ");
	return i < eo && memchr(s + i + 1, ' ', eo - i - 1) ? i + 1 : so;
}

/* A mention of the name name[0..len) of the span of a name found at
 * so, at position at + (mso - so), in the sentence's span [mso, meo);
 * kept as a part of the span if parts. */
static void
part_mention(const char *name, size_t len, size_t so, size_t at, int person,
    int gender, size_t mso, size_t meo, int parts)
{
	const char *key;
	size_t id, n, i = add_name(name, len, &id, &key, &n);

	mention(i, at + (mso - so), person, gender, mso, meo);
	if (parts) {
		P.parts = egrow(P.parts, &P.partcap, P.nparts + 1, sizeof *P.parts);
		P.parts[P.nparts++] = (struct part){ key, (unsigned)id, (unsigned)n,
		    (unsigned)(mso - so), (unsigned)(meo - so), person, gender };
	}
}

/* Records the names of s[part..eo), of a name found at so, split at
 * titles: "Renault CEO Luca de Meo" names Renault and the person Luca de
 * Meo.  i, e and w: next_title of s[part..eo) and its *end and *first,
 * which the caller has read.  With id, the key of the span s[so..eo)
 * (record_span), its mentions are kept as its parts, unless they are
 * cut short at the most a document has. */
static void
record_split(const char *s, size_t so, size_t part, size_t eo, size_t at,
    size_t i, size_t e, size_t w, size_t id)
{
	size_t len, first = P.nparts;
	int person = part > so, gender = 0, whole = 1;
	const char *name;

	for (; i < eo; i = next_title(s, e + 1, eo, &e, &w)) {
		if (P.n >= MAXMENTIONS + OVER_MAX) {
			whole = 0;
			break;
		}
		if (i > part && (name = clean_span(s + part, i - 1 - part, w - part, &len)))
			part_mention(name, len, so, at, person, gender, part, i - 1, id != 0);
		part = e + 1;
		person = 1;
		gender = (int)set_bits(&P.genders, s + i, e - i);	/* "Ms. Kovner" */
	}
	if (whole && part < eo && (name = clean_span(s + part, eo - part, w - part, &len))) {
		if (P.n < MAXMENTIONS + OVER_MAX)
			part_mention(name, len, so, at, person, gender, part, eo, id != 0);
		else
			whole = 0;
	}
	if (!id)
		return;
	if (!whole) {
		P.nparts = first;
		return;
	}
	P.keys[id - 1].span = SPAN_PARTS;
	P.keys[id - 1].part = (unsigned)first;
	P.keys[id - 1].nparts = (unsigned)(P.nparts - first);
}

/* The mentions of the parts of the span s[so..eo) of key id, at
 * position at, as record_split made them: up to the most a document
 * has, as there. */
static void
record_parts(size_t so, size_t at, size_t id)
{
	size_t k, first = P.keys[id - 1].part, n = P.keys[id - 1].nparts;

	for (k = first; k < first + n && P.n < MAXMENTIONS + OVER_MAX; k++) {
		const struct part *p = &P.parts[k];

		mention(name_of_key(p->id, p->name, p->len), at + p->so, p->person,
		    p->gender, so + p->so, so + p->eo);
	}
}

/* Whether a[0..n) and b[0..n) are the same bytes: most names are of 4
 * to 16, read as two words from each end, for recent_span finds most
 * spans it is asked for, and memcmp's call would cost more than that. */
static inline int
same_span(const char *a, const char *b, size_t n)
{
	uint64_t x, y, z, w;
	uint32_t p, q, u, v;

	if (n >= 8 && n <= 16) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&z, a + n - 8, 8);
		memcpy(&w, b + n - 8, 8);
		return x == y && z == w;
	}
	if (n >= 4 && n < 8) {
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return p == q && u == v;
	}
	return !memcmp(a, b, n);
}

/* The id of the key of span s[0..n), of shape b (set_shape_of), if it
 * is the one of its shape read last, and *key its string; else 0. */
static size_t
recent_span(const char *s, size_t n, size_t b, const char **key)
{
	const struct recent *r = &P.recent[b];

	if (r->len != n || !r->id || !same_span(r->s, s, n))
		return 0;
	*key = r->s;
	return r->id;
}

/* The id of the key of span s[0..n), made if it has none, and *key its
 * string in P.index. */
static size_t
span_key(const char *s, size_t n, const char **key)
{
	size_t b = set_shape_of(s, n), id = recent_span(s, n, b, key);

	if (!id) {
		id = key_id(set_entry(&P.index, s, n, key));
		/* a span longer than 4 GB is no name, and not kept here */
		if (n <= UINT32_MAX && id <= UINT32_MAX)
			P.recent[b] = (struct recent){ *key, (uint32_t)n, (uint32_t)id };
	}
	return id;
}

/* record_split of a span s[so..eo) that no complement comes before, out
 * of Reuters' marks: at one probe, for a span read before (SPAN_SELF).
 * The id of the key of the span, 0 for none. */
static size_t
record_span(const char *s, size_t so, size_t eo, size_t at)
{
	const char *key, *name;
	size_t i, e, w, len, id = span_key(s + so, eo - so, &key);
	unsigned span = P.keys[id - 1].span;

	if (span & SPAN_NONE)
		return 0;
	if (span & SPAN_PARTS) {
		record_parts(so, at, id);
		return id;
	}
	if (!(span & SPAN_SELF)) {
		if ((i = next_title(s, so, eo, &e, &w)) < eo) {
			record_split(s, so, so, eo, at, i, e, w, id);
			return id;
		}
		if (!(name = clean_span(s + so, eo - so, w - so, &len))) {
			P.keys[id - 1].span = SPAN_NONE;
			return 0;
		}
		if (name != s + so || len != eo - so || memchr(name, '\0', len)) {
			P.keys[id - 1].span = SPAN_PARTS;
			P.keys[id - 1].part = (unsigned)P.nparts;
			P.keys[id - 1].nparts = 1;
			part_mention(name, len, so, at, 0, 0, so, eo, 1);
			return id;
		}
		P.keys[id - 1].span = SPAN_SELF;
	}
	mention(name_of_key(id, key, eo - so), at, 0, 0, so, eo);
	return id;
}

/* Whether a title's complement may come before s[so]: the words before
 * end in "of" or "of the" (party_after_complement), whose last bytes
 * most words' are not. */
static int
may_follow_of(const char *s, size_t so)
{
	return so >= 5 && s[so - 1] == ' ' && (s[so - 2] == 'f' || s[so - 2] == 'e');
}

/* Records a name found at so: its names (record_split).  The key of its
 * span, as record_span. */
static size_t
record(const char *s, size_t so, size_t eo, size_t at)
{
	size_t part = may_follow_of(s, so) ? party_after_complement(s, so, eo) : so,
	    i, e, w;

	if (part > so || P.whole) {
		i = next_title(s, part, eo, &e, &w);
		record_split(s, so, part, eo, at, i, e, w, 0);
		return 0;
	}
	return record_span(s, so, eo, at);
}

/* Whether the character before s[so] is a letter of another script
 * (the pattern's lookbehind sees those as letters too; a quotation mark
 * before a name is none). */
static int
letter_before(const char *s, size_t so)
{
	int32_t cp;

	if (!((unsigned char)s[so - 1] & 0x80))
		return 0;
	utf_prev(s, so, &cp);
	return utf_is_alpha(cp);
}

/* Whether a word of n bytes that starts and ends with first and last,
 * in lower case, may be a noun of party-nouns.tsv: one of its first
 * letter and length, or an end of its last byte.  Most words are told so
 * without a lookup, or a copy in lower case. */
static int
may_be_noun(unsigned char first, unsigned char last, size_t n)
{
	return first - 'a' < 26u &&
	    ((P.noun_shape[first - 'a'] & length_bit(n)) || P.endlast[last]);
}

/* noun_value of a word that may_be_noun. */
static unsigned
noun_lookup(const char *s, size_t n)
{
	unsigned v;
	size_t i, k;

	if ((v = set_bits(&P.nouns, s, n)))
		return v;
	if (!P.endlast[(unsigned char)s[n - 1]])
		return 0;
	for (i = 0; i < P.nends; i++)	/* its last letter first: most differ */
		if ((k = P.endlen[i]) < n && (!k || s[n - 1] == P.ends[i][k - 1]) &&
		    !memcmp(s + n - k, P.ends[i], k))
			return P.endval[i];
	return 0;
}

/* The value of noun s[0..n) in party-nouns.tsv, 0 if it is none: most
 * words are told so here, inline. */
static inline unsigned
noun_value(const char *s, size_t n)
{
	return n && may_be_noun((unsigned char)s[0], (unsigned char)s[n - 1], n) ?
	    noun_lookup(s, n) : 0;
}

/* Whether s[0..n) is a noun that describes a party: PARTY_COMPANY,
 * PARTY_PERSON, or 0. */
unsigned
party_noun(const char *s, size_t n)
{
	return noun_value(s, n) & 3;
}

/* The bounds of the word of letters and hyphens at or after s[i], on
 * one line of words: spaces only between.  0 if none. */
static inline int
word_after(const char *s, size_t len, size_t i, size_t *so, size_t *eo)
{
	while (i < len && s[i] == ' ')
		i++;
	*so = i;
	if (i < len && P.letter[(unsigned char)s[i]])	/* then letters and hyphens */
		for (i++; i < len; i += 8) {
			uint64_t w = word8_at(s, i, len),
			    m = ~(letters_in(w) | bytes_in(w, '-', '-')) & BYTES_HIGH;

			if (m) {
				i += bytes_first(m);
				break;
			}
		}
	*eo = i;
	return i > *so;
}

/* The length of a possessive's "'s" at s[i], 0 if there is none. */
static inline size_t
poss_len(const char *s, size_t len, size_t i)
{
	if (i + 1 >= len)
		return 0;
	if (s[i] == '\'')	/* most bytes after a name are neither mark */
		return s[i + 1] == 's' ? 2 : 0;
	return s[i] == '\xe2' && i + 3 < len && !memcmp(s + i, "\xe2\x80\x99s", 4) ? 4 : 0;
}

/* The noun, as a bit, of a description at s[i] that opens with an
 * article or a possessive ("the largest wine maker", "a subsidiary",
 * "Japan's second carmaker", "the country's biggest firm"): within six
 * words; 0 if none. */
static unsigned long long
description_noun(const char *s, size_t len, size_t i)
{
	size_t ws, we, k, p;

	if (!word_after(s, len, i, &ws, &we))
		return 0;
	if ((p = poss_len(s, len, we)) && s[ws] >= 'A' && s[ws] <= 'Z')
		i = we + p;
	else if ((we - ws == 3 && !memcmp(s + ws, "the", 3)) ||
	    (we - ws == 1 && s[ws] == 'a') || (we - ws == 2 && !memcmp(s + ws, "an", 2)))
		i = we;
	else
		return 0;
	for (k = 0; k < 6 && word_after(s, len, i, &ws, &we); k++) {
		unsigned v = noun_value(s + ws, we - ws);

		if (v)
			return noun_bit(v);
		i = we + poss_len(s, len, we);
	}
	return 0;
}

/* The noun value of the last word of the name at s[so, eo), in lower
 * case ("Reliance Group"), 0 for none; kept in key (1 + the index of
 * the struct key of the span, or 0), for the span's bytes tell it. */
static unsigned
last_word_noun(const char *s, size_t so, size_t eo, size_t key)
{
	size_t i;
	unsigned v = 0;
	char low[24];

	if (key && P.keys[key - 1].last)
		return P.keys[key - 1].last - 1;
	i = space_before(s, so, eo);
	if (i < eo && may_be_noun(lower_byte(s[i]), lower_byte(s[eo - 1]), eo - i) &&
	    ascii_lower(low, sizeof low, s + i, eo - i))
		v = noun_lookup(low, eo - i);
	if (key)
		P.keys[key - 1].last = v + 1;
	return v;
}

/* The nouns of party-nouns.tsv that describe the name at s[so, eo), as
 * bits: its own last word ("Reliance Group"), the word before it ("US
 * tycoon Malcom Glazer"), the one after it ("the Evergo <EVGH.HK>
 * group"), the noun of an apposition ("Changyu, the largest wine maker")
 * or of what it is said to be ("Honda is Japan's second carmaker"). */
static unsigned long long
described(const char *s, size_t len, size_t so, size_t eo, size_t key)
{
	unsigned long long bits = noun_bit(last_word_noun(s, so, eo, key));
	size_t i, ws, we, k;
	for (i = so; i > 0 && s[i - 1] == ' '; i--)
		;
	k = i;
	if (i > 0 && P.nounlast[(unsigned char)s[i - 1]])	/* of most, no */
		while (k > 0 && P.letter[(unsigned char)s[k - 1]])
			k--;
	if (k < i && k + 40 > i)
		bits |= noun_bit(noun_value(s + k, i - k));
	i = eo;
	if (i < len && s[i] == '>')
		i++;	/* "<Lai Sun Garment Co ltd>" */
	if (i + 1 < len && s[i] == ' ' && s[i + 1] == '<') {
		for (i += 2; i < len && s[i] != '>' && s[i] != ' '; i++)
			;
		if (i < len && s[i] == '>')
			i++;
	}
	/* an apposition, ", the largest wine maker", or what it is, "is
	 * Japan's second carmaker" */
	if (i < len && s[i] == ',')
		return bits | description_noun(s, len, i + 1);
	if (!word_after(s, len, i, &ws, &we))
		return bits;
	if ((we - ws == 2 && !memcmp(s + ws, "is", 2)) ||
	    (we - ws == 3 && !memcmp(s + ws, "was", 3)))
		return bits | description_noun(s, len, we);
	return bits | noun_bit(noun_value(s + ws, we - ws));
}

/* "Foster's Group", "Macy's Inc": a name's "'s" before company
 * suffixes is the name's own.  The end of the name ending at eo. */
static size_t
own_s_end(const char *s, size_t len, size_t eo)
{
	size_t p = poss_len(s, len, eo), i, e, end = eo;

	if (!p)
		return eo;
	for (i = eo + p; i < len && s[i] == ' '; i = e) {
		for (e = i + 1; e < len && s[e] != ' ' && s[e] != ',' && s[e] != '.'; e++)
			;
		if (!set_has(&P.suffixes, s + i + 1, e - i - 1))
			break;
		end = e;
	}
	return end;
}

/* "Scottish and Newcastle is to buy", "Scottish and Newcastle (S&N)":
 * two names joined by "and" before a verb in the singular, or before
 * their initials, are one.  The end of the name at [so, eo). */
static size_t
one_of_and(const struct sent *st, size_t so, size_t eo)
{
	static const char *const one[] = { "is", "has", "was", "does", NULL };
	const char *s = st->text;
	size_t so2, eo2, i, k;

	if (eo + 5 >= st->len || memcmp(s + eo, " and ", 5) ||
	    !(eo2 = name_end_at(s, st->len, so2 = eo + 5)))
		return eo;
	if (eo2 >= st->len || s[eo2] != ' ')
		return eo;
	/* "Scottish and Newcastle (S&N)": initials of the two */
	if (eo2 + 3 < st->len && s[eo2 + 1] == '(' && s[eo2 + 2] == s[so] &&
	    memchr(s + eo2 + 2, s[so2], st->len - eo2 - 2 < 8 ? st->len - eo2 - 2 : 8) &&
	    memchr(s + eo2 + 2, ')', st->len - eo2 - 2 < 9 ? st->len - eo2 - 2 : 9))
		return eo2;
	for (i = eo2 + 1, k = 0; one[k]; k++) {
		size_t n = strlen(one[k]);

		if (i + n < st->len && !memcmp(s + i, one[k], n) && s[i + n] == ' ')
			return eo2;
	}
	return eo;
}

/* Reuters marks a company's name: "<China Entertainment and Land
 * Investment Co Ltd>" is one name, though it holds "and" and lower case.
 * A ticker ("<SHLH.HK>") has no space.  The end of the name that starts
 * at so, eo if it is not in such marks. */
static size_t
bracket_end(const char *s, size_t len, size_t so, size_t eo)
{
	size_t i;
	int space = 0;

	if (so == 0 || s[so - 1] != '<')
		return eo;
	for (i = so; i < len && i < so + 120 && s[i] != '>' && s[i] != '<'; i++)
		space |= s[i] == ' ';
	return i < len && s[i] == '>' && space && i > eo ? i : eo;
}

/* Whether the name at s[so, eo) is the ticker after a name: "KLM
 * <KLM.A>", no party of its own. */
static int
ticker(const char *s, size_t len, size_t so, size_t eo)
{
	return so >= 2 && s[so - 1] == '<' && s[so - 2] == ' ' && eo < len &&
	    s[eo] == '>' &&
	    P.nspans && P.spans[P.nspans - 1].eo == so - 2;
}

/* Whether a name ending at s[eo] is followed by "'s" and another name;
 * p, the poss_len there. */
static int
possessor_of_name(const char *s, size_t len, size_t eo, size_t p)
{
	size_t i = eo + p;

	return p && i + 1 < len && s[i] == ' ' && ((s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
	    ((unsigned char)s[i + 1] & 0x80));
}

/* A title right before a name, the word s[b..b + n) (word_before),
 * whose first mention is P.m[m] ("Mr. Dunn": the pattern ends a name at
 * a full stop), makes it a person's, of the title's sex. */
static void
title_before(const char *s, size_t b, size_t n, size_t m)
{
	struct name *nm = &P.names[P.m[m].name];
	int g;

	if (!n || !set_has(&P.titles, s + b, n))
		return;
	g = (int)set_bits(&P.genders, s + b, n);
	if (g & ~nm->gender) {
		nm->gender |= g;
		P.version++;
	}
	if (!nm->person) {
		nm->person = 1;
		add_person_ends(nm->s, nm->len);
	}
}

/* Whether the word before a name, s[b..b + n) (word_before), may be a
 * title or a preposition: of the shape of one (P.near_shape), which
 * most words are not, told at one test for both sets. */
static inline int
near_word(const char *s, size_t b, size_t n)
{
	return n && shape_may(P.near_shape, s + b, n);
}

/* Whether the word before a name, s[b..b + n) (word_before), is a
 * preposition of prepositions.tsv. */
static int
after_preposition(const char *s, size_t b, size_t n)
{
	return n && set_has(&P.prepositions, s + b, n);
}

/* The bytes of w that open a word of a headline in title case: capitals,
 * digits, the bytes of other scripts. */
static uint64_t
title_bytes(uint64_t w)
{
	return bytes_in(w, 'A', 'Z') | bytes_in(w, '0', '9') | (w & BYTES_HIGH);
}

#ifdef SCAN16
/* How many bytes of a's and of b's (0 or 0xFF each) are set: *na and
 * *nb, at one sum of both, for a call of popcount costs more. */
static inline void
bytes16_count2(__m128i a, __m128i b, size_t *na, size_t *nb)
{
	__m128i one = _mm_set1_epi8(1), x = _mm_and_si128(a, one),
	    y = _mm_and_si128(b, one), sum = _mm_sad_epu8(_mm_add_epi8(
	    _mm_unpacklo_epi64(x, y), _mm_unpackhi_epi64(x, y)), _mm_setzero_si128());

	*na = (size_t)_mm_cvtsi128_si32(sum);
	*nb = (size_t)_mm_extract_epi16(sum, 4);
}
#endif

/* Whether the sentence is written in capitals, as headlines are: its
 * names are not told from its words. */
static int
capitals(const struct sent *s)
{
	const char *t = s->text;
	size_t n = s->len, i = 0, lower = 0, upper = 0, words, caps;

	/* in capitals, the lower-case letters are fewer than a tenth of the
	 * capitals, so than an eleventh of the bytes: a sentence in lower
	 * case shows that in its first words, and is read no further (the
	 * counts of one read to its end are the same at any step) */
#ifdef SCAN16
	for (; n - i >= 16 && lower * 11 < n; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(t + i));
		size_t a, b;

		bytes16_count2(bytes16_in(v, 'a', 'z'), bytes16_in(v, 'A', 'Z'), &a, &b);
		lower += a;
		upper += b;
	}
#endif
	for (; i < n && lower * 11 < n; i += 8) {
		uint64_t w = word8_at(t, i, n);

		lower += bytes_count(bytes_in(w, 'a', 'z'));
		upper += bytes_count(bytes_in(w, 'A', 'Z'));
	}
	if (lower * 11 < n && upper > 8 && lower * 10 < upper)
		return 1;
	/* a headline in title case ("Retired General Reveals Experience Of
	 * Serving Under Obama"): five words or more, nine in ten of them
	 * capitalised; its runs of capitals are no names either, but its
	 * words are not in capitals for extract-stakes (see party_capitals).
	 * A word starts at the first byte and after each space but a last. */
	if (!n)
		return 0;
	words = 1;
	caps = bytes_count(title_bytes(word8_at(t, 0, 1)));
	i = 1;
#ifdef SCAN16
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(t + i)),
		    starts = _mm_cmpeq_epi8(_mm_loadu_si128((const void *)(t + i - 1)),
		    _mm_set1_epi8(' ')),
		    title = _mm_or_si128(_mm_or_si128(bytes16_in(v, 'A', 'Z'),
		    bytes16_in(v, '0', '9')), _mm_cmplt_epi8(v, _mm_setzero_si128()));
		size_t a, b;

		bytes16_count2(starts, _mm_and_si128(starts, title), &a, &b);
		words += a;
		caps += b;
		if ((words - caps) * 10 > words + (i + 16 < n ? n - i - 15 : 0) / 2)
			return 0;
	}
#endif
	for (; i < n; i += 8) {
		uint64_t starts = bytes_in(word8_at(t, i - 1, n - 1), ' ', ' ');

		words += bytes_count(starts);
		caps += bytes_count(starts & title_bytes(word8_at(t, i, n)));
		/* the words after s[i + 8] are at most half the bytes from
		 * the one before it (each a space and a byte): with them all
		 * capitalised, too few still for nine in ten */
		if ((words - caps) * 10 > words + (i + 8 < n ? n - i - 7 : 0) / 2)
			return 0;
	}
	return words >= 5 && caps * 10 >= words * 9 ? 2 : 0;
}

/* Whether the sentence scanned last is written in capitals. */
int
party_capitals(void)
{
	return P.capitals;
}

/* The name scanner: rules/party.pcre's grammar by hand, for it costs a
 * tenth of the pattern's time.  The pattern stays what the grammar is
 * (other patterns embed it as {NAME}), and FACTS_NAME_PATTERN has the
 * names found by it instead, which a test compares. */

/* The classes of the character at s[i], i < n (UTF_LU ...); *len its
 * bytes. */
static int
char_classes(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	int32_t cp;

	if (c < 0x80) {
		*len = 1;
		return P.ascii[c];
	}
	*len = (size_t)utf_decode((const unsigned char *)s + i, n - i, &cp);
	return cp == UTF_BAD ? 0 : utf_classes(cp);
}

/* The same, 0 at or past the end. */
static int
classes_at(const char *s, size_t n, size_t i)
{
	size_t len;

	return i < n ? char_classes(s, n, i, &len) : 0;
}

/* Whether a word goes on over the hyphen before s[i]: to a capital or a
 * digit ("Renault-Nissan", "F-16"), or to a syllable of two or three
 * lower-case letters that ends it ("Park Geun-hye"), but for
 * name-hyphen-words.tsv ("a Renault-led group", "French-based"). */
static int
goes_on_after_hyphen(const char *s, size_t n, size_t i)
{
	size_t j = i, len, m;

	if (i >= n)
		return 0;
	if ((char_classes(s, n, i, &len) & UTF_LU) || (unsigned char)s[i] - '0' < 10u)
		return 1;
	for (m = 0; m < 4 && j < n && (char_classes(s, n, j, &len) & UTF_LL); m++)
		j += len;
	return m >= 2 && m <= 3 && !(classes_at(s, n, j) & UTF_LETTER) &&
	    !(j < n && s[j] == '-') && !set_has(&P.hyphen_words, s + i, j - i);
}

/* The length of an apostrophe at s[i] (' or ’), 0 for none. */
static size_t
apostrophe_len(const char *s, size_t n, size_t i)
{
	if (s[i] == '\'')
		return 1;
	return i + 3 <= n && !memcmp(s + i, "\xe2\x80\x99", 3) ? 3 : 0;
}

/* The end of the run of bytes from s[j] that go on a name's word by
 * themselves: ASCII letters, digits, &. */
static inline size_t
inword_end(const char *s, size_t n, size_t j)
{
	for (; j < n; j += 8) {
		uint64_t w = word8_at(s, j, n), m = ~(letters_in(w) |
		    bytes_in(w, '0', '9') | bytes_in(w, '&', '&')) & BYTES_HIGH;

		if (m)	/* eight bytes at a time (space_after); past n, 0s */
			return j + bytes_first(m);
	}
	return n;
}

/* The end of a word of a name that goes on at s[j], after its capital:
 * letters, digits, &, an apostrophe inside a word but not a
 * possessive's, a hyphen as goes_on_after_hyphen says, a full stop
 * before a letter; 0 if a hyphen follows it. */
static size_t
word_rest(const char *s, size_t n, size_t j)
{
	size_t len, a;

	while ((j = inword_end(s, n, j)) < n) {
		if ((char_classes(s, n, j, &len) & (UTF_LETTER | UTF_NUMBER)) || s[j] == '&')
			j += len;
		else if ((a = apostrophe_len(s, n, j)) &&
		    (classes_at(s, n, j + a) & UTF_LETTER) &&
		    !(s[j + a] == 's' && !(classes_at(s, n, j + a + 1) & UTF_LETTER)))
			j += a;
		else if ((s[j] == '-' && goes_on_after_hyphen(s, n, j + 1)) ||
		    (s[j] == '.' && (classes_at(s, n, j + 1) & UTF_LETTER)))
			j++;
		else
			break;
	}
	return j < n && s[j] == '-' ? 0 : j;
}

/* The end of a word of a name at s[i], or 0: initials ("G.K.") before
 * another word, or a capital and what may follow it (word_rest). */
static size_t
any_name_word(const char *s, size_t n, size_t i)
{
	size_t j = i, len, first, k;

	if (i >= n || !(char_classes(s, n, i, &first) & UTF_LU))
		return 0;
	if (i + first < n && s[i + first] == '.') {	/* initials, maybe */
		for (k = 0; k < 3 && j < n && (char_classes(s, n, j, &len) & UTF_LU) &&
		    j + len < n && s[j + len] == '.'; k++)
			j += len + 1;
		if (j + 1 < n && s[j] == ' ' && (classes_at(s, n, j + 1) & UTF_LU))
			return j;
	}
	return word_rest(s, n, i + first);
}

/* The same, read at once for most words: an ASCII capital that opens
 * no initials, and ASCII letters up to a space or a comma. */
static inline size_t
name_word(const char *s, size_t n, size_t i)
{
	size_t j;

	if (i + 1 >= n || (unsigned char)s[i] - 'A' >= 26u || s[i + 1] == '.')
		return any_name_word(s, n, i);
	j = inword_end(s, n, i + 1);
	/* but for the bytes word_rest may go on over */
	return j < n && ((unsigned char)s[j] >= 0x80 || s[j] == '\'' || s[j] == '-' ||
	    s[j] == '.') ? word_rest(s, n, j) : j;
}

/* The end of the word after a particle of set at s[i], which is no
 * capital, and maybe another ("de Meo", "von der Leyen"), or 0. */
static size_t
particle_then_word(const struct strset *set, const char *s, size_t n, size_t i)
{
	size_t k, e, k2;

	/* no longer word is a particle: a long one is not read to its end */
	for (k = 0; k <= P.particle_max && i + k < n && s[i + k] != ' '; k++)
		;
	if (k > P.particle_max || i + k >= n || !set_has(set, s + i, k))
		return 0;
	if ((e = name_word(s, n, i + k + 1)))
		return e;
	i += k + 1;
	k2 = word_len(s, n, i);
	return k2 <= P.particle_max && i + k2 < n && set_has(&P.particles, s + i, k2) ?
	    name_word(s, n, i + k2 + 1) : 0;
}

/* The end of a name's word at s[i] (name_word), or of a particle of set
 * there, which start with the lower-case bytes of first, and the word
 * after it, or 0.  A word starts at a capital, a particle at a byte of
 * ASCII that is none: the first byte tells which to read. */
static inline size_t
name_word_at(const struct strset *set, const unsigned char *first,
    const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	if (capital_byte((unsigned char)s[i]))
		return name_word(s, n, i);
	return first[(unsigned char)s[i]] ? particle_then_word(set, s, n, i) : 0;
}

/* The end of the name that starts at s[i], or 0: up to eight words
 * joined by spaces or " & ", with particles inside and maybe first, and a full
 * stop after it (Co., Inc.) unless a hyphen follows, not after a letter
 * or a digit. */
static inline size_t
name_at(const char *s, size_t n, size_t i)
{
	size_t e, w, words;
	int32_t cp;

	if (i > 0 && ((unsigned char)s[i - 1] < 0x80 ?
	    P.ascii[(unsigned char)s[i - 1]] :
	    (utf_prev(s, i, &cp), cp == UTF_BAD ? 0 : utf_classes(cp))) &
	    (UTF_LETTER | UTF_NUMBER))
		return 0;
	if (!(e = name_word_at(&P.opening, P.start, s, n, i)))
		return 0;
	for (words = 1; words < 8 && e < n && s[e] == ' '; words++) {
		size_t next = e + 1 + 2 * (e + 3 < n && s[e + 1] == '&' && s[e + 2] == ' ');

		if (!(w = name_word_at(&P.particles, P.particle_start, s, n, next)))
			break;
		e = w;
	}
	return e + 1 < n && s[e] == '.' && s[e + 1] == '-' ? e :
	    e < n && s[e] == '.' ? e + 1 : e;
}

/* The end of a name that starts at s[i], or 0. */
static inline size_t
name_end_at(const char *s, size_t n, size_t i)
{
	size_t so, eo;

	if (!P.by_pattern)
		return name_at(s, n, i);
	if (!rx_exec(P.rx, s, n, i))
		return 0;
	rx_span(P.rx, &so, &eo);
	return eo;
}

/* The first byte at or after s[i] that capital_byte takes, or n: read
 * eight bytes at a time, for in news such bytes are few. */
static size_t
next_capital(const char *s, size_t n, size_t i)
{
#ifdef SCAN16
	for (; i < n && n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(v,
		    bytes16_in(v, 'A', 'Z')));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i += 8) {
		uint64_t w = word8_at(s, i, n), m = (w & BYTES_HIGH) | bytes_in(w, 'A', 'Z');

		if (m)
			return i + bytes_first(m);	/* capital_byte's bytes */
	}
	return n;
}

/* Where a name may start before the capital at s[c], found at or after
 * from: a name of lower-case bytes starts with an opening particle, and
 * maybe one particle more, before its first capital (the particles are
 * lower-case words, load_name_words), the last of them right before
 * the space before c; c itself if none may. */
static size_t
particles_before(const char *s, size_t n, size_t from, size_t c)
{
	size_t reach = 2 * (P.particle_max + 1);

	size_t b;

	if (c - from < 2 || c == n || s[c - 1] != ' ' ||
	    !P.particle_end[(unsigned char)s[c - 2]])
		return c;
	/* and the word right before c is one of them, in any name that
	 * starts before c (one that starts before from, none here) */
	for (b = c - 1; b > from && c - b <= P.particle_max + 1 && s[b - 1] != ' '; b--)
		;
	if (!set_has(&P.particles, s + b, c - 1 - b))
		return c;
	return c - from > reach ? c - reach : from;
}

/* The first name in s[from..n): 1, with its span in *so and *eo.  It is
 * looked for only where one may start: at a byte a name may start with,
 * not after an ASCII letter or digit, at a capital or in the particles
 * before one. */
static int
next_name(const char *s, size_t n, size_t from, size_t *so, size_t *eo)
{
	size_t i, c;

	for (; from < n; from = c + 1) {
		c = next_capital(s, n, from);
		for (i = particles_before(s, n, from, c); i <= c && i < n; i++) {
			unsigned char b;

			if (!P.start[(unsigned char)s[i]])
				continue;
			b = i ? (unsigned char)s[i - 1] : ' ';
			if ((b | 0x20) - 'a' < 26u || b - '0' < 10u)
				continue;
			if ((*eo = name_end_at(s, n, i))) {
				*so = i;
				return 1;
			}
		}
	}
	return 0;
}

/* Where a name found at so..eo starts: after its first word if that is
 * a day and a preposition comes before it, in any case ("On Thursday
 * Rangers said", "on Tuesday Dana Price told"); else at so. */
size_t
party_after_day(const char *s, size_t so, size_t eo)
{
	size_t w, b = 0, n;
	char low[16];

	/* most names open with no day's first two bytes: one test spares
	 * them the rest */
	if (so + 1 >= eo ||
	    !(P.day_first[(unsigned char)s[so]] >> (s[so + 1] & 31) & 1) ||
	    (w = space_after(s, so, eo)) >= eo || !set_has(&P.days, s + so, w - so) ||
	    !(n = word_before(s, so, &b)) ||
	    !ascii_lower(low, sizeof low, s + b, n) ||
	    !set_has(&P.prepositions, low, n))
		return so;
	return w + 1;
}

void
party_scan(const struct sent *st)
{
	size_t from = 0, so, eo, n, wb = 0, wn, key, p;
	int caps = capitals(st), near;

	P.nspans = 0;
	P.capitals = caps == 1;
	if (caps)
		return;	/* a headline: no names are told from its words */
	while (next_name(st->text, st->len, from, &so, &eo)) {
		eo = bracket_end(st->text, st->len, so, eo);
		eo = own_s_end(st->text, st->len, eo);
		eo = one_of_and(st, so, eo);
		from = eo > so ? eo : so + 1;
		if (so > 0 && (st->text[so - 1] == '-' || letter_before(st->text, so)))
			continue;	/* inside a word */
		if (ticker(st->text, st->len, so, eo))
			continue;
		if (P.n >= MAXMENTIONS)
			break;	/* bounds the work of a pathological document */
		so = party_after_day(st->text, so, eo);
		n = P.n;
		/* "<Norsk Vin A.S.>": the marks hold the whole name */
		P.whole = so > 0 && st->text[so - 1] == '<' && eo < st->len &&
		    st->text[eo] == '>';
		key = record(st->text, so, eo, (size_t)st->sent * 1000000 + so);
		P.whole = 0;
		if (P.n == n)
			continue;
		wn = word_before(st->text, so, &wb);
		if ((near = near_word(st->text, wb, wn)))
			title_before(st->text, wb, wn, n);
		/* the last name of the span: "on Tuesday Mr Ebbers" names
		 * Tuesday, after a preposition, and then Ebbers; most spans
		 * are one name, with the word before read once for both */
		if (P.spans[P.nspans - 1].so != so) {
			wn = word_before(st->text, P.spans[P.nspans - 1].so, &wb);
			near = near_word(st->text, wb, wn);
		}
		p = poss_len(st->text, st->len, eo);
		P.m[P.n - 1].poss = p > 0 ||
		    (near && after_preposition(st->text, wb, wn));
		if (possessor_of_name(st->text, st->len, eo, p))
			P.m[P.n - 1].of_name = 1;
		else
			P.names[P.m[P.n - 1].name].nouns |=
			    described(st->text, st->len, so, eo, key);
	}
	P.spans_org = 0;
}

/* The names that party_scan found in the sentence it read last, in
 * order: their spans in the sentence and their names as recorded.  Whether
 * each is an org is known once the sentence is read, and nothing but the
 * next party_scan changes that (it records the names), so it is found
 * here, for the callers that ask. */
size_t
party_spans(const struct pspan **out)
{
	size_t n;

	if (!P.spans_org)
		for (n = 0; n < P.nspans; n++)
			P.spans[n].org = is_org(P.spans[n].idx);
	P.spans_org = 1;
	*out = P.spans;
	return P.nspans;
}

/* Whether the document has named as many parties as are recorded: from
 * then on, nothing changes the parties' fullest names, so the rows found
 * so far are final and need not wait for the end of the document. */
int
party_full_known(void)
{
	return P.n >= MAXMENTIONS;
}

/* Whether the document has named name, as it is written. */
int
party_named(const char *name)
{
	return find_name(name) < P.nnames;
}

/* Whether a name stands for a person: named after a title, or with a
 * particle, or the end of such a name ("de Meo" of "Luca de Meo"). */
int
party_is_person(const char *name)
{
	size_t i = find_name(name), n = strlen(name);
	char low[256];

	if (i < P.nnames && P.names[i].person)
		return 1;
	if (has_particle(name))
		return 1;
	return ascii_lower(low, sizeof low, name, n) && set_has(&P.personends, low, n);
}

/* Whether a name is a company's: its fullest form ends in a suffix. */
int
party_is_company(const char *name)
{
	const char *full = party_full(name), *sp = strrchr(full, ' ');

	return sp && set_has(&P.suffixes, sp + 1, strlen(sp + 1));
}

/* Whether the first word of s is a party's name on its own: "Renault" of
 * "Renault Nissan Mitsubishi", where "John" of "John Smith" is not. */
static int
first_word_named(const char *s)
{
	return name_part(set_bits(&P.index, s, strcspn(s, " "))) != 0;
}

/* Whether a name of sex h (0 none known, both bits both) may be one of
 * sex g (0: any). */
static int
fits(int g, int h)
{
	return !g || !h || g == h;
}

/* The names that end with name after a space, in any case ("Hillary
 * Clinton" of "clinton"), in the order they were first named: their
 * indexes, *nk of them, in a buffer of libparty's that the next call
 * overwrites. */
static size_t *
longer_forms(const char *name, size_t n, size_t *nk)
{
	char *low;
	size_t head, e, i, *ks;

	if (P.nnames <= SCANNED) {
		uint64_t mask, tail = tail_of(name, n, 1, &mask);

		ks = P.forms = egrow(P.forms, &P.formcap, P.nnames + 1, sizeof *ks);
		for (*nk = i = 0; i < P.nnames; i++) {
			const char *c = P.names[i].s;
			size_t m = P.names[i].len;

			if (!((P.names[i].tail ^ tail) & mask) &&
			    m > n && c[m - n - 1] == ' ' && !strcasecmp(c + m - n, name))
				ks[(*nk)++] = i;
		}
		return ks;
	}
	index_names();
	low = lower_tmp(name, n);
	head = set_bits(&P.tails, low, n);
	for (*nk = 0, e = head; e; e = P.tail[e - 1].prev)
		++*nk;
	ks = P.forms = egrow(P.forms, &P.formcap, *nk + 1, sizeof *ks);
	for (i = *nk, e = head; e; e = P.tail[e - 1].prev)
		ks[--i] = P.tail[e - 1].name;	/* the list runs newest first */
	return ks;
}

/* The fullest form of a person's name: the longest name the document
 * gives that ends with it ("de Meo", "De Meo": "Luca de Meo"; "Smith":
 * "John Smith"), but not a list of parties that ends with it.  Its
 * index, SIZE_MAX for name itself. */
static size_t
fullest_person(const char *name, int gender)
{
	size_t k, nk, n = strlen(name), nbest = n, bestk = SIZE_MAX;
	const char *best = name, *sp = strchr(name, ' ');
	/* a name that opens with a first name is fullest as it is, but
	 * for a longer form of that first name (John F. Kennedy); most
	 * are one word, and have none */
	int fbest = sp && party_word_gender(name, (size_t)(sp - name)) ?
	    (gender ? 3 : 2) : 0;

	size_t *ks = longer_forms(name, n, &nk), j;

	for (j = 0; j < nk; j++) {
		const char *c;
		size_t m, w;
		int g, f;

		k = ks[j];
		c = P.names[k].s;
		m = P.names[k].len;
		w = strcspn(c, " ");
		g = P.names[k].gender ? P.names[k].gender : first_name(k);
		/* a person of the sex asked for, or known by a first name
		 * or title ("Hillary Clinton", not "Crooked Hillary Clinton"),
		 * before one of none known */
		f = gender ? (g == gender ? 3 : !g ? 1 : 0) : g ? 2 : 1;
		/* "Bobby Scott" after "Bobby!": a first name is no party */
		if (!f || set_has(&P.suffixes, name, n) ||
		    (!first_name(k) && first_word_named(c)))
			continue;
		/* of two people of one name, the one that fits best, else
		 * the first the story names (Bobby Scott, not Tim Scott
		 * named later), in its fullest form (John F. Kennedy after
		 * John Kennedy) */
		if (f > fbest || (f == fbest && m > nbest &&
		    w == strcspn(best, " ") && !strncmp(c, best, w))) {
			best = c;
			bestk = k;
			nbest = m;
			fbest = f;
		}
	}
	return bestk;
}

/* fullest_person of the name that P.names[i] is, or of another name if
 * i is P.nnames, kept in the name. */
static size_t
person_of(size_t i, const char *name, int gender)
{
	struct name *nm = &P.names[i];

	if (i >= P.nnames || gender < 0 || gender > 2)
		return fullest_person(name, gender);
	if (nm->fullest_at[gender] != P.version) {
		nm->fullest[gender] = fullest_person(name, gender);
		nm->fullest_at[gender] = P.version;
	}
	return nm->fullest[gender];
}

/* The person's name the document gives that opens with the first name
 * name, if one person's does ("Serena": "Serena Williams"), else name
 * itself: for a speaker that no longer name ends with (fullest_person).
 * Only a first name of genders.tsv: "Obama" is no "Obama Speech" of a
 * caption's "President Obama Speech at ..." */
const char *
party_head_form(const char *name)
{
	size_t i, n = strlen(name), found = SIZE_MAX;

	if (!party_word_gender(name, n))
		return name;
	for (i = 0; i < P.nnames; i++) {
		struct name *nm = &P.names[i];

		if (nm->len <= n + 1 || nm->s[0] != name[0] || nm->s[n] != ' ' ||
		    memcmp(nm->s, name, n) ||
		    !(nm->person || nm->gender || first_name(i)))
			continue;
		if (found != SIZE_MAX && P.names[found].full != nm->full)
			return name;	/* two people: "Jane Smith", "Jane Doe" */
		found = i;
	}
	return found == SIZE_MAX ? name : P.names[P.names[found].full].s;
}

const char *
party_person(const char *name, int gender)
{
	size_t k = person_of(find_name(name), name, gender);

	return k == SIZE_MAX ? name : P.names[k].s;
}

/* The sex of the word s[0..n) (a title or a first name), PARTY_MALE,
 * PARTY_FEMALE, or 0. */
int
party_word_gender(const char *s, size_t n)
{
	return (int)set_bits(&P.genders, s, n);
}

/* The sex of a person's name, as its titles in the document tell
 * ("Mr. Burman") or its first name: PARTY_MALE, PARTY_FEMALE or 0 for
 * none known (or both). */
int
party_gender(const char *name)
{
	return gender_of(find_name(name), name);
}

/* party_gender of the name that P.names[i] is, or of another name if i
 * is P.nnames. */
static int
gender_of(size_t i, const char *name)
{
	int g = 0;

	if (i < P.nnames)
		g = P.names[i].gender | P.names[P.names[i].full].gender;
	if (!g) {
		size_t k = person_of(i, name, 0);

		if (k != SIZE_MAX)
			i = k;	/* the name of its fullest form */
		if (i < P.nnames)
			g = P.names[i].gender ? P.names[i].gender : first_name(i);
		else
			g = party_word_gender(name, strcspn(name, " "));
	}
	return g == (PARTY_MALE | PARTY_FEMALE) ? 0 : g;
}


/* Marks the names at positions [from, to) as said inside a quotation:
 * a pronoun outside it stands for none of them (in "“Obama and Michelle
 * thought so,” she said" she is not Michelle). */
void
party_quoted(size_t from, size_t to)
{
	size_t i = P.n;

	while (i-- > 0 && P.m[i].at >= from)
		if (P.m[i].at < to)
			P.m[i].quoted = 1;
}

/* The person named last before position before: a name known as a
 * person's or the last name of one, or one of two words or more that is
 * no company's; of sex gender, if not 0, or of none known; not one
 * named as a possessor ("disagreed with Obama's policies"), unless no
 * other is. */
const char *
party_recent_person(size_t before, int gender)
{
	const char *p = recent_person(before, gender, 0);

	return p ? p : recent_person(before, gender, 1);
}

/* How far back, in mentions, a subject is looked for: the last few
 * sentences, and a bound on the work of each pronoun. */
#define RECENT 64

/* The person named last before position before as the subject of a
 * sentence ("Lau denied any link"): the first person of the last
 * sentence that names one, not as a possessor or after a preposition,
 * of sex gender if not 0; *at, the position of that name. */
const char *
party_recent_subject(size_t before, int gender, size_t *at)
{
	size_t i = P.n, best = SIZE_MAX, stop = P.n > RECENT ? P.n - RECENT : 0;
	const char *bestfull = NULL;

	/* the first of the last sentence that names one */
	while (i-- > stop) {
		size_t k = P.m[i].name, f;
		const char *s = P.names[k].s, *full;
		int g;

		if (P.m[i].at >= before || P.m[i].poss || P.m[i].quoted)
			continue;
		if (best != SIZE_MAX && P.m[i].at / 1000000 != P.m[best].at / 1000000)
			break;
		/* known for a person's: by a title, a particle or a first
		 * name ("Lau": "Thomas Lau") */
		f = person_of(k, s, gender);
		full = f == SIZE_MAX ? s : P.names[f].s;
		g = gender_of(k, s) | (f != SIZE_MAX ? gender_of(f, full) : 0);
		if ((P.names[k].person || g) && fits(gender, g)) {
			best = i;
			bestfull = full;
		}
	}
	if (best == SIZE_MAX)
		return NULL;
	*at = P.m[best].at;
	return bestfull;
}

/* party_recent_person, passing by possessives unless poss. */
static const char *
recent_person(size_t before, int gender, int poss)
{
	size_t i = P.n;

	while (i-- > 0) {
		size_t k = P.m[i].name, f;
		const char *s = P.names[k].s, *full;

		if (P.m[i].at >= before || (P.m[i].poss && !poss) || P.m[i].quoted)
			continue;
		f = person_of(k, s, gender);
		full = f == SIZE_MAX ? s : P.names[f].s;
		/* news names a person again by the last name: "Pesch" */
		if ((P.names[k].person || (!strchr(s, ' ') && full != s &&
		    !party_is_company(full)) ||
		    (strchr(s, ' ') && !strstr(s, " and ") && !party_is_company(s))) &&
		    fits(gender, gender_of(k, s) |
		    (f != SIZE_MAX ? gender_of(f, full) : 0)))
			return full;
	}
	return NULL;
}

/* The fullest form of name among the document's parties. */
const char *
party_full(const char *name)
{
	size_t i = find_name(name), k, nbest = strlen(name), g, bestk = SIZE_MAX;
	const char *best = name;
	char *low;

	if (i < P.nnames)
		return P.names[P.names[i].full].s;
	/* a headline's "AIR UK" is the "Air UK" of the story */
	if (P.nnames <= SCANNED) {
		for (k = 0; k < P.nnames; k++)
			if (P.names[k].len == nbest && !strcasecmp(P.names[k].s, name))
				return P.names[P.names[k].full].s;
	} else {
		index_names();
		low = lower_tmp(name, nbest);
		k = set_bits(&P.lower, low, nbest);
		if (k)
			return P.names[P.names[k - 1].full].s;
	}
	/* the longest that is the name and suffixes, the first of those:
	 * one of its group (add_name) */
	if ((g = group_of(name, nbest)) >= P.nnames)
		return best;
	for (k = g + 1; k; k = P.names[k - 1].next)
		if ((P.names[k - 1].len > nbest || (P.names[k - 1].len == nbest &&
		    bestk != SIZE_MAX && k - 1 < bestk)) &&
		    extends(P.names[k - 1].s, name)) {
			best = P.names[k - 1].s;
			nbest = P.names[k - 1].len;
			bestk = k - 1;
		}
	return best;
}

/* How often the party of distinct name i is named, in any form. */
static size_t
count(size_t i)
{
	size_t k, c = 0, full = P.names[i].full;

	for (k = P.names[i].group + 1; k; k = P.names[k - 1].next)
		if (P.names[k - 1].full == full)
			c += P.names[k - 1].count;
	return c;
}

/* A party that stands for itself: a company (a suffix in its fullest
 * name) or a name the document gives more than once, not a passing name. */
static int
is_org(size_t i)
{
	const char *full = P.names[P.names[i].full].s, *sp = strrchr(full, ' ');

	if (P.names[i].person)
		return 0;
	if (sp && set_has(&P.suffixes, sp + 1, strlen(sp + 1)))
		return 1;
	if ((P.names[i].nouns | P.names[P.names[i].full].nouns) & P.company_bits)
		return 1;	/* "Changyu, the largest wine maker" */
	return count(i) >= 2;
}

/* Whether name is of a party that stands for itself (see is_org). */
int
party_is_org(const char *name)
{
	size_t i = find_name(name);

	return i < P.nnames && is_org(i);
}

/* Whether the word s is a company suffix ("Ltd"). */
int
party_is_suffix(const char *s)
{
	return set_has(&P.suffixes, s, strlen(s));
}

/* The party named last before position before (sentence * 1000000 +
 * offset), other than exclude.  org 0: any; 1: a party that stands for
 * itself (see is_org), not a passing name; 2: any but a person; 3: a
 * company (a suffix in its fullest name), else as 1. */
const char *
party_recent(size_t before, const char *exclude, int org)
{
	const char *ex = exclude ? party_full(exclude) : NULL;
	size_t i = P.n;

	if (org == 3) {
		while (i-- > 0) {
			const char *full = P.names[P.names[P.m[i].name].full].s;

			if (P.m[i].at < before && !P.m[i].of_name && party_is_company(full) &&
			    (!ex || strcmp(full, ex)))
				return full;
		}
		return party_recent(before, exclude, 1);
	}
	while (i-- > 0) {
		size_t k = P.m[i].name;
		const char *full = P.names[P.names[k].full].s;

		if (P.m[i].at >= before || P.m[i].of_name || (org == 1 && !is_org(k)) ||
		    (org == 2 && P.names[k].person))
			continue;
		if (ex && !strcmp(full, ex))
			continue;
		return full;
	}
	return NULL;
}

/* The two parties named most so far, in the order the document first
 * names them; 0 if there are not two. */
int
party_top2(const char **a, const char **b)
{
	size_t k, c, best = 0, second = 0, ia = 0, ib = 0;

	for (k = 0; k < P.nnames; k++) {
		if (P.names[k].full != k || P.names[k].person)
			continue;	/* counted with its fullest form; no people */
		c = count(k);
		if (c > best) {
			ib = ia, second = best;
			ia = k, best = c;
		} else if (c > second) {
			ib = k, second = c;
		}
	}
	if (!best || !second)
		return 0;
	if (first_of(ib) < first_of(ia)) {
		size_t t = ia;

		ia = ib;
		ib = t;
	}
	*a = P.names[ia].s;
	*b = P.names[ib].s;
	return 1;
}

/* Whether names a and b may stand for one party: one fullest name, or
 * the one the first words or the last of the other ("Illva" of "Illva
 * Saronno", "Glazer" of "Malcolm Glazer"). */
int
party_same(const char *a, const char *b)
{
	const char *x = party_full(a), *y = party_full(b), *t;
	size_t nx = strlen(x), ny = strlen(y), n;

	if (nx > ny) {
		t = x, x = y, y = t;
		n = nx, nx = ny, ny = n;
	}
	if (nx == ny)
		return !strcmp(x, y);
	return (!strncmp(x, y, nx) && y[nx] == ' ') ||
	    (!strcmp(y + ny - nx, x) && y[ny - nx - 1] == ' ');
}

/* The party a description with noun s[0..n) stands for ("the group",
 * "the US tycoon"): the last named before position before, other than
 * exclude, that the document has described with that noun; NULL if
 * none. */
const char *
party_described(const char *s, size_t n, size_t before, const char *exclude)
{
	unsigned long long bit = noun_bit(noun_value(s, n));
	const char *ex = exclude ? party_full(exclude) : NULL;
	size_t i = P.n;

	if (!bit)
		return NULL;
	while (i-- > 0) {
		size_t k = P.m[i].name, f = P.names[k].full;

		if (P.m[i].at >= before || !((P.names[k].nouns | P.names[f].nouns) & bit))
			continue;
		if (ex && !strcmp(P.names[f].s, ex))
			continue;
		return P.names[f].s;
	}
	return NULL;
}
