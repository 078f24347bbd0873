/* extract-quotes: split output to one row per quotation.
 * Writes doc, sent, start, end, quote, speaker, cue, type.  Quotation
 * marks are paired over a whole paragraph (a quote may run over several
 * sentences); each quotation is attributed by the patterns of
 * rules/quotes.pcre: after its closing mark, before its opening mark, or
 * anywhere in its sentence; else it continues the last speaker's words in
 * the paragraph, or it is no quotation (a name, a title, a coined term). */
#define _GNU_SOURCE		/* memrchr */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "sent", "start", "end", "quote", "speaker", "cue", "type", NULL
};

#define MAXDEPTH 8
#define BEFORE_MAX 600	/* bytes: the longest attribution before a mark */
#define MAXMARKS 64	/* pairs in quote-marks.tsv */
#define MAXEXPANDED 16	/* placeholders of quotes.pcre (expand) */

struct psent {		/* a sentence of the current paragraph */
	long sent;
	long long start;
	size_t off, len;	/* where it stands in the paragraph text */
	struct map map;
};

struct quote {
	size_t open, cs, ce, close;	/* marks and content in the paragraph */
	int stray;			/* ends at a closing mark that nothing opened */
};

struct row {
	long sent;
	long long start, end;
	char *quote, *speaker, *cue;
	const char *type;
	int turn;	/* a transcript's turn, which its next paragraph goes on */
	size_t at;	/* where it starts, as libparty counts (at_of) */
};

/* Words of ASCII letters in lower case, and the first letters of those
 * of each length: has_word tells most words of a text from all of them
 * without a lookup. */
struct words {
	struct strset set;
	uint32_t first[32];	/* by length: bit c - 'a' for a first letter c */
};

struct attr {
	size_t so, eo, cso, ceo;	/* speaker and cue */
};

/* Where a speaker's phrase stands, as resolve() needs it: its position
 * and its sentence's, as libparty counts them (see at_of), and whether it
 * follows a closing mark. */
struct where {
	size_t at, sent_at;
	int after_mark;
};

static struct {
	const char *dir;
	int32_t *opens, *closes;	/* pairs: closes[i] closes opens[i] */
	/* the first pair an ASCII character opens (closes), -1 none: the
	 * straight marks, the commonest, are last in quote-marks.tsv */
	signed char ascii_opens[128], ascii_closes[128];
	size_t nmarks;
	struct byteset lead;		/* the first bytes of the marks */
	struct strset followers, cues, relatives;
	struct strset source_nouns;	/* quote-source-nouns.tsv */
	struct strset link_ends;	/* the last words of quote-source-links.tsv */
	struct strset aux;	/* quote-aux.tsv */
	struct strset determiners;	/* quote-determiners.tsv */
	struct strset affiliations;	/* quote-affiliations.tsv */
	struct strset participles;	/* quote-participles.tsv */
	struct strset naming;		/* quote-naming.tsv */
	/* head_form's answers, by speaker: 1 + their index in head_names */
	struct strset heads;
	const char **head_names;
	size_t nheads, head_cap;
	struct strset prepositions;	/* prepositions.tsv */
	/* the lengths and first letters of the words of both, as in struct
	 * words, which unnamed_source looks up alone; source_any when one
	 * opens with another byte than a letter in lower case, or is long */
	uint32_t source_first[32];
	int source_any;
	struct strset appos_first, appos_second;	/* quote-apposition.tsv */
	struct words cue_heads;		/* the first word of each cue, lower case */
	/* for start_may: the first word of each cue in -ing, lower case;
	 * off when it has other bytes than the ASCII letters it looks for */
	struct words ing_heads;
	/* for anywhere_may: the cues in lower case, and the longest one's
	 * length; off when one has a byte past ASCII, which PCRE2 folds
	 * otherwise, or a first word that has_cue does not read as one */
	struct strset low_cues;
	size_t cue_max;
	/* for after_may: the words in lower case that may open a speaker,
	 * a source or a pronoun */
	struct words openers;
	int sieve_off;
	struct rx *attr;	/* its parts after, before, inside, announce */
	/* the placeholders expanded, while the patterns are read */
	struct {
		char *name, *text;
	} expanded[MAXEXPANDED];
	size_t nexpanded;
	/* the paragraph */
	char *doc;
	struct buf doc_tsv;	/* doc as the rows write it, escaped once */
	long para;
	struct buf text, blank;
	struct psent *s;
	size_t ns, scap;
	size_t sent_at;		/* sent_of's last answer */
	/* the document's rows */
	struct row *rows;
	size_t nrows, rcap;
	/* a quotation left open at the end of a paragraph */
	struct row pending;
	int has_pending;
	/* the speaker of the row written last, and the name it was given */
	struct buf written_sp, written_as;	/* strings, kept for the next */
	int written;				/* whether they are known */
	/* the document's older rows, when it holds more than HELD_ROWS */
	FILE *spool;
	char *spool_name;	/* its path, for messages */
	/* who speaks a paragraph that is only a quotation with no
	 * attribution of its own (see lead_of) */
	char *lead_sp, *lead_cue;
	int lead_colon;		/* the paragraph before ended "He said:" */
	/* or its last sentence, kept to be searched if the next paragraph
	 * is only a quotation (see lazy_lead) */
	struct buf lazy_text, lazy_blank;
	size_t lazy_at;
	enum { LAZY_NONE, LAZY_MAY, LAZY_UNREAD } lazy;
	/* the person its last sentence introduces, see introduced() */
	char *intro;
	/* the last attribution looked for in sentences, see inside() */
	int inside_known, inside_found;
	size_t inside_si, inside_sj;
	struct attr inside_at;
	/* the document's sentences, while none of its paragraphs has held a
	 * quotation (see hold): off with the sieves */
	struct sentq held;
	size_t held_para;	/* how many of them the paragraph read has */
	/* where in them that paragraph starts, and the one before it */
	size_t held_at, held_before;
	int holding, hold_off;
	/* what pair_marks found in those that release reads whole, for
	 * their do_para in turn */
	struct paired {
		struct quote *qs;
		size_t nq;
	} paired[2];
	int npaired, ipaired;
	char **pronouns;	/* quote-pronouns.tsv, for is_pronoun */
	size_t npronouns, pronoun_max;	/* and the longest one's length */
} Q;

static char *word_alternation(const char *, const char *, int,
    const char *, const char *, struct strset *);
static char *alternation(char **, size_t, int);
static size_t table_words(const char *, const char *, int, const char *,
    int, char ***);
static char *expand(const char *, void *);
static int unnamed_source(const char *);
static size_t last_word(const struct words *, const char *, size_t, size_t);

/* p before s, which it frees. */
static char *
prefixed(const char *p, char *s)
{
	struct buf b = { 0 };

	buf_addstr(&b, p);
	buf_addstr(&b, s);
	free(s);
	return b.s;
}

/* The placeholders that stand for the words of a rules table's column
 * "word", as an alternation (of any case if anycase). */
static const struct {
	const char *name, *file;
	int anycase;
} word_placeholders[] = {
	{ "PRONOUN", "quote-pronouns.tsv", 1 },
	{ "POSSESSIVE", "quote-possessives.tsv", 1 },
	{ "DETERMINER", "quote-determiners.tsv", 1 },
	{ "SOURCE_NOUN", "quote-source-nouns.tsv", 1 },
	{ "SOURCE_LINK", "quote-source-links.tsv", 0 },
	{ "PREPOSITION", "prepositions.tsv", 0 },
	{ "PARTICIPLE", "quote-participles.tsv", 0 },
	{ "AFFILIATION", "quote-affiliations.tsv", 0 },
	{ "ROLE", "titles.tsv", 0 },
};

/* What a placeholder of quotes.pcre stands for; NULL for none. */
static char *
expansion(const char *name)
{
	char **w;
	size_t n;

	for (n = 0; n < sizeof word_placeholders / sizeof *word_placeholders; n++)
		if (!strcmp(name, word_placeholders[n].name))
			return word_alternation(word_placeholders[n].file, "word",
			    word_placeholders[n].anycase, NULL, NULL, NULL);
	if (!strcmp(name, "NAME"))
		return party_name_pattern();
	if (!strcmp(name, "SPEAKER"))
		return rules_pattern(Q.dir, "quote-speaker.pcre", expand, NULL);
	if (!strcmp(name, "SOURCE"))
		return rules_pattern(Q.dir, "quote-source.pcre", expand, NULL);
	if (!strcmp(name, "AUX")) {
		/* and the relative pronouns, for antecedent() */
		char *w = word_alternation("quote-aux.tsv", "word", 0, NULL,
		    "relative", &Q.relatives);
		struct buf b = { 0 };

		buf_addstr(&b, "(?:");
		buf_addstr(&b, w);
		buf_addstr(&b, "[ ]){0,2}");
		free(w);
		return b.s;
	}
	if (!strcmp(name, "CUE"))	/* after a word, not in title case: "the
					 * United States" */
		return prefixed("(?!(?<=\\p{L}[ ])\\p{Lu}\\p{Ll})",
		    word_alternation("reporting-verbs.tsv", "cue", 1, NULL, NULL, NULL));
	if (!strcmp(name, "CUEING"))	/* "..., saying, “...”" */
		return word_alternation("reporting-verbs.tsv", "cue", 1, "ing", NULL,
		    NULL);
	if (!strcmp(name, "OPENING_PARTICLE")) {	/* party.pcre's */
		n = table_words("name-particles.tsv", "word", 1, "opens", 1, &w);
		return alternation(w, n, 0);
	}
	if (!strcmp(name, "PARTICLE")) {	/* party.pcre's */
		n = table_words("name-particles.tsv", "word", 0, "opens", 0, &w);
		return alternation(w, n, 0);
	}
	return NULL;
}

/* Each placeholder expanded once, for the patterns that name a cue or a
 * speaker several times: an expansion reads its table and builds its
 * alternation anew.  Forgotten when the patterns are compiled. */
static char *
expand(const char *name, void *arg)
{
	size_t i;
	char *x;

	(void)arg;
	for (i = 0; i < Q.nexpanded; i++)
		if (!strcmp(Q.expanded[i].name, name))
			return estrdup(Q.expanded[i].text);
	if (!(x = expansion(name)) || Q.nexpanded == MAXEXPANDED)
		return x;
	Q.expanded[Q.nexpanded].name = estrdup(name);
	Q.expanded[Q.nexpanded++].text = estrdup(x);
	return x;
}

static void
forget_expansions(void)
{
	size_t i;

	for (i = 0; i < Q.nexpanded; i++) {
		free(Q.expanded[i].name);
		free(Q.expanded[i].text);
	}
	Q.nexpanded = 0;
}

/* Words as an alternation (rx_alternation), of any case or not; frees
 * them. */
static char *
alternation(char **w, size_t n, int anycase)
{
	struct rx_word *x = emalloc((n + 1) * sizeof *x);
	size_t i;
	char *s;

	for (i = 0; i < n; i++) {
		x[i].s = w[i];
		x[i].anycase = anycase;
	}
	s = rx_alternation(x, n);
	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	free(x);
	return s;
}

/* The words of column col of a rules table (those that end in ending,
 * if not NULL) as an alternation; with a column flag, a yes or no, the
 * words of a yes also go to the set flagged. */
static char *
word_alternation(const char *file, const char *col, int anycase,
    const char *ending, const char *flag, struct strset *flagged)
{
	const char *cols[] = { col, flag, NULL };
	struct tsv t;
	char **w = NULL;
	size_t n = 0, cap = 0;
	int c[2];

	rules_table(&t, Q.dir, file, cols, c);
	while (tsv_next(&t)) {
		size_t len = t.flen[c[0]];

		if (ending && (len < strlen(ending) ||
		    strcmp(t.f[c[0]] + len - strlen(ending), ending)))
			continue;
		w = egrow(w, &cap, n + 1, sizeof *w);
		w[n++] = estrdup(t.f[c[0]]);
		if (flag && rules_yes_no(&t, flag, t.f[c[1]], "yes", "no"))
			set_add(flagged, t.f[c[0]], t.flen[c[0]]);
	}
	rules_close(&t);
	return alternation(w, n, anycase);
}

static struct rx *
section(struct section *sec, size_t n, const char *name)
{
	size_t i, len;
	char *where;

	for (i = 0; i < n; i++)
		if (sec[i].name && !strcmp(sec[i].name, name)) {
			if (sec[i].nsieve)
				die(EXIT_DATA, "%s/quotes.pcre: pattern '%s': "
				    "quotes.pcre takes no '=~' line", Q.dir, name);
			len = strlen(Q.dir) + strlen(name) + 40;
			where = emalloc(len);
			snprintf(where, len, "%s/quotes.pcre: pattern '%s'", Q.dir,
			    name);
			return rx_compile_limited(sec[i].pattern, where);
		}
	die(EXIT_DATA, "%s/quotes.pcre: no pattern '%s'", Q.dir, name);
	return NULL;
}

static int32_t
one_char(const struct tsv *t, const char *v)
{
	int32_t cp;
	size_t n = strlen(v);

	if (!n || utf_decode((const unsigned char *)v, n, &cp) != (int)n ||
	    cp == UTF_BAD)
		die_at(EXIT_DATA, t->name, t->line, "not one character: '%s'", v);
	return cp;
}

/* The next pair's mark cp in the table of a set's ASCII marks. */
static void
add_ascii(signed char *ascii, int32_t cp)
{
	if (cp >= 0 && cp < 128 && ascii[cp] < 0)
		ascii[cp] = (signed char)Q.nmarks;
}

static void
load_marks(void)
{
	static const char *const cols[] = { "open", "close", NULL };
	struct tsv t;
	int c[2];
	size_t cap1 = 0, cap2 = 0;

	memset(Q.ascii_opens, -1, sizeof Q.ascii_opens);
	memset(Q.ascii_closes, -1, sizeof Q.ascii_closes);
	rules_table(&t, Q.dir, "quote-marks.tsv", cols, c);
	while (tsv_next(&t)) {
		if (Q.nmarks == MAXMARKS)
			die_at(EXIT_DATA, t.name, t.line, "more than %d pairs of marks",
			    MAXMARKS);
		Q.opens = egrow(Q.opens, &cap1, Q.nmarks + 1, sizeof *Q.opens);
		Q.closes = egrow(Q.closes, &cap2, Q.nmarks + 1, sizeof *Q.closes);
		Q.opens[Q.nmarks] = one_char(&t, t.f[c[0]]);
		Q.closes[Q.nmarks] = one_char(&t, t.f[c[1]]);
		add_ascii(Q.ascii_opens, Q.opens[Q.nmarks]);
		add_ascii(Q.ascii_closes, Q.closes[Q.nmarks]);
		byteset_add(&Q.lead, (unsigned char)t.f[c[0]][0]);
		byteset_add(&Q.lead, (unsigned char)t.f[c[1]][0]);
		Q.nmarks++;
	}
	rules_close(&t);
}

/* Adds the word low[0..n), in lower case, to set. */
static void
words_add(struct words *set, const char *low, size_t n)
{
	set_add(&set->set, low, n);
	if (n < sizeof set->first / sizeof *set->first && low[0] >= 'a' &&
	    low[0] <= 'z')
		set->first[n] |= 1u << (low[0] - 'a');
}

/* Adds s[0..n) to set in lower case, if it is a word of ASCII letters
 * that has_word can find; else turns the sieves of before off. */
static void
add_word(struct words *set, const char *s, size_t n)
{
	char low[32];
	size_t i;

	for (i = 0; i < n && (s[i] | 0x20) - 'a' < 26u; i++)
		;
	if (i == n && n && ascii_lower(low, sizeof low, s, n))
		words_add(set, low, n);
	else
		Q.sieve_off = 1;
}

/* The cues, and the first word of each in lower case ("according" of
 * "according to"), which tells whether a text may hold an attribution;
 * and the words the sieves of before look for. */
static void
load_cues(void)
{
	static const char *const cols[] = { "cue", NULL };
	struct tsv t;
	int c[1];

	rules_table(&t, Q.dir, "reporting-verbs.tsv", cols, c);
	while (tsv_next(&t)) {
		const char *cue = t.f[c[0]];
		size_t n = t.flen[c[0]], w = strcspn(cue, " "), i;
		char low[32];

		set_add(&Q.cues, cue, n);
		/* has_cue looks up no longer word */
		if (ascii_lower(low, sizeof low, cue, w))
			words_add(&Q.cue_heads, low, w);
		for (i = 0; i < n && (unsigned char)cue[i] < 0x80; i++)
			;
		if (i == n && ascii_lower(low, sizeof low, cue, n) &&
		    last_word(&Q.cue_heads, low, 0, w) == 0) {
			set_add(&Q.low_cues, low, n);
			if (n > Q.cue_max)
				Q.cue_max = n;
		} else
			Q.sieve_off = 1;
		if (n >= 3 && !strcmp(cue + n - 3, "ing"))
			add_word(&Q.ing_heads, cue, w);
	}
	rules_close(&t);
	if (getenv("FACTS_NO_SIEVE"))	/* for the test that it changes nothing */
		Q.sieve_off = Q.hold_off = 1;
}

/* The words of column col of a rules table (only those that open with
 * a letter in lower case if lower) in *w, malloc'ed; how many.  flag is
 * the table's column of yes and no, if it has one: only the words of a
 * yes if yes_only. */
static size_t
table_words(const char *file, const char *col, int lower, const char *flag,
    int yes_only, char ***w)
{
	const char *cols[] = { col, flag, NULL };
	struct tsv t;
	size_t n = 0, cap = 0;
	int c[2];

	*w = NULL;
	rules_table(&t, Q.dir, file, cols, c);
	while (tsv_next(&t)) {
		const char *v = t.f[c[0]];

		if ((!lower || (*v >= 'a' && *v <= 'z')) && (!flag ||
		    rules_yes_no(&t, flag, t.f[c[1]], "yes", "no") || !yes_only)) {
			*w = egrow(*w, &cap, n + 1, sizeof **w);
			(*w)[n++] = estrdup(v);
		}
	}
	rules_close(&t);
	return n;
}

/* The words of column "word" of a rules table to set, their last words
 * alone if last; a table with a column flag as well reads it, for
 * rules_words would take no other column. */
static void
table_set(const char *file, const char *flag, int last, struct strset *set)
{
	char **w;
	size_t i, n = table_words(file, "word", 0, flag, 0, &w);

	for (i = 0; i < n; i++) {
		const char *p = last ? strrchr(w[i], ' ') : NULL;

		p = p ? p + 1 : w[i];
		set_add(set, p, strlen(p));
		free(w[i]);
	}
	free(w);
}

/* The first word of each of table_words' words to the openers. */
static void
add_openers(const char *file, const char *col, int lower, const char *flag)
{
	char **w;
	size_t i, n = table_words(file, col, lower, flag, 1, &w);

	for (i = 0; i < n; i++) {
		add_word(&Q.openers, w[i], strcspn(w[i], " "));
		free(w[i]);
	}
	free(w);
}

/* The lengths and first letters of the words of file to source_first. */
static void
add_source_first(const char *file)
{
	char **w;
	size_t i, n = table_words(file, "word", 0, NULL, 0, &w), len;

	for (i = 0; i < n; i++) {
		len = strlen(w[i]);
		if (len < 32 && w[i][0] >= 'a' && w[i][0] <= 'z')
			Q.source_first[len] |= 1u << (w[i][0] - 'a');
		else
			Q.source_any = 1;
		free(w[i]);
	}
	free(w);
}

/* What a speaker, a source or a pronoun may open with in lower case:
 * a pronoun, a possessive, a determiner and a source noun of
 * quote-source.pcre (the determiners hold the "the" of a speaker's
 * "the president"), a role of titles.tsv and a particle that opens a
 * name (the others open with a capital). */
static void
load_openers(void)
{
	add_openers("quote-pronouns.tsv", "word", 0, NULL);
	add_openers("quote-possessives.tsv", "word", 0, NULL);
	add_openers("quote-determiners.tsv", "word", 0, NULL);
	add_openers("quote-source-nouns.tsv", "word", 0, NULL);
	add_openers("titles.tsv", "word", 1, NULL);
	add_openers("name-particles.tsv", "word", 1, "opens");
}

static void
load_apposition(const char *dir)
{
	static const char *const cols[] = { "word", "place", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "quote-apposition.tsv", cols, c);
	while (tsv_next(&t))
		set_add(rules_yes_no(&t, "place", t.f[c[1]], "second", "first") ?
		    &Q.appos_second : &Q.appos_first, t.f[c[0]], t.flen[c[0]]);
	rules_close(&t);
}

static void
init(const char *dir)
{
	struct section *sec;
	size_t n, i;

	Q.dir = dir;
	party_init(dir);
	load_marks();
	rules_words(dir, "quote-followers.tsv", "word", &Q.followers);
	rules_words(dir, "quote-source-nouns.tsv", "word", &Q.source_nouns);
	table_set("quote-aux.tsv", "relative", 0, &Q.aux);
	rules_words(dir, "quote-determiners.tsv", "word", &Q.determiners);
	table_set("quote-source-links.tsv", NULL, 1, &Q.link_ends);
	rules_words(dir, "quote-affiliations.tsv", "word", &Q.affiliations);
	rules_words(dir, "quote-participles.tsv", "word", &Q.participles);
	rules_words(dir, "quote-naming.tsv", "word", &Q.naming);
	rules_words(dir, "prepositions.tsv", "word", &Q.prepositions);
	add_source_first("quote-source-nouns.tsv");
	add_source_first("quote-determiners.tsv");
	load_apposition(dir);
	load_cues();
	load_openers();
	Q.npronouns = table_words("quote-pronouns.tsv", "word", 0, NULL, 0,
	    &Q.pronouns);
	for (i = 0; i < Q.npronouns; i++)
		if (strlen(Q.pronouns[i]) > Q.pronoun_max)
			Q.pronoun_max = strlen(Q.pronouns[i]);
	n = rules_sections(dir, "quotes.pcre", expand, NULL, &sec);
	Q.attr = section(sec, n, "attribution");
	sections_free(sec, n);
	forget_expansions();
}

/* The sentence of the paragraph that holds offset pos (the first if
 * none starts before it). */
static size_t
sent_of(size_t pos)
{
	size_t lo = 1, hi = Q.ns, mid, i = Q.sent_at, k;

	/* most positions asked are in the sentence asked about last, or
	 * one or two after it (a quotation's end, the next quotation's
	 * start): looked at before a bisection */
	if (i < Q.ns && Q.s[i].off <= pos) {
		for (k = 0; k < 2 && i + 1 < Q.ns && Q.s[i + 1].off <= pos; k++)
			i++;
		if (i + 1 == Q.ns || Q.s[i + 1].off > pos)
			return Q.sent_at = i;
	}
	/* the last i with Q.s[i].off <= pos, by bisection */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (Q.s[mid].off <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return Q.sent_at = lo - 1;
}

/* Offsets in the paragraph back to the file. */
static long long
orig(size_t pos)
{
	size_t i = sent_of(pos);

	if (pos > Q.s[i].off + Q.s[i].len)
		pos = Q.s[i].off + Q.s[i].len;
	return Q.s[i].start + map_orig(&Q.s[i].map, (long long)(pos - Q.s[i].off));
}

/* Quotation marks */

/* The first pair of set whose mark is cp, or -1; ascii, the same for the
 * ASCII characters. */
static int
mark(const int32_t *set, const signed char *ascii, int32_t cp)
{
	size_t i;

	if (cp >= 0 && cp < 128)
		return ascii[cp];
	for (i = 0; i < Q.nmarks; i++)
		if (set[i] == cp)
			return (int)i;
	return -1;
}

/* Both decode ASCII, most of a text, without a call. */
static int32_t
char_at(const char *s, size_t n, size_t i, int *len)
{
	int32_t cp = 0;

	if (i < n && (unsigned char)s[i] < 0x80) {
		*len = 1;
		return (unsigned char)s[i];
	}
	*len = i < n ? utf_decode((const unsigned char *)s + i, n - i, &cp) : 0;
	return cp;
}

static int32_t
char_before(const char *s, size_t i)
{
	int32_t cp;

	if (i == 0)
		return ' ';
	if ((unsigned char)s[i - 1] < 0x80)
		return (unsigned char)s[i - 1];
	utf_prev(s, i, &cp);
	return cp;
}

/* Whether a single quote at i (' or ’) can close: after a non-space, and
 * not before a letter (Renault’s, won’t). */
static int
can_close_single(const char *s, size_t n, size_t i, int len)
{
	int l2;
	int32_t next = char_at(s, n, i + (size_t)len, &l2);

	return char_before(s, i) != ' ' && !utf_is_alpha(next);
}

/* Whether a single opening quote at i has a closing one later.  The
 * paragraph's last closing single of each mark is found once (last[o],
 * one past it; 0 not yet looked for, SIZE_MAX none), so that a paragraph
 * of openings that never close costs linear time.  It is looked for
 * from the end by memrchr of its first byte, not by decoding each
 * character: a mark starts with ASCII or a lead byte, which the decoder
 * never takes for part of another character, so each place its bytes
 * stand at is one where a character starts. */
static int
single_closes(const char *s, size_t n, size_t i, int o, size_t *last)
{
	char enc[4];
	int len = utf_encode(Q.closes[o], enc);
	const char *p;
	size_t j = n;

	if (!last[o]) {
		last[o] = SIZE_MAX;
		while (j > 0 && (p = memrchr(s, enc[0], j))) {
			j = (size_t)(p - s);
			if (j + (size_t)len <= n && !memcmp(p, enc, (size_t)len) &&
			    can_close_single(s, n, j, len)) {
				last[o] = j + 1;
				break;
			}
		}
	}
	return last[o] != SIZE_MAX && last[o] > i + 1;
}

static void
add_quote(struct quote **qs, size_t *nq, size_t *cap, size_t open,
    size_t cs, size_t ce, size_t close, int stray)
{
	*qs = egrow(*qs, cap, *nq + 1, sizeof **qs);
	(*qs)[*nq].open = open;
	(*qs)[*nq].cs = cs;
	(*qs)[*nq].ce = ce;
	(*qs)[*nq].close = close;
	(*qs)[*nq].stray = stray;
	(*nq)++;
}

/* The mark at s[i], with *len its length: a doubled apostrophe is a
 * double quotation mark, as the New York Times' archive and typewriters
 * write it (''It is over,'' he said). */
static int32_t
mark_at(const char *s, size_t n, size_t i, int *len)
{
	if (s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') {
		*len = 2;
		return '"';
	}
	return char_at(s, n, i, len);
}

/* Pairs the marks of the paragraph into top-level quotations. */
static size_t
pair_marks(const char *s, size_t n, struct quote **qs)
{
	size_t i, nq = 0, cap = 0, at[MAXDEPTH], depth = 0, last_end = 0,
	    last[MAXMARKS];
	int kind[MAXDEPTH], olen[MAXDEPTH], len, o, c;

	*qs = NULL;
	memset(last, 0, Q.nmarks * sizeof *last);	/* the pairs there are */
	for (i = 0; i < n; i += (size_t)(len ? len : 1)) {
		/* most bytes start no mark: skip them undecoded, all the
		 * marks' first bytes in one pass */
		if ((i = byteset_next(&Q.lead, s, i, n)) == n)
			break;
		int32_t cp = mark_at(s, n, i, &len), prev = char_before(s, i);
		int l2, straight = cp == '"' || cp == '\'';
		int32_t next = char_at(s, n, i + (size_t)len, &l2);

		o = mark(Q.opens, Q.ascii_opens, cp);
		c = mark(Q.closes, Q.ascii_closes, cp);
		if (o < 0 && c < 0)
			continue;
		/* a paragraph opened by a closing mark, as a slip of the
		 * keyboard: ”Mr. Trump embodies ...” */
		if (i == 0 && o < 0 && !straight && cp != 0x2019 && utf_is_alpha(next))
			o = c, c = -1;
		if (cp == '\'' || cp == 0x2019 || cp == 0x2018) {
			/* singles: closes only what a single opened */
			if (depth && Q.closes[kind[depth - 1]] == cp &&
			    can_close_single(s, n, i, len))
				goto close;
			if (o >= 0 && (prev == ' ' || prev == '(' ||
			    mark(Q.opens, Q.ascii_opens, prev) >= 0) && next != ' ' &&
			    single_closes(s, n, i, o, last) && depth < MAXDEPTH) {
				kind[depth] = o;
				olen[depth] = len;
				at[depth++] = i;
			}
			continue;
		}
		if (depth && c >= 0 && (Q.closes[kind[depth - 1]] == cp ||
		    /* any curly mark closes a curly quotation, but one that
		     * also opens (“) opens one inside another's: “... “hell”
		     * ...” */
		    (!straight && Q.opens[kind[depth - 1]] != '"' && o < 0) ||
		    /* “...," as a slip: a straight double mark after a
		     * word and before a space closes a curly one */
		    (cp == '"' && Q.opens[kind[depth - 1]] == 0x201C && prev != ' ' &&
		    (next == ' ' || next == 0 || i + (size_t)len == n)) ||
		    /* and the other way: "...,” */
		    (cp == 0x201D && Q.opens[kind[depth - 1]] == '"' && prev != ' ')))
			goto close;
		if (o >= 0 && (!straight || ((prev == ' ' || prev == '(' ||
		    mark(Q.opens, Q.ascii_opens, prev) >= 0) && next != ' ')) &&
		    depth < MAXDEPTH) {
			kind[depth] = o;
			olen[depth] = len;
			at[depth++] = i;
			continue;
		}
		if (c >= 0 && !straight && !depth)
			add_quote(qs, &nq, &cap, last_end, last_end, i, i + (size_t)len, 1);
		continue;
close:
		if (--depth == 0) {
			add_quote(qs, &nq, &cap, at[0], at[0] + (size_t)olen[0], i,
			    i + (size_t)len, 0);
			last_end = i + (size_t)len;
		}
	}
	if (depth)	/* no closing mark: the quotation runs to the end */
		add_quote(qs, &nq, &cap, at[0], at[0] + (size_t)olen[0], n, n, 0);
	return nq;
}

/* Whether a letter starts at a byte of s[from..to), read on to n: the
 * first is near from in most texts, which are not read to their end. */
static int
has_letter(const char *s, size_t n, size_t from, size_t to)
{
	size_t i;
	int len;

	for (i = from; i < to; i++)
		if (utf_is_alpha(char_at(s, n, i, &len)))
			return 1;
	return 0;
}

/* Whether s[from..to) has more than max words between its spaces,
 * counted only as far as max. */
static int
more_words(const char *s, size_t from, size_t to, size_t max)
{
	const char *p = s + from, *e = s + to;
	size_t words = 1;

	while (words <= max && (p = memchr(p, ' ', (size_t)(e - p)))) {
		words++;
		p++;
	}
	return words > max;
}

/* Names, titles and coined terms: a short quotation that a lower-case
 * word other than a follower comes right after ("the “Renaulution” plan"),
 * or one without a letter. */
static int
is_term(const char *s, size_t n, const struct quote *q)
{
	size_t i, j;

	if (!has_letter(s, n, q->cs, q->ce))
		return 1;
	if (q->ce > q->cs && BYTE_OF(",.!?", s[q->ce - 1]))
		return 0;	/* a clause of its own */
	if (q->close >= n || s[q->close] != ' ' ||
	    more_words(s, q->cs, q->ce, 4))
		return 0;
	i = q->close + 1;
	for (j = i; j < n && s[j] >= 'a' && s[j] <= 'z'; j++)
		;
	if (j == i || (j < n && s[j] != ' ' && s[j] != ',' && s[j] != '.'))
		return 0;
	return !set_has(&Q.followers, s + i, j - i) &&
	    !set_has(&Q.cues, s + i, j - i);
}

/* Whether the words of s[from..to) are a title's: the first and half of
 * them open with a capital or a digit ("No More Mr Nasty", "Sons of
 * Trump", "Yuge! 30 Years of Doonesbury on Trump"). */
static int
title_case(const char *s, size_t from, size_t to)
{
	size_t i, words = 0, caps = 0;
	int len;

	for (i = from; i < to; i++)
		if (i == from || s[i - 1] == ' ') {
			int32_t c = char_at(s, to, i, &len);

			words++;
			if (utf_is_upper(c) || (c >= '0' && c <= '9'))
				caps++;
			else if (i == from)
				return 0;
		}
	return words && 2 * caps >= words;
}

/* Whether an attribution names a thing instead of quoting its speaker:
 * a cue of quote-naming.tsv right before the opening mark, an unnamed
 * source's phrase before it and a title in the marks ("a BBC documentary
 * called “No More Mr Nasty”"). */
static int
names_thing(const char *s, const struct quote *q, const struct attr *a,
    const char *sp)
{
	size_t i = a->ceo;

	while (i < q->open && s[i] == ' ')
		i++;
	return i == q->open && unnamed_source(sp) &&
	    set_has(&Q.naming, s + a->cso, a->ceo - a->cso) &&
	    title_case(s, q->cs, q->ce);
}

/* The index of the highest bit set in m, which must have one. */
static inline size_t
high_bit(uint64_t m)
{
#if defined __GNUC__
	return (size_t)(63 - __builtin_clzll(m));
#else
	size_t b = 63;

	while (!(m >> b & 1))
		b--;
	return b;
#endif
}

/* Where the last word of set (a run of ASCII letters, in any case) in
 * s[from..to) starts, or SIZE_MAX: read from the end, 64 bytes at a time
 * as a mask of their letters (ascii64), each word's bounds by the bits
 * around it: a loop over a word's letters and one over the bytes between
 * words took a mispredicted branch at each word.  A word is lowered and
 * looked up only if a word of set has its length and first letter. */
static size_t
last_word(const struct words *set, const char *s, size_t from, size_t to)
{
	size_t end = to, base, next, i, j, k;
	uint64_t m, gaps, high = 0;
	char low[32];

	while (end > from) {
		base = end - from > 64 ? end - 64 : from;
		m = ascii64(s, base, end, 0, &high);
		next = base;
		/* a word at the window's start may go on before it: it is
		 * read in the next window, which ends where it does */
		if (base > from && (m & 1)) {
			if (!~m) {	/* no word of set is that long */
				while (base > from &&
				    (s[base - 1] | 0x20) - 'a' < 26u)
					base--;
				end = base;
				continue;
			}
			next = base + high_bit(~m & (m + 1));
			m &= m + 1;
		}
		while (m) {
			j = high_bit(m) + 1;
			gaps = ~m & ((1ull << (j - 1)) - 1);
			i = gaps ? high_bit(gaps) + 1 : 0;
			m &= (1ull << i) - 1;
			if (j - i >= sizeof low ||
			    !(set->first[j - i] >> ((s[base + i] | 0x20) - 'a') & 1))
				continue;
			/* the shape (set_has's first test) of its first and
			 * last letters lowered, before the others are */
			low[0] = s[base + i] | 0x20;
			low[j - i - 1] = s[base + j - 1] | 0x20;
			if (!set_shape_may(&set->set, low, j - i))
				continue;
			for (k = i + 1; k + 1 < j; k++)
				low[k - i] = s[base + k] | 0x20;
			if (set_probe(&set->set, low, j - i))
				return base + i;
		}
		end = next;
	}
	return SIZE_MAX;
}

/* Whether s[from..to) holds a word of set. */
static int
has_word(const struct words *set, const char *s, size_t from, size_t to)
{
	return last_word(set, s, from, to) != SIZE_MAX;
}

/* Whether s[from..to) holds a word that opens a cue, in any case: no
 * attribution pattern can match a text without one. */
static int
has_cue(const char *s, size_t from, size_t to)
{
	return has_word(&Q.cue_heads, s, from, to);
}

/* Whether a quotation of two words or more follows a cue in its
 * sentence (from si): words reported ("Turkcell said the decision
 * “increases the risks” attached to it"), not a term. */
static int
reported(const char *s, size_t si, const struct quote *q)
{
	return memchr(s + q->cs, ' ', q->ce - q->cs) && has_cue(s, si, q->open);
}

/* A quotation is direct when it is a clause of its own: it ends with its
 * own punctuation or starts with a capital; else it is a fragment inside
 * reported speech. */
static const char *
qtype(const char *s, const struct quote *q)
{
	size_t i = q->cs;
	char last = q->ce > q->cs ? s[q->ce - 1] : ' ';
	int len;

	if (BYTE_OF(",.!?", last) || q->stray)
		return "direct";
	while (i < q->ce && s[i] == ' ')
		i++;
	if (i < q->ce && utf_is_upper(char_at(s, q->ce, i, &len)))
		return "direct";
	return "partial";
}

/* The speaker and the cue of the match just found. */
static int
found(struct rx *rx, struct attr *a)
{
	return rx_group(rx, "sp", &a->so, &a->eo) &&
	    rx_group(rx, "cue", &a->cso, &a->ceo);
}

/* The attribution of the pattern's part (rx_part; NULL for a pattern of
 * one part) at or after from. */
static int
attribute(struct rx *rx, const char *part, const char *s, size_t n,
    size_t from, struct attr *a)
{
	rx_part(rx, part);
	return rx_exec(rx, s, n, from) && found(rx, a);
}

/* The attribution that starts at from..last (rx_exec_upto). */
static int
attribute_upto(struct rx *rx, const char *part, const char *s, size_t n,
    size_t from, size_t last, struct attr *a)
{
	rx_part(rx, part);
	return rx_exec_upto(rx, s, n, from, last) && found(rx, a);
}

static char *
dup(const char *s, size_t so, size_t eo)
{
	char *r = emalloc(eo - so + 1);

	memcpy(r, s + so, eo - so);
	r[eo - so] = '\0';
	return r;
}

/* The length of the title that opens s[0..n) and tells a sex, with *g
 * that sex (if g is not NULL), or 0: "Ms. Kovner", "Spokeswoman Jessica
 * Ditto". */
static size_t
titled(const char *s, size_t n, int *g)
{
	size_t e, i = party_next_title(s, 0, n, &e);
	int sex = i == 0 && e < n ? party_word_gender(s, e) : 0;

	if (g)
		*g = sex;
	return sex ? e : 0;
}

/* The sex of a speaker: its title's, else its name's. */
static int
speaker_gender(const char *sp)
{
	size_t n = strlen(sp), e;
	int g;

	e = titled(sp, n, &g);
	return e ? g : party_gender(sp);
}

/* The end of s[from..eo) less the punctuation that may follow a name. */
static size_t
name_end(const char *s, size_t from, size_t eo)
{
	while (eo > from && BYTE_OF(".,;:", s[eo - 1]))
		eo--;
	return eo;
}

/* Whether the document names s[from..eo) as a name of its own. */
static int
named(const char *s, size_t from, size_t eo)
{
	char *name;
	int r;

	eo = name_end(s, from, eo);
	name = dup(s, from, eo);
	r = party_named(name);
	free(name);
	return r;
}

/* Where s[from..to) first holds the len bytes of seq, or SIZE_MAX,
 * looked for by memchr of seq[k], a byte rare in text: memmem costs
 * several instructions a byte. */
static size_t
find_seq(const char *s, size_t from, size_t to, const char *seq, size_t len,
    size_t k)
{
	const char *p = s + from + k, *e;

	if (to - from < len)
		return SIZE_MAX;
	e = s + to - (len - k - 1);
	while (p < e && (p = memchr(p, seq[k], (size_t)(e - p)))) {
		if (!memcmp(p - k, seq, len))
			return (size_t)(p - k - s);
		p++;
	}
	return SIZE_MAX;
}

/* Whether s[from..to) holds seq (find_seq). */
static int
holds(const char *s, size_t from, size_t to, const char *seq, size_t len,
    size_t k)
{
	return find_seq(s, from, to, seq, len, k) != SIZE_MAX;
}

/* The end of a person's name before " of " and the body the person is
 * of ("Mr. Morgan of the Sierra Club", "Pasquale D'Amuro of the FBI"):
 * the name alone, if it is a person's (a title, a first name or a known
 * person); "Bank of America" stays whole. */
static size_t
of_body(const char *s, size_t from, size_t eo)
{
	size_t e;
	char *name;
	int person;

	if ((e = find_seq(s, from, eo, " of ", 4, 2)) == SIZE_MAX)
		return eo;
	name = dup(s, from, e);
	person = titled(name, e - from, NULL) || party_gender(name) ||
	    party_is_person(name);
	free(name);
	return person ? e : eo;
}

/* The end of s[from..eo) before its first word of words that has words
 * after it, or eo: a named speaker before the body or the place it is
 * at (quote-affiliations.tsv: "Dan McLaughlin at the National Review",
 * "Matthew Herren from EduVision"), an unnamed source before what it was
 * doing (quote-participles.tsv: "Protesters marching through the
 * streets"): the speaker is the person or the group. */
static size_t
cut_before(const char *s, size_t from, size_t eo, const struct strset *words)
{
	size_t i, e;

	for (i = from; i < eo; i = e) {
		e = i + 1 + strcspn(s + i + 1, " ");
		if (e >= eo)
			break;
		if (s[i] == ' ' && set_has(words, s + i + 1, e - i - 1))
			return i;
	}
	return eo;
}

/* Whether a name has an initial after its first word ("Marc H. Morial"). */
static int
has_initial(const char *name)
{
	const char *p;

	for (p = strchr(name, ' '); p; p = strchr(p + 1, ' '))
		if (p[1] >= 'A' && p[1] <= 'Z' && p[2] == '.' && p[3] == ' ')
			return 1;
	return 0;
}

/* Whether s[from..to) names a person: by a first name or a title the
 * story gives it, or a middle initial; "Argentina's President" and "The
 * Actors' Equity Association" name none after their possessive. */
static int
person_like(const char *s, size_t from, size_t to)
{
	char *name = dup(s, from, to);
	int r = party_gender(name) || party_is_person(name) || has_initial(name);

	free(name);
	return r;
}

/* Whether s[from..to) is a first and a last name ("Dante Chinni"): two
 * or three capitalised words, no organisation's. */
static int
full_name_like(const char *s, size_t from, size_t to)
{
	size_t i, words = 1;
	char *name;
	int len, r;

	for (i = from; i < to; i++)
		if (s[i] == ' ') {
			if (i + 1 >= to || !utf_is_upper(char_at(s, to, i + 1, &len)))
				return 0;
			words++;
		}
	if (words < 2 || words > 3)
		return 0;
	name = dup(s, from, to);
	r = !party_is_org(name) && !party_is_company(name);
	free(name);
	return r;
}

/* Where a speaker starts after the possessive of a name that opens its
 * span s[so..eo) ("NBC’s Dante Chinni", "Fox News’ Chris Wallace"), or
 * so: the capitalised words before "’s" or "s’" and a capital. */
static size_t
after_possessor(const char *s, size_t so, size_t eo)
{
	size_t i = so, p;
	int len;

	while (i < eo && utf_is_upper(char_at(s, eo, i, &len))) {
		for (; i < eo && s[i] != ' '; i++) {
			if (s[i] != '\'' && s[i] != "’"[0])
				continue;	/* no mark of a possessive */
			p = !strncmp(s + i, "’s ", 5) ? 5 : !strncmp(s + i, "'s ", 3) ? 3 :
			    i > so && s[i - 1] == 's' && !strncmp(s + i, "’ ", 4) ? 4 :
			    i > so && s[i - 1] == 's' && !strncmp(s + i, "' ", 2) ? 2 : 0;
			if (p && i + p < eo && utf_is_upper(char_at(s, eo, i + p, &len)))
				return person_like(s, i + p, eo) ||
				    full_name_like(s, i + p, eo) ? i + p : so;
		}
		i++;
	}
	return so;
}

/* A speaker as a name: without the titles before it ("Renault CEO Luca
 * de Meo"), a possessive or a full stop at the end. */
static char *
speaker_name(const char *s, size_t so, size_t eo)
{
	size_t i, e, from, name;
	int len;

	so = party_after_day(s, after_possessor(s, so, eo), eo);
	from = name = so;

	/* a title that tells the sex stays, for the pronouns and the
	 * fullest name (see titled) */
	for (i = party_next_title(s, so, eo, &e); i < eo;
	    i = party_next_title(s, e + 1, eo, &e)) {
		from = party_word_gender(s + i, e - i) ? i : e + 1;
		name = e + 1;
	}
	if (name < eo && !strncmp(s + name, "of ", 3)) {
		/* "Secretary of State John F. Kerry" */
		i = party_first_name(s, name + 3, eo);
		if (i < eo)
			from = name = i;
	} else if (from == so)
		from = name = party_after_complement(s, so, eo);
	/* "Rival Hillary Clinton": a name from its first name, if the story
	 * names it so elsewhere (not "Cornell William Brooks") */
	if (from == name && name < eo && !party_word_gender(s + name,
	    strcspn(s + name, " ")) && (i = party_first_name(s, name, eo)) < eo &&
	    utf_is_upper(char_at(s, eo, name, &len)) && named(s, i, eo))
		from = name = i;
	eo = cut_before(s, from, eo, unnamed_source(s + so) ? &Q.participles :
	    &Q.affiliations);
	eo = name_end(s, from, of_body(s, from, eo));
	/* "the Rev. Peter Wherry" is a name after its title, "the
	 * president of the group" no name at all */
	if (name >= eo || !utf_is_upper(char_at(s, eo, name, &len)))
		from = so;
	return dup(s, from, eo);
}

/* Whether w is a pronoun of quote-pronouns.tsv: most speakers are names
 * longer than any, told by their length without a comparison. */
static int
is_pronoun(const char *w)
{
	size_t i, n = strnlen(w, Q.pronoun_max + 1);

	if (n > Q.pronoun_max)
		return 0;
	for (i = 0; i < Q.npronouns; i++)
		if (strlen(Q.pronouns[i]) == n && !strcasecmp(w, Q.pronouns[i]))
			return 1;
	return 0;
}

static int
article_first(const char *w)
{
	return !strncasecmp(w, "the ", 4) || !strncasecmp(w, "a ", 2) ||
	    !strncasecmp(w, "an ", 3);
}

/* Whether a speaker is an unnamed source's phrase: one that opens with
 * a word of quote-determiners.tsv ("one questioner") or a noun of
 * quote-source-nouns.tsv ("officials at the bank"), which keeps its words
 * and stands for no name. */
static int
unnamed_source(const char *w)
{
	size_t n = strcspn(w, " ,.;:");
	char low[32];
	unsigned c = (unsigned)(w[0] | 0x20) - 'a';

	/* most speakers are names, told by their first word's length and
	 * letter without a lookup */
	if (!Q.source_any && (n >= sizeof low || c >= 26 ||
	    !(Q.source_first[n] >> c & 1)))
		return 0;
	return ascii_lower(low, sizeof low, w, n) && ((w[n] &&
	    set_has(&Q.determiners, low, n)) || set_has(&Q.source_nouns, low, n));
}

/* How far back a pronoun or a description looks for its speaker, in
 * rows: far enough for any article, and a bound, so that a document of
 * thousands of unresolved "he said" costs linear time. */
#ifndef RESOLVE_ROWS
#define RESOLVE_ROWS 64
#endif

/* A paragraph offset as libparty counts positions (sentence * 1000000 +
 * offset in it). */
static size_t
at_of(size_t pos)
{
	size_t i = sent_of(pos);

	return (size_t)Q.s[i].sent * 1000000 + (pos - Q.s[i].off);
}

/* Whether the word at pos of the paragraph comes right after a closing
 * quotation mark (and its punctuation). */
static int
after_mark(size_t pos)
{
	const char *s = Q.text.s;
	int32_t cp = ' ';

	while (pos > 0 && BYTE_OF(" ,.!?", s[pos - 1]))
		pos--;
	if (pos > 0)
		utf_prev(s, pos, &cp);
	return pos > 0 && mark(Q.closes, Q.ascii_closes, cp) >= 0;
}

/* The speaker of a pronoun or a definite description: the last speaker
 * that fits, else the person named last. */
static char *
resolve(char *sp, const struct where *w)
{
	size_t i = Q.nrows, n, stop = Q.nrows > RESOLVE_ROWS ? Q.nrows - RESOLVE_ROWS : 0;
	const char *last;

	if (!strcasecmp(sp, "he") || !strcasecmp(sp, "she")) {
		/* the last speaker, or person, of that sex or of none known */
		int want = tolower((unsigned char)sp[0]) == 'h' ? PARTY_MALE : PARTY_FEMALE;
		size_t sat = 0;
		/* after a quotation, a subject of an earlier sentence: in
		 * "Mr Sullivan “made decisions,” he told the court", he is
		 * not Sullivan; but in "Putney said ..., but he said" he is */
		const char *subj = party_recent_subject(w->after_mark ? w->sent_at :
		    w->at, want, &sat);

		while (i-- > stop) {
			int g = speaker_gender(Q.rows[i].speaker);

			if (!unnamed_source(Q.rows[i].speaker) &&
			    !is_pronoun(Q.rows[i].speaker) &&
			    !party_is_company(Q.rows[i].speaker) && (!g || g == want)) {
				/* unless a sentence has had another subject
				 * since: "But Feinberg said ... “...,” he said" */
				if (!subj || Q.rows[i].at >= sat)
					goto found;
				break;
			}
		}
		last = subj ? subj : party_recent_person(w->at, want);
		if (last) {
			free(sp);
			return estrdup(last);
		}
		return sp;
	}
	if (!strcasecmp(sp, "it")) {
		/* a company or a body: the last speaker that is no person,
		 * else the last party named that stands for itself */
		while (i-- > stop)
			if (!unnamed_source(Q.rows[i].speaker) &&
			    !is_pronoun(Q.rows[i].speaker) &&
			    !party_is_person(Q.rows[i].speaker))
				goto found;
		if (!(last = party_recent(w->at, NULL, 1)))
			last = party_recent(w->at, NULL, 2);
		if (last) {
			free(sp);
			return estrdup(last);
		}
		return sp;
	}
	if (!strcasecmp(sp, "they") && i > 0) {
		const char *p = Q.rows[i - 1].speaker;

		if (strstr(p, " and ") || !strncasecmp(p, "the two ", 8) ||
		    !strncasecmp(p, "both ", 5)) {
			i--;
			goto found;
		}
		return sp;
	}
	if (!strncasecmp(sp, "the ", 4) && !strchr(sp + 4, ' ')) {
		/* "the manager" after "a Renault top manager" */
		n = strlen(sp + 4);
		while (i-- > stop) {
			const char *p = Q.rows[i].speaker;
			size_t m;

			/* most speakers are names: their first letter tells */
			if ((p[0] | 0x20) != 'a' ||
			    (strncasecmp(p, "a ", 2) && strncasecmp(p, "an ", 3)))
				continue;
			m = strlen(p);
			if (m > n && !strcasecmp(p + m - n, sp + 4) && p[m - n - 1] == ' ')
				goto found;
		}
	}
	return sp;
found:
	free(sp);
	return estrdup(Q.rows[i].speaker);
}

/* An unnamed source with a name in apposition after it ("the president
 * of the Renault group, Jean-Dominique Senard.") is that name. */
static void
apposition(const char *s, size_t n, struct attr *a)
{
	size_t i = a->eo, j;

	if (i + 2 >= n || s[i] != ',' || s[i + 1] != ' ' || !unnamed_source(s + a->so))
		return;
	/* to the end of the sentence, past an initial's full stop */
	for (j = i + 2; j < n && !BYTE_OF(",;:", s[j]) && !(s[j] == '.' &&
	    !(s[j - 1] >= 'A' && s[j - 1] <= 'Z' && s[j - 2] == ' ')); j++)
		;
	if ((j == n || s[j] == '.') && s[i + 2] >= 'A' && s[i + 2] <= 'Z') {
		a->so = i + 2;
		a->eo = j;
	}
}

/* An unnamed source's phrase that runs into another with no comma ("In
 * its report on the council's work the committee said", "a report
 * published last July the cross-party committee stated") is the last
 * one: from an article after a word in lower case that joins no
 * phrase to the one before (a preposition of prepositions.tsv, a link of
 * quote-source-links.tsv: "a spokesman for the firm", "one of the
 * sources" stay whole), up to a relative pronoun, whose clause's
 * subject it may open ("a trend that the foundation predicts", not "an
 * official who relayed the exchange"); not inside a title ("the singer
 * of Because the Night"). */
static void
last_phrase(const char *s, struct attr *a)
{
	size_t i, b, last = a->so;

	if (!unnamed_source(s + a->so))
		return;
	for (i = a->so + 1; i < a->eo; i++) {
		if (s[i - 1] != ' ')
			continue;
		for (b = i - 1; b > a->so && s[b - 1] != ' '; b--)
			;
		if (set_has(&Q.relatives, s + b, i - 1 - b)) {
			/* "a trend that the foundation predicts", not "an
			 * official who relayed the exchange" */
			if (article_first(s + i))
				last = i;
			break;
		}
		if (article_first(s + i) && b < i - 1 && s[b] - 'A' >= 26u &&
		    !set_has(&Q.prepositions, s + b, i - 1 - b) &&
		    !set_has(&Q.link_ends, s + b, i - 1 - b))
			last = i;
	}
	a->so = last;
}

/* A speaker whose cue is in a relative clause is the phrase right
 * before its pronoun: in "the report came from an engineer who said",
 * an engineer.  After a comma the clause is the whole phrase's ("one
 * Democrat familiar with the discussion, who added"). */
static void
antecedent(const char *s, struct attr *a)
{
	size_t i, last = a->so, e = a->eo + 1;

	while (e < a->cso && s[e] != ' ')
		e++;
	if (!unnamed_source(s + a->so) || a->cso <= a->eo || s[a->eo] != ' ' ||
	    !set_has(&Q.relatives, s + a->eo + 1, e - a->eo - 1))
		return;
	for (i = a->so + 1; i < a->eo; i++)
		if (s[i - 1] == ' ' && article_first(s + i))
			last = i;
	a->so = last;
}

static void
push_row(const struct row *r)
{
	Q.rows = egrow(Q.rows, &Q.rcap, Q.nrows + 1, sizeof *Q.rows);
	Q.rows[Q.nrows++] = *r;
}

/* A quotation left open at the end of its paragraph is written only when
 * the next paragraph shows whether it goes on (the journalists' rule: a
 * paragraph that opens with a quotation mark continues it). */
static void
flush_pending(void)
{
	if (!Q.has_pending)
		return;
	Q.has_pending = 0;
	if (Q.pending.speaker) {
		push_row(&Q.pending);
		return;
	}
	free(Q.pending.quote);
	free(Q.pending.cue);
}

static void
add_row(const char *s, const struct quote *q, char *speaker, char *cue,
    const char *type, int open, int merge, int turn)
{
	struct row r;
	size_t cs = q->cs, ce = q->ce;

	while (cs < ce && s[cs] == ' ')
		cs++;
	while (ce > cs && s[ce - 1] == ' ')
		ce--;
	r.sent = Q.s[sent_of(cs)].sent;
	r.start = orig(cs);
	r.end = orig(ce);
	r.quote = dup(s, cs, ce);
	r.speaker = speaker;
	r.cue = cue;
	r.type = type;
	r.turn = turn;
	r.at = at_of(cs);
	if (merge && Q.has_pending && Q.pending.turn) {
		/* a turn of several paragraphs: a row each, one speaker */
		if (!r.speaker) {
			r.speaker = estrdup(Q.pending.speaker);
			r.cue = estrdup(Q.pending.cue);
		}
		r.turn = 1;
		flush_pending();
	} else if (merge && Q.has_pending) {
		struct buf b = { 0 };

		buf_addstr(&b, Q.pending.quote);
		buf_addc(&b, ' ');
		buf_addstr(&b, r.quote);
		free(r.quote);
		free(Q.pending.quote);
		r.quote = b.s;
		r.sent = Q.pending.sent;
		r.start = Q.pending.start;
		if (!r.speaker) {
			r.speaker = Q.pending.speaker;
			r.cue = Q.pending.cue;
		} else {
			free(Q.pending.speaker);
			free(Q.pending.cue);
		}
		Q.has_pending = 0;
	}
	if (open) {
		Q.pending = r;
		Q.has_pending = 1;
		return;
	}
	if (r.speaker)
		push_row(&r);
	else {
		free(r.quote);
		free(r.cue);
	}
}

/* The start of the sentence after the one that holds pos. */
static size_t
next_sentence(size_t pos)
{
	size_t i = sent_of(pos);

	return i + 1 < Q.ns ? Q.s[i + 1].off : Q.s[i].off + Q.s[i].len;
}

/* Whether s[from..to) has ſ or the Kelvin sign, which a cue matches in
 * any case as s and k, where has_word reads no letter (each by its byte
 * rarest in English text). */
static int
odd_case(const char *s, size_t from, size_t to)
{
	return holds(s, from, to, "\xC5\xBF", 2, 0) ||
	    holds(s, from, to, "\xE2\x84\xAA", 3, 1);
}

/* Whether s[from..e) ends with a whole cue in any case, after the space
 * that the tail before a cue ends with. */
static int
ends_with_cue(const char *s, size_t from, size_t e)
{
	size_t p;
	char low[32];

	for (p = e; p > from && e - p <= Q.cue_max; p--)
		if (s[p - 1] == ' ' && p < e &&
		    ascii_lower(low, sizeof low, s + p, e - p) &&
		    set_has(&Q.low_cues, low, e - p))
			return 1;
	return 0;
}

/* Whether a branch of the pattern "before" of quotes.pcre that may start
 * anywhere may match s[from..to): a sieve, for that pattern, tried at
 * every word of the text, costs a hundred times as much.  Those branches
 * end with a whole cue (and "that"), a comma or a colon, before one space
 * at most, or hold "according to"; the others (\G) start at from (see
 * start_may).  A cue's last word alone would let "so-called" and "focus
 * on" through, and the search fails only when it has tried every place.
 * 2 where that is a cue (its first word one of cue_heads, load_cues
 * makes sure) or a colon, which the test before makes: that need not
 * read the text.  This is read from the pattern, and a test checks that
 * the sieve changes no output (FACTS_NO_SIEVE). */
static int
anywhere_may(const char *s, size_t from, size_t to)
{
	size_t e = to;

	if (Q.sieve_off)
		return 1;
	if (e > from && s[e - 1] == ' ')
		e--;
	if (e > from && (s[e - 1] == ',' || s[e - 1] == ':'))
		return s[e - 1] == ':' ? 2 : 1;
	if (ends_with_cue(s, from, e) || (e >= from + 5 &&
	    !memcmp(s + e - 5, " that", 5) && ends_with_cue(s, from, e - 5)))
		return 2;
	return holds(s, from, to, "according to", 12, 8) ||
	    odd_case(s, from, to);
}

/* Whether a branch of "before" that starts at from (\G) may match
 * s[from..to), where anywhere_may found no ſ or Kelvin sign: it holds a
 * colon or a cue in -ing. */
static int
start_may(const char *s, size_t from, size_t to)
{
	return memchr(s + from, ':', to - from) ||
	    has_word(&Q.ing_heads, s, from, to);
}

/* The attribution in s[from..to) that ends at to (a quotation's mark):
 * looked for only where a cue or a colon is, and the sieves say; only
 * at from if no branch that may start further on can match there. */
static int
before(const char *s, size_t to, size_t from, struct attr *a)
{
	int may = anywhere_may(s, from, to);

	/* start_may's colon or cue in -ing is one of these too */
	if (may == 1 && !has_cue(s, from, to) &&
	    !memchr(s + from, ':', to - from))
		return 0;
	if (may)
		return attribute(Q.attr, "before", s, to, from, a);
	return start_may(s, from, to) &&
	    attribute(Q.attr, "before here", s, to, from, a);
}

/* Where the last attribution of the pattern "inside" in s[from..to) may
 * start: each of its branches starts at or before its cue, "according
 * to" or a word that opens a cue, so at the last of them.  SIZE_MAX if
 * there is none, and no attribution is looked for, as has_cue says; to
 * if ſ or the Kelvin sign may stand for a cue's letters, or the sieves
 * are off. */
static size_t
inside_last(const char *s, size_t from, size_t to)
{
	size_t last = last_word(&Q.cue_heads, s, from, to);

	/* a cue follows a space (of the tail before it, or of ", "), and
	 * "according to" starts a branch, after a space, a comma or a
	 * bracket: not the "called" of "so-called" */
	while (last != SIZE_MAX && last > 0 && s[last - 1] != ' ' &&
	    s[last - 1] != ',' && s[last - 1] != '(')
		last = last_word(&Q.cue_heads, s, from, last);
	if (last == SIZE_MAX)
		return SIZE_MAX;
	if (Q.sieve_off || odd_case(s, from, to) ||
	    holds(s, last + 1, to, "according to", 12, 8))
		return to;
	return last;
}

/* Where the first attribution of "inside" in s[from..) that starts by
 * last (inside_last's) may start: after the last "_" before last, if no
 * word of cue_heads comes before it.  Nothing of a branch but a note in
 * brackets after the speaker reads a "_" (of a quotation blanked out),
 * and each reads on to its cue: so with no "(" either, none that starts
 * before it can match, and the search need not try each place of the
 * quotation and the words before it. */
static size_t
inside_first(const char *s, size_t from, size_t last)
{
	const char *u = memrchr(s + from, '_', last - from);
	size_t k = u ? (size_t)(u - s) + 1 : from;

	return k > from && !has_cue(s, from, k) &&
	    !memchr(s + from, '(', k - from) ? k : from;
}

/* The attribution anywhere in the sentences si..sj with the quotations
 * blanked out: the same for every quotation of those sentences, so it is
 * looked for once (a sentence of ten thousand quotations is read once,
 * not ten thousand times). */
static int
inside(size_t si, size_t sj, struct attr *a)
{
	size_t last;

	if (!Q.inside_known || Q.inside_si != si || Q.inside_sj != sj) {
		Q.inside_known = 1;
		Q.inside_si = si;
		Q.inside_sj = sj;
		last = inside_last(Q.blank.s, si, sj);
		Q.inside_found = last != SIZE_MAX &&
		    attribute_upto(Q.attr, "inside", Q.blank.s, sj, last < sj ?
		    inside_first(Q.blank.s, si, last) : si, last, &Q.inside_at);
	}
	*a = Q.inside_at;
	return Q.inside_found;
}

/* Where the search for an attribution before a quotation's mark at
 * open starts: at from, or no further back than an attribution can be
 * long, so that a long text before a mark is not searched at each of its
 * words (the pattern ends at the mark, and tells a word's start by the
 * character before it). */
static size_t
before_from(size_t open, size_t from)
{
	return open - from > BEFORE_MAX ? open - BEFORE_MAX : from;
}

/* A transcript's turn opens with its speaker's name in capitals and a
 * colon ("WALLACE: If I may, sir"): the end of that name in s[cs..ce),
 * or 0. */
static size_t
label_end(const char *s, size_t cs, size_t ce)
{
	size_t i;
	int caps = 0;

	for (i = cs; i < ce && i < cs + 40; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':')
			return caps >= 2 && i + 1 < ce && s[i + 1] == ' ' ? i : 0;
		if (c >= 'A' && c <= 'Z')
			caps++;
		else if (!BYTE_OF(" .'-", c))
			return 0;
	}
	return 0;
}

/* Whether the quotation is only a note in brackets, which no one says:
 * a transcript's "(CROSSTALK)", "[applause]". */
static int
stage_note(const char *s, size_t cs, size_t ce)
{
	while (cs < ce && s[cs] == ' ')
		cs++;
	while (ce > cs && BYTE_OF(" .", s[ce - 1]))
		ce--;
	return ce > cs + 1 && ((s[cs] == '(' && s[ce - 1] == ')') ||
	    (s[cs] == '[' && s[ce - 1] == ']')) &&
	    !memchr(s + cs + 1, s[cs], ce - cs - 2);
}

/* An unnamed source or a role in apposition after a person's name, its
 * closing comma left out ("Matt Williams, a fund manager at Perpetual
 * Trustees said", "John Houlihan, editor of Computerandvideogames.com
 * told"), is that person. */
static void
named_before(const char *s, struct attr *a)
{
	size_t b, k, end, w, e;
	char *name;
	int person;

	if (a->so < 3 || strncmp(s + a->so - 2, ", ", 2) ||
	    (!unnamed_source(s + a->so) && (s[a->so] - 'a' >= 26u ||
	    party_next_title(s, a->so, a->eo, &e) != a->so)))
		return;
	e = end = b = a->so - 2;
	for (w = 0; w < 4 && end > 0; w++) {
		for (k = end; k > 0 && s[k - 1] != ' '; k--)
			;
		if (!(s[k] >= 'A' && s[k] <= 'Z') || (w && s[end - 1] == ','))
			break;	/* "However, Matt Williams": not However */
		b = k;
		if (k < 2)
			break;
		end = k - 1;	/* the space before the word */
	}
	if (b >= e)
		return;
	name = dup(s, b, e);
	person = party_gender(name) || party_is_person(name);
	free(name);
	if (person) {
		a->so = b;
		a->eo = e;
	}
}

/* Whether s[from..to) is a name of two to four capitalised words. */
static int
capitalised_name(const char *s, size_t from, size_t to)
{
	size_t i, words = 0;

	for (i = from; i < to; i++)
		if (i == from || s[i - 1] == ' ') {
			if (!(s[i] >= 'A' && s[i] <= 'Z'))
				return 0;
			words++;
		}
	return words >= 2 && words <= 4;
}

/* A speaker with a name in apposition before its cue is that name: "the
 * company's chief executive, John Smith, said", "With 50 days until the
 * election, Minyon Moore, a senior adviser, called"; and a name that is
 * no person's with a person's after it ("His partner at Lenox, Lawrence
 * B. Cummings, called"). */
static void
apposed_name(const char *s, struct attr *a)
{
	size_t i = a->eo, j;
	char *sp;
	int take;

	if (a->cso <= i + 2 || s[i] != ',' || s[i + 1] != ' ')
		return;
	for (j = i + 2; j < a->cso && s[j] != ','; j++)
		;
	if (j >= a->cso || !capitalised_name(s, i + 2, j))
		return;
	if (unnamed_source(s + a->so))
		take = 1;
	else {
		sp = dup(s, a->so, a->eo);
		take = !party_gender(sp) && !party_is_person(sp) &&
		    person_like(s, i + 2, j);
		free(sp);
	}
	if (take) {
		a->so = i + 2;
		a->eo = j;
	}
}

/* The person's name that ends an unnamed source's phrase w, or NULL:
 * "the Labour MP Jane Smith", "a radio interview Trump" are the name's
 * (the contract wants the name), "a spokesman for Jane Smith" and "a
 * source close to Trump" the phrase's (quote-source-links.tsv).  The
 * name is the run of capitalised words after the phrase's first word,
 * from a first name in it, or from the first of its words that the
 * document tells a person's; a body's, the whole run after its noun. */
static char *
source_person(const char *w)
{
	size_t n = strlen(w), k = n, b, i;
	const char *sp;
	int len;

	for (;;) {	/* k: the run's first word */
		for (b = k ? k - 1 : 0; b > 0 && w[b - 1] != ' '; b--)
			;
		if (b == 0 || !utf_is_upper(char_at(w, n, b, &len)))
			break;
		k = b;
	}
	if (k == n)
		return NULL;
	/* no link on the way: "a friend of the late John Smith" */
	for (i = 0; i + 1 < k; i = b + 1) {
		b = (size_t)(strchr(w + i, ' ') - w);
		if (set_has(&Q.link_ends, w + i, b - i))
			return NULL;
	}
	if ((i = party_first_name(w, k, n)) < n)
		return estrdup(w + i);
	for (i = k; ; i = (size_t)(sp - w) + 1) {
		size_t e;

		/* a title alone is no name ("the younger Mr.", its sentence
		 * cut short) */
		if (party_next_title(w, i, n, &e) == i && e == n)
			return NULL;
		if (party_is_person(w + i) || party_gender(w + i))
			return estrdup(w + i);
		if (!(sp = strchr(w + i, ' ')))
			break;
	}
	/* a body's name after a noun of party-nouns.tsv that describes it:
	 * "the US carmaker General Motors", "the research consultancy
	 * Analysys" (not "some senior Tories", "the pitch on Kickstarter");
	 * a first and a last name after a role of titles.tsv: "the deputy
	 * editorial page editor Bret Stephens" */
	for (b = k - 1; b > 0 && w[b - 1] != ' '; b--)
		;
	if (party_noun(w + b, k - 1 - b) || (party_next_title(w, b, k - 1, &i) == b &&
	    i == k - 1 && full_name_like(w, k, n)))
		return estrdup(w + k);
	return NULL;
}

/* Whether the speaker's phrase s[a->so..a->eo) ends where the phrase
 * does: at its cue, an auxiliary of quote-aux.tsv or punctuation, not
 * before a word that goes on with it ("a Clinton supporter, praised
 * ..., calling it", "the Obama White House was refusing ...:", where a
 * branch that reads free text after its speaker ended it early). */
static int
heads_phrase(const char *s, size_t n, const struct attr *a)
{
	size_t i = a->eo;

	while (i < n && s[i] == ' ')
		i++;
	if (a->cso < a->so || i >= n || i == a->cso)
		return 1;
	if (s[i] - 'a' < 26u)	/* an auxiliary or an adverb may stand */
		return set_has(&Q.aux, s + i, strcspn(s + i, " ,.;:"));
	return (s[i] | 0x20) - 'a' >= 26u;	/* punctuation, not a name's word */
}

/* The speaker and the cue of an attribution found; 0 if its speaker is
 * no name after all (a sentence's "After" or "But" alone). */
static int
speaker_of(const char *s, size_t n, struct attr *a, char **sp, char **cue,
    const struct where *w)
{
	struct where here;
	size_t i;
	char *name;

	apposition(s, n, a);
	apposed_name(s, a);
	antecedent(s, a);
	last_phrase(s, a);
	named_before(s, a);
	*sp = speaker_name(s, a->so, a->eo);	/* its punctuation off */
	if (unnamed_source(*sp) && heads_phrase(s, n, a) &&
	    (name = source_person(*sp))) {
		free(*sp);
		*sp = name;
	}
	if (!unnamed_source(*sp) && !is_pronoun(*sp)) {
		char *clean = party_clean(*sp, strlen(*sp));

		free(*sp);
		if (!(*sp = clean))
			return 0;
	}
	if (!w) {	/* in the paragraph being read */
		here.at = at_of(a->so);
		here.sent_at = at_of(Q.s[sent_of(a->so)].off);
		here.after_mark = after_mark(a->so);
		w = &here;
	}
	*sp = resolve(*sp, w);
	*cue = dup(s, a->cso, a->ceo);
	for (i = 0; (*cue)[i]; i++)
		if ((*cue)[i] >= 'A' && (*cue)[i] <= 'Z')
			(*cue)[i] += 32;
	return 1;
}

/* Whether the quotation ends its sentence: its words end with a full
 * stop and a capital follows ("...fiddled." The Conservatives also
 * said), so what follows is not its attribution ('...great.' she said). */
static int
ends_sentence(const char *s, size_t n, const struct quote *q)
{
	size_t i = q->close;
	int len;

	if (q->ce == q->cs || s[q->ce - 1] != '.')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i < n && utf_is_upper(char_at(s, n, i, &len));
}

/* Whether the quotation is all its paragraph holds, but punctuation. */
static int
whole_paragraph(const char *s, size_t n, const struct quote *q)
{
	size_t i;

	for (i = q->close; i < n; i++)
		if (!BYTE_OF(" .,;:!?", s[i]))
			return 0;
	return 1;
}

/* Whether the sentence from..e of the paragraph may say who speaks with
 * no quotation: none in it, and a cue among its last hundred bytes, as
 * in "..., Schiff said." or "X, his partner, called him a master" (the
 * pattern is not run on every sentence); blank is the paragraph's with
 * its quotations blanked out. */
static int
said_maybe(const char *blank, size_t from, size_t e)
{
	return !memchr(blank + from, '_', e - from) &&
	    has_cue(blank, e - from > 100 ? e - 100 : from, e);
}

/* Whether the sentence before the one at e says who speaks, with no
 * quotation ("..., Schiff said. “...”"): *sp and *cue its speaker and
 * cue. */
static int
said_before(const char *s, size_t n, size_t e, char **sp, char **cue)
{
	struct attr a;
	size_t i = sent_of(e), from;

	if (i == 0)
		return 0;
	i--;
	e = Q.s[i].off + Q.s[i].len;
	from = Q.s[i].off;
	return said_maybe(Q.blank.s, from, e) &&
	    attribute(Q.attr, "inside", Q.blank.s, e, from, &a) &&
	    speaker_of(s, n, &a, sp, cue, NULL);
}

/* Keeps the paragraph's last sentence (up to e), which may say who
 * speaks with no quotation ("..., Schiff said."), for the next paragraph
 * to search only if it is a quotation alone (lazy_lead).  Whether it may
 * is read only then (lazy_kept): a copy costs less than that reading at
 * every paragraph. */
static void
keep_last(const char *s, size_t e)
{
	size_t from = Q.s[sent_of(e ? e - 1 : 0)].off;

	Q.lazy_text.len = Q.lazy_blank.len = 0;
	buf_add(&Q.lazy_text, s + from, e - from);
	buf_add(&Q.lazy_blank, Q.blank.s + from, e - from);
	Q.lazy_at = at_of(from);
	Q.lazy = LAZY_UNREAD;
}

/* Whether the sentence keep_last kept may say who speaks (said_maybe). */
static int
lazy_kept(void)
{
	if (Q.lazy == LAZY_UNREAD)
		Q.lazy = said_maybe(Q.lazy_blank.s, 0, Q.lazy_blank.len) ?
		    LAZY_MAY : LAZY_NONE;
	return Q.lazy == LAZY_MAY;
}

/* The speaker and cue that the sentence kept by keep_last gives. */
static int
lazy_lead(char **sp, char **cue)
{
	struct attr a;
	struct where w;
	size_t n = Q.lazy_text.len;

	if (!attribute(Q.attr, "inside", Q.lazy_blank.s, n, 0, &a))
		return 0;
	w.at = Q.lazy_at + a.so;
	w.sent_at = Q.lazy_at;
	w.after_mark = 0;
	return speaker_of(Q.lazy_text.s, n, &a, sp, cue, &w);
}

/* Whether s[0..n) opens an apposition that describes a person, by its
 * first word or its second (quote-apposition.tsv): "a spokesman", "who
 * runs it", "president of", not a verb ("would make her"). */
static int
apposition_start(const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n), *e;

	if (!sp)
		return 0;
	if (set_has(&Q.appos_first, s, (size_t)(sp - s)))
		return 1;
	e = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - s));
	return e && set_has(&Q.appos_second, sp + 1, (size_t)(e - sp - 1));
}

/* Whether s[from..e) has a comma, a space and a lower-case letter, and a
 * byte after them: where introduced looks for an apposition after a
 * name. */
static int
apposition_mark(const char *s, size_t from, size_t e)
{
	const char *p = s + from, *end = s + e;

	for (; (p = memchr(p, ',', (size_t)(end - p))) && p + 3 < end; p++)
		if (p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z')
			return 1;
	return 0;
}

/* The person the paragraph's last sentence ends by introducing with an
 * apposition ("... concerns Henry Crespo, president of the Florida
 * Democratic Black Caucus."): the he or she of a quotation that opens the
 * next paragraph, whoever else the sentence names first.  s[0..e) is the
 * paragraph; the sentence's names are those party_scan read last. */
static char *
introduced(const char *s, size_t e)
{
	const struct pspan *sp;
	size_t n, off = Q.s[Q.ns - 1].off, i, j;
	char *name;

	if (!apposition_mark(s, off, e))
		return NULL;	/* the names are not asked for */
	n = party_spans(&sp);
	while (n--) {
		i = off + sp[n].eo;
		if (i + 3 >= e || s[i] != ',' || s[i + 1] != ' ' ||
		    s[i + 2] < 'a' || s[i + 2] > 'z')
			continue;
		for (j = i + 2; j < e && !BYTE_OF(",;:", s[j]); j++)
			;
		if (j < e || !apposition_start(s + i + 2, e - i - 2))
			return NULL;	/* an apposition ends the sentence */
		name = speaker_name(s, off + sp[n].so, i);
		if (person_like(s, off + sp[n].so, i))
			return name;
		free(name);
		return NULL;
	}
	return NULL;
}

static void
set_lead(char *sp, char *cue, int colon)
{
	Q.lazy = LAZY_NONE;
	free(Q.intro);
	Q.intro = NULL;
	free(Q.lead_sp);
	free(Q.lead_cue);
	Q.lead_sp = sp;
	Q.lead_cue = cue;
	Q.lead_colon = colon;
}

/* Who speaks the next paragraph if it is only a quotation with no
 * attribution: the one this paragraph ends by announcing ("He said:"),
 * else the speaker of its last quotation. */
static void
lead_of(const char *s, size_t n, size_t prev_end, const struct row *last)
{
	struct attr a;
	size_t e = n, from;

	while (e > 0 && s[e - 1] == ' ')
		e--;
	from = Q.s[sent_of(e ? e - 1 : 0)].off;
	if (prev_end > from)
		from = prev_end;
	if (e > 0 && s[e - 1] == ':' && prev_end <= e &&
	    (before(s, e, before_from(e, from), &a) ||
	    (e - from < BEFORE_MAX && attribute(Q.attr, "announce", s, e, from, &a)))) {
		char *sp, *cue;

		if (speaker_of(s, n, &a, &sp, &cue, NULL))
			set_lead(sp, cue, 1);
		else
			set_lead(NULL, NULL, 0);
	} else if (last)
		set_lead(estrdup(last->speaker), estrdup(last->cue), 0);
	else {
		set_lead(NULL, NULL, 0);
		keep_last(s, e);
		Q.intro = introduced(s, e);
	}
}

/* The sex that attribution a's speaker is, if it is he or she; else 0. */
static int
he_or_she(const char *s, const struct attr *a)
{
	size_t len = a->eo - a->so;

	if (len == 2 && !strncasecmp(s + a->so, "he", 2))
		return PARTY_MALE;
	if (len == 3 && !strncasecmp(s + a->so, "she", 3))
		return PARTY_FEMALE;
	return 0;
}

/* Whether speaker sp is a name that a pronoun of sex want may stand for. */
static int
named_for(const char *sp, int want)
{
	int g = speaker_gender(sp);

	return !is_pronoun(sp) && !unnamed_source(sp) && (!g || g == want);
}

/* Whether the speaker of attribution b is a name that he or she, the
 * speaker of a, may stand for. */
static int
named_before_for(const char *s, const struct attr *a, const struct attr *b)
{
	char *sp = speaker_name(s, b->so, b->eo);
	int ok = named_for(sp, he_or_she(s, a));

	free(sp);
	return ok;
}

/* Whether the part "after" of quotes.pcre may match at a closing mark's
 * end i: a sieve, for most quotations end their sentence or are followed
 * by no attribution.  Past "[,!?]?[ ]?", which only a branch that starts
 * with neither may leave unread, each of its branches starts with a
 * dash (a byte of UTF-8 past ASCII), a cue, a pronoun, a source or a
 * speaker: a letter, as the words of the tables the pattern is built of
 * all start with one (ASCII or not), and of those in lower case only a
 * cue's first word or an opener (load_openers), a word of its own.  This
 * is read from the pattern, and a test checks that the sieve changes no
 * output (FACTS_NO_SIEVE). */
static int
after_may(const char *s, size_t n, size_t i)
{
	size_t j;

	if (Q.sieve_off)
		return 1;
	if (i < n && (s[i] == ',' || s[i] == '!' || s[i] == '?'))
		i++;
	if (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return 0;
	if (s[i] - 'a' >= 26u)	/* a capital or a byte past ASCII */
		return (unsigned char)s[i] >= 0x80 || s[i] - 'A' < 26u;
	for (j = i; j < n && (s[j] | 0x20) - 'a' < 26u; j++)
		;
	/* past ASCII, ſ and the Kelvin sign are an s and a k to a word
	 * of any case: that word is not read */
	return (j < n && (unsigned char)s[j] >= 0x80) ||
	    has_word(&Q.cue_heads, s, i, j) || has_word(&Q.openers, s, i, j);
}

/* The attribution of quotation q: after it, before it (from from) or
 * anywhere in its sentences si..sj.  A name before the quotation is
 * the he or she after it: "Sen. Claire McCaskill scolded him: “...,” she
 * said" is McCaskill's, whoever the sentence before names. */
static int
attribution(const char *s, size_t n, const struct quote *q, size_t from,
    size_t si, size_t sj, struct attr *a)
{
	struct attr b;

	if (!ends_sentence(s, n, q) && after_may(s, n, q->close) &&
	    attribute_upto(Q.attr, "after", s, n, q->close, q->close, a)) {
		if (he_or_she(s, a) && before(s, q->open, from, &b) &&
		    named_before_for(s, a, &b))
			*a = b;
		return 1;
	}
	return before(s, q->open, from, a) || inside(si, sj, a);
}

static void
do_quote(const char *s, size_t n, struct quote *q, size_t prev_end,
    struct row *prev, int merge)
{
	struct attr a;
	char *sp = NULL, *cue = NULL;
	size_t si, sj;
	int open = q->close == n && q->ce == n;

	if (q->stray) {
		q->cs = q->open ? next_sentence(q->open) : 0;
		if (q->cs >= q->ce || !prev)
			return;
		add_row(s, q, estrdup(prev->speaker), estrdup(prev->cue), "direct",
		    0, 0, 0);
		return;
	}
	if (stage_note(s, q->cs, q->ce))
		return;
	if ((si = label_end(s, q->cs, q->ce))) {
		if (merge)
			flush_pending();	/* the next turn */
		add_row(s, q, dup(s, q->cs, si), estrdup(":"), "direct", open, 0, 1);
		return;
	}
	si = Q.s[sent_of(q->open)].off;
	if (!merge && !open && is_term(s, n, q) && !reported(s, si, q))
		return;
	sj = Q.s[sent_of(q->ce > q->cs ? q->ce - 1 : q->ce)].off;
	sj += Q.s[sent_of(sj)].len;
	if (attribution(s, n, q, before_from(q->open, prev_end > si ? prev_end : si),
	    si, sj, &a) && speaker_of(s, n, &a, &sp, &cue, NULL)) {
		/* "..., noted NBC’s Dante Chinni." ending the paragraph
		 * before: the he of "“...,” he wrote" */
		char *lsp, *lcue;
		int want = he_or_she(s, &a);

		if (!merge && !open && names_thing(s, q, &a, sp)) {
			free(sp);
			free(cue);
			return;
		}

		if (want && !prev && !merge && q->open == 0 && lazy_kept() &&
		    lazy_lead(&lsp, &lcue)) {
			if (named_for(lsp, want)) {
				free(sp);
				sp = lsp;
			} else
				free(lsp);
			free(lcue);
		} else if (want && !prev && !merge && q->open == 0 && Q.intro &&
		    named_for(Q.intro, want)) {
			free(sp);
			sp = estrdup(Q.intro);
		}
		if (merge && !want && Q.has_pending && Q.pending.speaker &&
		    !unnamed_source(sp) && (party_is_person(sp) || party_gender(sp)) &&
		    !party_same(sp, Q.pending.speaker)) {
			/* the paragraph names a speaker of its own: the
			 * quotation left open ended with its paragraph ("...,"
			 * said Rep. Gwen Moore. “If indeed ... American." /
			 * "“I have been ...,” added Rep. Jim Clyburn.") */
			flush_pending();
			merge = 0;
		}
	}
	else if (prev && qtype(s, q)[0] == 'd') {
		/* "“...,” said a person. “...”": the same person goes on */
		sp = estrdup(prev->speaker);
		cue = estrdup(prev->cue);
	} else if (!prev && !merge && q->open == 0 && Q.lead_sp &&
	    (Q.lead_colon || whole_paragraph(s, n, q))) {
		/* "He said:", or a paragraph that is only a quotation */
		sp = estrdup(Q.lead_sp);
		cue = estrdup(Q.lead_cue);
	} else if (!prev && !merge && q->open == 0 && lazy_kept() &&
	    whole_paragraph(s, n, q) && lazy_lead(&sp, &cue))
		;	/* "..., Schiff said." ending the paragraph before */
	else if (!prev && !merge && q->open == si && q->open > 0 &&
	    said_before(s, n, q->open, &sp, &cue))
		;	/* "..., Schiff said. “The other factor ...”" */
	else if (!open && !merge)
		return;
	add_row(s, q, sp, cue, qtype(s, q), open, merge, 0);
}

/* The paragraph is complete: pair its marks and attribute its quotes.
 * next is the first sentence of the next paragraph, NULL at the
 * document's end. */
static void
do_para(const struct sent *next)
{
	struct quote *qs;
	size_t nq, i, prev_end = 0, first = Q.nrows;
	const char *s = Q.text.s;
	size_t n = Q.text.len;
	/* what lead_of tells is asked only by a quotation that opens the
	 * next paragraph: its first byte one a mark may start with */
	int lead = next && next->len && Q.lead.in[(unsigned char)next->text[0]];

	if (!Q.ns)
		return;
	if (Q.ipaired < Q.npaired) {	/* paired when it was held */
		qs = Q.paired[Q.ipaired].qs;
		nq = Q.paired[Q.ipaired++].nq;
	} else
		nq = pair_marks(s, n, &qs);
	Q.inside_known = 0;
	if (nq || lead) {	/* the quotations' and lead_of's alone */
		Q.blank.len = 0;
		buf_add(&Q.blank, s, n);
	}
	for (i = 0; i < nq; i++) {
		if (qs[i].stray)
			continue;
		memset(Q.blank.s + qs[i].open, '_', qs[i].close - qs[i].open);
		party_quoted(at_of(qs[i].open), at_of(qs[i].close));
	}
	if (Q.has_pending && !(nq && qs[0].open == 0 && !qs[0].stray))
		flush_pending();
	for (i = 0; i < nq; i++) {
		do_quote(s, n, &qs[i], prev_end,
		    Q.nrows > first ? &Q.rows[Q.nrows - 1] : NULL,
		    i == 0 && Q.has_pending);
		prev_end = qs[i].close;
	}
	if (lead)
		lead_of(s, n, prev_end, Q.nrows > first ? &Q.rows[Q.nrows - 1] : NULL);
	else
		set_lead(NULL, NULL, 0);
	free(qs);
	Q.ns = 0;	/* the sentences' maps stay for the next (sentence) */
	Q.text.len = 0;
}

/* Rows a document holds in memory before the older ones go to a
 * temporary file (all but the last RESOLVE_ROWS): the rows wait for the
 * fullest names, and a long document of quotations with few names would
 * otherwise grow without bound.  The fuzz targets set both low. */
#ifndef HELD_ROWS
#define HELD_ROWS 4096
#endif
_Static_assert(HELD_ROWS > RESOLVE_ROWS, "the rows kept back must fit in those held");

/* A row as the program writes it, with the speaker given. */
static void
write_row(FILE *fp, const struct row *r, const char *speaker)
{
	tsv_put_escaped(fp, Q.doc_tsv.s, Q.doc_tsv.len);
	tsv_nums(fp, r->sent, r->start, r->end);
	tsv_puts(fp, r->quote);
	tsv_tab(fp);
	tsv_puts(fp, speaker);
	tsv_tab(fp);
	tsv_puts(fp, r->cue);
	tsv_rest(fp, (const char *const[]){ r->type, NULL });
}

/* party_head_form of a one-word speaker, once for each until the rows
 * are next written (the names may change in between). */
static const char *
head_form(const char *sp)
{
	const char *key;
	unsigned *v = set_entry(&Q.heads, sp, strlen(sp), &key);

	if (!*v) {
		Q.head_names = egrow(Q.head_names, &Q.head_cap, Q.nheads + 1,
		    sizeof *Q.head_names);
		Q.head_names[Q.nheads++] = party_head_form(key);
		*v = (unsigned)Q.nheads;
	}
	return Q.head_names[*v - 1];
}

/* The fullest name of speaker sp. */
static const char *
fullest(const char *sp)
{
	if (!unnamed_source(sp) && !is_pronoun(sp)) {
		int g;
		size_t e = titled(sp, strlen(sp), &g);
		const char *person;

		sp += e ? e + 1 : 0;	/* "Mr. Obama": a man's name */
		person = party_person(sp, g);
		if (person == sp && (!g || party_gender(party_full(sp)) != (g ^ 3)))
			person = party_full(sp);
		sp = strchr(person, ' ') ? person : head_form(person);
	}
	return sp;
}

static void
forget_written(void)
{
	Q.written = 0;
	set_clear(&Q.heads);
	Q.nheads = 0;
}

/* The name speaker sp is written with, its fullest: the last is kept,
 * since a speaker's rows most often come together, while the names of
 * the document stay as they are (put_rows forgets it). */
static const char *
written_name(const char *sp)
{
	const char *as;

	if (Q.written && !strcmp(Q.written_sp.s, sp))
		return Q.written_as.s;
	/* copied into the buffers of the speaker before: a malloc and a
	 * free of each at every change of speaker cost more than the copy */
	as = fullest(sp);
	Q.written_as.len = Q.written_sp.len = 0;
	buf_addstr(&Q.written_as, as);
	buf_addstr(&Q.written_sp, sp);
	Q.written = 1;
	return Q.written_as.s;
}

/* A row on standard output, its speaker given the fullest name. */
static void
put_row(const struct row *r)
{
	write_row(stdout, r, written_name(r->speaker));
}

static void
free_row(struct row *r)
{
	free(r->quote);
	free(r->speaker);
	free(r->cue);
}

/* Forgets the first n rows, written or spooled. */
static void
drop_rows(size_t n)
{
	if (n < Q.nrows)
		memmove(Q.rows, Q.rows + n, (Q.nrows - n) * sizeof *Q.rows);
	Q.nrows -= n;
}

/* Moves the first n rows to the spool, as TSV. */
static void
spool_rows(size_t n)
{
	size_t i;

	if (!Q.spool) {
		Q.spool = temp_file("extract-quotes", &Q.spool_name);
		tsv_write_header(Q.spool, header);
	}
	for (i = 0; i < n; i++) {
		/* the speaker as found: its fullest name comes at the end */
		write_row(Q.spool, &Q.rows[i], Q.rows[i].speaker);
		free_row(&Q.rows[i]);
	}
	if (ferror(Q.spool))
		die(EXIT_IO, "%s: write error:", Q.spool_name);
	drop_rows(n);
}

/* Writes the spooled rows, which come before those in memory. */
static void
put_spooled(void)
{
	struct tsv t;
	struct row r;

	if (!Q.spool)
		return;
	if (fflush(Q.spool) == EOF || ferror(Q.spool))
		die(EXIT_IO, "%s: write error:", Q.spool_name);
	rewind(Q.spool);
	tsv_init(&t, Q.spool, Q.spool_name, "extract-quotes");
	tsv_header(&t);	/* the columns of header[], in their order */
	while (tsv_next(&t)) {
		r.sent = (long)tsv_num(&t, 1);
		r.start = tsv_num(&t, 2);
		r.end = tsv_num(&t, 3);
		r.quote = t.f[4];
		r.speaker = t.f[5];
		r.cue = t.f[6];
		r.type = t.f[7];
		put_row(&r);
	}
	tsv_free(&t);
	fclose(Q.spool);	/* and gone: its name went when it was made */
	Q.spool = NULL;
	free(Q.spool_name);
	Q.spool_name = NULL;
}

/* Writes the first n rows of the document and forgets them. */
static void
put_rows(size_t n)
{
	size_t i;

	forget_written();	/* the names may have changed since */
	put_spooled();
	for (i = 0; i < n; i++) {
		put_row(&Q.rows[i]);
		free_row(&Q.rows[i]);
	}
	drop_rows(n);
	checkwrite();
}

static void
end_doc(void)
{
	do_para(NULL);
	flush_pending();
	put_rows(Q.nrows);
	set_lead(NULL, NULL, 0);
	party_reset();
	free(Q.doc);
	Q.doc = NULL;
}

/* Copies map src into dst, in the buffer dst had: a paragraph's
 * sentence slots keep theirs for the next paragraph's, since a malloc
 * and a free for each sentence cost more than the copy. */
static void
copy_map(struct map *dst, const struct map *src)
{
	if (src->n > dst->cap) {
		free(dst->e);
		dst->e = emalloc(src->n * sizeof *dst->e);
		dst->cap = src->n;
	}
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof *dst->e);
	dst->n = src->n;
	dst->delta = 0;
}

static void sentence(const struct sent *);

/* Reads the sentences held, as they came.  Of a paragraph with no
 * quotation, do_para keeps only what lead_of tells the next, which that
 * next one's lead_of tells anew: so only the last two paragraphs are
 * read whole; libparty reads all.  The last one's quotations are qs, nq;
 * the one before it has none. */
static void
release(struct quote *qs, size_t nq)
{
	size_t i;

	Q.npaired = Q.ipaired = 0;
	if (Q.held_at > Q.held_before)
		Q.paired[Q.npaired++] = (struct paired){ NULL, 0 };
	Q.paired[Q.npaired++] = (struct paired){ qs, nq };
	Q.holding = 0;
	Q.text.len = 0;
	for (i = 0; i < Q.held.n; i++) {
		const struct sent *d = sentq_at(&Q.held, i);

		rx_input(d->file, d->line);	/* for warnings */
		if (i < Q.held_before)
			party_scan(d);
		else
			sentence(d);
	}
	sentq_clear(&Q.held);
}

/* The sentence's text to the paragraph's, after a space. */
static void
add_text(const struct sent *st)
{
	if (Q.text.len)
		buf_addc(&Q.text, ' ');
	buf_add(&Q.text, st->text, st->len);
}

/* A document's rows all come of quotations, and what libparty and the
 * paragraphs before tell is asked only for one: so its sentences are
 * held, unread, until a paragraph holds one, and then read as they
 * came; a document of none (one in seven of the articles of a news
 * feed) is never read but for its marks.  0 if st is not held: the
 * sentences before it have been read now.  Bounded, for a long
 * document. */
#ifndef HOLD_MAX
#define HOLD_MAX (1 << 18)	/* bytes */
#endif
static int
hold(const struct sent *st)
{
	if (Q.held_para && st->para != Q.para) {
		struct quote *qs;
		size_t nq = pair_marks(Q.text.s, Q.text.len, &qs);

		if (nq || sentq_bytes(&Q.held) > HOLD_MAX) {
			release(qs, nq);
			rx_input(st->file, st->line);
			return 0;
		}
		Q.held_para = 0;
		Q.text.len = 0;
	}
	if (!Q.held_para) {
		Q.held_before = Q.held_at;
		Q.held_at = Q.held.n;
	}
	Q.para = st->para;
	sentq_push(&Q.held, st);
	Q.held_para++;
	add_text(st);
	return 1;
}

static void
sentence(const struct sent *st)
{
	struct psent *p;

	if (!Q.doc) {	/* libsent calls end_input at each document's end */
		Q.doc = estrdup(st->doc);
		Q.doc_tsv.len = 0;
		tsv_escape(&Q.doc_tsv, Q.doc, strlen(Q.doc));
		Q.holding = !Q.hold_off;
		Q.held_para = Q.held_at = 0;
	}
	if (Q.holding && hold(st))
		return;
	if (Q.ns && st->para != Q.para)
		do_para(st);
	/* the rows are final but for the last few, which a pronoun may
	 * still look back at: memory bounded in a long document */
	if (party_full_known() && Q.nrows > RESOLVE_ROWS)
		put_rows(Q.nrows - RESOLVE_ROWS);
	else if (Q.nrows > HELD_ROWS)
		spool_rows(Q.nrows - RESOLVE_ROWS);
	Q.para = st->para;
	party_scan(st);
	if (Q.ns == Q.scap) {	/* a slot of its own, with no map yet */
		size_t had = Q.scap;

		Q.s = egrow(Q.s, &Q.scap, Q.ns + 1, sizeof *Q.s);
		memset(Q.s + had, 0, (Q.scap - had) * sizeof *Q.s);
	}
	p = &Q.s[Q.ns++];
	p->sent = st->sent;
	p->start = st->start;
	p->len = st->len;
	copy_map(&p->map, &st->map);
	add_text(st);
	p->off = Q.text.len - st->len;
}

static void
end_input(void)
{
	if (Q.holding) {
		struct quote *qs = NULL;
		size_t nq = Q.held_para ? pair_marks(Q.text.s, Q.text.len, &qs) : 0;

		if (nq)
			release(qs, nq);
		else {	/* no row: nothing to write, and no name asked */
			Q.holding = 0;
			Q.text.len = 0;
			sentq_clear(&Q.held);
		}
	}
	if (Q.doc)
		end_doc();
}

const struct extractor extractor = {
	header, "doc sent start end quote speaker cue type",
	init, sentence, end_input
};

int
main(int argc, char **argv)
{
	return extractor_main(argc, argv, &extractor);
}
