/* extract-money: split output to one row per amount of money.
 * Writes doc, sent, start, end, text, amount, currency, qualifier; a range
 * or a list gives one row for each end.  What counts as money is
 * rules/money.pcre and its lexicons; the recognizer is libmoney.c.
 *
 * A currency noun written without its country ("dlrs", "francs") takes
 * the country its document names it with, even later ("1.06 billion dlrs
 * ... 12 H.K. Dlrs"), so its rows wait, and the rows after them, until
 * the document names one or ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

/* Rows that wait at most: past it, those held are written with the code
 * of their noun, so that memory stays bounded on any document (and those
 * of a noun of no one country, "crowns", whose country the document has
 * not named in all those rows, are left out). */
#ifndef HELD_ROWS
#define HELD_ROWS 4096
#endif

static const char *const header[] = {
	"doc", "sent", "start", "end", "text", "amount", "currency",
	"qualifier", NULL
};

struct row {
	long sent;
	long long start, end;
	char *text;
	struct money m;
};

static struct {
	struct buf doc;		/* of the rows held */
	struct row *row;
	size_t n, cap;
	const char *last_cents;	/* see cents_of */
	long last_cents_sent;
} H;

static void
put_row(const struct row *r, const char *currency, const char *amount,
    const char *qualifier)
{
	tsv_put(stdout, H.doc.s, H.doc.len);
	tsv_nums(stdout, r->sent, r->start, r->end);
	tsv_puts(stdout, r->text);
	tsv_rest(stdout, (const char *const[]){ amount, currency, qualifier,
	    NULL });
}

/* The code of row r; NULL while it may change (unless final), or if its
 * currency is a noun whose country the document never gave ("crowns"). */
static const char *
code_of(const struct row *r, int final)
{
	const char *c = money_doc_code(r->m.unit, final);

	if (c)
		return c;
	return r->m.unit >= 0 && !final ? NULL : r->m.currency;
}

/* The code of cents written alone, row i: that of the amount nearest them
 * in their sentence whose currency has cents, the one before first
 * ("rose 31 cents to €16.45"), else of the last before them in the
 * document, else their own.  NULL while that may change. */
static const char *
cents_of(size_t i, int final)
{
	size_t k;
	const char *c;

	if (H.last_cents && H.last_cents_sent == H.row[i].sent)
		return H.last_cents;
	for (k = i + 1; k < H.n && H.row[k].sent == H.row[i].sent; k++) {
		if (H.row[k].m.cents)
			continue;
		if (!(c = code_of(&H.row[k], final)))
			return NULL;
		if (money_has_cents(c))
			return c;
	}
	return H.last_cents ? H.last_cents : code_of(&H.row[i], final);
}
/* Writes the row of each end of an amount, in code cur. */
static void
put_money(const struct row *r, const char *cur)
{
	const struct money *m = &r->m;

	if (money_has_cents(cur) && !m->cents) {
		H.last_cents = cur;
		H.last_cents_sent = r->sent;
	}
	put_row(r, cur, m->amount[0], m->qualifier);
	if (m->range)
		put_row(r, cur, m->amount[1], m->qualifier);
}

/* Writes the rows held, from the first, while their currency is known;
 * all of them at the end of a document (then an amount in a noun whose
 * country the document never gave, "crowns", has no row). */
static void
drain(int all)
{
	size_t i;

	for (i = 0; i < H.n; i++) {
		struct row *r = &H.row[i];
		const char *cur = r->m.cents ? cents_of(i, all) : code_of(r, all);

		if (!cur && !all)
			break;
		if (cur)
			put_money(r, cur);
		free(r->text);
	}
	if (i) {
		memmove(H.row, H.row + i, (H.n - i) * sizeof *H.row);
		H.n -= i;
	}
}

static void
hold(const struct sent *s, const struct money *m)
{
	struct row *r;

	H.row = egrow(H.row, &H.cap, H.n + 1, sizeof *H.row);
	r = &H.row[H.n++];
	r->sent = s->sent;
	r->start = sent_orig(s, m->so);
	r->end = sent_orig(s, m->eo);
	r->text = emalloc(m->eo - m->so + 1);
	memcpy(r->text, s->text + m->so, m->eo - m->so);
	r->text[m->eo - m->so] = '\0';
	r->m = *m;
}

static void
flush(void)
{
	drain(1);
	H.last_cents = NULL;
	H.doc.len = 0;
	money_doc_end();
}

/* Bad input ends the run: the rows of the lines before it are written
 * first, as they would be without holding. */
static void
write_held(int status)
{
	static int once;

	if (status == EXIT_DATA && !once++)
		drain(1);
}

static void
sentence(const struct sent *s)
{
	struct money m;
	size_t from = 0;

	if (!H.doc.len)	/* libsent flushes at each document's end */
		buf_add(&H.doc, s->doc, s->doclen);
	while (money_next(s, &from, &m))
		hold(s, &m);
	drain(H.n > HELD_ROWS);
}

const struct extractor extractor = {
	header, "doc sent start end text amount currency qualifier",
	money_init, sentence, flush
};

int
main(int argc, char **argv)
{
	die_hook = write_held;
	return extractor_main(argc, argv, &extractor);
}
