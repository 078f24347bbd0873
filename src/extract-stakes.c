/* extract-stakes: split output to one row per equity stake or investment.
 * Writes doc, sent, start, end, text, holder, target, percent, amount,
 * currency, qualifier, modality.
 *
 * Anchor first, then arguments.  Each percentage and each amount of money
 * in a sentence (libmoney) is an anchor; the words around it, of
 * rules/stake-words.tsv, say whether it is equity (a stake noun, a verb
 * that holds, buys, sells, invests or offers, "owned by") or not ("10% of
 * sales"); then the target is looked for where English puts it after the
 * anchor ("of X", "in X", "for X") or before it ("its stake in X ... to
 * 9.9%", "X, which is 40% owned by"), and the holder in the clause's
 * subject, an apposition or relative clause ("X, which owns"), a
 * coordination ("A and B, who own"), a "by", "to" or "from" phrase, or a
 * possessive ("X's 20% stake").  Pronouns and descriptions ("it", "the
 * club") stand for the party named before them (libparty), and a stake
 * with no party of its own takes those of the document's last.  The
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

/* The classes of stake-words.tsv, as bits; and those of the nouns of a
 * party (party-nouns.tsv, libparty). */
enum {
	PCT = 1 << 0, NOUN = 1 << 1, ADJ = 1 << 2, HOLD = 1 << 3, BUY = 1 << 4,
	SELL = 1 << 5, INVEST = 1 << 6, PAY = 1 << 7, OFFER = 1 << 8,
	DEAL = 1 << 9, VALUE = 1 << 10, CHANGE = 1 << 11, PASSIVE = 1 << 12,
	HOLDER = 1 << 13, NOT = 1 << 14, HEAD = 1 << 15, STOP = 1 << 16,
	MAKE = 1 << 17, RECEIVE = 1 << 18, SAY = 1 << 19, TELL = 1 << 20,
	AUX = 1 << 21, MEANS = 1 << 22, MAJOR = 1 << 23, ACT = 1 << 24,
	COMPANY = 1 << 25, PERSON = 1 << 26
};
static const char *const classes[] = {
	"pct", "noun", "adj", "hold", "buy", "sell", "invest", "pay", "offer",
	"deal", "value", "change", "passive", "holder", "not", "head", "stop",
	"make", "receive", "say", "tell", "aux", "means", "major", "act", NULL
};
/* The verbs a stake may hang on, and those that move money into one. */
#define VERBS (HOLD | BUY | SELL | INVEST | PAY | OFFER | CHANGE)
/* The words a stake is found from (the anchors of stakes()): a
 * percentage's or a majority's, and the words an amount needs to be a
 * stake's price (see money_anchor). */
#define ANCHORS (PCT | MAJOR)
#define PRICED (INVEST | PAY | OFFER | BUY | SELL | VALUE | DEAL)
/* The words without one of which in its sentence an anchor finds no
 * stake: a percentage's (pct_anchor: a stake noun, a holder's, a
 * passive's "owned by", or a verb that holds or moves a stake), a
 * majority's (major_anchor: the noun or holder after it). */
#define PCT_NEEDS (NOUN | HOLDER | PASSIVE | VERBS)
#define MAJOR_NEEDS (NOUN | HOLDER)

enum { T_WORD, T_NAME, T_PCT, T_MONEY, T_NUM, T_PUNCT };
/* The classes of a word not yet looked up: most words of a sentence are
 * never asked about (tok_cls). */
#define CLS_UNKNOWN (1u << 31)

struct tok {
	size_t so, eo;		/* in the sentence */
	int kind;
	unsigned cls;		/* T_WORD: its classes, or CLS_UNKNOWN */
	const char *name;	/* T_NAME */
	int span;		/* T_NAME: its index in party_spans, -1 for
				 * a headline's (headline_names) */
	int poss;		/* T_NAME: a possessive follows ("Renault's") */
	int s;			/* T_NAME: an "'s" follows that is the name's
				 * ("Foster's bought") */
	int m;			/* T_MONEY: its amount in S.m */
	char num[24];		/* T_PCT: the number */
};

/* A party as the sentence gives it: a token, with the name it stands
 * for once resolved. */
struct party {
	int k;			/* token, -1 for none */
	char *name;
};

struct row {
	long sent;
	long long start, end;
	char *text, *holder, *target, *percent, *amount, *currency;
	const char *qualifier, *modality;
	int unit;		/* of the money, see struct money */
	size_t seq;		/* order of finding, for a stable sort */
};

/* A stake found in a sentence, before it is merged with another of the
 * same parties ("spent A$584m on buying an 18.8% stake") and kept. */
struct cand {
	char *holder, *target;
	const char *pct;	/* the number, or NULL */
	const struct money *money;
	const char *q, *mod;
	size_t so, eo;
};

/* The most bytes that the words of a gate's classes and its odd words may
 * start with for a search for any of them (strcspn) to beat a look at
 * every word of a sentence: those of a percentage or majority start with
 * seven ("%", "p", "m", "c", either case), those a majority needs with
 * eight; those of a price, with twenty-two, are found faster by the look
 * at every word. */
#define GATE_FEW 12
/* The most starts of three bytes (or of a shorter word's all) that a
 * gate's words of classes want may have for a look at every place of a
 * sentence, sixteen at a time, to find them with fewer stops than a
 * search of their first bytes: "%", "pc", "per", "maj" and "con" for a
 * percentage or majority, whose first bytes stand at one place in
 * fourteen of news ("p", "m", "c"), at which the search stops where the
 * processor cannot foresee it. */
#define GATE_STARTS 6

/* Words looked for in a sentence, in any case: those of letters and
 * digits in lower case, by class, with the lengths of those of each first
 * two letters; the others, by search. */
struct gate {
	struct strset set;
	uint32_t pre[32][32];
	size_t max;
	char **odd;
	unsigned *oddcls;
	size_t *oddlen, nodd, oddcap, oddcap2, oddcap3;
	char first[256];	/* the bytes odd words start with, nfirst: a
				 * string (the gate is static) */
	size_t nfirst;
	unsigned char byte[256];	/* G_ALNUM, G_ODD: an odd word's first,
					 * G_END: '\0' */
	unsigned char second[256];	/* an odd word's second byte */
	struct start {		/* each word's first three bytes, folded */
		unsigned char s[3], len, odd;
		unsigned cls;	/* its classes */
	} *start;
	size_t nstart, startcap;
	unsigned cls[256];	/* the classes of the words of letters and
				 * digits a byte starts, either case */
	struct few {		/* the first bytes of the words of classes
				 * want, where they are few (see few_starts) */
		unsigned want;
		size_t n;
		char byte[GATE_FEW + 1];	/* a string, for strcspn */
		size_t nstarts;	/* 0: more than GATE_STARTS */
		struct start starts[GATE_STARTS];
#ifdef SCAN16
		/* each start's bytes in all sixteen places, and past its
		 * length bytes that every byte matches (few_places) */
		__m128i place[GATE_STARTS][3], any[GATE_STARTS][3];
#endif
	} few[4];		/* one for each want of may_hold_stake */
	size_t nfew;
	struct few odds;	/* the starts of the odd words alone */
};
enum {
	G_ALNUM = 1, G_ODD = 2, G_ODD1 = 4 /* an odd word of one byte */,
	G_END = 8
};
#define G_ODDS (G_ODD | G_ODD1)

#define MAXTOK 512
#ifndef HELD_ROWS	/* the fuzzers set it low */
#define HELD_ROWS 4096
#endif
/* bytes: the most text of sentences passed by that waits to be read */
#define PASSED_MAX (1 << 18)
#define MAXCAND 32

static struct {
	struct strset words;	/* stake-words.tsv, with class bits */
	char **anchors;		/* its pct and major words, see add_anchor */
	size_t *anchorlen, nanchors, anchorcap, anchorcap2, anchorcap3;
	unsigned char first[256];	/* 1 + the last anchor of a first byte */
	char firsts[256];	/* those bytes, a string */
	const struct few *anchor_places;	/* where they may start */
	size_t nfirsts;
	unsigned char pct_first[256];	/* a percentage's words' first
					 * bytes, either case */
	unsigned char *anchornext;	/* 1 + the one before it, 0 for none */
	size_t *spaced, nspaced, spacedcap;	/* the anchors of two words
						 * ("per cent"), as written */
	char **mod_phrase, **mod_value;
	size_t *mod_len, nmod;
	/* 1 + the first phrase of a first byte, 1 + the next of its byte
	 * after phrase j (mod_next[j]), 0 for none: see modality */
	size_t mod_first[256], *mod_next;
	const char *dir;
	/* the sentence */
	const struct sent *s;
	struct tok t[MAXTOK];
	int n;
	char hnames[1024];	/* the names of a headline */
	struct money m[64];
	size_t nm;
	struct cand c[MAXCAND];
	size_t nc;
	/* the tokens of the sentence a probe found a row in (text), kept
	 * for its stakes with the spans of names they were read with: the
	 * same spans read again (see may_find_row) give the same tokens */
	struct {
		const char *text;
		size_t *so, *eo, n, cap, cap2;
	} kept;
	/* the document */
	struct row *rows;
	size_t nrows, cap;
	char *doc;
	char *lastholder, *lasttarget;	/* of the document's last stake */
	char *topic, *pretopic;	/* the subject of this sentence, the last */
	char *opener;		/* the name the last sentence opens with */
	/* the sentences passed by (may_hold_stake) since the last read, the
	 * first base_read of which a stake's sentence of the old sieve
	 * (the anchors' words alone) has read, base_at the queue's bytes
	 * then */
	struct sentq passed, spare;
	size_t base_read, base_at;
	/* the first money_read of them have had their money followed (a
	 * stake's sentence follows it ahead of their names: see
	 * follow_passed_money) */
	size_t money_read;
	/* whether each of them has a digit (has_digit, asked once) */
	unsigned char *digit;
	size_t digitcap;
	/* libparty has read no sentence of the document (since its last
	 * reset); probing: the anchors are tried to see whether a stake
	 * may be found (may), not to find it (may_find_row) */
	int fresh, probing, may;
	int anchor;		/* the sentence writes an anchor's word, -1
				 * until asked (sentence_anchor) */
	/* may_hold_stake's words: those of an anchor or price, and those an
	 * anchor needs near it */
	struct gate gate, need;
	int major_odd;		/* a word of a majority is not of letters and
				 * digits alone (see may_be_major) */
} S;

/* The modalities of the contract. */
static const char *const modalities[] = { "holds", "plans", "considers", NULL };

static int is_alnum(unsigned char);
static const struct few *few_of(const struct gate *, unsigned);
static int is_digit(char);

/* The index in gate_pre of a word's first or second letter. */
static unsigned
pre(const char *w, size_t n, size_t i)
{
	return i < n ? ((unsigned char)w[i] | 0x20) & 31 : 0;
}

/* Byte c in the other case, or c if it has none. */
static unsigned char
other_case(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Byte c, and its other case, as one an odd word of gate g starts with. */
static void
add_first(struct gate *g, unsigned char c)
{
	unsigned char o = other_case(c);

	if (!(g->byte[c] & G_ODDS)) {
		g->first[g->nfirst++] = (char)c;
		if (o != c)
			g->first[g->nfirst++] = (char)o;
	}
}

/* Sets bits b of byte c in table t, and of its other case. */
static void
mark_both(unsigned char *t, unsigned char c, unsigned b)
{
	t[c] |= b;
	t[other_case(c)] |= b;
}

/* Gate g with no words: its bytes' flags, the text's end that of '\0'
 * (see gate_classes). */
static void
init_gate(struct gate *g)
{
	size_t i;

	for (i = 0; i < 256; i++)
		g->byte[i] = is_alnum((unsigned char)i) ? G_ALNUM : 0;
	g->byte[0] = G_END;
}

/* Whether w[0..n) is a word of letters and digits that a gate looks up
 * in its set (of 31 bytes at most). */
static int
is_alnum_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n && is_alnum((unsigned char)w[i]); i++)
		;
	return i == n && n <= 31;
}

/* A word of an anchor, in any case ("Percent", "PCT" in headlines): a
 * sentence with none of them and no money holds no stake.  Listed from
 * both cases of its first byte; "per cent" and "per-cent", of two words,
 * also in S.spaced. */
static void
add_anchor(const char *w, size_t n)
{
	unsigned char c = (unsigned char)w[0], o = other_case(c);

	S.anchors = egrow(S.anchors, &S.anchorcap, S.nanchors + 1, sizeof *S.anchors);
	S.anchorlen = egrow(S.anchorlen, &S.anchorcap2, S.nanchors + 1,
	    sizeof *S.anchorlen);
	S.anchornext = egrow(S.anchornext, &S.anchorcap3, S.nanchors + 1,
	    sizeof *S.anchornext);
	if (S.nanchors + 1 > 255)
		die(EXIT_DATA, "stake-words.tsv: more than 255 words of percentages and majorities");
	if (!S.first[c]) {
		S.firsts[S.nfirsts++] = (char)c;
		if (o != c)
			S.firsts[S.nfirsts++] = (char)o;
	}
	S.anchornext[S.nanchors] = S.first[c];
	S.first[c] = S.first[o] = (unsigned char)(S.nanchors + 1);
	S.anchorlen[S.nanchors] = n;
	S.anchors[S.nanchors++] = estrdup(w);
	if (!is_alnum_word(w, n)) {
		S.spaced = egrow(S.spaced, &S.spacedcap, S.nspaced + 1, sizeof *S.spaced);
		S.spaced[S.nspaced++] = S.nanchors - 1;
	}
}

/* The first three bytes of word w[0..n) of gate g (its all if shorter),
 * of classes cls, folded as few_places compares them: a letter's case
 * bit set, which other bytes may have too, so that the places found are
 * more than the words', never fewer. */
static void
add_start(struct gate *g, const char *w, size_t n, unsigned cls, int odd)
{
	struct start *st;
	size_t i;

	g->start = egrow(g->start, &g->startcap, g->nstart + 1, sizeof *g->start);
	st = &g->start[g->nstart++];
	st->len = (unsigned char)(n < 3 ? n : 3);
	for (i = 0; i < st->len; i++)
		st->s[i] = (unsigned char)w[i] | 0x20;
	st->cls = cls;
	st->odd = (unsigned char)odd;
}

/* A word of gate g, of class cls. */
static void
add_gate_word(struct gate *g, const char *w, size_t n, unsigned cls)
{
	unsigned char c = (unsigned char)w[0];

	add_start(g, w, n, cls, !is_alnum_word(w, n));
	if (!is_alnum_word(w, n)) {
		/* found from its first two bytes, in either case */
		add_first(g, c);
		mark_both(g->byte, c, n == 1 ? G_ODD1 : G_ODD);
		if (n > 1)
			mark_both(g->second, (unsigned char)w[1], 1);
		g->odd = egrow(g->odd, &g->oddcap, g->nodd + 1, sizeof *g->odd);
		g->oddcls = egrow(g->oddcls, &g->oddcap2, g->nodd + 1, sizeof *g->oddcls);
		g->oddlen = egrow(g->oddlen, &g->oddcap3, g->nodd + 1, sizeof *g->oddlen);
		g->oddlen[g->nodd] = n;
		g->odd[g->nodd] = estrdup(w);
		g->oddcls[g->nodd++] = cls;
		return;
	}
	set_or(&g->set, w, n, cls);
	g->cls[c] |= cls;
	g->cls[other_case(c)] |= cls;
	g->pre[pre(w, n, 0)][pre(w, n, 1)] |= 1u << n;
	if (n > g->max)
		g->max = n;
}

/* Whether start a is the whole or the start of start b. */
static int
start_covers(const struct start *a, const struct start *b)
{
	return a->len <= b->len && !memcmp(a->s, b->s, a->len);
}

/* The starts of the words of f's classes and of the odd words (which
 * are looked at whatever the classes wanted, odd_may), or of the odd
 * words alone, each covered by none of the others; none if they are more
 * than GATE_STARTS. */
static void
few_start_set(const struct gate *g, struct few *f, int odd_only)
{
	size_t i, k, m;

	f->nstarts = 0;
	for (i = 0; i < g->nstart; i++) {
		const struct start *st = &g->start[i];

		if (!st->odd && (odd_only || !(st->cls & f->want)))
			continue;
		for (k = 0; k < f->nstarts && !start_covers(&f->starts[k], st); k++)
			;
		if (k < f->nstarts)
			continue;
		for (k = m = 0; k < f->nstarts; k++)
			if (!start_covers(st, &f->starts[k]))
				f->starts[m++] = f->starts[k];
		if ((f->nstarts = m) == GATE_STARTS) {
			f->nstarts = 0;
			return;
		}
		f->starts[f->nstarts++] = *st;
	}
#ifdef SCAN16
	for (i = 0; i < f->nstarts; i++)
		for (k = 0; k < 3; k++) {
			f->place[i][k] = _mm_set1_epi8((char)f->starts[i].s[k]);
			f->any[i][k] = _mm_set1_epi8(k < f->starts[i].len ? 0 : -1);
		}
#endif
}

/* The bytes that the words of letters and digits of classes want of gate
 * g start with, and its odd words, kept for gate_classes if they are
 * few. */
static void
few_starts(struct gate *g, unsigned want)
{
	struct few *f = &g->few[g->nfew];
	unsigned c;

	f->want = want;
	f->n = 0;
	for (c = 0; c < 256; c++)
		if ((g->cls[c] & want) || (g->byte[c] & G_ODDS)) {
			if (f->n == GATE_FEW)
				return;
			f->byte[f->n++] = (char)c;
		}
	f->byte[f->n] = '\0';
	few_start_set(g, f, 0);
	g->nfew++;
}

static void
load_words(const char *dir)
{
	static const char *const cols[] = { "word", "class", NULL };
	struct tsv t;
	int c[2];

	init_gate(&S.gate);
	init_gate(&S.need);
	rules_table(&t, dir, "stake-words.tsv", cols, c);
	while (tsv_next(&t)) {
		size_t k;

		for (k = 0; classes[k] && strcmp(classes[k], t.f[c[1]]); k++)
			;
		if (!classes[k])
			die_at(EXIT_DATA, t.name, t.line, "no class '%s'", t.f[c[1]]);
		set_or(&S.words, t.f[c[0]], t.flen[c[0]], 1u << k);
		if ((1u << k) & (PCT | MAJOR))
			add_anchor(t.f[c[0]], t.flen[c[0]]);
		if ((1u << k) & MAJOR)
			S.major_odd |= !is_alnum_word(t.f[c[0]], t.flen[c[0]]);
		if ((1u << k) & PCT)
			mark_both(S.pct_first, (unsigned char)t.f[c[0]][0], 1);
		if ((1u << k) & (ANCHORS | PRICED))
			add_gate_word(&S.gate, t.f[c[0]], t.flen[c[0]], 1u << k);
		if ((1u << k) & (PCT_NEEDS | MAJOR_NEEDS))
			add_gate_word(&S.need, t.f[c[0]], t.flen[c[0]], 1u << k);
	}
	rules_close(&t);
	few_starts(&S.gate, ANCHORS);
	few_starts(&S.gate, ANCHORS | PRICED);
	few_starts(&S.need, PCT_NEEDS);
	few_starts(&S.need, MAJOR_NEEDS);
	few_start_set(&S.gate, &S.gate.odds, 1);
	S.anchor_places = few_of(&S.gate, ANCHORS);
	few_start_set(&S.need, &S.need.odds, 1);
}

static void
load_modality(const char *dir)
{
	static const char *const cols[] = { "phrase", "modality", NULL };
	struct tsv t;
	int c[2];
	size_t cap = 0, cap2 = 0, cap3 = 0, cap4 = 0, last[256] = { 0 };

	rules_table(&t, dir, "stake-modality.tsv", cols, c);
	while (tsv_next(&t)) {
		unsigned char first = (unsigned char)t.f[c[0]][0];

		rules_choice(&t, "modality", t.f[c[1]], modalities);
		if (!first)
			die_at(EXIT_DATA, t.name, t.line, "empty phrase");
		S.mod_phrase = egrow(S.mod_phrase, &cap, S.nmod + 1, sizeof *S.mod_phrase);
		S.mod_value = egrow(S.mod_value, &cap2, S.nmod + 1, sizeof *S.mod_value);
		S.mod_len = egrow(S.mod_len, &cap3, S.nmod + 1, sizeof *S.mod_len);
		S.mod_next = egrow(S.mod_next, &cap4, S.nmod + 1, sizeof *S.mod_next);
		S.mod_phrase[S.nmod] = estrdup(t.f[c[0]]);
		S.mod_value[S.nmod] = estrdup(t.f[c[1]]);
		S.mod_len[S.nmod] = t.flen[c[0]];
		S.mod_next[S.nmod] = 0;
		/* listed by first byte, in the file's order */
		if (last[first])
			S.mod_next[last[first] - 1] = S.nmod + 1;
		else
			S.mod_first[first] = S.nmod + 1;
		last[first] = ++S.nmod;
	}
	rules_close(&t);
}

static void
init(const char *dir)
{
	S.dir = dir;
	S.fresh = 1;
	money_init(dir);
	party_init(dir);
	load_words(dir);
	load_modality(dir);
}

/* The tokens of the sentence. */

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Whether s[i..n) starts with a letter or digit, of any script. */
static inline int
alnum_at(const char *s, size_t n, size_t i)
{
	int32_t cp;

	if (i >= n)
		return 0;
	if (!((unsigned char)s[i] & 0x80))
		return is_alnum((unsigned char)s[i]);
	utf_decode((const unsigned char *)s + i, n - i, &cp);
	return utf_is_alpha(cp) || utf_is_digit(cp);
}

/* The end of the character at s[i]. */
static size_t
next_char(const char *s, size_t n, size_t i)
{
	for (i++; i < n && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
		;
	return i;
}

/* The end of the word of s[0..n) that goes on at i: its letters and
 * digits of any script, and a '-', '\'', '.' or '&' before one ("A&P",
 * "U.S."); read a byte at a time where it is an ASCII letter or digit,
 * most of a word (in valid UTF-8, libsent's text, a character of its
 * own). */
static size_t
word_end(const char *s, size_t n, size_t i)
{
	for (;;) {
		while (i < n && is_alnum((unsigned char)s[i]))
			i++;
		if (i >= n || !(alnum_at(s, n, i) || ((s[i] == '-' || s[i] == '\'' ||
		    s[i] == '.' || s[i] == '&') && alnum_at(s, n, i + 1))))
			return i;
		i = next_char(s, n, i);
	}
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The classes of word s[0..n), looked up in lower case. */
static unsigned
word_classes(const char *s, size_t n)
{
	char low[32];

	if (!ascii_lower(low, sizeof low, s, n))
		return 0;
	switch (party_noun(low, n)) {
	case PARTY_COMPANY:
		return set_bits(&S.words, low, n) | COMPANY;
	case PARTY_PERSON:
		return set_bits(&S.words, low, n) | PERSON;
	}
	return set_bits(&S.words, low, n);
}

/* The classes of token k, looked up when first asked. */
static unsigned
tok_cls(int k)
{
	struct tok *t = &S.t[k];

	if (t->cls == CLS_UNKNOWN)
		t->cls = word_classes(S.s->text + t->so, t->eo - t->so);
	return t->cls;
}

/* The bits of word s[0..n) in set, looked up in lower case: for
 * stake-words.tsv, its classes without those of a party's noun
 * (word_classes). */
static unsigned
lower_bits(const struct strset *set, const char *s, size_t n)
{
	char low[32];

	return ascii_lower(low, sizeof low, s, n) ? set_bits(set, low, n) : 0;
}

/* Whether s[i..) starts with word w (a whole word, in any case). */
static int
word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);

	return i + k <= n && !strncasecmp(s + i, w, k) &&
	    (i + k == n || !is_alnum((unsigned char)s[i + k]));
}

/* pct_after of a word of a percentage at s[j..n): its end, or 0. */
static size_t
pct_word_at(const char *s, size_t n, size_t j)
{
	size_t k;

	/* "per cent": a word of two, an anchor's (add_anchor) */
	for (k = 0; k < S.nspaced; k++)
		if (word_at(s, n, j, S.anchors[S.spaced[k]]))
			return j + S.anchorlen[S.spaced[k]];
	for (k = j; k < n && is_alnum((unsigned char)s[k]); k++)
		;
	if (k > j && (lower_bits(&S.words, s + j, k - j) & PCT))
		return k;
	return 0;
}

/* After a number ending at i: the end of its percentage sign or word
 * ("%", " percent", "-pct", " per cent"), or 0.  In line, as it is
 * asked after every number and word: most words after one start with no
 * byte of a percentage's. */
static inline size_t
pct_after(const char *s, size_t n, size_t i)
{
	size_t j = i;

	if (j < n && s[j] == '%')
		return j + 1;
	if (j < n && (s[j] == ' ' || s[j] == '-'))
		j++;
	if (j >= n || !S.pct_first[(unsigned char)s[j]])
		return 0;
	return pct_word_at(s, n, j);
}

static void
add_tok(size_t so, size_t eo, int kind)
{
	struct tok *t;

	if (S.n >= MAXTOK)
		return;
	t = &S.t[S.n++];
	memset(t, 0, sizeof *t);
	t->so = so;
	t->eo = eo;
	t->kind = kind;
	t->m = -1;
}

/* A headline writes its names in capitals too: a run of words of no
 * class is a name there ("KLM TO TAKE 15 PCT STAKE IN AIR UK": "KLM",
 * "AIR UK"), which the story names in its own case (party_full). */
static void
headline_names(void)
{
	int k, j, w = 0;
	size_t used = 0;

	for (k = 0; k < S.n; k = j) {
		size_t len;

		for (j = k; j < S.n && S.t[j].kind == T_WORD && !tok_cls(j); j++)
			;
		if (j == k) {
			S.t[w++] = S.t[j++];
			continue;
		}
		len = S.t[j - 1].eo - S.t[k].so;
		if (used + len + 1 > sizeof S.hnames) {
			while (k < j)
				S.t[w++] = S.t[k++];
			continue;
		}
		S.t[w] = S.t[k];
		S.t[w].kind = T_NAME;
		S.t[w].span = -1;
		S.t[w].eo = S.t[j - 1].eo;
		S.t[w].name = memcpy(S.hnames + used, S.s->text + S.t[k].so, len);
		S.hnames[used + len] = '\0';
		used += len + 1;
		w++;
	}
	S.n = w;
}

static void
tokenize(void)
{
	const struct sent *st = S.s;
	const char *s = st->text;
	const struct pspan *sp;
	size_t n = st->len, i = 0, j, ns = party_spans(&sp), is = 0, im = 0;

	S.n = 0;
	while (i < n && S.n < MAXTOK) {
		unsigned char c = (unsigned char)s[i];

		while (is < ns && sp[is].so < i)
			is++;
		while (im < S.nm && S.m[im].so < i)
			im++;
		if (c == ' ') {
			i++;
			continue;
		}
		if (im < S.nm && S.m[im].so == i) {
			add_tok(i, S.m[im].eo, T_MONEY);
			S.t[S.n - 1].m = (int)im;
			i = S.m[im].eo;
			continue;
		}
		if (is < ns && sp[is].so == i) {
			add_tok(i, sp[is].eo, T_NAME);
			S.t[S.n - 1].name = sp[is].name;
			S.t[S.n - 1].span = (int)is;
			i = sp[is].eo;
			if (i + 1 < n && (s[i] == '\'' ) && s[i + 1] == 's')
				i += 2, S.t[S.n - 1].poss = 1;
			else if (i + 3 < n && !memcmp(s + i, "\xe2\x80\x99s", 4))
				i += 4, S.t[S.n - 1].poss = 1;
			else if (i < n && s[i] == '\'' && s[i - 1] == 's')
				i++, S.t[S.n - 1].poss = 1;
			continue;
		}
		if (is_digit((char)c)) {
			size_t e;

			for (j = i; j < n && (is_digit(s[j]) || ((s[j] == '.' ||
			    s[j] == ',') && j + 1 < n && is_digit(s[j + 1]))); j++)
				;
			if ((e = pct_after(s, n, j)) && j - i < sizeof S.t[0].num) {
				size_t k, o = 0;

				add_tok(i, e, T_PCT);
				for (k = i; k < j; k++)
					if (s[k] != ',')
						S.t[S.n - 1].num[o++] = s[k];
				i = e;
				continue;
			}
			add_tok(i, j, T_NUM);
			i = j;
			continue;
		}
		if (alnum_at(s, n, i)) {
			size_t e;
			long v;

			j = word_end(s, n, next_char(s, n, i));
			/* "five pct" */
			if ((e = pct_after(s, n, j)) && (v = money_words(s + i, j - i)) > 0 &&
			    v <= 100) {
				add_tok(i, e, T_PCT);
				snprintf(S.t[S.n - 1].num, sizeof S.t[0].num, "%ld", v);
				i = e;
				continue;
			}
			add_tok(i, j, T_WORD);
			S.t[S.n - 1].cls = CLS_UNKNOWN;
			i = j;
			continue;
		}
		j = i + 1;
		while (j < n && ((unsigned char)s[j] & 0xc0) == 0x80)
			j++;
		add_tok(i, j, T_PUNCT);
		i = j;
	}
	if (party_capitals())
		headline_names();
}

/* Token tests. */

static int
word(int k, unsigned cls)
{
	return k >= 0 && k < S.n && S.t[k].kind == T_WORD && (tok_cls(k) & cls);
}

static inline int
is(int k, const char *w)
{
	const struct tok *t;

	if (k < 0 || k >= S.n)
		return 0;
	t = &S.t[k];
	return t->kind == T_WORD && t->eo - t->so == strlen(w) &&
	    !strncasecmp(S.s->text + t->so, w, t->eo - t->so);
}

static inline int
punct(int k, const char *p)
{
	const struct tok *t;

	if (k < 0 || k >= S.n)
		return 0;
	t = &S.t[k];
	return t->kind == T_PUNCT && t->eo - t->so == strlen(p) &&
	    !memcmp(S.s->text + t->so, p, t->eo - t->so);
}

/* The kind of token k, -1 outside the sentence. */
static int
kind(int k)
{
	return k >= 0 && k < S.n ? S.t[k].kind : -1;
}

static int
dash(int k)
{
	return punct(k, "-") || punct(k, "\xe2\x80\x93") || punct(k, "\xe2\x80\x94");
}

/* A boundary that no argument is looked for across. */
static int
clause_end(int k)
{
	return punct(k, ";") || punct(k, ":") || punct(k, "(") || punct(k, ")") ||
	    (punct(k, ".") && k + 1 < S.n);
}

static int
is_pronoun(int k)
{
	return kind(k) == T_WORD &&
	    party_pronoun(S.s->text + S.t[k].so, S.t[k].eo - S.t[k].so);
}

static int
quote_mark(int k)
{
	return punct(k, "\"") || punct(k, "\xe2\x80\x9c") || punct(k, "\xe2\x80\x9d") ||
	    punct(k, "'");
}

/* Parties. */

static size_t
at_of(int k)
{
	return (size_t)S.s->sent * 1000000 + (k >= 0 && k < S.n ? S.t[k].so : 0);
}

/* "the Ambani family", "Foster's": a name and what belongs to it. */
static char *
name_of(int k)
{
	const struct tok *t = &S.t[k];
	size_t eo = t->eo;
	int j = k + 1;
	char *r;

	if (t->s) {
		r = emalloc(strlen(t->name) + 3);
		strcpy(r, t->name);
		return strcat(r, "'s");
	}
	/* "the Yantai city government": a word of the head before it */
	if (!t->poss && kind(j) == T_WORD && !tok_cls(j) && word(j + 1, HEAD) &&
	    S.s->text[S.t[j].so] >= 'a' && S.s->text[S.t[j].so] <= 'z')
		j++;
	if (t->poss || !word(j, HEAD))
		return estrdup(t->name);
	while (word(j, HEAD))
		eo = S.t[j++].eo;
	r = emalloc(strlen(t->name) + (eo - t->eo) + 1);
	strcpy(r, t->name);
	strncat(r, S.s->text + t->eo, eo - t->eo);
	return r;
}

static int subject(int, int *);
static int verb_before(int, unsigned, int);

/* Whether the words at k are a description ("the group") or a pronoun
 * of a company ("it"), which no person is. */
static int description(int, int *);

static int
of_company(int k)
{
	int end;

	return (description(k, &end) && word(end, COMPANY)) || is(k, "it") || is(k, "its") ||
	    is(k, "their") || is(k, "they");
}

/* Whether a name may be a person's: known as one, or of two or three
 * capitalised words and no company's or party's that stands for itself
 * ("Takao Kato"). */
static int
person_like(const char *name)
{
	const char *p;
	int words = 1;

	if (party_is_person(name))
		return 1;
	if (party_is_company(name) || party_is_org(name))
		return 0;
	/* "Takao Kato": two or three words, each capitalised */
	for (p = name; *p; p++)
		if (*p == ' ') {
			words++;
			if (p[1] < 'A' || p[1] > 'Z')
				return 0;
		} else if (*p == '&' || (*p >= '0' && *p <= '9'))
			return 0;
	return words == 2 || words == 3;
}

/* Whether the name p may be what token k stands for, other than ex: a
 * company's pronoun or description stands for no person. */
static int
may_be(const char *p, int k, const char *ex)
{
	if (!p || (ex && party_same(p, ex)))
		return 0;
	return !(of_company(k) && person_like(p));
}

/* The party a pronoun or description at k stands for.  A holder: the
 * subject of its sentence before it ("X said it"), else the subject of the last sentence or the
 * one before (news keeps its subject), else the party named last.  A
 * target: the company named last, else the party.  Never exclude. */
static char *
refer(int k, const char *exclude, int holder)
{
	const char *ex = exclude ? party_full(exclude) : NULL, *p;
	int h, and, end;

	/* "the group": the last name the document described so */
	if (description(k, &end) && (p = party_described(S.s->text + S.t[end].so,
	    S.t[end].eo - S.t[end].so, at_of(k), exclude)))
		return estrdup(p);
	/* "he": the subject before it if no company's, else the person
	 * named last */
	if (kind(k) == T_WORD && party_pronoun(S.s->text + S.t[k].so,
	    S.t[k].eo - S.t[k].so) == PARTY_PERSON_PRONOUN) {
		if ((h = subject(k, &and)) < 0 || kind(h) != T_NAME ||
		    party_is_company(S.t[h].name) || (ex && party_same(S.t[h].name, ex)))
			for (h = k - 1; h >= 0 && !(kind(h) == T_NAME &&
			    person_like(S.t[h].name)); h--)
				;
		if (h >= 0) {
			/* "the boss of Mitsubishi Motors, Takao Kato, ... he has
			 * invested": the officer speaks for his company */
			if (punct(h - 1, ",") && punct(h + 1, ",") && kind(h - 2) == T_NAME &&
			    party_is_company(S.t[h - 2].name) &&
			    (!ex || !party_same(S.t[h - 2].name, ex)))
				return estrdup(S.t[h - 2].name);
			if (!ex || !party_same(S.t[h].name, ex))
				return estrdup(party_person(S.t[h].name, 0));
		}
		p = party_recent_person(at_of(k), 0);
		return p && (!ex || !party_same(p, ex)) ? estrdup(p) : NULL;
	}
	if (holder) {
		/* "X said it", "X had to show why its offer" */
		if ((h = subject(k, &and)) >= 0 && h != k &&
		    kind(h) == T_NAME && may_be(S.t[h].name, k, ex))
			return estrdup(S.t[h].name);
		if (may_be(S.topic, k, ex))
			return estrdup(S.topic);
		if (may_be(S.pretopic, k, ex))
			return estrdup(S.pretopic);
	}
	/* "Agbar supplies water. X is its biggest shareholder" */
	if (!holder && is_pronoun(k) && may_be(S.topic, k, ex))
		return estrdup(S.topic);
	if (!holder && is_pronoun(k) && may_be(S.opener, k, ex))
		return estrdup(S.opener);
	p = party_recent(at_of(k), exclude, holder ? 1 : 3);
	if (!p || !may_be(p, k, ex))
		p = party_recent(at_of(k), exclude, 2);
	return p && may_be(p, k, ex) ? estrdup(p) : NULL;
}

/* The party token k stands for: a name, or a pronoun or description. */
static char *
resolve(int k, const char *exclude, int holder)
{
	if (k < 0 || k >= S.n)
		return NULL;
	if (S.t[k].kind == T_NAME)
		return name_of(k);
	return refer(k, exclude, holder);
}

/* Whether token k opens a description of a company named before ("the
 * club", "the Japanese carmaker", "the Osaka-based producer"): "the", a
 * company noun within three words; not a new one ("the new network", "a
 * joint venture", which no name stands for).  *end is the noun. */
static int
description(int k, int *end)
{
	int j;

	if (!is(k, "the"))
		return 0;
	for (j = k + 1; j < S.n && j <= k + 4; j++) {
		if (is(j, "new") || is(j, "joint") || is(j, "proposed"))
			return 0;
		if (word(j, COMPANY | PERSON)) {
			*end = j;
			return 1;
		}
		if (kind(j) != T_WORD || word(j, STOP))
			return 0;
	}
	return 0;
}

/* What np_party finds when a phrase names nothing that can hold or be
 * held ("in oil and gas projects"). */
#define NOPARTY (-2)

/* The party that the noun phrase at k names, a target or a holder: the
 * last name of the phrase ("India's United Breweries", "Australian firm
 * BRL Hardy", "US tycoon Malcom Glazer", "the ordinary share capital of
 * B and R"), a name in apposition after it ("spinoff, Ampere", "the
 * venture - Millennium Alcobev"), a description or a pronoun; NOPARTY
 * if it has none.  *notco says the phrase is of something that is no
 * company ("sales", "the market"). */
static int
np_party(int k, int *notco, int *endp)
{
	int j, name = -1, desc = -1, end;

	*notco = 0;
	for (j = k; j < S.n && j < k + 10; j++) {
		const struct tok *t = &S.t[j];

		if (t->kind == T_NAME) {
			/* "Air U.K. Ltd": the suffix goes with the name before */
			if (name == j - 1 && party_is_suffix(t->name))
				continue;
			/* "the US firm", a description */
			if (is(j - 1, "the") && word(j + 1, COMPANY) && name < 0 &&
			    desc < 0) {
				desc = j - 1;
				j++;
				continue;
			}
			name = j;
			continue;
		}
		if (quote_mark(j) || punct(j, "<") || punct(j, ">"))
			continue;
		if (t->kind == T_PUNCT) {
			/* "spinoff, Ampere", "the venture - Millennium Alcobev" */
			if ((punct(j, ",") || dash(j)) && kind(j + 1) == T_NAME &&
			    (name < 0 || S.t[name].poss) &&
			    !word(j + 2, VERBS | SAY))
				continue;
			break;
		}
		/* "its wholly owned units": a participle of no "by" is the
		 * phrase's adjective */
		if (word(j, PASSIVE) && !is(j + 1, "by") && j > k)
			continue;
		if (t->kind != T_WORD || word(j, VERBS | SAY) || is(j, "is") ||
		    is(j, "was"))
			break;
		/* "the US electric car market", not "its production arm" */
		if (word(j, NOT) && !(kind(j + 1) == T_WORD && !tok_cls(j + 1))) {
			*notco = 1;
			break;
		}
		/* "the Osaka-based producer of Aquos sets" is the producer;
		 * "the Australian firm BRL Hardy" is BRL Hardy */
		if (name < 0 && desc < 0 && description(j, &end)) {
			desc = j;
			j = end;
			if (kind(j + 1) != T_NAME && !((punct(j + 1, ",") ||
			    dash(j + 1)) && kind(j + 2) == T_NAME)) {
				j++;
				break;
			}
			continue;
		}
		/* "its wholly owned U.K. Marketing companies": a name after
		 * a possessive is the phrase's */
		if (name < 0 && desc < 0 && is_pronoun(j)) {
			desc = j;
			if (is(j, "its") || is(j, "their"))
				continue;
			break;
		}
		/* "minority shareholders in X", "the share capital of X" */
		if (is(j, "in") && word(j - 1, HOLDER | NOUN))
			continue;
		if (word(j, STOP) && !is(j, "of"))
			break;
	}
	if (endp)
		*endp = j;
	return name >= 0 ? name : desc >= 0 ? desc : NOPARTY;
}

/* Whether the name at k is the object of a preposition ("with Rover and
 * SAIC", "in Irancell"), which is no subject. */
static int
in_pp(int k)
{
	while (is(k - 1, "and") && kind(k - 2) == T_NAME)
		k -= 2;
	return (word(k - 1, STOP) || is(k - 1, "of")) && !is(k - 1, "and") &&
	    !is(k - 1, "that") && !is(k - 1, "which") && !is(k - 1, "who") &&
	    !word(k - 1, SAY);
}

/* The subject of a verb at v: the name, pronoun or description before
 * it, past the words of its verb group, the names of prepositions, an
 * apposition between dashes ("X - a government agency - owns"), a
 * relative clause's comma ("X, which owns", "X, the holding company
 * which controls"); a possessive's stake is its possessor's ("Turkcell's
 * stake ... should be cut"); *and is the other name of a coordination
 * ("A and B, who own"). */
static int
subject(int v, int *and)
{
	int k, end, rel = 0;

	*and = -1;
	for (k = v - 1; k >= 0 && k > v - 30; k--) {
		const struct tok *t = &S.t[k];

		/* "Scottish and Newcastle (S&N), is to buy" */
		if (punct(k, ")")) {
			int d;

			for (d = k - 1; d >= 0 && d > k - 6 && !punct(d, "("); d--)
				;
			if (d >= 0 && punct(d, "(") && kind(d - 1) == T_NAME) {
				k = d;
				continue;
			}
		}
		/* "X will buy ..., and make an offer": the first verb's */
		if (is(k, "and") && punct(k - 1, ",") && k + 1 < v &&
		    word(k + 1, VERBS | MAKE | AUX)) {
			int w = verb_before(k - 1, VERBS | MAKE | AUX, 25);

			if (w >= 0) {
				k = w;
				continue;
			}
		}
		if (clause_end(k))
			return -1;
		if (dash(k)) {
			int d;

			for (d = k - 1; d >= 0 && d > k - 14 && !dash(d); d--)
				;
			if (d >= 0 && dash(d))
				k = d;
			continue;
		}
		/* "X, a New York investment firm and subsidiary of Y, said" */
		if (punct(k, ",")) {
			int d;

			for (d = k - 1; d >= 0 && d > k - 16 && !punct(d, ",") &&
			    !clause_end(d); d--)
				;
			if (d > 0 && punct(d, ",") && (is(d + 1, "a") || is(d + 1, "an") ||
			    is(d + 1, "the")))
				k = d;
			continue;
		}
		if (is(k, "which") || is(k, "who") || is(k, "that")) {
			rel = 1;
			continue;
		}
		/* "Geely's offer to buy", "its plan to take": the possessor */
		if (is(k, "to") && kind(k - 1) == T_WORD && ((kind(k - 2) == T_NAME &&
		    S.t[k - 2].poss) || is(k - 2, "its") || is(k - 2, "their")))
			return k - 2;
		if (!rel && word(k, NOUN) && (is(k - 1, "its") || is(k - 1, "their") ||
		    (kind(k - 1) == T_NAME && S.t[k - 1].poss)))
			return k - 1;
		if (t->kind == T_NAME) {
			/* "Italy's Illva", "with Rover", the ticker of "KLM <KLM.A>" */
			/* "after Foster's bought": a clause's subject, in none */
			if (t->poss || (!rel && in_pp(k) && !t->s &&
			    !(k + 1 == v && word(v, VERBS | AUX))) || word(k - 1, TELL) ||
			    (punct(k - 1, "<") && kind(k - 2) == T_NAME &&
			    !strchr(t->name, ' ')))
				continue;
			if (is(k - 1, "the") && word(k + 1, COMPANY) && !rel)
				return k - 1;	/* "the US firm" */
			if (is(k - 1, "and") && kind(k - 2) == T_NAME && !S.t[k - 2].poss)
				*and = k - 2;
			return k;
		}
		/* "The company, which is 16%-owned by Amazon" */
		if (is(k, "the") && description(k, &end) && end < v &&
		    (!rel || punct(end + 1, ",")))
			return k;
		if (is_pronoun(k) && !is(k, "both") && !is(k, "its") &&
		    !is(k, "their"))
			return k;
		if (is(k, "both") && is(k + 1, "parties"))
			return k;
	}
	return -1;
}

/* The nearest verb of classes cls before token a, in its clause. */
static int
verb_before(int a, unsigned cls, int limit)
{
	int k;

	for (k = a - 1; k >= 0 && k >= a - limit; k--) {
		if (clause_end(k))
			return -1;
		if (word(k, cls))
			return k;
	}
	return -1;
}

/* Whether a token of kind kd lies between tokens a and b. */
static int
kind_between(int a, int b, int kd)
{
	int k;

	for (k = a + 1; k < b; k++)
		if (S.t[k].kind == kd)
			return 1;
	return 0;
}

/* The first word w after a, within limit, in the clause. */
static int
word_after(int a, const char *w, int limit)
{
	int k;

	for (k = a + 1; k < S.n && k <= a + limit; k++) {
		/* "offer worth 3.1bn dollars ($2.3bn; £1.8bn) from X" */
		if (punct(k, "(") && kind(k - 1) == T_MONEY) {
			int e;

			for (e = k + 1; e < S.n && e < k + 12 && !punct(e, ")"); e++)
				;
			if (punct(e, ")")) {
				limit += e - k + 1;
				k = e;
				continue;
			}
		}
		if (clause_end(k))
			return -1;
		if (is(k, w))
			return k;
	}
	return -1;
}

/* Whether phrase j of stake-modality.tsv is at low[i..n), up to a byte
 * not a letter or digit. */
static int
mod_at(const char *low, size_t n, size_t i, size_t j)
{
	size_t m = S.mod_len[j];

	return i + m <= n && !memcmp(low + i, S.mod_phrase[j], m) &&
	    (i + m == n || !is_alnum((unsigned char)low[i + m]));
}

/* The modality of the words from k0 to k1: the first phrase of
 * stake-modality.tsv there, after a space or at the start.  Each place
 * a phrase may start is tried with the phrases of its byte before the
 * one found so far, rather than a search of the words for each phrase. */
static const char *
modality(int k0, int k1)
{
	char low[512];
	size_t so, eo, n, i, j, best = S.nmod;

	if (k0 < 0 || k1 < k0)
		return "holds";
	so = S.t[k0].so;
	eo = S.t[k1].eo;
	if ((n = eo - so) >= sizeof low)
		so = eo - (n = sizeof low - 1);
	ascii_lower(low, sizeof low, S.s->text + so, n);
	for (i = 0; i < n; i++)
		if (i == 0 || low[i - 1] == ' ')
			for (j = S.mod_first[(unsigned char)low[i]]; j && j - 1 < best;
			    j = S.mod_next[j - 1])
				if (mod_at(low, n, i, j - 1)) {
					best = j - 1;
					break;
				}
	return best < S.nmod ? S.mod_value[best] : "holds";
}

/* The modality of a stake from its verb group (k0 to the anchor a, v its
 * verb): a phrase of stake-modality.tsv, else an infinitive ("agreed to
 * buy", "KLM TO TAKE") or an offer plans, else it holds. */
static const char *
modality_of(int k0, int v, int a)
{
	const char *mod = modality(k0 >= 0 ? k0 : (v >= 0 ? v : a), a);

	if (strcmp(mod, "holds"))
		return mod;
	if (v > 0 && is(v - 1, "to") && word(v, BUY | INVEST | PAY))
		return "plans";
	if (v >= 0 && word(v, OFFER))
		return "plans";
	return mod;
}

/* The first token of the qualifier before a percentage or amount at a
 * ("about 5%", "not less than 51 pct"), a if none; *q its qualifier. */
static int
qualifier_start(int a, const char **q)
{
	int k;

	*q = "exact";
	for (k = a - 1; k >= 0 && k >= a - 3 && S.t[k].kind == T_WORD; k--)
		;
	/* the longest: "just over", not "over" */
	for (k++; k < a; k++) {
		const char *x = money_qualifier(S.s->text + S.t[k].so,
		    S.t[a - 1].eo - S.t[k].so);

		if (strcmp(x, "exact")) {
			*q = x;
			return k;
		}
	}
	return a;
}

/* Rows. */

static char *
dupspan(const char *s, size_t so, size_t eo)
{
	char *r = emalloc(eo - so + 1);

	memcpy(r, s + so, eo - so);
	r[eo - so] = '\0';
	return r;
}

/* Whether the anchors are being probed (may_find_row): the stake they
 * reach may be found, which its parties, read then from the sentence's
 * names alone, do not tell. */
static int
probed(void)
{
	if (S.probing)
		S.may = 1;
	return S.probing;
}

/* The two parties the document names most, if any. */
static int
top2(const char **x, const char **y)
{
	return !probed() && party_top2(x, y);
}

static void
add_cand(char *holder, char *target, const char *pct, const struct money *m,
    const char *q, const char *mod, size_t so, size_t eo)
{
	struct cand *c;

	if (probed() || !holder || !target || S.nc >= MAXCAND ||
	    party_same(holder, target)) {
		free(holder);
		free(target);
		return;
	}
	c = &S.c[S.nc++];
	c->holder = holder;
	c->target = target;
	c->pct = pct;
	c->money = m;
	c->q = q;
	c->mod = mod;
	c->so = so;
	c->eo = eo;
}

static int
same_row(const struct row *a, const struct row *b)
{
	return a->sent == b->sent && !strcmp(a->holder, b->holder) &&
	    !strcmp(a->target, b->target) && !strcmp(a->percent, b->percent) &&
	    !strcmp(a->amount, b->amount);
}

static void
free_row(struct row *r)
{
	free(r->text);
	free(r->holder);
	free(r->target);
	free(r->percent);
	free(r->amount);
	free(r->currency);
}

static void
add_row(const struct cand *c)
{
	const struct sent *s = S.s;
	struct row r;
	size_t i;

	r.sent = s->sent;
	r.start = sent_orig(s, c->so);
	r.end = sent_orig(s, c->eo);
	r.text = dupspan(s->text, c->so, c->eo);
	r.holder = estrdup(c->holder);
	r.target = estrdup(c->target);
	r.percent = estrdup(c->pct ? c->pct : "");
	r.amount = estrdup(c->money ? c->money->amount[0] : "");
	r.currency = estrdup(c->money ? c->money->currency : "");
	r.unit = c->money ? c->money->unit : -1;
	r.qualifier = c->q;
	r.modality = c->mod;
	for (i = S.nrows; i-- > 0 && S.rows[i].sent == r.sent; )
		if (same_row(&S.rows[i], &r)) {
			free_row(&r);
			return;
		}
	S.rows = egrow(S.rows, &S.cap, S.nrows + 1, sizeof *S.rows);
	r.seq = S.nrows;
	S.rows[S.nrows++] = r;
	free(S.lastholder);
	free(S.lasttarget);
	S.lastholder = estrdup(c->holder);
	S.lasttarget = estrdup(c->target);
}

/* The evidence: from the first of the tokens given to the last (not the
 * sentence's full stop, which a name may have taken). */
static void
span_of(int a, int b, int c, int d, size_t *so, size_t *eo)
{
	int ks[4] = { a, b, c, d }, i;

	*so = (size_t)-1;
	*eo = 0;
	for (i = 0; i < 4; i++) {
		int k = ks[i], end = k;

		if (k < 0 || k >= S.n)
			continue;
		if (!description(k, &end))
			end = k;	/* "the club": to its noun */
		if (S.t[k].so < *so)
			*so = S.t[k].so;
		if (S.t[end].eo > *eo)
			*eo = S.t[end].eo;
	}
	if (*eo == S.s->len && *eo > *so && S.s->text[*eo - 1] == '.' &&
	    *eo >= 2 && S.s->text[*eo - 2] != '.')
		--*eo;
}

/* The target of a stake with none of its own: the document's last, else
 * the party named last that is not the holder. */
static char *
target_from_context(int a, const char *holder)
{
	const char *p = S.nc ? S.c[S.nc - 1].target : S.lasttarget;

	if (p && (!holder || !party_same(p, holder)))
		return estrdup(p);
	p = party_recent(at_of(a), holder, 2);
	return p ? estrdup(p) : NULL;
}

/* The holder and target of tokens h and tk, each resolved so as not to
 * be the other; tk < 0 takes the target from the context. */
static void
resolve_pair(int h, int tk, int a, char **holder, char **target)
{
	*holder = *target = NULL;
	if (tk >= 0 && kind(tk) == T_NAME) {
		*target = name_of(tk);
		*holder = resolve(h, *target, 1);
		return;
	}
	*holder = resolve(h, NULL, 1);
	*target = tk >= 0 ? resolve(tk, *holder, 0) : target_from_context(a, *holder);
}

/* Adds the candidates of holder token h (and its coordinate h2) and
 * target token tk: "both parties" are the two the document names most. */
static void
add_parties(int h, int h2, int tk, const char *pct, const struct money *m,
    const char *q, const char *mod, int a, int v)
{
	size_t so, eo;
	const char *x, *y;
	char *holder, *target;

	if (probed())
		return;
	span_of(h, v, a, tk, &so, &eo);
	if (h >= 0 && is(h, "both")) {
		target = tk >= 0 ? resolve(tk, NULL, 0) : target_from_context(a, NULL);
		if (target && top2(&x, &y)) {
			add_cand(estrdup(x), estrdup(target), pct, m, q, mod, so, eo);
			add_cand(estrdup(y), estrdup(target), pct, m, q, mod, so, eo);
		}
		free(target);
		return;
	}
	resolve_pair(h, tk, a, &holder, &target);
	if (h2 >= 0 && target)
		add_cand(resolve(h2, target, 1), estrdup(target), pct, m, q, mod, so, eo);
	add_cand(holder, target, pct, m, q, mod, so, eo);
}

/* A possessive before token a, past articles and a qualifier
 * ("Renault's 43% stake", "its planned £1.35bn offer"), and if loose
 * past other words of no class and commas; or -1. */
static int
possessor(int a, int loose)
{
	int k;

	for (k = a - 1; k >= 0 && k >= a - 4; k--) {
		if (kind(k) == T_NAME && S.t[k].poss)
			return k;
		if (is(k, "its") || is(k, "their") || is(k, "his") || is(k, "her"))
			return k;
		/* an offer's: "his sweetened, 1.91 billion dlr bid" */
		if (loose && (punct(k, ",") || (kind(k) == T_WORD && !tok_cls(k))))
			continue;
		if (kind(k) != T_WORD || !(is(k, "a") || is(k, "an") || is(k, "the") ||
		    word(k, ADJ) || is(k, "planned") || is(k, "proposed")))
			return -1;
	}
	return -1;
}

/* The target of "Y, in which X holds 43%": Y, if the holder at h is the
 * subject of such a clause; else -1. */
static int
relative_target(int h)
{
	if (h >= 4 && is(h - 1, "which") && (is(h - 2, "in") || is(h - 2, "of")) &&
	    punct(h - 3, ",") && kind(h - 4) == T_NAME)
		return h - 4;
	return -1;
}

/* A percentage at a: a stake, if its words say so. */
static void
pct_anchor(int a)
{
	int k = a + 1, v, h = -1, h2 = -1, tk = -1, notco = 0, noun = 0, end = -1,
	    passive = -1, poss, qs, j;
	const char *q, *mod, *x, *y;

	qs = qualifier_start(a, &q);
	/* an old figure: "to 9.9 pct from 5.1 pct", "cut from 70% to 49%" */
	for (v = qs - 1; v >= 0 && v >= qs - 5; v--) {
		if (is(v, "to"))
			break;
		if (is(v, "from"))
			return;
	}
	/* "each holding 15 percent of the other" */
	if (is(a - 2, "each") && word(a - 1, HOLD) && is(a + 1, "of") &&
	    is(a + 2, "the") && is(a + 3, "other")) {
		size_t so = S.t[a - 2].so, eo = S.t[a + 3].eo;

		if (top2(&x, &y)) {
			mod = modality_of(a - 2, a - 1, a);
			add_cand(estrdup(x), estrdup(y), S.t[a].num, NULL, q, mod, so, eo);
			add_cand(estrdup(y), estrdup(x), S.t[a].num, NULL, q, mod, so, eo);
		}
		return;
	}
	/* "growth of 10%", "a margin of 10%": of something else; "a stake of
	 * up to 15 percent" is one */
	if (is(qs - 1, "of") && !word(qs - 2, NOUN | HOLDER))
		return;
	if (punct(k, "-"))
		k++;
	/* "40 pct owned by Multi-Step", "12% will be retained by X" */
	for (j = k; j < k + 3 && word(j, AUX); j++)
		;
	if (word(j, PASSIVE) && is(j + 1, "by"))
		passive = j + 2;
	while (word(k, ADJ))
		k++;
	if (word(k, NOUN)) {
		noun = 1;
		k++;
	}
	if (is(qs - 1, "of") && word(qs - 2, NOUN | HOLDER))
		noun = 1;
	if ((is(k, "also") || is(k, "each") || is(k, "directly")) &&
	    (is(k + 1, "in") || is(k + 1, "of")))
		k++;	/* "15% also in Ampère" */
	if (is(k, "of") || is(k, "in"))
		tk = np_party(k + 1, &notco, &end);
	if (notco || tk == NOPARTY)
		return;
	if (tk == NOPARTY)
		tk = -1;
	v = verb_before(qs, VERBS, 12);
	/* "the 28 percent of Nissan that Renault holds" */
	if (tk >= 0 && end < S.n && (is(end, "that") || is(end, "which")) &&
	    kind(end + 1) == T_NAME && word(end + 2, HOLD))
		h = end + 1, v = end + 2;
	if (!noun && passive < 0 && h < 0) {
		int hold = 0;

		/* "owns 55%", "holds about 5%": the verb right before */
		if (v >= 0 && word(v, HOLD | BUY | INVEST)) {
			hold = 1;
			for (k = v + 1; k < qs; k++)
				if (!(is(k, "a") || is(k, "an") || is(k, "the") ||
				    is(k, "another") || is(k, "all") || word(k, ADJ)))
					hold = 0;
			if (is(v, "with") && !word(v - 1, HOLDER) && !word(v - 2, HOLDER))
				hold = 0;
		}
		/* "N% of X" wants a verb of stakes or a holder noun */
		if (!hold && !(tk >= 0 && v >= 0 && !is(v, "with")) &&
		    !(word(qs - 2, HOLDER) && is(qs - 1, "of")) &&
		    verb_before(a, NOUN, 15) < 0)
			return;
	}
	poss = possessor(qs, 0);
	if (h >= 0)
		;
	else if (passive >= 0)
		h = np_party(passive, &notco, NULL);
	else if (v >= 0 && word(v, SELL) && (k = word_after(a, "to", 12)) >= 0)
		h = np_party(k + 1, &notco, NULL);	/* the buyer */
	else if (poss >= 0 && !(v >= 0 && word(v, BUY | SELL)))
		h = poss;
	if (h < 0)
		h = subject(v >= 0 ? v : qs, &h2);
	/* "The sale reduced Vanguard's stake in Nokia to 4.1%" */
	if (h < 0 && (k = verb_before(a, NOUN, 15)) >= 0 && (k = possessor(k, 0)) >= 0)
		h = k;
	/* "Y, in which X holds N%", "Y, which is N% owned by X" */
	if (tk < 0) {
		int and2;

		if ((tk = relative_target(h >= 0 ? h : a)) < 0 && passive >= 0)
			tk = subject(qs, &and2);
	}
	/* "X is its second biggest shareholder with 25%": its holder */
	if (tk < 0 && (k = verb_before(a, HOLDER, 8)) >= 0 && (k = possessor(k, 1)) >= 0 &&
	    k != h)
		tk = k;
	/* "raised its stake in X to 9.9 pct", "X's stake in Y ... 49%" */
	if (tk < 0 && (k = verb_before(a, NOUN, 15)) >= 0 && is(k + 1, "in"))
		tk = np_party(k + 2, &notco, NULL);
	/* "a stake in a new mobile network": in nothing a name stands for */
	if (tk == NOPARTY || h < 0)
		return;
	if (tk == h)
		tk = -1;
	mod = modality_of(h < (v >= 0 ? v : a) ? h : -1, v, a);
	add_parties(h, h2, tk, S.t[a].num, NULL, q, mod, a, v);
}

/* Whether the words from v to e hold a stake: a percentage or a stake
 * noun ("an 18.8% stake", "a minority stake"). */
static int
stake_object(int v, int e)
{
	int k;

	for (k = v + 1; k < e && k < S.n && !clause_end(k); k++)
		if (S.t[k].kind == T_PCT || word(k, NOUN))
			return 1;
	return 0;
}

/* Whether the amount at a is a price of one share: "530 pence a share",
 * "530 pence per LSE share", "17 dlrs cash, four dlrs ... per share",
 * "for each Viacom share ... 42.75 dlrs". */
/* "530 pence a share" right after the amount. */
static int
share_after(int a)
{
	return (is(a + 1, "a") || is(a + 1, "per")) && is(a + 2, "share");
}

static int
share_price(int a)
{
	int k;

	for (k = a + 1; k < S.n && k <= a + 16 && !clause_end(k); k++) {
		if ((is(k, "a") || is(k, "per") || is(k, "each")) &&
		    (is(k + 1, "share") || is(k + 2, "share")))
			return 1;
		if (kind(k) == T_WORD && !word(k, MEANS | ADJ))
			break;
	}
	for (k = a - 1; k >= 0 && k >= a - 8 && !clause_end(k); k--)
		if (is(k, "each") && (is(k + 1, "share") || is(k + 2, "share")))
			return 1;
	return share_after(a);
}

/* The token after the amount at a and its restatements in brackets
 * ("£1.35bn ($2.5bn; €2bn) offer"). */
static int
past_restated(int a)
{
	int e;

	if (!punct(a + 1, "("))
		return a + 1;
	for (e = a + 2; e < S.n && e < a + 12 && !punct(e, ")"); e++)
		if (kind(e) != T_MONEY && !punct(e, ";") && !punct(e, ","))
			return a + 1;
	return punct(e, ")") ? e + 1 : a + 1;
}

/* Whether the amount at a restates the one before it in other money
 * ("A$3.1bn ($2.4bn; £1.25bn)"). */
static int
restated(int a)
{
	int k = a - 1;

	if (punct(k, ";") || punct(k, ",")) {
		while (k >= 0 && !punct(k, "(") && kind(k) != T_WORD)
			k--;
		return punct(k, "(");
	}
	return punct(k, "(") && kind(k - 1) == T_MONEY;
}

/* Whether an amount is too small to be the price of a company or of a
 * stake in one: "the 20 dlrs cash offered previously" is a share's. */
static int
small(const struct money *m)
{
	return strtod(m->amount[0], NULL) < 1000;
}

/* The amount whose words are those of the amount at a: the price of a
 * share that a restates as a total ("for 30.625 dlrs a share cash, or
 * 242 mln dlrs"), else a. */
static int
total_of(int a)
{
	int k;

	if (!is(a - 1, "or") || !punct(a - 2, ","))
		return a;
	for (k = a - 3; k >= 0 && k >= a - 8 && !clause_end(k); k--)
		if (kind(k) == T_MONEY)
			return share_price(k) ? k : a;
	return a;
}

/* An amount of money at a: an investment or a purchase, if its words say
 * so. */
static void
money_anchor(int a)
{
	const struct money *m = &S.m[S.t[a].m];
	int v, h = -1, h2 = -1, tk = -1, k, notco = 0, offer = -1, qs, same_deal = 0;
	const char *q, *mod;

	if (!m->currency || share_price(a) || restated(a) || small(m))
		return;
	qs = qualifier_start(total_of(a), &q);
	v = verb_before(qs, INVEST | PAY | OFFER | BUY | SELL | VALUE, 8);
	/* "sell a minority stake to Italian bank Mediobanca for 775m euros",
	 * "completed the acquisition of X from Y for about 21 mln dlrs" */
	if (v < 0 && is(qs - 1, "for"))
		v = verb_before(qs, BUY | SELL | DEAL, 14);
	/* "the €600 million Nissan wants to invest" */
	if (kind(a + 1) == T_NAME) {
		for (k = a + 2; k < S.n && k <= a + 6; k++)
			if (word(k, INVEST | OFFER | PAY)) {
				h = a + 1;
				v = k;
				break;
			}
		if (h >= 0) {
			mod = modality_of(a, v, v);
			add_parties(h, -1, -1, NULL, m, m->qualifier, mod, a, v);
			return;
		}
	}
	/* "a £800m takeover bid for X from Y", "its planned £1.35bn ($2.5bn)
	 * offer" */
	k = past_restated(a);
	if (word(k, OFFER | DEAL) || (word(k, ADJ | OFFER) && word(k + 1, OFFER | DEAL)))
		offer = word(k, OFFER | DEAL) ? k : k + 1;
	else if (v >= 0 && word(v, OFFER) && v >= qs - 4)
		offer = v;	/* "a bid of $X", "has offered £1.3bn" */
	if (offer >= 0) {
		int from, w;

		if ((k = word_after(offer, "for", 4)) >= 0)
			tk = np_party(k + 1, &notco, NULL);
		if ((from = word_after(offer, "from", 12)) >= 0)
			h = np_party(from + 1, &notco, NULL);
		if (h < 0 && (k = possessor(qs, 1)) >= 0)
			h = k;
		/* "Southcorp has rejected a takeover offer ... from X" */
		if (h >= 0 && (tk < 0 || tk == NOPARTY) &&
		    (w = verb_before(qs, RECEIVE, 10)) >= 0)
			tk = subject(w, &h2), h2 = -1;
		if (h < 0 && (w = verb_before(qs, MAKE | RECEIVE | OFFER, 10)) >= 0) {
			int sj = subject(w, &h2);

			if (word(w, RECEIVE)) {
				/* "Southcorp rejected a bid": the target */
				if (tk < 0 || tk == NOPARTY)
					tk = sj;
				h = -1;
			} else
				h = sj;
		}
		if (h < 0 || h == NOPARTY) {
			if (!S.lastholder || tk < 0 || tk == NOPARTY)
				return;
			/* a bid of the document's bidder */
			mod = modality_of(offer, offer, a);
			add_cand(estrdup(S.lastholder), resolve(tk, S.lastholder, 0), NULL,
			    m, m->qualifier, mod, S.t[qs].so, S.t[offer].eo);
			return;
		}
		if (tk == NOPARTY)
			return;
		mod = modality_of(h < a ? h : -1, offer, a);
		add_parties(h, h2, tk, NULL, m, m->qualifier, mod, a, offer);
		return;
	}
	if (v < 0)
		return;
	if (word(v, INVEST)) {
		if ((k = word_after(a, "in", 6)) >= 0 || (k = word_after(a, "into", 6)) >= 0)
			tk = np_party(k + 1, &notco, NULL);
		else if (v < qs - 2 || (tok_cls(v) & (NOUN | ACT)))
			return;	/* the verb governs the amount, or no stake */
		else
			same_deal = 1;
	} else if (word(v, PAY)) {
		if ((k = word_after(a, "for", 4)) >= 0)
			tk = np_party(k + 1, &notco, NULL);
		else if (((k = word_after(a, "on", 3)) >= 0 ||
		    (k = word_after(a, "to", 3)) >= 0) && word(k + 1, BUY)) {
			/* "spent A$584m on buying an 18.8% stake in X": the
			 * stake's company */
			tk = np_party(k + 2, &notco, NULL);
			if (stake_object(k + 1, k + 6))
				tk = -1;
		}
		else if (v < qs - 1)
			return;
		else
			same_deal = 1;	/* "Illva will pay 481.42m yuan" */
	} else if (word(v, BUY | SELL) || (word(v, DEAL) && is(v + 1, "of"))) {
		/* "bought X for $1bn", "sold X to Z for $9.3bn" */
		if (!is(qs - 1, "for"))
			return;
		tk = np_party(v + 1, &notco, NULL);
		/* "a minority stake", "about 20 pct of X", "its 50% stake in
		 * Y": the company of the sentence's stake, or of the context */
		if (stake_object(v, qs) && (tk == NOPARTY || kind_between(v, qs, T_PCT)))
			tk = -1;
		if (word(v, SELL)) {
			int other;

			if ((k = word_after(v, "to", 12)) < 0 || k > qs)
				return;
			h = np_party(k + 1, &other, NULL);
			if (h < 0 || other)
				return;
		}
	} else if (word(v, VALUE)) {
		/* "a bid valuing the club at £800m": the bidder's, that of
		 * the bid ("X made a bid", "X's bid") or the document's */
		int bid = verb_before(v, OFFER, 4), w;

		if (!is(qs - 1, "at") || bid < 0)
			return;
		tk = np_party(v + 1, &notco, NULL);
		if (tk < 0)
			return;
		if ((h = possessor(bid, 0)) < 0 &&
		    (w = verb_before(bid, MAKE | OFFER, 6)) >= 0)
			h = subject(w, &h2);
		if (h >= 0) {
			add_parties(h, h2, tk, NULL, m, m->qualifier, "considers", a, v);
			return;
		}
		if (!S.lastholder)
			return;
		add_cand(estrdup(S.lastholder), resolve(tk, S.lastholder, 0), NULL, m,
		    m->qualifier, "considers", S.t[v].so, S.t[a].eo);
		return;
	}
	/* passive, "its shares were purchased ... for $230m": the last
	 * stake's parties */
	if (h < 0 && word(v, BUY) && (is(v - 1, "were") || is(v - 1, "was"))) {
		if (S.lastholder && S.lasttarget)
			add_cand(estrdup(S.lastholder), estrdup(S.lasttarget), NULL, m,
			    m->qualifier, "holds", S.t[v].so, S.t[a].eo);
		return;
	}
	if (notco || tk == NOPARTY)
		return;
	if (h < 0)
		h = subject(v, &h2);
	if (h < 0)
		return;
	if (tk == h)
		tk = -1;
	if (tk < 0 && (k = relative_target(h)) >= 0) {
		tk = k;
		same_deal = 0;	/* "Ampere, in which he has invested 200 million" */
	}
	if (same_deal) {
		/* a price with no target: that of the holder's last stake */
		char *holder = resolve(h, NULL, 1);
		int same = holder && S.lastholder &&
		    party_same(holder, S.lastholder);

		free(holder);
		if (!same)
			return;
	}
	mod = modality_of(h < v ? h : -1, v, a);
	add_parties(h, h2, tk, NULL, m, m->qualifier, mod, a, v);
}

/* "a majority stake in X", "the controlling shareholder of X": over 50,
 * with no number. */
static void
major_anchor(int a)
{
	int k = a + 1, tk, h, h2, notco, v;

	if (!(word(k, NOUN) || word(k, HOLDER)) || !(is(k + 1, "in") || is(k + 1, "of")))
		return;
	tk = np_party(k + 2, &notco, NULL);
	if (notco || tk < 0)
		return;
	v = verb_before(a, VERBS, 8);
	if ((h = subject(v >= 0 ? v : a, &h2)) < 0)
		return;
	add_parties(h, h2, tk, "50", NULL, "over", modality_of(h < a ? h : -1, v, a),
	    a, v);
}

/* A percentage and a price in one statement make one row: the money's
 * candidate joins the percentage's of the same parties. */
static void
merge_cands(void)
{
	size_t i, j;

	for (i = 0; i < S.nc; i++) {
		struct cand *c = &S.c[i];

		if (!c->money || c->pct)
			continue;
		for (j = 0; j < S.nc; j++) {
			struct cand *p = &S.c[j];

			if (j == i || !p->pct || p->money || !p->holder ||
			    !party_same(p->holder, c->holder) ||
			    !party_same(p->target, c->target))
				continue;
			p->money = c->money;
			if (c->so < p->so)
				p->so = c->so;
			if (c->eo > p->eo)
				p->eo = c->eo;
			free(c->holder);
			c->holder = NULL;
			break;
		}
	}
}

/* "in a deal worth 4.66bn rupees": a price that takes the parties of the
 * sentence's percentage. */
static void
price_of_pct(int a)
{
	const struct money *m = &S.m[S.t[a].m];
	size_t i;

	if (!m->currency || !(is(a - 1, "worth") || (is(a - 1, "at") &&
	    is(a - 2, "valued"))) || (!word(a - 2, DEAL) && !word(a - 3, DEAL)))
		return;
	for (i = 0; i < S.nc; i++)
		if (S.c[i].holder && S.c[i].pct && !S.c[i].money) {
			S.c[i].money = m;
			if (S.t[a].eo > S.c[i].eo)
				S.c[i].eo = S.t[a].eo;
			return;
		}
}

/* The place at or after i of string t that holds a byte of set, or
 * its '\0': the sieves below read a text only where the few bytes they
 * look for stand (strcspn, which libc reads sixteen bytes at a step),
 * and go on past a '\0' in the text from i + 1. */
static inline size_t
next_of(const char *t, size_t i, const char *set)
{
	return i + strcspn(t + i, set);
}

#ifdef SCAN16
/* The places of t[0..16) where a start of f may stand, as bits: each
 * byte and the two after it compared with each start's, folded. */
static unsigned
few_places(const struct few *f, const char *t)
{
	const __m128i fold = _mm_set1_epi8(0x20);
	__m128i v0 = _mm_or_si128(_mm_loadu_si128((const void *)t), fold),
	    v1 = _mm_or_si128(_mm_loadu_si128((const void *)(t + 1)), fold),
	    v2 = _mm_or_si128(_mm_loadu_si128((const void *)(t + 2)), fold),
	    m = _mm_setzero_si128();
	size_t k;

	for (k = 0; k < f->nstarts; k++) {
		const __m128i *p = f->place[k], *a = f->any[k];

		m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v0, p[0]),
		    _mm_and_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, p[1]), a[1]),
		    _mm_or_si128(_mm_cmpeq_epi8(v2, p[2]), a[2]))));
	}
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The places of string t[0..n) where a word of few f may start, in
 * order: sixteen at a test (few_places), the last sixteen or fewer from
 * a copy padded with '\0'; where f is NULL or of no starts, those where a
 * byte of set stands (the words' first bytes in either case), by a
 * search (next_of), which stops at a '\0' in the text too.  A test at
 * every place, whose outcome seldom changes, costs less than a search's
 * stops at each of the words' first bytes ("p", "m", "c": one place in
 * fourteen of news), which the processor cannot foresee. */
struct places {
	const struct few *f;
	const char *t, *set;
	size_t n, i;		/* the first place not yet looked at */
	size_t at;		/* the block of m */
	unsigned m;		/* its places not yet given */
};

static void
places_begin(struct places *p, const struct few *f, const char *set,
    const char *t, size_t n)
{
	p->f = f && f->nstarts ? f : NULL;
	p->set = set;
	p->t = t;
	p->n = n;
	p->i = p->at = 0;
	p->m = 0;
}

/* The next place, n or more after the last. */
static inline size_t
places_next(struct places *p)
{
	size_t k;

#ifdef SCAN16
	while (!p->m && p->f && p->i < p->n) {
		p->at = p->i;
		if (p->i + 17 <= p->n)
			p->m = few_places(p->f, p->t + p->i);
		else {
			char pad[32] = { 0 };

			memcpy(pad, p->t + p->i, p->n - p->i);
			p->m = few_places(p->f, pad) & ((1u << (p->n - p->i)) - 1);
		}
		p->i += 16;
	}
	if (p->f) {
		if (!p->m)
			return p->n;
		k = p->at + (size_t)__builtin_ctz(p->m);
		p->m &= p->m - 1;
		return k;
	}
#endif
	k = next_of(p->t, p->i, p->set);
	p->i = k + 1;
	return k;
}

/* Whether string s[0..n) holds a digit: sixteen bytes at a test, the
 * rest by a search for any (next_of), as most sentences have none and
 * every sentence is asked. */
static int
has_digit(const char *s, size_t n)
{
	static const char digits[] = "0123456789";
	size_t i = 0;

#ifdef SCAN16
	for (; i + 16 <= n; i += 16)
		if (_mm_movemask_epi8(bytes16_in(_mm_loadu_si128((const void *)(s + i)), '0', '9')))
			return 1;
#endif
	for (i = next_of(s, i, digits); i < n; i = next_of(s, i + 1, digits))
		if (s[i])
			return 1;
	return 0;
}

/* The amounts of the sentence: none without a digit, which an amount of
 * a stake is written with ("$5bn", "45 mln dlrs"; not "five billion
 * dollars", which news writes in speech); libmoney is then only told of
 * the sentence, for the sake of the document's currency. */
static void
find_money(const struct sent *s, int digit)
{
	size_t from = 0;

	S.nm = 0;
	if (!digit) {
		money_pass(s);
		return;
	}
	while (S.nm < sizeof S.m / sizeof S.m[0] && money_next(s, &from, &S.m[S.nm]))
		S.nm++;
}

/* A sentence's money, for the document's currencies alone (a sentence
 * passed by): as find_money leaves libmoney, without its amounts. */
static void
follow_money(const struct sent *s, int digit)
{
	if (!digit)
		money_pass(s);
	else
		money_follow(s, sizeof S.m / sizeof S.m[0]);
}

/* A name's "'s" is its own before a verb ("Foster's bought"), a
 * possessive before a noun ("Renault's stake", "Geely's offer", "its
 * holding", "X's sale"). */
static void
own_s(void)
{
	int k;

	for (k = 0; k < S.n; k++)
		if (S.t[k].kind == T_NAME && S.t[k].poss &&
		    word(k + 1, VERBS | SAY | MAKE | AUX) &&
		    !word(k + 1, NOUN | OFFER | DEAL | SELL)) {
			S.t[k].poss = 0;
			S.t[k].s = 1;
		}
}

/* Whether the sentence writes a word of an anchor (see add_anchor): at
 * the places where one may start (places_next), comparing only at the
 * start of a word, with the anchors of its byte. */
static int
has_anchor(const struct sent *s)
{
	const unsigned char *t = (const unsigned char *)s->text;
	size_t i, k, n = s->len;

	struct places p;

	/* the places of the gate's words of anchors, of any case */
	places_begin(&p, S.anchor_places, S.firsts, s->text, n);
	for (i = places_next(&p); i < n; i = places_next(&p)) {
		unsigned char f = S.first[t[i]];

		if (!f || (i > 0 && t[i - 1] - 'a' < 26u))
			continue;
		for (k = f - 1; k < S.nanchors; k = S.anchornext[k] - 1) {
			if (S.anchorlen[k] <= n - i &&
			    !strncasecmp(s->text + i, S.anchors[k], S.anchorlen[k]))
				return 1;
			if (!S.anchornext[k])
				break;
		}
	}
	return 0;
}

/* has_anchor of the sentence being read, s, asked once (S.anchor, -1
 * until asked). */
static int
sentence_anchor(const struct sent *s)
{
	if (S.anchor < 0)
		S.anchor = has_anchor(s);
	return S.anchor;
}

/* The classes of the odd words of gate g (those not of letters and
 * digits alone) that start at t[i], in any case. */
static unsigned
odd_at(const struct gate *g, const char *t, size_t n, size_t i)
{
	unsigned found = 0;
	size_t k, m;

	for (k = 0; k < g->nodd; k++) {
		const char *w = g->odd[k];

		m = g->oddlen[k];
		if (m <= n - i && !strncasecmp(t + i, w, m))
			found |= g->oddcls[k];
	}
	return found;
}

/* odd_at, at a byte of flags b that may start an odd word: looked at
 * only if its next byte may follow. */
static unsigned
odd_may(const struct gate *g, const char *t, size_t n, size_t i, unsigned b)
{
	if (!(b & G_ODD1) && !(i + 1 < n && g->second[(unsigned char)t[i + 1]]))
		return 0;
	return odd_at(g, t, n, i);
}

/* The classes of the odd words of gate g anywhere in t[0..n), in any
 * case: looked at where a byte they start with is (strcspn of the string
 * of those bytes; the text is a string, a '\0' of which stops it). */
static unsigned
odd_classes(const struct gate *g, const char *t, size_t n)
{
	struct places p;
	unsigned found = 0;
	size_t i;

	places_begin(&p, &g->odds, g->first, t, n);
	for (i = places_next(&p); i < n; i = places_next(&p))
		if (g->byte[(unsigned char)t[i]] & G_ODDS)
			found |= odd_may(g, t, n, i, g->byte[(unsigned char)t[i]]);
	return found;
}

/* The class bits of word t[0..n) in gate g, 0 for none: most words
 * are told from their length and first two letters, in line. */
static inline unsigned
gate_word(const struct gate *g, const char *t, size_t n)
{
	if (n > g->max || !(g->pre[pre(t, n, 0)][pre(t, n, 1)] >> n & 1))
		return 0;
	return lower_bits(&g->set, t, n);
}

/* The first bytes of the words of classes want of gate g, or NULL if
 * they are not few. */
static const struct few *
few_of(const struct gate *g, unsigned want)
{
	size_t k;

	for (k = 0; k < g->nfew; k++)
		if (g->few[k].want == want)
			return &g->few[k];
	return NULL;
}

/* Whether t[i] starts a run of letters and digits (digits_apart: or its
 * letters after leading digits). */
static int
word_starts_at(const struct gate *g, const char *t, size_t i, int digits_apart)
{
	size_t k = i;

	if (digits_apart && !is_digit(t[i]))
		while (k > 0 && is_digit(t[k - 1]))
			k--;
	return !k || !(g->byte[(unsigned char)t[k - 1]] & G_ALNUM);
}

/* The classes of want of the words of gate g that may start at t[i], a
 * byte one of them starts with: the odd words there, and the run of
 * letters and digits if it is a word of its own (see word_starts_at). */
static unsigned
gate_at(const struct gate *g, const char *t, size_t n, size_t i, unsigned want,
    int digits_apart)
{
	const unsigned char *byte = g->byte;
	unsigned char c = (unsigned char)t[i];
	unsigned found = 0;
	size_t j;

	if (byte[c] & G_ODDS)
		found = odd_may(g, t, n, i, byte[c]) & want;
	if (!(g->cls[c] & want) || !word_starts_at(g, t, i, digits_apart))
		return found;
	for (j = i + 1; byte[(unsigned char)t[j]] & G_ALNUM; j++)
		;
	return found | (gate_word(g, t + i, j - i) & want);
}

/* gate_classes of the words that start with one of few bytes f, found
 * by a search for any of them (strcspn, which reads many bytes at a
 * step): the odd words, and those of letters and digits.  The text is a
 * string; one of its bytes that is '\0' stops the search, which goes on
 * after it. */

static unsigned
few_classes(const struct gate *g, const struct few *f, const char *t, size_t n,
    unsigned want, unsigned enough, int digits_apart)
{
	struct places p;
	unsigned found = 0;
	size_t i;

	places_begin(&p, f, f->byte, t, n);
	for (i = places_next(&p); i < n; i = places_next(&p))
		if (t[i] && (found |= gate_at(g, t, n, i, want, digits_apart)) & enough)
			return found;
	return found;
}

#ifdef SCAN16

/* The most bytes of a word that run_classes reads in a block of 64: its
 * starts in the first RUN_STEP places, the rest that the words of up to
 * 64 - RUN_STEP - 1 bytes end in. */
#define RUN_STEP 48

/* gate_classes' look at each run of letters and digits of t[0..n) (not
 * digits_apart), sixteen bytes at a test: the runs that start in a block
 * of RUN_STEP bytes are read from the bits of the 64 from there, which
 * hold their ends, and those that a word of the gate may be (by its
 * first byte, length and first two letters) kept without a branch, which
 * the processor could not foresee, for a look in its set.  Words of more
 * bytes than a block holds are looked at by gate_classes' own loop. */
static unsigned
run_classes(const struct gate *g, const char *t, size_t n, unsigned want,
    unsigned enough, unsigned found)
{
	uint64_t a, starts, high = 0;
	size_t i, k, len, c, nc, cand[RUN_STEP];

	for (i = 0; i < n; i += RUN_STEP) {
		const char *b = t + i;

		a = ascii64(t, i, n, 1, &high);
		starts = a & ~(a << 1 | (i && is_alnum((unsigned char)t[i - 1])));
		starts &= (1ULL << RUN_STEP) - 1;
		for (nc = 0; starts; starts &= starts - 1) {
			unsigned char c0 = (unsigned char)b[k = (size_t)__builtin_ctzll(starts)];
			/* b[k + 1] is the string's at most: its '\0' */
			unsigned second = ((unsigned char)b[k + 1] | 0x20) & 31;

			len = (size_t)__builtin_ctzll(~a >> k | 1ULL << 63);
			second &= -(unsigned)(len > 1);
			cand[nc] = k | len << 8;
			nc += (size_t)((g->cls[c0] & want) != 0) & (len <= g->max) &
			    (g->pre[(c0 | 0x20) & 31][second] >> (len & 31) & 1);
		}
		for (c = 0; c < nc; c++)
			if ((found |= lower_bits(&g->set, t + i + (cand[c] & 0xff),
			    cand[c] >> 8) & want) & enough)
				return found;
	}
	return found;
}
#endif

/* The classes of want of the words of gate g that s[0..n) writes, in any
 * case: where they start with few bytes, those found by a search of each
 * (few_classes); else the odd words anywhere ("%", "per cent"), and each
 * run of letters and digits (digits_apart: and its letters after leading
 * digits, a word of its own to tokenize, "5owned"), a table's look at
 * each byte.  It stops at the first of enough, which the callers ask
 * only whether there is.  The text is a string (libsent's fields and
 * queued copies end in '\0', G_END), which ends the runs of bytes of
 * one flag without a test of their bounds. */
static unsigned
gate_classes(const struct gate *g, const char *t, size_t n, unsigned want,
    unsigned enough, int digits_apart)
{
	const unsigned char *u = (const unsigned char *)t, *p = u, *byte = g->byte;
	size_t i, j, d;
	const struct few *f = few_of(g, want);
	unsigned found;

	if (f)
		return few_classes(g, f, t, n, want, enough, digits_apart);
	if ((found = odd_classes(g, t, n) & want) & enough)
		return found;
#ifdef SCAN16
	if (!digits_apart && g->max < 64 - RUN_STEP)
		return run_classes(g, t, n, want, enough, found);
#endif
	for (;;) {
		while (!(byte[*p] & (G_ALNUM | G_END)))
			p++;
		if ((i = (size_t)(p - u)) >= n)
			return found;
		if (!(byte[*p] & G_ALNUM)) {
			p++;	/* a '\0' in the text */
			continue;
		}
		while (byte[*++p] & G_ALNUM)
			;
		j = (size_t)(p - u);
		if (g->cls[u[i]] & want)
			found |= gate_word(g, t + i, j - i) & want;
		if (digits_apart && is_digit(t[i])) {
			for (d = i; d < j && is_digit(t[d]); d++)
				;
			if (d < j)
				found |= gate_word(g, t + d, j - d) & want;
		}
		if (found & enough)
			return found;
	}
}

/* Whether a sentence may hold a stake: 2 if it may, 1 if only the old
 * sieve would say so, 0 if neither.  The old sieve: a word of a
 * percentage or a majority, or a digit and a word a price needs; without
 * them no anchor of stakes() finds one, whatever the sentence's names and
 * money.  A percentage or majority finds none either without the words
 * it needs (PCT_NEEDS, MAJOR_NEEDS): "unemployment fell to 9.9%".  The
 * words are looked for in any case, as the tokens' classes are. */
static int
may_hold_stake(const struct sent *s, int digit)
{
	unsigned want = digit ? ANCHORS | PRICED : ANCHORS, found, needs;

	found = gate_classes(&S.gate, s->text, s->len, want, PRICED, 0);
	if (!found)
		return 0;
	if (found & PRICED)
		return 2;
	needs = found & PCT ? PCT_NEEDS : MAJOR_NEEDS;
	return gate_classes(&S.need, s->text, s->len, needs, needs, 1) ? 2 : 1;
}

/* Whether a sentence may hold money, whatever its document named: a
 * digit and libmoney's sieve, asked once a sentence (*money, -1 until
 * asked). */
static int
may_hold_money(const struct sent *s, int digit, int *money)
{
	if (*money < 0)
		*money = digit && money_may(s);
	return *money;
}

/* Whether stakes() may find an anchor in a sentence that passed the
 * sieve: not without money (none where libmoney's sieve finds no
 * currency, whatever the document named before) nor a word of a
 * percentage or majority.  One that may not is passed by, to be read in
 * order with the others when a later sentence needs their names. */
static int
may_find_any(const struct sent *s, int digit, int *money)
{
	return sentence_anchor(s) || may_hold_money(s, digit, money);
}

/* Whether the sentence S.s, its money found, has an anchor: an amount
 * or a word of a percentage or majority. */
static int
any_anchor(void)
{
	return S.nm || sentence_anchor(S.s);
}

/* Whether token k may be a word of a majority: one of letters and
 * digits starts with a byte one does, either case, as the sieve's gate
 * has them (a word of a majority of other bytes, S.major_odd, may be
 * any); the classes of the others are not looked up. */
static int
may_be_major(int k)
{
	return S.t[k].kind == T_WORD && (S.major_odd ||
	    (S.gate.cls[(unsigned char)S.s->text[S.t[k].so]] & MAJOR));
}

/* Keeps the tokens of S.s for its stakes (S.kept). */
static void
keep_tokens(void)
{
	const struct pspan *sp;
	size_t i, n = party_spans(&sp);

	S.kept.so = egrow(S.kept.so, &S.kept.cap, n + 1, sizeof *S.kept.so);
	S.kept.eo = egrow(S.kept.eo, &S.kept.cap2, n + 1, sizeof *S.kept.eo);
	for (i = 0; i < n; i++) {
		S.kept.so[i] = sp[i].so;
		S.kept.eo[i] = sp[i].eo;
	}
	S.kept.n = n;
	S.kept.text = S.s->text;
}

/* Whether the tokens kept are those of S.s (keep_tokens), read again
 * with the same spans of names: their names are then the spans' now.
 * They are kept for one reading only. */
static int
kept_tokens(void)
{
	const struct pspan *sp;
	size_t i, n;
	int k;

	if (S.kept.text != S.s->text)
		return 0;
	S.kept.text = NULL;
	if ((n = party_spans(&sp)) != S.kept.n)
		return 0;
	for (i = 0; i < n; i++)
		if (sp[i].so != S.kept.so[i] || sp[i].eo != S.kept.eo[i])
			return 0;
	for (k = 0; k < S.n; k++)
		if (S.t[k].kind == T_NAME && S.t[k].span >= 0)
			S.t[k].name = sp[S.t[k].span].name;
	return 1;
}

/* The candidates of the anchors of S.s, its money found and its names
 * read. */
static void
find_cands(void)
{
	int k;

	if (!kept_tokens()) {
		tokenize();
		own_s();
	}
	S.nc = 0;
	for (k = 0; k < S.n; k++) {
		if (S.t[k].kind == T_PCT)
			pct_anchor(k);
		else if (may_be_major(k) && word(k, MAJOR) && kind(k - 1) != T_PCT)
			major_anchor(k);
	}
	for (k = 0; k < S.n; k++)
		if (S.t[k].kind == T_MONEY)
			money_anchor(k);
}

/* Whether a sentence of a document whose names libparty has read none
 * of (fresh) may give a row: its anchors reach a holder and a target
 * from its tokens alone.  Its names are read for the probe and forgotten
 * (party_reset), as they are the same read after those of the sentences
 * before (libparty's spans of a sentence are its text's, and one it
 * cuts short at its most mentions it reads again, afresh: read_names);
 * what they resolve to is not asked. */
static int
may_find_row(void)
{
	if (!any_anchor())
		return 0;
	party_scan(S.s);
	S.probing = 1;
	S.may = 0;
	find_cands();
	S.probing = 0;
	if (S.may)
		keep_tokens();
	party_reset();
	return S.may;
}

/* The stakes of S.s, its money found and its names read. */
static void
stakes(void)
{
	int k;
	size_t i;

	if (!any_anchor())
		return;
	find_cands();
	merge_cands();
	for (k = 0; k < S.n; k++)
		if (S.t[k].kind == T_MONEY)
			price_of_pct(k);
	for (i = 0; i < S.nc; i++) {
		if (S.c[i].holder)
			add_row(&S.c[i]);
		free(S.c[i].holder);
		free(S.c[i].target);
	}
}

/* Whether the sentence opens with a pronoun that is its subject ("It
 * seized", "He said"): the topic goes on. */
static int
opens_with_pronoun(const struct sent *s)
{
	size_t i;

	for (i = 0; i < s->len && i < 8 && s->text[i] != ' '; i++)
		;
	return i < s->len && s->text[i] == ' ' && party_pronoun(s->text, i) &&
	    strncmp(s->text, "The ", 4);
}

/* The party a sentence is about, which a pronoun of the next may stand
 * for: the last sentence's if it opens with a pronoun; else the name it
 * opens with, or the party of a description at its start ("The Indian
 * firm"), or its first name of a party that stands for itself
 * ("Consolidation ... is being driven by Constellation, the world's
 * biggest winemaker"). */
static void
topic(const struct sent *s)
{
	const struct pspan *sp;
	size_t n = party_spans(&sp), i;
	const char *t = s->text;
	char *top = NULL;

	for (i = 0; i < s->len && i < 40 && t[i] != ' '; i++)
		;
	if (party_capitals())
		;	/* a headline's words are all capitals, no names */
	else if (opens_with_pronoun(s))
		top = S.topic ? estrdup(S.topic) : NULL;
	else if (n && sp[0].so <= i + 1 + 4 * (!strncmp(t, "The ", 4)) &&
	    (sp[0].org || party_is_company(sp[0].name)))
		top = estrdup(sp[0].name);
	else if (!strncmp(t, "The ", 4)) {
		size_t k = 4, w;

		for (w = 0; w < 4 && k < s->len; w++) {
			size_t e = k;

			while (e < s->len && t[e] != ' ')
				e++;
			if (word_classes(t + k, e - k) & COMPANY) {
				size_t at = (size_t)s->sent * 1000000;
				const char *p = party_described(t + k, e - k, at, NULL);

				if (!p)
					p = party_recent(at, NULL, 2);
				top = p ? estrdup(p) : NULL;
				break;
			}
			k = e + 1;
		}
	}
	for (i = 0; !top && !party_capitals() && i < n; i++)
		if (sp[i].org && !party_is_person(sp[i].name))
			top = estrdup(sp[i].name);
	/* S.topic: the last sentence's, as the next sentence's stakes see it */
	free(S.pretopic);
	S.pretopic = S.topic;
	S.topic = top;
	free(S.opener);
	S.opener = n && sp[0].so <= i + 1 && !party_capitals() &&
	    !person_like(sp[0].name) ? estrdup(sp[0].name) : NULL;
}

static void
put_rows(void)
{
	size_t i;

	for (i = 0; i < S.nrows; i++) {
		struct row *r = &S.rows[i];
		const char *code = money_doc_code(r->unit, 1);

		tsv_puts(stdout, S.doc);
		tsv_nums(stdout, r->sent, r->start, r->end);
		tsv_puts(stdout, r->text);
		tsv_tab(stdout);
		tsv_puts(stdout, party_full(r->holder));
		tsv_tab(stdout);
		tsv_puts(stdout, party_full(r->target));
		/* "dlrs" are the document's dollars, which it may name late */
		tsv_rest(stdout, (const char *const[]){ r->percent, r->amount,
		    code ? code : r->currency, r->qualifier, r->modality, NULL });
		free_row(r);
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

/* Rows were added in order of anchors: they go out in document order,
 * keeping the order of rows at the same offset. */
static void
put_sorted(void)
{
	if (S.nrows)
		qsort(S.rows, S.nrows, sizeof *S.rows, by_start);
	put_rows();
}

/* The names of a sentence, for the rows of this one and of the next. */
static void
read_names(const struct sent *s)
{
	S.fresh = 0;
	party_scan(s);
	/* memory bounded in a long document: once libparty holds all the
	 * names it may, no fullest name can change and the rows go out;
	 * the rest of the document's names, this sentence's first, are read
	 * afresh, so that its stakes are still found */
	if (party_full_known()) {
		put_sorted();
		party_reset();
		party_scan(s);
	}
	/* and once it holds HELD_ROWS rows (whose names may then not be the
	 * fullest the rest of it gives) */
	if (S.nrows >= HELD_ROWS)
		put_sorted();
}

/* Follows the money of passed sentence i. */
static void
follow_passed(size_t i)
{
	const struct sent *d = sentq_at(&S.passed, i);

	rx_input(d->file, d->line);
	follow_money(d, S.digit[i]);
}

/* Reads passed sentence i as if it had not been passed by: its names,
 * its money if not yet followed (libmoney follows a document's
 * currencies) and, if top, its topic; it holds no stake. */
static void
read_passed(size_t i, int top)
{
	const struct sent *d = sentq_at(&S.passed, i);

	rx_input(d->file, d->line);
	read_names(d);
	S.s = d;
	if (i >= S.money_read)
		follow_passed(i);
	if (top)
		topic(d);
}

/* The first of the passed sentences 0..n-1 whose topics the next
 * sentence may see: the last two's (S.topic, S.pretopic), and those
 * before them that a sentence opening with a pronoun carries on. */
static size_t
topics_from(size_t n)
{
	size_t i = n > 2 ? n - 2 : 0;

	while (i > 0 && opens_with_pronoun(sentq_at(&S.passed, i)))
		i--;
	return i;
}

/* Reads passed sentences 0..n-1, in order. */
static void
read_passed_to(size_t n)
{
	size_t i, top = topics_from(n);

	for (i = 0; i < n; i++)
		read_passed(i, i >= top);
}

/* Follows the money of the sentences passed by, in order, ahead of
 * their names: a stake's sentence needs the document's currencies to
 * find its money, which it needs to tell whether it may give a row
 * (may_find_row), which tells whether it needs their names. */
static void
follow_passed_money(void)
{
	for (; S.money_read < S.passed.n; S.money_read++)
		follow_passed(S.money_read);
}

/* Reads the sentences passed by. */
static void
catch_up(void)
{
	read_passed_to(S.passed.n);
	sentq_clear(&S.passed);
	S.base_read = S.base_at = S.money_read = 0;
}

/* Memory bounded: reads the sentences passed by that the old sieve has
 * read (a stake's sentence of its came after them, or they were too
 * many), and keeps the rest, which are fewer than PASSED_MAX bytes as
 * the old sieve's.  Reading no others keeps the document's money as the
 * old sieve leaves it: the rows' currencies (money_doc_code) are those
 * of the sentences it read. */
static void
bound_passed(void)
{
	size_t i;
	struct sentq t;

	if (sentq_bytes(&S.passed) <= PASSED_MAX || !S.base_read)
		return;
	if (S.base_read == S.passed.n) {
		catch_up();
		return;
	}
	read_passed_to(S.base_read);
	for (i = S.base_read; i < S.passed.n; i++)
		sentq_push(&S.spare, sentq_at(&S.passed, i));
	memmove(S.digit, S.digit + S.base_read, S.passed.n - S.base_read);
	sentq_clear(&S.passed);
	t = S.passed, S.passed = S.spare, S.spare = t;
	S.money_read = S.money_read > S.base_read ? S.money_read - S.base_read : 0;
	S.base_read = S.base_at = 0;
}

/* Whether a row waits for its document's currency code. */
static int
rows_want_code(void)
{
	size_t i;

	for (i = 0; i < S.nrows; i++)
		if (S.rows[i].unit >= 0)
			return 1;
	return 0;
}

/* Passes by sentence s, which holds no stake (may_hold_stake < 2); base:
 * the old sieve would have read it and those before it; digit: it has
 * one. */
static void
pass_by(const struct sent *s, int base, int digit)
{
	S.digit = egrow(S.digit, &S.digitcap, S.passed.n + 1, 1);
	S.digit[S.passed.n] = (unsigned char)digit;
	sentq_push(&S.passed, s);
	if (base || sentq_bytes(&S.passed) - S.base_at > PASSED_MAX) {
		S.base_read = S.passed.n;
		S.base_at = sentq_bytes(&S.passed);
	}
	if (sentq_bytes(&S.passed) > PASSED_MAX) {
		bound_passed();
		rx_input(s->file, s->line);
	}
}

/* The end of a document: the names of the sentences passed by, for the
 * fullest names of its rows, and the money of those the old sieve read,
 * for their currencies. */
static void
flush(void)
{
	size_t i;

	if (S.nrows) {
		int money = rows_want_code();

		for (i = 0; i < S.passed.n; i++) {
			const struct sent *d = sentq_at(&S.passed, i);

			rx_input(d->file, d->line);
			read_names(d);
			if (money && i < S.base_read && i >= S.money_read)
				follow_passed(i);
		}
	}
	sentq_clear(&S.passed);
	S.base_read = S.base_at = S.money_read = 0;
	/* a document's money is its own: libmoney, which tells documents by
	 * name, has not seen the sentences passed by */
	money_doc_end();
	put_sorted();
	party_reset();
	S.fresh = 1;
	free(S.doc);
	free(S.lastholder);
	free(S.lasttarget);
	free(S.topic);
	free(S.pretopic);
	free(S.opener);
	S.doc = S.lastholder = S.lasttarget = S.topic = S.pretopic = S.opener = NULL;
}

/* The money of stake sentence s, after that of the sentences passed
 * by. */
static void
stake_money(const struct sent *s, int digit)
{
	follow_passed_money();
	rx_input(s->file, s->line);
	find_money(s, digit);
}

static void
sentence(const struct sent *s)
{
	int may, money = -1, digit = has_digit(s->text, s->len);

	if (!S.doc)	/* libsent flushes at each document's end */
		S.doc = estrdup(s->doc);
	S.kept.text = NULL;	/* another sentence's, whose text was here */
	S.anchor = -1;
	if ((may = may_hold_stake(s, digit)) < 2 || !may_find_any(s, digit, &money)) {
		pass_by(s, may, digit);
		return;
	}
	S.s = s;
	/* the probe needs the document's money only for a sentence that
	 * may hold some, whatever the document named before */
	if ((money = !S.fresh || may_hold_money(s, digit, &money)))
		stake_money(s, digit);
	else
		S.nm = 0;
	if (S.fresh && !may_find_row()) {
		/* read later, in order, as those passed by */
		if (money)
			S.money_read = S.passed.n + 1;	/* its money found */
		pass_by(s, 1, digit);
		return;
	}
	if (!money) {
		stake_money(s, digit);
		if (S.nm)
			S.kept.text = NULL;	/* its tokens have none */
	}
	if (S.passed.n) {
		catch_up();
		rx_input(s->file, s->line);
		S.s = s;
	}
	read_names(s);
	stakes();
	topic(s);
}

static void
end_input(void)
{
	if (S.doc)
		flush();
	money_doc_end();
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
