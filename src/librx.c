/* librx.c: the filters' only contact with PCRE2. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pcre2.h>

#include "facts.h"

struct rx {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	const char *where;
	/* the name table entries of the group names asked for, by the
	 * address of the name: the callers ask with literals, each match */
	struct named {
		const char *name;
		PCRE2_SPTR first, last;
		int rc;
	} named[48];
	size_t nnamed;
	uint32_t entry_size;
	int gave_up;	/* the last rx_exec, on a hard input */
	const char *part;	/* rx_part's, and its length */
	size_t part_len;
};

/* Where the input being matched came from, for warnings. */
static const char *in_file;
static long in_line;

void
rx_input(const char *file, long line)
{
	in_file = file;
	in_line = line;
}

/* A callout (?C"name") lets the match go on only in the part the caller
 * asked for (rx_part). */
static int
part_callout(pcre2_callout_block *cb, void *data)
{
	const struct rx *r = data;
	PCRE2_SPTR c = cb->callout_string;

	return r->part && (!c || cb->callout_string_length != r->part_len ||
	    memcmp(c, r->part, r->part_len));
}

static struct rx *
compile(const char *pattern, const char *where, uint32_t options)
{
	struct rx *r = emalloc(sizeof *r);
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_EXTENDED | PCRE2_NO_UTF_CHECK | options, &err,
	    &off, NULL);
	if (!r->code) {
		pcre2_get_error_message(err, msg, sizeof msg);
		free(r);
		die(EXIT_DATA, "%s does not compile at offset %zu: %s",
		    where, (size_t)off, (char *)msg);
	}
	/* JIT is a speed-up, not a requirement: without it, match anyway.
	 * FACTS_NO_JIT is for valgrind, which takes the JIT's wide reads
	 * near the end of a subject for uses of uninitialised memory. */
	if (!getenv("FACTS_NO_JIT"))
		pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	r->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(r->mc, 1000000);
	pcre2_set_depth_limit(r->mc, 10000);
	/* a larger JIT stack than the default 32K for long sentences */
	if ((r->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL)))
		pcre2_jit_stack_assign(r->mc, NULL, r->js);
	pcre2_set_callout(r->mc, part_callout, r);
	r->part = NULL;
	r->part_len = 0;
	r->where = where;
	r->nnamed = 0;
	r->gave_up = 0;
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &r->entry_size);
	if (!r->md || !r->mc)
		die(EXIT_IO, "out of memory:");
	return r;
}

struct rx *
rx_compile(const char *pattern, const char *where)
{
	return compile(pattern, where, 0);
}

/* As rx_compile, for a pattern that rx_exec_upto may also try. */
struct rx *
rx_compile_limited(const char *pattern, const char *where)
{
	return compile(pattern, where, PCRE2_USE_OFFSET_LIMIT);
}

/* A pattern that matches only where it is tried (rx_exec's from): for a
 * caller that finds the places a match may start faster than PCRE2's
 * search does.  Anchored when compiled, since the JIT takes no
 * PCRE2_ANCHORED at match time. */
struct rx *
rx_compile_anchored(const char *pattern, const char *where)
{
	return compile(pattern, where, PCRE2_ANCHORED);
}

void
rx_free(struct rx *r)
{
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mc);
	pcre2_jit_stack_free(r->js);
	pcre2_code_free(r->code);
	free(r);
}

/* Sets start[c] for every byte c a match may start with, as PCRE2 has
 * studied the pattern: all of them when it knows no such set. */
void
rx_start_bytes(const struct rx *r, unsigned char start[256])
{
	const uint8_t *map = NULL;
	int c;

	if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTBITMAP, &map) != 0)
		map = NULL;
	for (c = 0; c < 256; c++)
		start[c] = !map || (map[c / 8] >> (c % 8) & 1);
}

/* Which part of the pattern the next matches try: a pattern of several
 * parts, each opened by a callout of its name ((?C"name")), shares its
 * definitions among them and is compiled once, not once a part.  A
 * callout of another name fails where it stands; NULL lets all through. */
void
rx_part(struct rx *r, const char *name)
{
	r->part = name;
	r->part_len = name ? strlen(name) : 0;
}

/* Finds the next match at or after from; 1 if there is one. */
int
rx_exec(struct rx *r, const char *s, size_t n, size_t from)
{
	int rc;

	rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, from,
	    PCRE2_NO_UTF_CHECK, r->md, r->mc);
	r->gave_up = 0;
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT) {
		warn_at(in_file, in_line, "%s gave up on a hard input (match "
		    "limit); the rest of that sentence is skipped", r->where);
		r->gave_up = 1;
		return 0;
	}
	die(EXIT_DATA, "%s: match error %d", r->where, rc);
	return 0;
}

/* As rx_exec, but only a match that starts at from..last: for a caller
 * that knows none starts further on, so that the search need not try
 * the places past last (\G holds at from, and lookbehinds see the text
 * before it, as in rx_exec).  For rx_compile_limited's patterns. */
int
rx_exec_upto(struct rx *r, const char *s, size_t n, size_t from, size_t last)
{
	int found;

	pcre2_set_offset_limit(r->mc, last);
	found = rx_exec(r, s, n, from);
	pcre2_set_offset_limit(r->mc, PCRE2_UNSET);
	return found;
}

/* Whether the last rx_exec gave up rather than found no match: a caller
 * that tries an anchored pattern place by place stops there, as a search
 * would. */
int
rx_gave_up(const struct rx *r)
{
	return r->gave_up;
}

/* The span of the group called name in the last match; a name may stand
 * for several groups ((?J) in the pattern): the first that is set. */
int
rx_group(const struct rx *r, const char *name, size_t *so, size_t *eo)
{
	struct rx *w = (struct rx *)r;	/* the cache only */
	struct named *nm = NULL, one;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	uint32_t count = pcre2_get_ovector_count(r->md);
	PCRE2_SPTR e;
	size_t k;

	for (k = 0; k < r->nnamed && !nm; k++)
		if (r->named[k].name == name)
			nm = &w->named[k];
	if (!nm) {
		nm = w->nnamed < sizeof w->named / sizeof *w->named ?
		    &w->named[w->nnamed++] : &one;
		nm->name = name;
		nm->rc = pcre2_substring_nametable_scan(r->code, (PCRE2_SPTR)name,
		    &nm->first, &nm->last);
	}
	if (nm->rc < 0)
		return 0;
	for (e = nm->first; e <= nm->last; e += r->entry_size) {
		uint32_t i = ((uint32_t)e[0] << 8) | e[1];

		if (i < count && ov[2 * i] != PCRE2_UNSET) {
			*so = ov[2 * i];
			*eo = ov[2 * i + 1];
			return 1;
		}
	}
	return 0;
}

/* The number of the one group called name, for rx_group_at; -1 if none
 * is, or several are ((?J)): those are read by name. */
int
rx_group_number(const struct rx *r, const char *name)
{
	int i = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR)name);

	return i > 0 ? i : -1;
}

/* The span of group number i in the last match, without looking up a
 * name: for a filter that reads many groups of each match. */
int
rx_group_at(const struct rx *r, int i, size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);

	if (i < 0 || (uint32_t)i >= pcre2_get_ovector_count(r->md) ||
	    ov[2 * i] == PCRE2_UNSET)
		return 0;
	*so = ov[2 * i];
	*eo = ov[2 * i + 1];
	return 1;
}

void
rx_span(const struct rx *r, size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);

	*so = ov[0];
	*eo = ov[1];
}

/* Appends s as a literal for an extended-mode pattern. */
void
rx_quote(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ') {
			buf_addstr(b, "[ ]");
			continue;
		}
		if (strchr("\\^$.|?*+()[]{}#-", s[i]))
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

/* The first character of s, its ASCII letters in lower case: what an
 * alternation groups its words by. */
static int32_t
first_folded(const char *s)
{
	int32_t cp;

	if (!*s || utf_decode((const unsigned char *)s, strlen(s), &cp) <= 0 ||
	    cp == UTF_BAD)
		return (unsigned char)s[0];
	return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
}

static int
by_first_then_length(const void *a, const void *b)
{
	const struct rx_word *x = a, *y = b;
	int32_t fx = first_folded(x->s), fy = first_folded(y->s);
	size_t lx = strlen(x->s), ly = strlen(y->s);

	if (fx != fy)
		return fx < fy ? -1 : 1;
	if (lx != ly)
		return lx < ly ? 1 : -1;
	return strcmp(x->s, y->s);
}

static int
by_folded(const void *a, const void *b)
{
	return strcasecmp(((const struct rx_word *)a)->s,
	    ((const struct rx_word *)b)->s);
}

static int
by_bytes(const void *a, const void *b)
{
	return strcmp(((const struct rx_word *)a)->s,
	    ((const struct rx_word *)b)->s);
}

/* Whether the words can be written as a tree of their common starts
 * (add_tree): all of any case or none, and of ASCII but none empty, so
 * that two words that part at a character never match at one place. */
static int
treeable(const struct rx_word *w, size_t n)
{
	size_t i;
	const char *p;

	for (i = 0; i < n; i++) {
		if (w[i].anycase != w[0].anycase || !*w[i].s)
			return 0;
		for (p = w[i].s; *p; p++)
			if (*p & 0x80)
				return 0;
	}
	return 1;
}

/* c, an ASCII letter in lower case if anycase. */
static int
fold(char c, int anycase)
{
	return anycase && c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The end of the words from w[i] on, before hi, whose character d is
 * w[i]'s, in any case if theirs. */
static size_t
same_at(const struct rx_word *w, size_t i, size_t hi, size_t d)
{
	size_t j = i + 1;
	int any = w[i].anycase;

	while (j < hi && fold(w[j].s[d], any) == fold(w[i].s[d], any))
		j++;
	return j;
}

/* The words w[lo..hi), sorted (in any case if theirs) and alike in their
 * first d characters, as a tree of their common starts
 * ("sa(?:id|y(?:ing|s|))"):
 * at each character the longer words are tried first, as the
 * alternation of them all would, and the match is the same, while a
 * subject tries each character once, not every word. */
static void
add_tree(struct buf *b, const struct rx_word *w, size_t lo, size_t hi,
    size_t d)
{
	size_t i = lo, j, parts = 0;
	int ends = 0, wrap;

	while (i < hi && !w[i].s[d]) {	/* the words that end here */
		ends = 1;
		i++;
	}
	for (j = i; j < hi; j = same_at(w, j, hi, d))
		parts++;
	if (!parts)
		return;
	if ((wrap = parts > 1 || ends))
		buf_addstr(b, "(?:");
	for (; i < hi; i = j) {
		j = same_at(w, i, hi, d);
		rx_quote(b, w[i].s + d, 1);
		add_tree(b, w, i, j, d + 1);
		if (j < hi || ends)
			buf_addc(b, '|');
	}
	if (wrap)
		buf_addc(b, ')');
}

/* Words as an alternation for a pattern, the longer first, so that a
 * phrase ("Attorney General", "per cent") is taken whole before a word of
 * it; inside (?i:) if all are of any case, else each of any case in its
 * own.  Past GROUPED words, as a tree of their common starts if they
 * can be (add_tree), else grouped by their first character behind a
 * lookahead for it ("(?=[dD])(?:dlrs|dlr|...)"): a subject then tries a
 * few groups, not every word, and the match is the same, since words of
 * two first characters never match at one place.  None: a pattern that
 * fails.  Sorts w. */
enum { GROUPED = 8 };
char *
rx_alternation(struct rx_word *w, size_t n)
{
	struct buf b = { 0 };
	size_t i;
	int32_t group = -1;
	int allcase = 1;

	for (i = 0; i < n; i++)
		allcase &= w[i].anycase;
	if (n > GROUPED && treeable(w, n)) {
		/* of one case in any context: its words part at a byte */
		qsort(w, n, sizeof *w, allcase ? by_folded : by_bytes);
		buf_addstr(&b, allcase ? "(?i:" : "(?-i:");
		add_tree(&b, w, 0, n, 0);
		buf_addc(&b, ')');
		return b.s;
	}
	qsort(w, n, sizeof *w, by_first_then_length);
	buf_addstr(&b, allcase ? "(?i:" : "(?:");
	for (i = 0; i < n; i++) {
		int32_t f = first_folded(w[i].s);

		if (f != group && n > GROUPED) {
			if (group >= 0)
				buf_addstr(&b, ")|");
			buf_addstr(&b, "(?=");
			if (f >= 'a' && f <= 'z') {
				buf_addc(&b, '[');
				buf_addc(&b, f);
				buf_addc(&b, f - 32);
				buf_addc(&b, ']');
			} else {
				char u[4];

				rx_quote(&b, u, (size_t)utf_encode(f, u));
			}
			buf_addstr(&b, ")(?:");
			group = f;
		} else if (i)
			buf_addc(&b, '|');
		if (w[i].anycase && !allcase)
			buf_addstr(&b, "(?i:");
		rx_quote(&b, w[i].s, strlen(w[i].s));
		if (w[i].anycase && !allcase)
			buf_addc(&b, ')');
	}
	buf_addstr(&b, !n ? "(*FAIL))" : group >= 0 ? "))" : ")");
	return b.s;
}

/* line with each {NAME} (capitals only, so that {1,3} stays, and not
 * after \p, so that \p{Lu} stays) replaced by expand(NAME), a malloc'ed
 * string; the result is malloc'ed. */
static char *
expand_line(const char *line, char *(*expand)(const char *, void *),
    void *arg, const char *path, long lineno)
{
	struct buf b = { 0 };
	const char *p = line, *q;
	char name[64], *x;
	size_t k;

	while ((q = strchr(p, '{'))) {
		k = strspn(q + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
		buf_add(&b, p, (size_t)(q - p));
		if (k == 0 || k >= sizeof name || q[1 + k] != '}' ||
		    (q - line >= 2 && q[-2] == '\\' &&
		    (q[-1] == 'p' || q[-1] == 'P'))) {
			buf_addc(&b, '{');
			p = q + 1;
			continue;
		}
		memcpy(name, q + 1, k);
		name[k] = '\0';
		if (!(x = expand(name, arg)))
			die_at(EXIT_DATA, path, lineno, "unknown {%s}", name);
		buf_addstr(&b, x);
		free(x);
		p = q + k + 2;
	}
	buf_addstr(&b, p);
	return b.s ? b.s : estrdup("");
}

/* Reads a pattern file of rules/ into sections: a line "== NAME" starts
 * one (text before any such line is a section without a name, dropped
 * when blank and named sections follow), lines "=~ SIEVE" in it give
 * patterns of which a subject must match one before the section's is tried,
 * comment lines are dropped, and placeholders are expanded (expand_line). */
size_t
rules_sections(const char *dir, const char *file,
    char *(*expand)(const char *, void *), void *arg, struct section **out)
{
	char *path, *line = NULL;
	FILE *fp = rules_open(dir, file, &path);
	struct buf b = { 0 };
	struct section *sec = NULL;
	size_t cap = 0, n = 0, scap = 0;
	long lineno = 0;

	while (getline(&line, &cap, fp) >= 0) {
		char *x;

		lineno++;
		if (line[0] == '#')
			continue;
		if (!strncmp(line, "== ", 3) || n == 0) {
			sec = egrow(sec, &scap, n + 1, sizeof *sec);
			if (n)
				sec[n - 1].pattern = b.s ? b.s : estrdup("");
			memset(&b, 0, sizeof b);
			sec[n].name = NULL;
			sec[n].nsieve = 0;
			if (!strncmp(line, "== ", 3)) {
				line[strcspn(line, "\n")] = '\0';
				sec[n++].name = estrdup(line + 3);
				continue;
			}
			n++;
		}
		if (!strncmp(line, "=~ ", 3)) {
			struct section *c = &sec[n - 1];

			if (c->nsieve == SECTION_SIEVES)
				die_at(EXIT_DATA, path, lineno,
				    "more than %d '=~' lines in one pattern",
				    SECTION_SIEVES);
			line[strcspn(line, "\n")] = '\0';
			c->sieve[c->nsieve++] = expand_line(line + 3, expand, arg,
			    path, lineno);
			continue;
		}
		x = expand_line(line, expand, arg, path, lineno);
		buf_addstr(&b, x);
		free(x);
	}
	if (n)
		sec[n - 1].pattern = b.s ? b.s : estrdup("");
	/* the blank lines before the first "==" are no pattern: an empty
	 * pattern would match at every byte */
	if (n > 1 && !sec[0].name && !sec[0].nsieve &&
	    !sec[0].pattern[strspn(sec[0].pattern, " \t\n")]) {
		free(sec[0].pattern);
		memmove(sec, sec + 1, --n * sizeof *sec);
	}
	fclose(fp);
	free(line);
	free(path);
	*out = sec;
	return n;
}

static void
sections_free_one(struct section *sec)
{
	size_t k;

	free(sec->name);
	free(sec->pattern);
	for (k = 0; k < sec->nsieve; k++)
		free(sec->sieve[k]);
}

void
sections_free(struct section *sec, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sections_free_one(&sec[i]);
	free(sec);
}

/* A pattern file of one pattern. */
char *
rules_pattern(const char *dir, const char *file,
    char *(*expand)(const char *, void *), void *arg)
{
	struct section *sec;
	size_t n = rules_sections(dir, file, expand, arg, &sec);
	char *p = n ? sec[0].pattern : estrdup("");

	if (n && sec[0].nsieve)
		die(EXIT_DATA, "%s/%s: a file of one pattern takes no '=~' line",
		    dir, file);
	if (n)
		sec[0].pattern = NULL;	/* returned */
	sections_free(sec, n);
	return p;
}
