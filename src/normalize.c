/* normalize: raw text files to one row per paragraph.
 * Writes doc, para, start, end, text, map, breaks.  A paragraph is a run of
 * non-blank lines joined with a space; text is NFC with white space
 * collapsed, controls dropped and invalid UTF-8 replaced by U+FFFD.
 * start/end are byte offsets into the file; map carries what later stages
 * need to turn offsets in text back into offsets in the file (see
 * libmap.c), and breaks lists where in text the lines were joined
 * ("s" after a position: the line ended in white space, a soft break).
 * HTML (-H, or a file that starts as HTML does) is read as a browser
 * shows it: tags removed, block tags ending paragraphs, scripts, styles
 * and comments dropped, character references decoded; each character of
 * text maps back to the bytes it was written with ("&euro;": 6). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

#define MAXWARN 10

static const char *const header[] = {
	"doc", "para", "start", "end", "text", "map", "breaks", NULL
};

enum {			/* where in HTML the reader is */
	H_TEXT, H_TAGNAME, H_ATTRS, H_COMMENT, H_BOGUS, H_RAW
};

struct para {
	int binary_ok;		/* -a: read a file that is no text too */
	int hflag;		/* -H: every file is HTML */
	const char *rules;	/* the rules directory (-r) */
	const char *doc;
	long line;		/* of the input, for messages */
	long npara;
	int open;		/* a paragraph has visible text */
	long long start;	/* its file offset */
	long long vend;		/* relative end of its last visible char */
	struct buf text;
	struct map map;
	struct buf breaks;
	int space;		/* white space waits to be written */
	long long space_at;	/* relative offset of its first byte */
	int brk, soft;		/* ... and it holds a line break */
	int run;		/* a run of non-ASCII awaits NFC */
	int run_nfc;		/* ... and holds a character NFC may change */
	size_t run_at;		/* where the run starts in text */
	size_t plain_at;	/* the last ASCII letter written, if just before */
	long long plain_o;
	long nbad, nnul;
	long long line_at;	/* the file offset of the line being read */
	int long_lines;		/* the block of lines has one of LONG_LINE */
	int visible, pending;	/* the line going on past a block's end */
	int after_cr;		/* the block ended in CR */
	int html;		/* the file is HTML; -1: not known yet */
	int hstate;		/* H_TEXT, ... */
	char tag[HTML_TAG_MAX + 1], raw[HTML_TAG_MAX + 1];
	size_t taglen;		/* HTML_TAG_MAX + 1: too long for the table */
	size_t rawlen;		/* H_RAW: the element whose end tag ends it */
	int endtag, quote, after_eq;	/* in a tag */
	int dashes;		/* in a comment: '-' just before */
};

/* Text wrapped by hand has lines of 80 bytes or so; a line longer than
 * this is a paragraph written on one line, and in a block that has one,
 * every line is a paragraph of its own (news that ends paragraphs with a
 * single line break). */
#define LONG_LINE 160

static void
usage(int status)
{
	fprintf(status ? stderr : stdout, "usage: %s [-aH] [-r RULES] [--files-from LIST] [FILE...]\n"
	    "Writes one row per paragraph: doc para start end text map breaks\n"
	    "  -a  read files that are no text (NULs, invalid UTF-8) all the same\n"
	    "  -H  read every file as HTML (else one that starts with <html or\n"
	    "      <!DOCTYPE html)\n",
	    argv0);
	exit(status);
}

static void
end_run(struct para *p)
{
	size_t n, len = p->text.len - p->run_at;
	char *nfc;

	if (p->run && p->run_nfc) {
		nfc = utf_nfc(p->text.s + p->run_at, len, &n);
		if (nfc && (n != len || memcmp(nfc, p->text.s + p->run_at, n))) {
			p->text.len = p->run_at;
			buf_add(&p->text, nfc, n);
			/* decoded references in the run moved the map */
			map_cut(&p->map, (long long)p->run_at);
		}
		free(nfc);
	}
	p->run = p->run_nfc = 0;
}

static void
write_para(struct para *p)
{
	struct buf m = { 0 };

	end_run(p);
	map_sync(&p->map, (long long)p->text.len, p->vend);
	map_format(&m, &p->map, 0, (long long)p->text.len);
	tsv_puts(stdout, p->doc);
	tsv_nums(stdout, ++p->npara, p->start, p->start + p->vend);
	tsv_put(stdout, p->text.s, p->text.len);
	tsv_tab(stdout);
	tsv_put(stdout, m.s ? m.s : "", m.len);
	tsv_tab(stdout);
	tsv_put(stdout, p->breaks.s ? p->breaks.s : "", p->breaks.len);
	tsv_eol(stdout);
	checkwrite();
	buf_free(&m);
	p->open = 0;
	p->space = 0;
}

/* Opens the paragraph or writes the pending space before a visible
 * character at file offset at. */
static long long
before_visible(struct para *p, long long at)
{
	if (!p->open) {
		p->open = 1;
		p->start = at;
		p->text.len = 0;
		p->breaks.len = 0;
		map_reset(&p->map);
		p->space = 0;
		p->plain_at = (size_t)-1;
	} else if (p->space) {
		end_run(p);
		if (p->brk) {
			if (p->breaks.len)
				buf_addc(&p->breaks, ',');
			buf_addlong(&p->breaks, (long long)p->text.len);
			if (p->soft)
				buf_addc(&p->breaks, 's');
		}
		map_sync(&p->map, (long long)p->text.len, p->space_at);
		buf_addc(&p->text, ' ');
		p->space = 0;
	}
	return at - p->start;
}

/* Text s[0..n) written as the olen bytes at file offset at (n, but for
 * a character reference). */
static void
put_ascii(struct para *p, const char *s, size_t n, long long at, size_t olen)
{
	long long rel = before_visible(p, at);

	end_run(p);
	map_sync(&p->map, (long long)p->text.len, rel);
	buf_add(&p->text, s, n);
	p->vend = rel + (long long)olen;
	p->plain_at = p->text.len - 1;
	p->plain_o = p->vend - 1;
}

static void
put_char(struct para *p, const char *s, size_t n, int32_t cp, long long at,
    size_t olen)
{
	long long rel = before_visible(p, at);

	if (!p->run) {
		p->run = 1;
		p->run_at = p->text.len;
		if (p->plain_at + 1 == p->text.len && p->plain_o + 1 == rel)
			p->run_at = p->plain_at;
	}
	if (utf_may_change_nfc(cp))
		p->run_nfc = 1;
	map_sync(&p->map, (long long)p->text.len, rel);
	buf_add(&p->text, s, n);
	p->vend = rel + (long long)olen;
}

static void
put_bad(struct para *p, long long at, int n)
{
	long long rel = before_visible(p, at);

	end_run(p);
	if (++p->nbad <= MAXWARN)
		warn_at(p->doc, p->line,
		    "invalid UTF-8 at byte %lld, replaced by U+FFFD%s", at,
		    p->nbad == MAXWARN ? " (further ones not reported)" : "");
	map_sync(&p->map, (long long)p->text.len, rel);
	buf_add(&p->text, "\xEF\xBF\xBD", 3);
	p->vend = rel + n;
	p->plain_at = (size_t)-1;
}

static void
put_space(struct para *p, long long at)
{
	if (!p->open || p->space)
		return;
	p->space = 1;
	p->brk = p->soft = 0;
	p->space_at = at - p->start;
}

static int
is_graph(char c)
{
	return c > 0x20 && c < 0x7F;
}

/* Whether the eight bytes at s (a byte follows them) all go on a run of
 * words of printable ASCII: each printable, each space single and
 * before a printable.  Eight at a time, as that is most of news. */
static int
words8(const char *s)
{
	uint64_t w, z;

	memcpy(&w, s, 8);
	/* a high bit, 0x7F (+1 sets the high bit) or below 0x20 (+0x60
	 * does not); with no high bit, no sum carries to the next byte */
	if ((w | (w + BYTES_ONES) | ~(w + BYTES_ONES * 0x60)) & BYTES_HIGH)
		return 0;
	z = ~((w ^ BYTES_ONES * ' ') + BYTES_ONES * 0x7F) & BYTES_HIGH;	/* the spaces */
	return !(z & (z >> 8)) && (s[7] != ' ' || is_graph(s[8]));
}

/* The end of the run of printable ASCII words and single spaces that
 * starts at s[i], a printable. */
static size_t
words_end(const char *s, size_t i, size_t n)
{
	size_t j;

	for (j = i + 1; j < n; j++) {
		while (j + 8 < n && words8(s + j))
			j += 8;
		if (!is_graph(s[j]) && !(s[j] == ' ' && j + 1 < n &&
		    is_graph(s[j + 1])))
			break;
	}
	return j;
}

/* One line without its terminator, starting at file offset off.  Returns
 * whether it held anything visible. */
static int
do_line(struct para *p, const char *s, size_t n, long long off)
{
	size_t i = 0, j;
	int visible = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		int len;

		if (is_graph((char)c)) {
			/* words of printable ASCII and the single spaces
			 * between them stay as they are: one copy */
			j = words_end(s, i, n);
			put_ascii(p, s + i, j - i, off + (long long)i, j - i);
			visible = 1;
			i = j;
			continue;
		}
		len = utf_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == UTF_BAD) {
			put_bad(p, off + (long long)i, len);
			visible = 1;
		} else if (utf_is_space(cp)) {
			put_space(p, off + (long long)i);
		} else if (utf_is_invisible(cp)) {
			if (cp == 0 && ++p->nnul == 1)
				warn_at(p->doc, p->line,
				    "NUL byte at byte %lld dropped (binary input?)",
				    off + (long long)i);
			if (p->open)
				end_run(p);
		} else {
			put_char(p, s + i, (size_t)len, cp, off + (long long)i,
			    (size_t)len);
			visible = 1;
		}
		i += (size_t)len;
	}
	return visible;
}

/* A line break: a blank line ends the paragraph, any other is a space. */
static void
end_line(struct para *p, int visible, long long at)
{
	if (visible && at - p->line_at > LONG_LINE)
		p->long_lines = 1;
	if (!visible || p->long_lines) {
		if (p->open)
			write_para(p);
		if (!visible)
			p->long_lines = 0;
		return;
	}
	p->soft = p->space;
	if (!p->space)
		p->space_at = at - p->start;
	p->space = 1;
	p->brk = 1;
	if (p->open)
		end_run(p);
}

/* The end of the last whole character of s[i..n): n, or the start of a
 * multi-byte character cut off by the end of a buffer. */
static size_t
whole_chars(const unsigned char *s, size_t i, size_t n)
{
	size_t j = n, k;

	for (k = 0; k < 3 && j > i && (s[j - 1] & 0xC0) == 0x80; k++)
		j--;
	if (j > i && s[j - 1] >= 0xC0) {
		size_t need = s[j - 1] >= 0xF0 ? 4 : s[j - 1] >= 0xE0 ? 3 : 2;

		if (n - (j - 1) < need)
			return j - 1;
	}
	return n;
}

/* Whether the eight bytes at s are ASCII and none is NUL: the bytes
 * not_text need not look at one by one (+0x7F sets the high bit of each
 * but NUL, and carries to no other byte of ASCII). */
static int
ascii8_no_nul(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return !(w & BYTES_HIGH) && ((w + BYTES_ONES * 0x7F) & BYTES_HIGH) == BYTES_HIGH;
}

/* Whether the first block of a file, s[0..n), is no text: an eighth of
 * it NUL bytes, or a quarter in invalid UTF-8 (a program, an image, a
 * compressed file), judged from 64 bytes on. */
static int
not_text(const char *s, size_t n)
{
	size_t i = 0, nul = 0, bad = 0;
	int32_t cp;
	int len;

	if (n < 64)
		return 0;
	while (i < n) {
		if (i + 8 <= n && ascii8_no_nul(s + i)) {
			i += 8;
			continue;
		}
		if (s[i] == '\0') {
			nul++;
			i++;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == UTF_BAD && i + (size_t)len < n)
			bad += (size_t)len;	/* not one cut by the block's end */
		i += (size_t)len;
	}
	return nul * 8 > n || bad * 4 > n;
}

/* The bytes the file has now, up to n: from a pipe, the paragraphs
 * written so far go on (and those this wrote, before it waits), not when
 * n bytes have come, as fread would.  0 at the end or on an error (*err). */
static size_t
read_some(FILE *fp, char *b, size_t n, int *err)
{
	ssize_t r;

	flush_before_wait(fp);
	while ((r = read(fileno(fp), b, n)) < 0 && errno == EINTR)
		;
	if (r < 0) {
		*err = errno;
		return 0;
	}
	return (size_t)r;
}

/* The lines of buf[0..n), a block of a text file at file offset base
 * (end: the file's last): the bytes it takes; the rest, a character cut
 * by the block's end, comes again with the next block. */
static size_t
text_block(struct para *p, const char *buf, size_t n, long long base, int end)
{
	size_t i = 0, e, w;
	const char *nl, *cr;

	if (p->after_cr && buf[0] == '\n')
		i = 1, p->line++;	/* the LF of a CRLF */
	p->after_cr = 0;
	while (i < n) {
		nl = memchr(buf + i, '\n', n - i);
		e = nl ? (size_t)(nl - buf) : n;
		if ((cr = memchr(buf + i, '\r', e - i)))
			e = (size_t)(cr - buf);
		if (e == n) {
			/* a line that goes on: its whole characters now,
			 * a character cut off with the next block */
			w = end ? n : whole_chars((const unsigned char *)buf, i, n);
			p->visible |= do_line(p, buf + i, w - i, base + (long long)i);
			p->pending = 1;
			return w;
		}
		p->visible |= do_line(p, buf + i, e - i, base + (long long)i);
		end_line(p, p->visible, base + (long long)e);
		p->visible = p->pending = 0;
		if (buf[e] == '\r' && e + 1 < n && buf[e + 1] == '\n')
			e++;
		else if (buf[e] == '\r' && e + 1 == n)
			p->after_cr = 1;
		if (buf[e] == '\n')
			p->line++;
		i = e + 1;
		p->line_at = base + (long long)i;
	}
	return n;
}

/* HTML.  Each step reads on from s[i] in its state and returns where it
 * stopped: i itself when it cannot tell what s[i..n) is before more bytes
 * come (a reference or "<!--" cut by a block's end; never when end). */

static int
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_html_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Where c is in s[i..n), or n, counting the lines passed. */
static size_t
skip_to(struct para *p, const char *s, size_t i, size_t n, int c)
{
	for (; i < n && s[i] != c; i++)
		if (s[i] == '\n')
			p->line++;
	return i;
}

static void
start_tag(struct para *p, int endtag)
{
	p->hstate = H_TAGNAME;
	p->endtag = endtag;
	p->taglen = 0;
	p->quote = p->after_eq = 0;
}

/* A block tag ends the paragraph; a drop tag's content is skipped. */
static void
end_tag(struct para *p)
{
	int role = p->taglen <= HTML_TAG_MAX ? html_tag(p->tag, p->taglen) : 0;

	p->hstate = H_TEXT;
	if ((role & HTML_BLOCK) && p->open)
		write_para(p);
	if ((role & HTML_DROP) && !p->endtag) {
		memcpy(p->raw, p->tag, p->taglen);
		p->rawlen = p->taglen;
		p->hstate = H_RAW;
	}
}

/* A tag's name, then its attributes up to a '>' that is not quoted. */
static size_t
in_tag(struct para *p, const char *s, size_t i, size_t n)
{
	for (; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '\n')
			p->line++;
		if (p->quote) {
			if (c == p->quote)
				p->quote = 0;
		} else if (c == '>') {
			end_tag(p);
			return i + 1;
		} else if (p->hstate == H_TAGNAME) {
			if (c == '/' || is_html_space(c))
				p->hstate = H_ATTRS;
			else if (p->taglen < HTML_TAG_MAX)
				p->tag[p->taglen++] = (char)lower(c);
			else
				p->taglen = HTML_TAG_MAX + 1;
		} else if ((c == '"' || c == '\'') && p->after_eq) {
			p->quote = c;
			p->after_eq = 0;
		} else if (c == '=') {
			p->after_eq = 1;
		} else if (!is_html_space(c)) {
			p->after_eq = 0;
		}
	}
	return n;
}

/* A comment ends at "-->" ("<!-->" is one, as in HTML5). */
static size_t
in_comment(struct para *p, const char *s, size_t i, size_t n)
{
	for (; i < n; i++) {
		if (s[i] == '>' && p->dashes >= 2) {
			p->hstate = H_TEXT;
			return i + 1;
		}
		p->dashes = s[i] != '-' ? 0 : p->dashes < 2 ? p->dashes + 1 : 2;
		if (s[i] == '\n')
			p->line++;
	}
	return n;
}

/* "<!DOCTYPE ...>", "<?xml ...>", "</ 3>": up to the first '>'. */
static size_t
in_bogus(struct para *p, const char *s, size_t i, size_t n)
{
	i = skip_to(p, s, i, n, '>');
	if (i == n)
		return n;
	p->hstate = H_TEXT;
	return i + 1;
}

/* A script's (a drop element's) content, up to its end tag. */
static size_t
in_raw(struct para *p, const char *s, size_t i, size_t n, int end)
{
	size_t k, e;

	if ((i = skip_to(p, s, i, n, '<')) == n)
		return n;
	e = i + 2 + p->rawlen;
	if (e >= n && !end)
		return i;
	if (e > n || s[i + 1] != '/' || (e < n && !is_html_space(s[e]) &&
	    s[e] != '/' && s[e] != '>'))
		return i + 1;
	for (k = 0; k < p->rawlen; k++)
		if (lower(s[i + 2 + k]) != p->raw[k])
			return i + 1;
	start_tag(p, 1);
	return i + 2;
}

/* '&' at s[i]: a character reference, or an '&' of the text. */
static size_t
at_amp(struct para *p, const char *s, size_t i, size_t n, long long base,
    int end)
{
	char out[8];
	size_t outlen, k;
	int r = html_ref(s + i, n - i, !end, out, &outlen);
	int32_t cp;
	int len;

	if (r < 0)
		return i;
	if (r == 0) {
		put_ascii(p, s + i, 1, base + (long long)i, 1);
		return i + 1;
	}
	len = utf_decode((const unsigned char *)out, outlen, &cp);
	for (k = 0; k < outlen && !(out[k] & 0x80); k++)
		;
	if ((size_t)len == outlen && utf_is_space(cp))
		put_space(p, base + (long long)i);
	else if ((size_t)len == outlen && utf_is_invisible(cp)) {
		if (p->open)
			end_run(p);
	} else if (k == outlen)
		put_ascii(p, out, outlen, base + (long long)i, (size_t)r);
	else {
		/* what NFC cannot join to the run before starts a run of
		 * its own: offsets inside a run that NFC changes map only
		 * roughly, and this one's bytes are not the run's */
		if (p->run && !utf_may_change_nfc(cp))
			end_run(p);
		put_char(p, out, outlen, cp, base + (long long)i, (size_t)r);
		if ((size_t)len < outlen)	/* a second code point */
			p->run_nfc = 1;
	}
	return i + (size_t)r;
}

/* '<' at s[i]: a tag, a comment, or a '<' of the text ("a < b"). */
static size_t
at_lt(struct para *p, const char *s, size_t i, size_t n, long long base,
    int end)
{
	int c = i + 1 < n ? s[i + 1] : 0, c2 = i + 2 < n ? s[i + 2] : 0;

	if (!end && (i + 1 == n || (c == '/' && i + 2 == n) ||
	    (c == '!' && n - i < 4)))
		return i;
	if (c == '!' && c2 == '-' && i + 3 < n && s[i + 3] == '-') {
		p->hstate = H_COMMENT;
		p->dashes = 2;
		return i + 4;
	}
	if (c == '!' || c == '?' || (c == '/' && c2 && c2 != '>' && !is_letter(c2))) {
		p->hstate = H_BOGUS;
		return i + 2;
	}
	if (c == '/' && c2 == '>')
		return i + 3;	/* "</>" is nothing */
	if (is_letter(c) || (c == '/' && is_letter(c2))) {
		start_tag(p, c == '/');
		return i + 1 + (c == '/');
	}
	put_ascii(p, s + i, 1, base + (long long)i, 1);
	return i + 1;
}

/* Text up to a tag or a reference; a line break is a space. */
static size_t
in_text(struct para *p, const char *s, size_t i, size_t n, long long base,
    int end)
{
	size_t j = i, w;

	while (j < n && s[j] != '<' && s[j] != '&' && s[j] != '\n')
		j++;
	if (j > i) {
		w = j == n && !end ? whole_chars((const unsigned char *)s, i, n) : j;
		do_line(p, s + i, w - i, base + (long long)i);
		return w;
	}
	if (s[i] == '\n') {
		p->line++;
		put_space(p, base + (long long)i);
		return i + 1;
	}
	if (s[i] == '&')
		return at_amp(p, s, i, n, base, end);
	return at_lt(p, s, i, n, base, end);
}

/* As text_block, for HTML: paragraphs end at block tags, not lines. */
static size_t
html_block(struct para *p, const char *s, size_t n, long long base, int end)
{
	size_t i = 0, j;

	while (i < n) {
		switch (p->hstate) {
		case H_TEXT:
			j = in_text(p, s, i, n, base, end);
			break;
		case H_TAGNAME:
		case H_ATTRS:
			j = in_tag(p, s, i, n);
			break;
		case H_COMMENT:
			j = in_comment(p, s, i, n);
			break;
		case H_BOGUS:
			j = in_bogus(p, s, i, n);
			break;
		default:
			j = in_raw(p, s, i, n, end);
			break;
		}
		if (j == i)
			break;
		i = j;
	}
	return i;
}

static void
begin_file(struct para *p, const char *name)
{
	p->doc = name;
	p->line = 1;
	p->npara = 0;
	p->open = 0;
	p->nbad = p->nnul = 0;
	p->line_at = 0;
	p->long_lines = 0;
	p->visible = p->pending = p->after_cr = 0;
	p->html = p->hflag ? 1 : -1;
	p->hstate = H_TEXT;
}

/* Reads a file in blocks, lines ending in LF, CRLF or a lone CR: memory
 * is that of a paragraph, however long a line (100 MB of lone CRs,
 * /dev/zero, whose NULs are dropped as they come). */
static int
do_file(FILE *fp, const char *name, void *arg)
{
	struct para *p = arg;
	static char buf[1 << 16];
	size_t n, used, keep = 0;
	long long base = 0;	/* the file offset of buf[0] */
	int err = 0;

	begin_file(p, name);
	while ((n = read_some(fp, buf + keep, sizeof buf - keep, &err)) > 0 || keep) {
		int end = n == 0;	/* only a cut character is left */

		if (base == 0 && !keep && !p->binary_ok && not_text(buf, n)) {
			warn_at(name, 0, "not text (NUL bytes or invalid UTF-8): "
			    "skipped (normalize -a reads it all the same)");
			return EXIT_DATA;
		}
		n += keep;
		/* HTML or not: from enough of the first bytes */
		if (p->html < 0 && (p->html = html_sniff(buf, n,
		    !end && n < sizeof buf)) < 0) {
			keep = n;
			continue;
		}
		if (p->html)
			html_init(p->rules);
		used = p->html ? html_block(p, buf, n, base, end) :
		    text_block(p, buf, n, base, end);
		keep = n - used;
		memmove(buf, buf + used, keep);
		base += (long long)used;
	}
	if (p->pending)
		end_line(p, p->visible, base);
	if (err) {
		errno = err;
		warn_at(name, p->line, "read error:");
		if (p->open)
			write_para(p);
		return EXIT_IO;
	}
	if (p->open)
		write_para(p);
	if (p->nbad > MAXWARN)
		warn_at(name, 0, "%ld invalid UTF-8 sequences in all", p->nbad);
	return EXIT_OK;
}

static void
end(struct para *p)
{
	buf_free(&p->text);
	buf_free(&p->breaks);
	map_free(&p->map);
	memset(p, 0, sizeof *p);
}

int
main(int argc, char **argv)
{
	struct para p;
	const char *list;
	int c, ret, r;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	list = files_from_option(&argc, argv);
	memset(&p, 0, sizeof p);
	while ((c = getopt(argc, argv, "aHhr:")) != -1) {
		if (c == 'a')
			p.binary_ok = 1;
		else if (c == 'H')
			p.hflag = 1;
		else if (c == 'r')
			p.rules = optarg;
		else
			usage(c == 'h' ? EXIT_OK : EXIT_USAGE);
	}
	p.rules = rules_dir(p.rules);
	tsv_write_header(stdout, header);
	ret = optind < argc || !list ? each_input(argc - optind, argv + optind,
	    do_file, &p) : EXIT_OK;
	if (list && (r = each_listed_input(list, do_file, &p)) && !ret)
		ret = r;
	end(&p);
	return finish(ret);
}
