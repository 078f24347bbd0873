/* facts-view: a facts table (doc kind start end subject object value unit
 * qualifier text) as one static HTML page for review.  Each document's
 * text, read from the file its doc column names, is shown with every
 * fact's evidence highlighted by kind, and the document's facts beside
 * it, each a link to its evidence.  Spans overlap, so the text is cut at
 * every start and end: each segment is one element that names all the
 * facts covering it, and no element is ever nested in another.  Reads
 * one document at a time: memory holds one document and its facts. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

/* U+FFFD, for bytes that are not UTF-8 and characters HTML forbids */
#define REPLACEMENT "\xEF\xBF\xBD"
/* U+202F, between groups of three digits */
#define NARROW_SPACE "\xE2\x80\xAF"

/* The page's look and its few lines of script: presentation, not
 * knowledge, so here rather than in rules/ (whose hash stamps tables).
 * Money over stake over quote: a money span inside a stake's evidence
 * keeps its own colour; a segment of several facts is underlined. */
static const char style[] =
    "body{font:15px/1.5 system-ui,sans-serif;margin:0 1.5em;color:#222}\n"
    "h2{font-size:1.1em;margin:1.5em 0 .5em;word-break:break-all}\n"
    ".doc{display:grid;grid-template-columns:minmax(0,3fr) minmax(16em,2fr);"
    "gap:1.5em;border-top:1px solid #ccc}\n"
    ".text{white-space:pre-wrap;font-family:Georgia,serif}\n"
    ".facts{position:sticky;top:0;max-height:100vh;overflow:auto;"
    "margin:0;padding:.5em 0 .5em 1.5em;font-size:.9em}\n"
    ".fact{margin:.3em 0;padding-left:.4em;border-left:4px solid #bbb}\n"
    ".fact a{color:inherit;text-decoration:none}\n"
    ".fact .said{color:#555;overflow:hidden;display:-webkit-box;"
    "-webkit-line-clamp:3;-webkit-box-orient:vertical}\n"
    ".badge{font-size:.8em;padding:0 .3em;border-radius:3px;background:#ddd}\n"
    ".ev{background:#e0e0e0;scroll-margin-top:30vh}\n"
    ".k-quote{background:#cfe0ff}\n"
    ".k-stake{background:#b5ebcf}\n"
    ".k-money{background:#ffd98a}\n"
    ".fact.k-quote{border-color:#7fa8f0;background:none}\n"
    ".fact.k-stake{border-color:#3cb87a;background:none}\n"
    ".fact.k-money{border-color:#e6a100;background:none}\n"
    ".many{box-shadow:inset 0 -2px #555}\n"
    ".ev:empty{border-left:3px solid #c00}\n"
    ".ev:target,.ev.hit{outline:2px solid #c00}\n"
    ".fact.hit{background:#fff3c4}\n"
    ".trouble{color:#a00}\n"
    ".stamp{white-space:pre-wrap;color:#555;font-family:monospace}\n"
    "@media (max-width:50em){.doc{grid-template-columns:1fr}"
    ".facts{position:static;max-height:none}}\n";

/* A click on a fact marks all of its evidence; one on a piece of
 * evidence marks its facts in the list and brings the first into view. */
static const char script[] =
    "document.addEventListener('click',function(e){\n"
    "var t=e.target.closest('.fact,.ev[data-f]'),ids;\n"
    "if(!t)return;\n"
    "document.querySelectorAll('.hit').forEach(function(x){x.classList.remove('hit')});\n"
    "ids=t.classList.contains('ev')?t.dataset.f.split(' '):[t.id];\n"
    "ids.forEach(function(id){document.getElementById(id).classList.add('hit');\n"
    "document.querySelectorAll('[data-f~=\"'+id+'\"]').forEach(function(x){x.classList.add('hit')})});\n"
    "if(t.classList.contains('ev'))document.getElementById(ids[0]).scrollIntoView({block:'nearest'});\n"
    "});\n";

static struct {
	struct table tab;
	const char *dir;	/* -d: where the documents are */
	const char *out;	/* -o: the page's file, else standard output */
	int c_subject, c_object, c_value, c_unit, c_qualifier, c_text;
	size_t ndocs, nfacts;
	int parts;		/* of the fact's summary written so far */
	int status;		/* the first trouble met, for the end */
	int html;		/* -H: every document is HTML */
} V;

/* One document being written. */
struct view {
	const struct docfacts *d;
	size_t num;		/* its place in the table, from 1, for ids */
	struct buf text;	/* the file */
	char why[256];		/* why it could not be read; "" if it was */
	long long *s, *e;	/* each fact's span in text */
	int html;		/* text is the HTML's, as normalize reads it */
	long long *first;	/* each fact's first segment, -1 if none */
	char *past;		/* each fact: its span ends past the text */
	long long nseg;
};

/* A start or an end of a fact's span. */
struct mark {
	long long pos;
	size_t fact;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-H] [-d DIR] [-o FILE] [TABLE]\n"
	    "Writes a facts table (doc kind start end subject object value unit\n"
	    "qualifier text) as one HTML page: each document's text with every\n"
	    "fact's evidence highlighted, and its facts beside it\n"
	    "  -d  read the documents under DIR (default: the current directory)\n"
	    "  -H  the documents are HTML (else those that start as HTML), shown\n"
	    "      as normalize -H reads them\n"
	    "  -o  write the page to FILE, not to standard output\n", argv0);
	exit(status);
}

static void
remember(int status)
{
	if (!V.status)
		V.status = status;
}

/* A write that failed, named by the page's file when -o gave one. */
static void
check_output(void)
{
	if (V.out && (ferror(stdout) || fflush(stdout) == EOF))
		die_at(EXIT_IO, V.out, 0, "write error:");
	checkwrite();
}

static void
put(const char *s)
{
	fputs(s, stdout);
}

/* The HTML for an ASCII byte that is not itself, or NULL. */
static const char *
ascii_entity(unsigned c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\t': case '\n': case '\r': case '\f': return NULL;
	}
	return c < 0x20 || c == 0x7f ? REPLACEMENT : NULL;
}

/* s[0..n) as HTML text or attribute value: escaped, each invalid UTF-8
 * sequence and each control character HTML forbids a U+FFFD. */
static void
put_esc(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	const char *rep;
	int32_t cp;
	int k;

	while (i < n) {
		k = 1;
		if (p[i] < 0x80)
			rep = ascii_entity(p[i]);
		else {
			k = utf_decode(p + i, n - i, &cp);
			rep = cp == UTF_BAD || (cp >= 0x80 && cp <= 0x9f) ?
			    REPLACEMENT : NULL;
		}
		if (rep) {
			fwrite(s + run, 1, i - run, stdout);
			put(rep);
			run = i + (size_t)k;
		}
		i += (size_t)k;
	}
	fwrite(s + run, 1, n - run, stdout);
}

static void
put_escs(const char *s)
{
	put_esc(s, strlen(s));
}

static void
put_num(long long v)
{
	char b[NUM_CHARS];
	const char *p = num_format(b, v);

	fwrite(p, 1, (size_t)(b + NUM_CHARS - p), stdout);
}

/* The class of a kind: k-KIND for a kind of plain letters (money, stake,
 * quote have colours), k-other for any other. */
static void
put_kind_class(const char *kind)
{
	size_t i, n = strlen(kind);

	for (i = 0; i < n; i++)
		if (kind[i] < 'a' || kind[i] > 'z')
			break;
	put("k-");
	put(n && i == n ? kind : "other");
}

static void
put_ids(const char *prefix, size_t num, long long k)
{
	put(prefix);
	put_num((long long)num);
	putchar('-');
	put_num(k);
}

static const char *
col(const struct fact *f, int c, size_t *n)
{
	*n = f->flen[c];
	return f->f[c];
}

static int
col_is(const struct fact *f, int c, const char *s)
{
	return f->flen[c] == strlen(s) && !memcmp(f->f[c], s, f->flen[c]);
}

/* A number of more than four digits before its point in groups of
 * three (600 000 000): a reader counts zeros badly. */
static void
put_number(const char *s, size_t n)
{
	size_t i, whole;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	whole = i;
	if (whole <= 4 || (i < n && s[i] != '.')) {
		put_esc(s, n);
		return;
	}
	for (i = 0; i < whole; i++) {
		if (i && (whole - i) % 3 == 0)
			put(NARROW_SPACE);
		putchar(s[i]);
	}
	put_esc(s + whole, n - whole);
}

/* The dot between the parts of a fact's summary. */
static void
put_sep(void)
{
	if (V.parts++)
		put(" \xC2\xB7 ");
}

/* A column that is not empty, as one part of the summary. */
static void
put_part(const char *s, size_t n)
{
	if (!n)
		return;
	put_sep();
	put_esc(s, n);
}

static void
put_party(const struct fact *f, int c)
{
	size_t n;
	const char *s = col(f, c, &n);

	V.parts++;
	put("<b>");
	if (n)
		put_esc(s, n);
	else
		put("?");
	put("</b>");
}

/* The amount or percent of a fact and its unit: "15%", "2 300 000 000 EUR". */
static void
put_value(const struct fact *f)
{
	size_t n, un;
	const char *s = col(f, V.c_value, &n), *u = col(f, V.c_unit, &un);

	if (!n && !un)
		return;
	put_sep();
	put_number(s, n);
	if (un && !col_is(f, V.c_unit, "%"))
		putchar(' ');
	put_esc(u, un);
}

/* What a fact says, by kind.  A stake's qualifier is the money
 * qualifier, then ';' and the modality: shown as two. */
static void
put_summary(const struct fact *f)
{
	size_t n;
	const char *s = col(f, V.c_qualifier, &n), *semi;

	V.parts = 0;
	if (!strcmp(f->kind, "quote")) {
		put_party(f, V.c_subject);
		s = col(f, V.c_value, &n);
		put_part(s, n);
		s = col(f, V.c_qualifier, &n);
		put_part(s, n);
		return;
	}
	if (f->flen[V.c_subject] || f->flen[V.c_object]) {
		put_party(f, V.c_subject);
		put(" \xE2\x86\x92 ");
		put_party(f, V.c_object);
	}
	put_value(f);
	if ((semi = memchr(s, ';', n))) {
		put_part(s, (size_t)(semi - s));
		put_part(semi + 1, n - (size_t)(semi - s) - 1);
	} else
		put_part(s, n);
}

static void
put_fact(const struct view *v, size_t i)
{
	const struct fact *f = &v->d->rows[i];
	size_t n;
	const char *text = col(f, V.c_text, &n);

	put("<li class=\"fact ");
	put_kind_class(f->kind);
	put("\" id=\"");
	put_ids("f", v->num, (long long)i + 1);
	put("\" title=\"table line ");
	put_num(f->line);
	put(", bytes ");
	put_num(f->start);
	put("-");
	put_num(f->end);
	put("\">");
	if (v->first[i] >= 0) {
		put("<a href=\"#");
		put_ids("s", v->num, v->first[i]);
		put("\">");
	}
	put("<span class=\"badge\">");
	put_escs(f->kind);
	put("</span> ");
	put_summary(f);
	put("<span class=\"said\">");
	put_esc(text, n);
	put("</span>");
	if (v->first[i] >= 0)
		put("</a>");
	if (v->past[i]) {
		put("<span class=\"trouble\">bytes ");
		put_num(f->start);
		put("-");
		put_num(f->end);
		put(" are past the end of the file (");
		put_num((long long)v->text.len);
		put(" bytes)</span>");
	}
	put("</li>\n");
}

/* One piece of the text, and the facts (active[0..na)) covering it. */
static void
put_segment(struct view *v, long long from, long long to,
    const size_t *active, size_t na)
{
	size_t i, j;

	if (!na) {
		put_esc(v->text.s + from, (size_t)(to - from));
		return;
	}
	put("<span id=\"");
	put_ids("s", v->num, ++v->nseg);
	put("\" class=\"ev");
	for (i = 0; i < na; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(v->d->rows[active[j]].kind,
			    v->d->rows[active[i]].kind))
				break;
		if (j == i) {
			putchar(' ');
			put_kind_class(v->d->rows[active[i]].kind);
		}
	}
	put(na > 1 ? " many\" data-f=\"" : "\" data-f=\"");
	for (i = 0; i < na; i++) {
		if (i)
			putchar(' ');
		put_ids("f", v->num, (long long)active[i] + 1);
		if (v->first[active[i]] < 0)
			v->first[active[i]] = v->nseg;
	}
	put("\">");
	put_esc(v->text.s + from, (size_t)(to - from));
	put("</span>");
}

static int
by_pos(const void *pa, const void *pb)
{
	const struct mark *a = pa, *b = pb;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return (a->fact > b->fact) - (a->fact < b->fact);
}

/* The facts covering the text are kept in table order. */
static void
activate(size_t *active, size_t *na, size_t fact)
{
	size_t i = *na;

	while (i > 0 && active[i - 1] > fact) {
		active[i] = active[i - 1];
		i--;
	}
	active[i] = fact;
	(*na)++;
}

static void
deactivate(size_t *active, size_t *na, size_t fact)
{
	size_t i;

	for (i = 0; i < *na && active[i] != fact; i++)
		;
	if (i == *na)
		return;
	memmove(active + i, active + i + 1, (*na - i - 1) * sizeof *active);
	(*na)--;
}

/* The marks of the facts whose spans are in the text, sorted. */
static size_t
marks(const struct view *v, struct mark *st, struct mark *en)
{
	size_t i, n = 0;

	for (i = 0; i < v->d->n; i++) {
		if (v->past[i])
			continue;
		st[n].pos = v->s[i];
		en[n].pos = v->e[i];
		st[n].fact = en[n].fact = i;
		n++;
	}
	qsort(st, n, sizeof *st, by_pos);
	qsort(en, n, sizeof *en, by_pos);
	return n;
}

/* The text cut at every start and end; at a place, the facts that end
 * there end first, and an empty span is an empty segment of its own. */
static void
put_text(struct view *v)
{
	size_t n = v->d->n, nm, is = 0, ie = 0, na = 0;
	struct mark *st = emalloc(n * sizeof *st), *en = emalloc(n * sizeof *en);
	size_t *active = emalloc(n * sizeof *active);
	long long pos = 0, next, len = (long long)v->text.len;

	nm = marks(v, st, en);
	while (pos < len || is < nm) {
		while (ie < nm && en[ie].pos <= pos)
			deactivate(active, &na, en[ie++].fact);
		for (; is < nm && st[is].pos == pos; is++)
			if (v->e[st[is].fact] == pos)
				put_segment(v, pos, pos, &st[is].fact, 1);
			else
				activate(active, &na, st[is].fact);
		next = len;
		if (is < nm && st[is].pos < next)
			next = st[is].pos;
		if (ie < nm && en[ie].pos < next)
			next = en[ie].pos;
		put_segment(v, pos, next, active, na);
		pos = next;
	}
	free(st);
	free(en);
	free(active);
}

/* The path of a document: its name, under -d's directory if given. */
static char *
doc_path(const char *doc)
{
	size_t n;
	char *p;

	if (!V.dir || doc[0] == '/')
		return estrdup(doc);
	n = strlen(V.dir) + strlen(doc) + 2;
	p = emalloc(n);
	snprintf(p, n, "%s/%s", V.dir, doc);
	return p;
}

/* Reads the document whole; a file that cannot be read is reported, and
 * the page says why. */
static void
read_text(struct view *v)
{
	char *path = doc_path(v->d->doc), chunk[1 << 16];
	FILE *fp = NULL;
	size_t n;

	if (!strcmp(v->d->doc, "-"))
		snprintf(v->why, sizeof v->why, "standard input, which is not "
		    "there to read again");
	else if (!(fp = fopen(path, "r")))
		snprintf(v->why, sizeof v->why, "cannot open: %s", strerror(errno));
	while (fp && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&v->text, chunk, n);
	if (fp && ferror(fp))
		snprintf(v->why, sizeof v->why, "read error: %s", strerror(errno));
	if (fp)
		fclose(fp);
	if (v->why[0]) {
		warn_at(path, 0, "%s", v->why);
		remember(EXIT_IO);
	}
	free(path);
}

/* A span that ends past the text is bad data: reported with its line,
 * listed on the page, not highlighted. */
static void
check_spans(struct view *v)
{
	size_t i;

	for (i = 0; i < v->d->n; i++) {
		const struct fact *f = &v->d->rows[i];

		v->first[i] = -1;
		if (v->why[0] || f->end <= (long long)v->text.len)
			continue;
		v->past[i] = 1;
		warn_at(V.tab.t.name, f->line, "bytes %lld-%lld are past the end "
		    "of %s (%zu bytes)", f->start, f->end, v->d->doc, v->text.len);
		remember(EXIT_DATA);
	}
}

/* A stage of the suite, beside this program (a build's bin/) or in
 * libexec/facts beside its bin/ (installed); NULL if there is none. */
static char *
stage_path(const char *name)
{
	static const char *const where[] = { "", "../libexec/facts/" };
	const char *dir = program_dir();
	size_t i, n;
	char *p;

	for (i = 0; dir && i < sizeof where / sizeof *where; i++) {
		n = strlen(dir) + strlen(where[i]) + strlen(name) + 2;
		p = emalloc(n);
		snprintf(p, n, "%s/%s%s", dir, where[i], name);
		if (!access(p, X_OK))
			return p;
		free(p);
	}
	return NULL;
}

/* Reads normalize -H's paragraphs of the document: their text, joined
 * by blank lines, in out, and for each byte of it (and its end) the
 * offset in the file it stands for, in orig.  0 if normalize could not
 * say (the page then shows the file as it is). */
static int
read_paragraphs(const char *path, struct buf *out, long long **orig,
    size_t *cap)
{
	char *norm = stage_path("normalize");
	int fd[2], st, c_start, c_text, c_map, ok = 1;
	struct map map = { 0 };
	struct tsv t;
	pid_t pid;
	FILE *fp;
	size_t k;

	if (!norm || pipe(fd) < 0 || (pid = fork()) < 0) {
		free(norm);
		return 0;
	}
	if (!pid) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execl(norm, "normalize", "-H", "--", path, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	free(norm);
	fp = fdopen(fd[0], "r");
	tsv_init(&t, fp, "normalize", "normalize -H");
	tsv_header(&t);
	c_start = tsv_need(&t, "start");
	c_text = tsv_need(&t, "text");
	c_map = tsv_need(&t, "map");
	while (ok && tsv_next(&t)) {
		long long start = tsv_num(&t, c_start), end = start;

		if (out->len) {
			end = (*orig)[out->len];
			buf_add(out, "\n\n", 2);
		}
		*orig = egrow(*orig, cap, out->len + t.flen[c_text] + 1,
		    sizeof **orig);
		if (out->len)
			(*orig)[out->len - 1] = end;
		ok = !map_parse(&map, t.f[c_map], t.flen[c_map]);
		for (k = 0; ok && k <= t.flen[c_text]; k++)
			(*orig)[out->len + k] = start + map_orig(&map, (long long)k);
		buf_add(out, t.f[c_text], t.flen[c_text]);
	}
	tsv_free(&t);
	map_free(&map);
	fclose(fp);
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    !WEXITSTATUS(st) && ok;
}

/* The first place of text that stands for offset o of the file or after
 * it (orig is in order). */
static long long
text_place(const long long *orig, size_t n, long long o)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (orig[mid] < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long long)lo;
}

/* An HTML document is shown as the extractors read it, tags left out
 * and references decoded: its text is what normalize -H makes of it,
 * and the facts' spans in the file become spans in that text. */
static void
as_html(struct view *v)
{
	struct buf text = { 0 };
	long long *orig = NULL;
	char *path = doc_path(v->d->doc);
	size_t cap = 0, i;

	if (read_paragraphs(path, &text, &orig, &cap)) {
		for (i = 0; i < v->d->n; i++) {
			v->s[i] = text_place(orig, text.len + 1, v->s[i]);
			v->e[i] = text_place(orig, text.len + 1, v->e[i]);
		}
		buf_free(&v->text);
		v->text = text;
		v->html = 1;
	} else {
		warn_at(path, 0, "HTML shown as written: normalize -H could not "
		    "read it");
		buf_free(&text);
	}
	free(orig);
	free(path);
}

static void
put_doc_head(const struct view *v)
{
	put("<section class=\"doc\" id=\"d");
	put_num((long long)v->num);
	put("\">\n<div>\n<h2>");
	put_escs(v->d->doc);
	put("</h2>\n");
	if (v->why[0]) {
		put("<p class=\"trouble\">");
		put_escs(v->why);
		put("</p>\n");
	}
	if (v->html)
		put("<p class=\"note\">HTML, shown as read: tags left out, "
		    "references decoded</p>\n");
}

static void
put_doc(const struct docfacts *d)
{
	struct view v = { 0 };
	size_t i;

	v.d = d;
	v.num = ++V.ndocs;
	v.first = emalloc(d->n * sizeof *v.first);
	v.s = emalloc(d->n * sizeof *v.s);
	v.e = emalloc(d->n * sizeof *v.e);
	for (i = 0; i < d->n; i++) {
		v.s[i] = d->rows[i].start;
		v.e[i] = d->rows[i].end;
	}
	v.past = emalloc(d->n);
	memset(v.past, 0, d->n);
	read_text(&v);
	check_spans(&v);
	if (!v.why[0] && (V.html || html_sniff(v.text.s, v.text.len, 0) == 1))
		as_html(&v);
	put_doc_head(&v);
	put("<div class=\"text\">");
	if (!v.why[0])
		put_text(&v);
	put("</div>\n</div>\n<ol class=\"facts\">\n");
	for (i = 0; i < d->n; i++)
		put_fact(&v, i);
	put("</ol>\n</section>\n");
	check_output();
	V.nfacts += d->n;
	buf_free(&v.text);
	free(v.first);
	free(v.s);
	free(v.e);
	free(v.past);
}

static void
put_head(void)
{
	put("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n<title>facts");
	if (strcmp(V.tab.t.name, "-")) {
		put(": ");
		put_escs(V.tab.t.name);
	}
	put("</title>\n<style>\n");
	put(style);
	put("</style>\n</head>\n<body>\n<h1>facts</h1>\n");
	if (V.tab.stamp) {
		put("<p class=\"stamp\">");
		put_escs(V.tab.stamp);
		put("</p>\n");
	}
	put("<p><span class=\"ev k-money\">money</span> "
	    "<span class=\"ev k-stake\">stake</span> "
	    "<span class=\"ev k-quote\">quote</span> "
	    "<span class=\"ev many\">more than one fact</span></p>\n");
}

static void
put_tail(void)
{
	put("<p>");
	put_num((long long)V.ndocs);
	put(V.ndocs == 1 ? " document, " : " documents, ");
	put_num((long long)V.nfacts);
	put(V.nfacts == 1 ? " fact</p>\n" : " facts</p>\n");
	put("<script>\n");
	put(script);
	put("</script>\n</body>\n</html>\n");
}

/* -o FILE: the page is written beside it under a name of its own and
 * takes FILE's name only when whole, so that a run that stops leaves no
 * half page, and FILE may be the table being read.  A FILE that is there
 * and no regular file (/dev/stdout, a FIFO) is written as it is. */
static char *tmp_out;

static void
remove_tmp_out(void)
{
	if (tmp_out)
		unlink(tmp_out);
}

static void
open_output(void)
{
	mode_t mask = umask(0);
	int fd;

	struct stat st;

	umask(mask);
	if (!V.out)
		return;
	if (!stat(V.out, &st) && !S_ISREG(st.st_mode)) {
		if (!freopen(V.out, "w", stdout))
			die_at(EXIT_IO, V.out, 0, "cannot create:");
		return;
	}
	tmp_out = emalloc(strlen(V.out) + 8);
	strcpy(tmp_out, V.out);
	strcat(tmp_out, ".XXXXXX");
	if ((fd = mkstemp(tmp_out)) < 0) {
		free(tmp_out);
		tmp_out = NULL;
		die_at(EXIT_IO, V.out, 0, "cannot create:");
	}
	atexit(remove_tmp_out);
	if (fchmod(fd, 0666 & ~mask) < 0 || dup2(fd, STDOUT_FILENO) < 0)
		die_at(EXIT_IO, V.out, 0, "cannot create:");
	close(fd);
}

/* The page written whole: it takes its name. */
static void
commit_output(void)
{
	if (!tmp_out)
		return;
	if (rename(tmp_out, V.out) < 0)
		die_at(EXIT_IO, V.out, 0, "cannot create:");
	free(tmp_out);
	tmp_out = NULL;
}

int
main(int argc, char **argv)
{
	struct strset done = { 0 };
	struct docfacts *d;
	int c;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	while ((c = getopt(argc, argv, "d:Hho:")) != -1) {
		switch (c) {
		case 'd': V.dir = optarg; break;
		case 'H': V.html = 1; break;
		case 'o': V.out = optarg; break;
		case 'h': usage(EXIT_OK); break;
		default: usage(EXIT_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(EXIT_USAGE);
	table_open(&V.tab, argc > optind ? argv[optind] : "-");
	V.c_subject = tsv_need(&V.tab.t, "subject");
	V.c_object = tsv_need(&V.tab.t, "object");
	V.c_value = tsv_need(&V.tab.t, "value");
	V.c_unit = tsv_need(&V.tab.t, "unit");
	V.c_qualifier = tsv_need(&V.tab.t, "qualifier");
	V.c_text = tsv_need(&V.tab.t, "text");
	open_output();
	put_head();
	while ((d = table_doc(&V.tab, &done))) {
		V.tab.cur = d;
		put_doc(d);
		V.tab.cur = NULL;
		docfacts_free(d, V.tab.t.ncols, 1);
	}
	put_tail();
	set_free(&done);
	table_close(&V.tab);
	check_output();
	finish(V.status);
	commit_output();
	return V.status;
}
