/* extract-money: split output to one row per amount of money.
 * Writes doc, sent, start, end, text, amount, currency, qualifier.
 * Not built yet (issue "extract-money"): it checks its input and writes
 * the header and no rows. */
#include <stdio.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "sent", "start", "end", "text", "amount", "currency",
	"qualifier", NULL
};

static void
sentence(const struct sent *s)
{
	(void)s;
}

int
main(int argc, char **argv)
{
	static const struct extractor x = {
		header, "doc sent start end text amount currency qualifier",
		NULL, sentence, NULL
	};

	return extractor_main(argc, argv, &x);
}
