/* split: normalize output to one row per sentence.
 * Reads doc, para, start, end, text, map, breaks; writes doc, para, sent,
 * start, end, text, map, with offsets into the original file and the map
 * cut down to the sentence.  The knowledge (abbreviations, sentence
 * starters, quote marks, bullets) is in rules/; this file holds the
 * mechanism: a left-to-right scan for terminators, deciding each from the
 * word before it and the word after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "para", "sent", "start", "end", "text", "map", NULL
};

enum { ABBR_PREFIX = 1, ABBR_AMBIGUOUS };

/* A setting's characters: decoded once, 0-terminated, and the ASCII ones
 * in a table besides, as most bytes a scan asks about are ASCII. */
struct charset {
	int32_t *cp;
	unsigned char ascii[128];
};

static struct {
	/* ABBR_PREFIX and ABBR_AMBIGUOUS bits of the abbreviations with
	 * an upper-case letter, as written, and of those without */
	struct strset abbrevs, labbrevs;
	struct strset starters;
	struct charset closers, openers, bullets;
	long list_line_max;
} R;

struct input {
	struct tsv_run inputs;
	char *prevdoc;
	long prevpara, nsent;
	struct map map;
	struct buf lead;	/* the paragraph's doc and para, escaped */
	int plain;		/* its row has nothing to escape (tsv_plain) */
	struct buf out;
};

/* The columns of a paragraph row. */
enum { C_DOC, C_PARA, C_START, C_TEXT, C_MAP, C_BREAKS, NCOL };
static const char *const need[] = {
	"doc", "para", "start", "text", "map", "breaks", NULL
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout, "usage: %s [-r RULES] [FILE...]\n"
	    "Reads normalize output; writes one row per sentence:\n"
	    "doc para sent start end text map\n", argv0);
	exit(status);
}

static int
islowerstr(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return 0;
	return 1;
}

static void
load_abbreviations(const char *dir)
{
	static const char *const cols[] = { "abbrev", "kind", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "abbreviations.tsv", cols, c);
	while (tsv_next(&t)) {
		const char *a = t.f[c[0]], *k = t.f[c[1]];
		size_t n = t.flen[c[0]];
		int lower = islowerstr(a);

		set_or(lower ? &R.labbrevs : &R.abbrevs, a, n,
		    rules_yes_no(&t, "kind", k, "prefix", "ambiguous") ? ABBR_PREFIX :
		    ABBR_AMBIGUOUS);
	}
	rules_close(&t);
}

/* The characters of a setting. */
static void
chars(struct charset *c, const struct tsv *t, const char *v)
{
	size_t n = strlen(v), i = 0, k = 0;
	int32_t *set = emalloc((n + 1) * sizeof *set);

	memset(c->ascii, 0, sizeof c->ascii);
	while (i < n) {
		i += (size_t)utf_decode((const unsigned char *)v + i, n - i, &set[k]);
		if (set[k] == UTF_BAD)
			die_at(EXIT_DATA, t->name, t->line, "invalid UTF-8 in '%s'", v);
		if (set[k] < 0x80)
			c->ascii[set[k]] = 1;
		k++;
	}
	set[k] = 0;
	free(c->cp);	/* a setting given twice: the last one */
	c->cp = set;
}

static void
load_settings(const char *dir)
{
	static const char *const cols[] = { "name", "value", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "split.tsv", cols, c);
	while (tsv_next(&t)) {
		const char *k = t.f[c[0]], *v = t.f[c[1]];
		char *end;

		if (!strcmp(k, "closers"))
			chars(&R.closers, &t, v);
		else if (!strcmp(k, "openers"))
			chars(&R.openers, &t, v);
		else if (!strcmp(k, "bullets"))
			chars(&R.bullets, &t, v);
		else if (!strcmp(k, "list_line_max")) {
			R.list_line_max = strtol(v, &end, 10);
			if (!*v || *end || R.list_line_max < 0)
				die_at(EXIT_DATA, t.name, t.line,
				    "list_line_max: not a number: '%s'", v);
		} else
			die_at(EXIT_DATA, t.name, t.line, "unknown setting '%s'", k);
	}
	if (!R.closers.cp || !R.openers.cp || !R.bullets.cp || !R.list_line_max)
		die(EXIT_DATA, "%s: closers, openers, bullets and "
		    "list_line_max must all be set", t.name);
	rules_close(&t);
}

/* Character classes over the paragraph text. */

static int
decode(const char *s, size_t n, size_t i, int32_t *cp)
{
	if (i >= n) {
		*cp = 0;
		return 0;
	}
	return utf_decode((const unsigned char *)s + i, n - i, cp);
}

/* The length of the character at s[i] if it is one of set, else 0. */
static int
oneof(const struct charset *c, const char *s, size_t n, size_t i)
{
	const int32_t *set = c->cp;
	int32_t cp;
	int len;

	if (i < n && (unsigned char)s[i] < 0x80)
		return c->ascii[(unsigned char)s[i]];
	len = decode(s, n, i, &cp);
	for (; len && *set; set++)
		if (*set == cp)
			return len;
	return 0;
}

static int
is_ellipsis(const char *s, size_t n, size_t i)
{
	return i + 2 < n && !memcmp(s + i, "\xE2\x80\xA6", 3) ? 3 : 0;
}

/* Whether byte c may start an end of sentence: . ! ? or the first byte
 * of an ellipsis. */
static int
may_end(char c)
{
	return c == '.' || c == '!' || c == '?' || c == '\xE2';
}

/* Past the characters of c at s[i]. */
static size_t
skip_chars(const struct charset *c, const char *s, size_t n, size_t i)
{
	int len;

	while (i < n && (len = oneof(c, s, n, i)))
		i += (size_t)len;
	return i;
}

static size_t
skip_closers(const char *s, size_t n, size_t i)
{
	return skip_chars(&R.closers, s, n, i);
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static size_t
skip_openers(const char *s, size_t n, size_t i)
{
	return skip_chars(&R.openers, s, n, i);
}

/* The word at s[i] after any openers: its start and length in letters. */
static size_t
next_word(const char *s, size_t n, size_t i, size_t *len)
{
	int l;
	int32_t cp;
	size_t j;

	i = skip_openers(s, n, i);
	for (j = i; j < n && (l = decode(s, n, j, &cp)) && utf_is_alpha(cp); j += l)
		;
	*len = j - i;
	return i;
}

/* Whether a sentence may start at s[i]: its first letter or digit is not
 * lower case. */
static int
starts_sentence(const char *s, size_t n, size_t i)
{
	int32_t cp;

	i = skip_openers(s, n, i);
	if (i >= n)
		return 0;
	decode(s, n, i, &cp);
	return !utf_is_lower(cp);
}

static int
is_starter(const char *s, size_t n, size_t i)
{
	size_t len;

	i = next_word(s, n, i, &len);
	return len && set_has(&R.starters, s + i, len);
}

/* The token before the full stop at s[i]: back to a space, less openers. */
static size_t
token_before(const char *s, size_t i, size_t from)
{
	size_t j = i;

	while (j > from && s[j - 1] != ' ')
		j--;
	return skip_chars(&R.openers, s, i, j);
}

/* The kind of the first bits of ABBR_PREFIX, ABBR_AMBIGUOUS that are set. */
static int
kind_of(unsigned bits)
{
	return bits & ABBR_PREFIX ? ABBR_PREFIX : bits & ABBR_AMBIGUOUS ?
	    ABBR_AMBIGUOUS : 0;
}

/* The kind of w as written, else in lower case; a word with no upper-case
 * letter can only be one of labbrevs, and is its own lower case. */
static int
abbrev_kind(const char *w, size_t n)
{
	char low[64];
	size_t k;
	int upper = 0, kind;

	for (k = 0; k < n && !upper; k++)
		upper = w[k] >= 'A' && w[k] <= 'Z';
	if (upper && (kind = kind_of(set_bits(&R.abbrevs, w, n))))
		return kind;
	if (n >= sizeof low)
		return 0;
	if (!upper)
		return kind_of(set_bits(&R.labbrevs, w, n));
	for (k = 0; k < n; k++)
		low[k] = (w[k] >= 'A' && w[k] <= 'Z') ? w[k] + 32 : w[k];
	return kind_of(set_bits(&R.labbrevs, low, n));
}

/* A single letter, or letters each followed by a full stop: U.S.A, a.m */
static int
is_initials(const char *w, size_t n)
{
	size_t k;
	int32_t cp;
	int l;

	for (k = 0; k < n; ) {
		l = decode(w, n, k, &cp);
		if (!utf_is_alpha(cp))
			return 0;
		k += (size_t)l;
		if (k < n && w[k++] != '.')
			return 0;
	}
	return n > 0;
}

static int
is_number(const char *w, size_t n)
{
	size_t k;
	int digits = 0;

	for (k = 0; k < n; k++) {
		if (w[k] >= '0' && w[k] <= '9')
			digits++;
		else if (w[k] != ',' && w[k] != '.')
			return 0;
	}
	return digits > 0;
}

/* A list marker opens the sentence: "1." "b." after an optional bullet. */
static int
is_marker(const char *s, size_t n, size_t tok, size_t i, size_t sent)
{
	size_t len, m = sent;
	int l;

	if ((l = oneof(&R.bullets, s, n, m)))
		m = skip_spaces(s, n, m + (size_t)l);
	if (tok < m && (l = oneof(&R.bullets, s, n, tok)))
		tok += (size_t)l;
	if (tok != m)
		return 0;
	len = i - tok;
	if (len == 1 && utf_is_alpha((unsigned char)s[tok]))
		return 1;
	return len <= 3 && strspn(s + tok, "0123456789") == len;
}

static int
is_weblike(const char *s, size_t n, size_t i)
{
	size_t a = i, b = i;

	while (a > 0 && s[a - 1] != ' ')
		a--;
	while (b < n && s[b] != ' ')
		b++;
	for (; a + 1 < b; a++)
		if (s[a] == '@' || !strncmp(s + a, "://", 3) ||
		    !strncmp(s + a, "www.", 4))
			return 1;
	return 0;
}

/* A full stop with a letter right after it: "world.Today" ends a sentence
 * when a word stands on each side and the right one is capitalised. */
static int
glued_end(const char *s, size_t n, size_t i, size_t tok)
{
	size_t a = i, len;
	int32_t cp, c2;
	int letters = 0;

	while (a > tok && s[a - 1] != '.')
		a--;
	for (; a < i; a++)
		if (utf_is_alpha((unsigned char)s[a]) || (s[a] & 0x80))
			letters++;
	if (letters < 2 && !is_number(s + tok, i - tok))
		return 0;
	next_word(s, n, i + 1, &len);
	decode(s, n, i + 1, &cp);
	decode(s, n, i + 2, &c2);
	return len >= 2 && utf_is_upper(cp) && utf_is_lower(c2) &&
	    !is_weblike(s, n, i);
}

/* The counts of a run of full stops at s[i]: consecutive ("...") or spaced
 * (". . ."); sets *end past it. */
static int
dots(const char *s, size_t n, size_t i, size_t *end, int *spaced)
{
	int k = 1;

	*spaced = 0;
	if (i + 2 < n && s[i + 1] == ' ' && s[i + 2] == '.') {
		*spaced = 1;
		while (i + 2 < n && s[i + 1] == ' ' && s[i + 2] == '.') {
			i += 2;
			k++;
		}
	} else {
		while (i + 1 < n && s[i + 1] == '.') {
			i++;
			k++;
		}
	}
	*end = i + 1;
	return k;
}

/* Closing marks set apart by a space ("us. »") still end the sentence. */
static size_t
absorb(const char *s, size_t n, size_t after)
{
	size_t j = skip_spaces(s, n, after);

	if (j < n && oneof(&R.closers, s, n, j) && !oneof(&R.openers, s, n, j))
		return skip_closers(s, n, j);
	return after;
}

struct bounds {
	size_t *b;
	size_t n, cap;
};

static void
add_bound(struct bounds *bs, size_t at)
{
	bs->b = egrow(bs->b, &bs->cap, bs->n + 1, sizeof *bs->b);
	bs->b[bs->n++] = at;
}

/* Decides a full stop at s[i] that is not part of a run of dots. */
static int
stop_ends(const char *s, size_t n, size_t i, size_t sent, size_t *after)
{
	size_t tok = token_before(s, i, sent), j;
	int kind;

	if (i + 1 < n && s[i + 1] != ' ') {
		int32_t cp;

		decode(s, n, i + 1, &cp);
		if (utf_is_alpha(cp) && glued_end(s, n, i, tok)) {
			*after = i + 1;
			return 1;
		}
	}
	j = absorb(s, n, skip_closers(s, n, i + 1));
	if (j >= n || s[j] != ' ')
		return 0;
	*after = j;
	j = skip_spaces(s, n, j);
	if (!starts_sentence(s, n, j))
		return 0;
	if (tok == i)
		return 1;
	if (is_marker(s, n, tok, i, sent))
		return 0;
	kind = abbrev_kind(s + tok, i - tok);
	if (kind == ABBR_PREFIX)
		return 0;
	if (kind == ABBR_AMBIGUOUS || is_initials(s + tok, i - tok))
		return is_starter(s, n, j);
	return 1;
}

/* Scans for the ends of sentences; fixed[] holds boundaries already known
 * (line breaks, list items), in order. */
static void
find_ends(const char *s, size_t n, const struct bounds *fixed,
    struct bounds *bs)
{
	size_t i = 0, sent = 0, fi = 0, after, end;
	int k, spaced, len;

	while (i < n) {
		while (fi < fixed->n && fixed->b[fi] <= i) {
			add_bound(bs, fixed->b[fi]);
			sent = skip_spaces(s, n, fixed->b[fi++]);
		}
		/* most bytes end nothing: on to the next that may, or to the
		 * next fixed boundary */
		if (!may_end(s[i])) {
			size_t lim = fi < fixed->n && fixed->b[fi] < n ? fixed->b[fi] : n;

			/* s is a TSV field, ended by a NUL: libc's strcspn
			 * looks at many bytes at a time (a NUL inside s
			 * only stops it early) */
			i += 1 + strcspn(s + i + 1, ".!?\xE2");
			if (i > lim)
				i = lim;
			continue;
		}
		if (s[i] == '!' || s[i] == '?') {
			while (i < n && (s[i] == '!' || s[i] == '?'))
				i++;
			after = absorb(s, n, skip_closers(s, n, i));
			if (after < n && s[after] == ' ' &&
			    starts_sentence(s, n, skip_spaces(s, n, after))) {
				add_bound(bs, after);
				sent = skip_spaces(s, n, after);
			}
			continue;
		}
		if ((len = is_ellipsis(s, n, i)) || s[i] == '.') {
			if (len) {
				k = 3;
				spaced = 0;
				end = i + (size_t)len;
			} else
				k = dots(s, n, i, &end, &spaced);
			if (k == 1) {
				if (stop_ends(s, n, i, sent, &after)) {
					add_bound(bs, after);
					sent = skip_spaces(s, n, after);
				}
				i++;
				continue;
			}
			after = absorb(s, n, skip_closers(s, n, end));
			if (i > 0 && s[i - 1] == '[') {
				i = end;
				continue;
			}
			if (after < n && s[after] == ' ') {
				size_t j = skip_spaces(s, n, after);
				int32_t cp;

				decode(s, n, skip_openers(s, n, j), &cp);
				if (spaced && k >= 4 && i > 0 && s[i - 1] != ' ') {
					/* "word. . . . Next": a full stop, then an
					 * ellipsis that opens the next sentence */
					if (utf_is_upper(cp)) {
						add_bound(bs, i + 1);
						sent = skip_spaces(s, n, i + 1);
					}
				} else if ((k != 3 && starts_sentence(s, n, j)) ||
				    (k == 3 && !spaced && utf_is_upper(cp))) {
					add_bound(bs, after);
					sent = j;
				}
			}
			i = end;
			continue;
		}
		i++;
	}
	while (fi < fixed->n)
		add_bound(bs, fixed->b[fi++]);
}

/* Hard line breaks end sentences in a paragraph of short lines (a list,
 * a block of headings), and before a bullet in any paragraph. */
static void
line_ends(const char *s, size_t n, const char *breaks, struct bounds *bs)
{
	size_t last = 0, longest = 0, pos;
	const char *p = breaks;
	char *end;
	int list;

	for (p = breaks; *p; p = *end ? end + 1 : end) {
		pos = (size_t)strtoull(p, &end, 10);
		if (*end == 's')
			end++;
		if (pos - last > longest)
			longest = pos - last;
		last = pos + 1;
	}
	if (n - last > longest)
		longest = n - last;
	list = longest <= (size_t)R.list_line_max;
	for (p = breaks; *p; p = *end ? end + 1 : end) {
		pos = (size_t)strtoull(p, &end, 10);
		if (*end == 's') {
			end++;
			continue;
		}
		if (pos < n && (list || oneof(&R.bullets, s, n, pos + 1)))
			add_bound(bs, pos);
	}
}

/* Items of a list that the paragraph opens: "1. A 2. B", "a) A b) B",
 * "• A • B". */
static void
list_ends(const char *s, size_t n, struct bounds *bs)
{
	size_t i = 0, j;
	int l, bullet = 0;
	long num = -1;
	char letter = 0, want[32];

	if ((l = oneof(&R.bullets, s, n, 0))) {
		bullet = 1;
		i = skip_spaces(s, n, (size_t)l);
	}
	if (bullet)
		goto bullets;
	j = i + strspn(s + i, "0123456789");
	if (j > i && j - i <= 3)
		num = strtol(s + i, NULL, 10);
	else if (i < n && s[i] >= 'a' && s[i] <= 'z')
		letter = s[i], j = i + 1;
	if ((num >= 0 || letter) && j < n && (s[j] == '.' || s[j] == ')')) {
		for (;;) {
			const char *hit;

			if (num >= 0)
				snprintf(want, sizeof want, " %ld%c", ++num, s[j]);
			else
				snprintf(want, sizeof want, " %c%c", ++letter, s[j]);
			if (!(hit = strstr(s + i, want)))
				break;
			i = (size_t)(hit - s) + 1;
			add_bound(bs, (size_t)(hit - s));
		}
	}
	return;
bullets:
	for (i = 1; i < n; i++)
		if (s[i - 1] == ' ' && oneof(&R.bullets, s, n, i))
			add_bound(bs, i - 1);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void
put_sentence(struct input *in, const struct tsv *t, const int *c, size_t from,
    size_t to, long long pstart)
{
	const char *s = t->f[c[C_TEXT]];

	from = skip_spaces(s, to, from);
	while (to > from && s[to - 1] == ' ')
		to--;
	if (to == from)
		return;
	in->out.len = 0;
	map_format(&in->out, &in->map, (long long)from, (long long)to);
	tsv_put_escaped(stdout, in->lead.s, in->lead.len);
	tsv_nums(stdout, ++in->nsent,
	    pstart + map_orig(&in->map, (long long)from),
	    pstart + map_orig(&in->map, (long long)to));
	if (in->plain)
		tsv_put_escaped(stdout, s + from, to - from);
	else
		tsv_put(stdout, s + from, to - from);
	tsv_tab(stdout);
	/* a map is digits, signs and commas: nothing to escape */
	tsv_put_escaped(stdout, in->out.s ? in->out.s : "", in->out.len);
	tsv_eol(stdout);
}

static void
do_para(struct input *in, struct tsv *t, const int *c)
{
	static struct bounds fixed, bs;
	const char *s = t->f[c[C_TEXT]];
	size_t n = t->flen[c[C_TEXT]], i, from = 0;
	long long pstart = tsv_num(t, c[C_START]);
	long para = (long)tsv_num(t, c[C_PARA]);

	if (map_parse(&in->map, t->f[c[C_MAP]], t->flen[c[C_MAP]]))
		die_at(EXIT_DATA, t->name, t->line, "column 'map': bad map '%s'",
		    t->f[c[C_MAP]]);
	if (!in->prevdoc || strcmp(in->prevdoc, t->f[c[C_DOC]]) ||
	    para <= in->prevpara) {
		free(in->prevdoc);
		in->prevdoc = estrdup(t->f[c[C_DOC]]);
		in->nsent = 0;
	}
	in->prevpara = para;
	in->plain = tsv_plain(t);
	in->lead.len = 0;	/* escaped once for all its sentences */
	tsv_escape(&in->lead, t->f[c[C_DOC]], t->flen[c[C_DOC]]);
	buf_addc(&in->lead, '\t');
	tsv_escape(&in->lead, t->f[c[C_PARA]], t->flen[c[C_PARA]]);
	fixed.n = bs.n = 0;
	line_ends(s, n, t->f[c[C_BREAKS]], &fixed);
	list_ends(s, n, &fixed);
	if (fixed.n)
		qsort(fixed.b, fixed.n, sizeof *fixed.b, cmp_size);
	find_ends(s, n, &fixed, &bs);
	if (bs.n)
		qsort(bs.b, bs.n, sizeof *bs.b, cmp_size);
	for (i = 0; i <= bs.n; i++) {
		size_t to = i < bs.n ? bs.b[i] : n;

		if (to < from)
			continue;
		put_sentence(in, t, c, from, to, pstart);
		from = to;
	}
	checkwrite();
}

static int
do_file(FILE *fp, const char *name, void *arg)
{
	struct input *in = arg;
	struct tsv *t;
	int c[NCOL];

	t = tsv_begin(&in->inputs, fp, name, "normalize", need, c);
	while (tsv_next(t))
		do_para(in, t, c);
	tsv_end(&in->inputs);
	return EXIT_OK;
}

static void
init(const char *dir)
{
	load_settings(dir);
	load_abbreviations(dir);
	rules_words(dir, "sentence-starters.tsv", "word", &R.starters);
}

static void
end(struct input *in)
{
	free(in->prevdoc);
	buf_free(&in->out);
	buf_free(&in->lead);
	map_free(&in->map);
	tsv_run_free(&in->inputs);
	memset(in, 0, sizeof *in);
}

int
main(int argc, char **argv)
{
	const char *rflag = NULL;
	struct input in;
	int c, ret, v;

	setprogname(argv[0]);
	v = std_options(&argc, argv, usage);
	while ((c = getopt(argc, argv, "hr:")) != -1) {
		switch (c) {
		case 'r': rflag = optarg; break;
		case 'h': usage(EXIT_OK); break;
		default: usage(EXIT_USAGE);
		}
	}
	if (v)
		version(rules_dir(rflag));
	init(rules_dir(rflag));
	memset(&in, 0, sizeof in);
	tsv_write_header(stdout, header);
	ret = each_input(argc - optind, argv + optind, do_file, &in);
	end(&in);
	return finish(ret);
}
