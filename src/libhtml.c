/* libhtml.c: what normalize needs to read HTML: whether a file is HTML,
 * what its tags do (rules/html-tags.tsv) and what its character
 * references stand for (rules/html-entities.tsv, html-numeric.tsv). */
#define _GNU_SOURCE		/* memmem */
#include <stdlib.h>
#include <string.h>

#include "facts.h"

/* What a reference decodes to: one or two code points in UTF-8. */
struct decoded {
	char s[8];
	unsigned char n;
};

static struct strset tags;	/* name -> HTML_BLOCK or HTML_DROP */
static struct strset names;	/* name -> 1 + its index in refs */
static struct decoded *refs;
static size_t nrefs, refcap;
static size_t legacy_max;	/* the longest name decoded without ';' */
static int32_t c1[32];		/* &#128; to &#159;, 0 where not remapped */

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* "U+20AC" at s: its code point, or -1. */
static int32_t
parse_cp(const char **s)
{
	const char *p = *s;
	int32_t cp = 0;
	int k;

	if (p[0] != 'U' || p[1] != '+')
		return -1;
	for (p += 2, k = 0; k < 6; k++, p++) {
		int c = *p;

		if (c >= '0' && c <= '9')
			cp = cp * 16 + (c - '0');
		else if (c >= 'A' && c <= 'F')
			cp = cp * 16 + (c - 'A' + 10);
		else
			break;
	}
	if (k < 4 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*s = p;
	return cp;
}

/* The code points of a rules field ("U+2242 U+0338") into d. */
static void
parse_cps(const struct tsv *t, const char *s, struct decoded *d)
{
	int32_t cp;

	d->n = 0;
	do {
		if (d->n > sizeof d->s - 4 || (cp = parse_cp(&s)) < 0)
			die_at(EXIT_DATA, t->name, t->line,
			    "codepoints: not one or two U+XXXX: '%s'", t->f[1]);
		d->n += (unsigned char)utf_encode(cp, d->s + d->n);
	} while (*s == ' ' && *++s);
	if (*s)
		die_at(EXIT_DATA, t->name, t->line,
		    "codepoints: not one or two U+XXXX: '%s'", t->f[1]);
}

static void
load_names(const char *dir)
{
	static const char *const need[] = { "name", "codepoints", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "html-entities.tsv", need, c);
	while (tsv_next(&t)) {
		const char *k = t.f[c[0]];
		size_t n = t.flen[c[0]], i;

		for (i = 0; i < n && is_alnum(k[i]); i++)
			;
		if (n == 0 || n > HTML_NAME_MAX || (i != n && !(i == n - 1 &&
		    k[i] == ';')))
			die_at(EXIT_DATA, t.name, t.line, "name: not a reference's name: '%s'", k);
		refs = egrow(refs, &refcap, nrefs + 1, sizeof *refs);
		parse_cps(&t, t.f[c[1]], &refs[nrefs]);
		set_set(&names, k, n, (unsigned)++nrefs);
		if (k[n - 1] != ';' && n > legacy_max)
			legacy_max = n;
	}
	rules_close(&t);
}

static void
load_numeric(const char *dir)
{
	static const char *const need[] = { "number", "codepoint", NULL };
	struct tsv t;
	int c[2];
	const char *s;
	long long v;

	rules_table(&t, dir, "html-numeric.tsv", need, c);
	while (tsv_next(&t)) {
		v = tsv_num(&t, c[0]);
		s = t.f[c[1]];
		if (v < 0x80 || v > 0x9F)
			die_at(EXIT_DATA, t.name, t.line, "number: not one of 128 to 159: %lld", v);
		if ((c1[v - 0x80] = parse_cp(&s)) < 0 || *s)
			die_at(EXIT_DATA, t.name, t.line, "codepoint: not U+XXXX: '%s'", t.f[c[1]]);
	}
	rules_close(&t);
}

static void
load_tags(const char *dir)
{
	static const char *const need[] = { "tag", "role", NULL };
	struct tsv t;
	int c[2];

	rules_table(&t, dir, "html-tags.tsv", need, c);
	while (tsv_next(&t)) {
		if (t.flen[c[0]] == 0 || t.flen[c[0]] > HTML_TAG_MAX)
			die_at(EXIT_DATA, t.name, t.line, "tag: empty or longer than %d bytes",
			    HTML_TAG_MAX);
		set_set(&tags, t.f[c[0]], t.flen[c[0]],
		    rules_yes_no(&t, "role", t.f[c[1]], "block", "drop") ?
		    HTML_BLOCK : HTML_DROP);
	}
	rules_close(&t);
}

/* Reads the tables once, at the first file read as HTML. */
void
html_init(const char *dir)
{
	static int loaded;

	if (loaded)
		return;
	loaded = 1;
	load_names(dir);
	load_numeric(dir);
	load_tags(dir);
}

/* HTML_BLOCK, HTML_DROP or 0 for a tag name in lower case. */
int
html_tag(const char *name, size_t n)
{
	return (int)set_bits(&tags, name, n);
}

/* Just past the first end in s[0..n), or NULL. */
static const char *
past(const char *s, size_t n, const char *end)
{
	const char *e = memmem(s, n, end, strlen(end));

	return e ? e + strlen(end) : NULL;
}

/* Past white space, an XML declaration or processing instruction
 * (<?xml ... ?>) and comments, which XHTML and saved pages put before
 * the document: the place of the first other byte, or n if they run to
 * the end (*open: the end is inside one of them). */
static size_t
skip_prologue(const char *s, size_t n, int *open)
{
	size_t i = 0;
	const char *e;

	*open = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	for (;;) {
		while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
			i++;
		if (i + 2 <= n && !memcmp(s + i, "<?", 2))
			e = past(s + i + 2, n - i - 2, "?>");
		else if (i + 4 <= n && !memcmp(s + i, "<!--", 4))
			e = past(s + i + 4, n - i - 4, "-->");
		else
			return i;
		if (!e) {
			*open = 1;
			return n;
		}
		i = (size_t)(e - s);
	}
}

/* Whether a file whose first bytes are s[0..n) is HTML: its first bytes
 * after white space (and a BOM, an XML declaration, comments) are
 * "<!DOCTYPE html" or "<html", in any case.  -1: undecided, the n bytes
 * begin one of them, or end in the prologue (more != 0: more bytes may
 * come). */
int
html_sniff(const char *s, size_t n, int more)
{
	static const char *const open[] = { "<!doctype html", "<html" };
	size_t i, k, j;
	int in_prologue;

	i = skip_prologue(s, n, &in_prologue);
	if (i == n && more && (in_prologue || n < 3))
		return -1;
	for (k = 0; k < 2; k++) {
		for (j = 0; open[k][j] && i + j < n; j++) {
			int c = s[i + j];

			if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != open[k][j])
				break;
		}
		if (!open[k][j])
			return 1;
		if (i + j == n && more)
			return -1;
	}
	return 0;
}

/* The code point of a numeric reference's number v, as HTML5 reads it. */
static int32_t
numeric_cp(long long v)
{
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	if (v >= 0x80 && v <= 0x9F && c1[v - 0x80])
		return c1[v - 0x80];
	return (int32_t)v;
}

/* "&#8220;", "&#x201C;" or without the ';' (as browsers take them). */
static int
numeric_ref(const char *s, size_t n, size_t lim, int more, char *out,
    size_t *outlen)
{
	size_t k = 2, from;
	int hex = 0;
	long long v = 0;

	if (k < lim && (s[k] == 'x' || s[k] == 'X'))
		hex = 1, k++;
	for (from = k; k < lim; k++) {
		int c = s[k], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		v = v * (hex ? 16 : 10) + d;
		if (v > 0x110000)
			v = 0x110000;	/* too large, however many digits follow */
	}
	if (k == n && more && n < HTML_REF_MAX)
		return -1;
	if (k == from || k == HTML_REF_MAX)
		return 0;	/* no digits, or more than a reference holds */
	*outlen = (size_t)utf_encode(numeric_cp(v), out);
	return (int)(k + (k < n && s[k] == ';'));
}

/* The longest name of the table at s + 1 (past the '&'), of the k name
 * characters there, followed by ';' or (the legacy ones) not. */
static int
named_ref(const char *s, size_t k, size_t n, char *out, size_t *outlen)
{
	unsigned v = 0;
	size_t m;

	if (k < n && s[k] == ';' && (v = set_bits(&names, s + 1, k)))
		m = k;
	else
		for (m = k - 1 < legacy_max ? k - 1 : legacy_max; m > 0; m--)
			if ((v = set_bits(&names, s + 1, m)))
				break;
	if (!v)
		return 0;
	memcpy(out, refs[v - 1].s, refs[v - 1].n);
	*outlen = refs[v - 1].n;
	return (int)(1 + m);
}

/* A character reference at s[0] == '&', of the n bytes there (more !=
 * 0: more may follow): the bytes it takes, its text in out (8 bytes at
 * least) and *outlen; 0 when it is no reference (the '&' is text); -1
 * when it cannot be told before more bytes come.  No reference is longer
 * than HTML_REF_MAX bytes, so that is all it looks at. */
int
html_ref(const char *s, size_t n, int more, char *out, size_t *outlen)
{
	size_t lim = n < HTML_REF_MAX ? n : HTML_REF_MAX, k;

	if (n < 2)
		return more ? -1 : 0;
	if (s[1] == '#')
		return numeric_ref(s, n, lim, more, out, outlen);
	for (k = 1; k < lim && is_alnum(s[k]); k++)
		;
	if (k == n && more && n < HTML_REF_MAX)
		return -1;
	if (k == 1)
		return 0;
	return named_ref(s, k, n, out, outlen);
}
