/* extract-quotes: split output to one row per quotation.
 * Writes doc, sent, start, end, quote, speaker, cue, type.
 * Not built yet (issue "extract-quotes"): it checks its input and writes
 * the header and no rows. */
#include <stdio.h>

#include "facts.h"

static const char *const header[] = {
	"doc", "sent", "start", "end", "quote", "speaker", "cue", "type", NULL
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
		header, "doc sent start end quote speaker cue type",
		NULL, sentence, NULL
	};

	return extractor_main(argc, argv, &x);
}
