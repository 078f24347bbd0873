/* facts-merge: the rows of the three extractors as one facts table, for
 * facts(1).  Each extractor writes its rows in document order, so the
 * three streams are merged as they are read: memory does not grow with
 * the input.  The order is the contract's: the document's place in DOCS,
 * start, kind (money, quote, stake); rows that tie keep their order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

/* What each kind's columns become: subject object value unit qualifier
 * text.  A stake's value is its percent with unit "%", else its amount
 * and currency; its qualifier is "qualifier;modality". */
enum { C_DOC, C_START, C_END, C_1, C_2, C_3, C_4, C_5, C_6, C_7, C_8, NCOL };
static const struct kind {
	const char *name, *producer;
	const char *cols[NCOL + 1];
} kinds[] = {
	{ "money", "extract-money", { "doc", "start", "end", "amount",
	    "currency", "qualifier", "text", NULL } },
	{ "quote", "extract-quotes", { "doc", "start", "end", "speaker", "cue",
	    "type", "quote", NULL } },
	{ "stake", "extract-stakes", { "doc", "start", "end", "holder",
	    "target", "percent", "amount", "currency", "qualifier",
	    "modality", "text", NULL } },
};
#define NKINDS (sizeof kinds / sizeof *kinds)

struct stream {
	const struct kind *k;
	struct tsv t;
	int c[NCOL + 1];
	int more;		/* a row is read and waits */
	size_t doc;		/* its document's place in DOCS */
	long long start;
};

static struct {
	char **docs;
	size_t ndocs;
	const char *docsname;
	struct stream s[NKINDS];
} M;

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s DOCS MONEY QUOTES STAKES\n"
	    "Merges the outputs of extract-money, extract-quotes and extract-stakes\n"
	    "into the rows of the facts table (no header), in document order; DOCS is\n"
	    "a table with a doc column that gives the order of the documents.\n",
	    argv0);
	exit(status);
}

static void
read_docs(const char *name)
{
	struct tsv t;
	int c;
	size_t cap = 0;

	tsv_init(&t, open_input(name), name, "facts");
	tsv_header(&t);
	c = tsv_need(&t, "doc");
	while (tsv_next(&t)) {
		M.docs = egrow(M.docs, &cap, M.ndocs + 1, sizeof *M.docs);
		M.docs[M.ndocs++] = estrdup(t.f[c]);
	}
	fclose(t.fp);
	tsv_free(&t);
	M.docsname = name;
}

/* Reads the next row of s and places it; the documents of a stream come
 * in the order of DOCS, and its rows by start within each. */
static void
advance(struct stream *s)
{
	size_t d = s->doc;
	long long start;

	if (!(s->more = tsv_next(&s->t)))
		return;
	while (d < M.ndocs && strcmp(M.docs[d], s->t.f[s->c[C_DOC]]))
		d++;
	if (d == M.ndocs)
		die_at(EXIT_DATA, s->t.name, s->t.line, "document '%s' is not "
		    "in %s, or not in its order", s->t.f[s->c[C_DOC]], M.docsname);
	start = tsv_num(&s->t, s->c[C_START]);
	if (d == s->doc && start < s->start)
		die_at(EXIT_DATA, s->t.name, s->t.line,
		    "rows out of order: start %lld after %lld", start, s->start);
	s->doc = d;
	s->start = start;
}

static void
open_stream(struct stream *s, const struct kind *k, const char *name)
{
	size_t i;

	s->k = k;
	tsv_init(&s->t, open_input(name), name, k->producer);
	s->t.whole_lines = 1;
	tsv_header(&s->t);
	for (i = 0; k->cols[i]; i++)
		s->c[i] = tsv_need(&s->t, k->cols[i]);
	s->doc = 0;
	s->start = -1;
	advance(s);
}

static void
put(const struct stream *s, int col)
{
	tsv_put(stdout, s->t.f[s->c[col]], s->t.flen[s->c[col]]);
}

static void
put_row(const struct stream *s)
{
	put(s, C_DOC);
	tsv_tab(stdout);
	tsv_puts(stdout, s->k->name);
	tsv_tab(stdout);
	tsv_putnum(stdout, s->start);
	tsv_tab(stdout);
	tsv_putnum(stdout, tsv_num(&s->t, s->c[C_END]));
	tsv_tab(stdout);
	switch (s->k->name[0]) {
	case 'm':	/* amount currency qualifier text */
		fputs("\t\t", stdout);
		put(s, C_1); tsv_tab(stdout);
		put(s, C_2); tsv_tab(stdout);
		put(s, C_3); tsv_tab(stdout);
		put(s, C_4);
		break;
	case 'q':	/* speaker cue type quote */
		put(s, C_1); fputs("\t\t", stdout);
		put(s, C_2); fputs("\t\t", stdout);
		put(s, C_3); tsv_tab(stdout);
		put(s, C_4);
		break;
	default:	/* holder target percent amount currency qualifier
			 * modality text */
		put(s, C_1); tsv_tab(stdout);
		put(s, C_2); tsv_tab(stdout);
		if (s->t.flen[s->c[C_3]]) {
			put(s, C_3);
			fputs("\t%\t", stdout);
		} else {
			put(s, C_4); tsv_tab(stdout);
			put(s, C_5); tsv_tab(stdout);
		}
		put(s, C_6); putchar(';');
		put(s, C_7); tsv_tab(stdout);
		put(s, C_8);
		break;
	}
	tsv_eol(stdout);
}

/* The stream whose row comes first: document, start, then kind (the
 * streams are in the order of kinds). */
static struct stream *
first(struct stream *s, size_t n)
{
	struct stream *best = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].more && (!best || s[i].doc < best->doc ||
		    (s[i].doc == best->doc && s[i].start < best->start)))
			best = &s[i];
	return best;
}

int
main(int argc, char **argv)
{
	struct stream *b;
	size_t i;
	int c;

	setprogname(argv[0]);
	if (std_options(&argc, argv, usage))
		version(NULL);
	while ((c = getopt(argc, argv, "h")) != -1)
		usage(c == 'h' ? 0 : EXIT_USAGE);
	if (argc - optind != 1 + NKINDS)
		usage(EXIT_USAGE);
	read_docs(argv[optind]);
	for (i = 0; i < NKINDS; i++)
		open_stream(&M.s[i], &kinds[i], argv[optind + 1 + i]);
	while ((b = first(M.s, NKINDS))) {
		put_row(b);
		advance(b);
	}
	return finish(0);
}
