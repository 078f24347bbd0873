/* Fuzz target: the TSV reader.  Every record it accepts must come back
 * the same after tsv_put writes it and the reader reads that again. */
#include "../../src/facts.h"
#include "fuzz.h"

static struct tsv In;

static void target_init(const char *dir) { (void)dir; }

static void
unexpected(int status)
{
	(void)status;
	abort();
}

static void
same_again(const struct tsv *t)
{
	struct tsv back;
	char *s = NULL;
	size_t i, n = 0;
	FILE *mem = open_memstream(&s, &n), *fp;
	void (*hook)(int) = die_hook;

	/* what tsv_put wrote, the reader must take back */
	die_hook = unexpected;

	for (i = 0; i < t->nf; i++) {
		if (i)
			tsv_tab(mem);
		tsv_put(mem, t->f[i], t->flen[i]);
	}
	tsv_eol(mem);
	fclose(mem);
	fp = fmemopen(s, n, "r");
	tsv_init(&back, fp, "again", "tsv");
	back.ncols = t->nf;	/* the record, without a header */
	if (!tsv_next(&back) || back.nf != t->nf)
		abort();
	for (i = 0; i < t->nf; i++)
		if (back.flen[i] != t->flen[i] ||
		    memcmp(back.f[i], t->f[i], t->flen[i]))
			abort();
	back.ncols = 0;
	tsv_free(&back);
	fclose(fp);
	free(s);
	die_hook = hook;
}

static void
target_file(FILE *fp)
{
	size_t i;

	tsv_init(&In, fp, "fuzz", "tsv");
	tsv_header(&In);
	while (tsv_next(&In)) {
		for (i = 0; i < In.nf; i++)
			if (In.flen[i] && In.f[i][0] >= '0' && In.f[i][0] <= '9')
				(void)tsv_num(&In, (int)i);
		same_again(&In);
	}
}

static void target_end(void) { tsv_free(&In); }
