/* normalize: raw text files to one row per paragraph.
 * Writes doc, para, start, end, text, map, breaks.  A paragraph is a run of
 * non-blank lines joined with a space; text is NFC with white space
 * collapsed, controls dropped and invalid UTF-8 replaced by U+FFFD.
 * start/end are byte offsets into the file; map carries what later stages
 * need to turn offsets in text back into offsets in the file (see
 * libmap.c), and breaks lists where in text the lines were joined
 * ("s" after a position: the line ended in white space, a soft break). */
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

struct para {
	int binary_ok;		/* -a: read a file that is no text too */
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
};

/* Text wrapped by hand has lines of 80 bytes or so; a line longer than
 * this is a paragraph written on one line, and in a block that has one,
 * every line is a paragraph of its own (news that ends paragraphs with a
 * single line break). */
#define LONG_LINE 160

static void
usage(int status)
{
	fprintf(status ? stderr : stdout, "usage: %s [-a] [--files-from LIST] [FILE...]\n"
	    "Writes one row per paragraph: doc para start end text map breaks\n",
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

static void
put_ascii(struct para *p, const char *s, size_t n, long long at)
{
	long long rel = before_visible(p, at);

	end_run(p);
	map_sync(&p->map, (long long)p->text.len, rel);
	buf_add(&p->text, s, n);
	p->vend = rel + (long long)n;
	p->plain_at = p->text.len - 1;
	p->plain_o = p->vend - 1;
}

static void
put_char(struct para *p, const char *s, int n, int32_t cp, long long at)
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
	buf_add(&p->text, s, (size_t)n);
	p->vend = rel + n;
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

		if (c > 0x20 && c < 0x7F) {
			/* words of printable ASCII and the single spaces
			 * between them stay as they are: one copy */
			for (j = i + 1; j < n; j++)
				if (!(s[j] > 0x20 && s[j] < 0x7F) && !(s[j] == ' ' &&
				    j + 1 < n && s[j + 1] > 0x20 && s[j + 1] < 0x7F))
					break;
			put_ascii(p, s + i, j - i, off + (long long)i);
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
			put_char(p, s + i, len, cp, off + (long long)i);
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
		if (s[i] == '\0') {
			nul++;
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

/* Reads a file in blocks, lines ending in LF, CRLF or a lone CR: memory
 * is that of a paragraph, however long a line (100 MB of lone CRs,
 * /dev/zero, whose NULs are dropped as they come). */
static int
do_file(FILE *fp, const char *name, void *arg)
{
	struct para *p = arg;
	static char buf[1 << 16];
	size_t n, i, e, w, keep = 0;
	long long base = 0;	/* the file offset of buf[0] */
	int visible = 0, pending = 0, after_cr = 0, err = 0;
	const char *nl, *cr;

	p->doc = name;
	p->line = 1;
	p->npara = 0;
	p->open = 0;
	p->nbad = p->nnul = 0;
	p->line_at = 0;
	p->long_lines = 0;
	while ((n = read_some(fp, buf + keep, sizeof buf - keep, &err)) > 0 || keep) {
		int end = n == 0;	/* only a cut character is left */

		if (base == 0 && !keep && !p->binary_ok && not_text(buf, n)) {
			warn_at(name, 0, "not text (NUL bytes or invalid UTF-8): "
			    "skipped (normalize -a reads it all the same)");
			return EXIT_DATA;
		}
		n += keep;
		keep = 0;
		i = 0;
		if (after_cr && buf[0] == '\n')
			i = 1, p->line++;	/* the LF of a CRLF */
		after_cr = 0;
		while (i < n) {
			nl = memchr(buf + i, '\n', n - i);
			e = nl ? (size_t)(nl - buf) : n;
			if ((cr = memchr(buf + i, '\r', e - i)))
				e = (size_t)(cr - buf);
			if (e == n) {
				/* a line that goes on: its whole characters now,
				 * a character cut off with the next block */
				w = end ? n : whole_chars((unsigned char *)buf, i, n);
				visible |= do_line(p, buf + i, w - i, base + (long long)i);
				pending = 1;
				keep = n - w;
				break;
			}
			visible |= do_line(p, buf + i, e - i, base + (long long)i);
			end_line(p, visible, base + (long long)e);
			visible = pending = 0;
			if (buf[e] == '\r' && e + 1 < n && buf[e + 1] == '\n')
				e++;
			else if (buf[e] == '\r' && e + 1 == n)
				after_cr = 1;
			if (buf[e] == '\n')
				p->line++;
			i = e + 1;
			p->line_at = base + (long long)i;
		}
		memmove(buf, buf + n - keep, keep);
		base += (long long)(n - keep);
	}
	if (pending)
		end_line(p, visible, base);
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
	while ((c = getopt(argc, argv, "ah")) != -1) {
		if (c == 'a')
			p.binary_ok = 1;
		else
			usage(c == 'h' ? EXIT_OK : EXIT_USAGE);
	}
	tsv_write_header(stdout, header);
	ret = optind < argc || !list ? each_input(argc - optind, argv + optind,
	    do_file, &p) : EXIT_OK;
	if (list && (r = each_listed_input(list, do_file, &p)) && !ret)
		ret = r;
	end(&p);
	return finish(ret);
}
