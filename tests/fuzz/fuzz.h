/* fuzz.h: what every fuzz target shares (libFuzzer).  A target includes
 * the program's source, then this file, and defines how the program
 * starts, reads one input and ends; each input is then one run of the
 * program, with its rules loaded once for all.  An input the program
 * rejects (die) jumps back here instead of ending the process. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_RULES
#define FUZZ_RULES "rules"
#endif

static void target_init(const char *rulesdir);
static void target_file(FILE *fp);
static void target_end(void);

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static jmp_buf rejected;

static void
reject(int status)
{
	longjmp(rejected, status + 1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FACTS_RULES");

	(void)argc;
	setprogname((*argv)[0]);
	/* output is of no interest, only what making it does */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	target_init(dir ? dir : FUZZ_RULES);
	die_hook = reject;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	/* a copy, so that a read past the end is the program's fault and
	 * AddressSanitizer sees it */
	char *copy = malloc(n ? n : 1);
	FILE *fp;

	memcpy(copy, data, n);
	if (!(fp = fmemopen(copy, n, "r")))
		abort();
	if (!setjmp(rejected))
		target_file(fp);
	target_end();
	fclose(fp);
	free(copy);
	return 0;
}
