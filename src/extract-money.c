/* extract-money: split output to one row per amount of money.
 * Writes doc, sent, start, end, text, amount, currency, qualifier; a range
 * gives one row for each end.  What counts as money is rules/money.pcre
 * and its lexicons; the recognizer is libmoney.c. */
#include <stdio.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "sent", "start", "end", "text", "amount", "currency",
	"qualifier", NULL
};

static void
put_row(const struct sent *s, const struct money *m, const char *amount)
{
	tsv_put(stdout, s->doc, s->doclen);
	tsv_nums(stdout, s->sent, sent_orig(s, m->so), sent_orig(s, m->eo));
	tsv_put(stdout, s->text + m->so, m->eo - m->so);
	tsv_rest(stdout, (const char *const[]){ amount, m->currency,
	    m->qualifier, NULL });
}

static void
sentence(const struct sent *s)
{
	struct money m;
	size_t from = 0;

	while (money_next(s, &from, &m)) {
		put_row(s, &m, m.amount[0]);
		if (m.range)
			put_row(s, &m, m.amount[1]);
	}
}

const struct extractor extractor = {
	header, "doc sent start end text amount currency qualifier",
	money_init, sentence, NULL
};

int
main(int argc, char **argv)
{
	return extractor_main(argc, argv, &extractor);
}
