/* Fuzz target: normalize on raw bytes, as text and as HTML. */
#define main normalize_main
#include "../../src/normalize.c"
#undef main
#include "fuzz.h"

static struct para P;
static const char *rules;

static void target_init(const char *dir) { rules = dir; }

/* normalize reads with read(2), and a stream of fmemopen has no file
 * descriptor: the bytes go through a temporary file.  An input whose
 * first byte is odd is read as HTML (-H) too. */
static void
target_file(FILE *fp)
{
	FILE *tmp = tmpfile();
	char b[4096];
	size_t n;
	int c = fgetc(fp);

	if (!tmp)
		abort();
	if (c != EOF)
		fputc(c, tmp);
	while ((n = fread(b, 1, sizeof b, fp)) > 0)
		fwrite(b, 1, n, tmp);
	rewind(tmp);
	P.rules = rules;
	P.hflag = c != EOF && (c & 1);
	do_file(tmp, "fuzz", &P);
	fclose(tmp);
}

static void target_end(void) { end(&P); }
