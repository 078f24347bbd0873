/* extract-stakes: split output to one row per equity stake or investment.
 * Writes doc, sent, start, end, text, holder, target, percent, amount,
 * currency, qualifier, modality.
 * Not built yet (issue "extract-stakes"): it checks its input and writes
 * the header and no rows. */
#include <stdio.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "sent", "start", "end", "text", "holder", "target", "percent",
	"amount", "currency", "qualifier", "modality", NULL
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
		header, "doc sent start end text holder target percent amount "
		"currency qualifier modality",
		NULL, sentence, NULL
	};

	return extractor_main(argc, argv, &x);
}
