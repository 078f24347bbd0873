/* libinput.c: file operands as cat(1) takes them. */
#include <stdio.h>
#include <string.h>

#include "facts.h"

/* Runs fn on each named file ("-" or none: standard input).  A file that
 * cannot be opened is reported and skipped; the status says so at the end. */
int
each_input(int argc, char **argv, input_fn fn, void *arg)
{
	int i, ret = EXIT_OK, r;
	FILE *fp;

	if (argc == 0)
		return fn(stdin, "-", arg);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			r = fn(stdin, "-", arg);
		} else if (!(fp = fopen(argv[i], "r"))) {
			warn_at(argv[i], 0, "cannot open:");
			r = EXIT_IO;
		} else {
			r = fn(fp, argv[i], arg);
			fclose(fp);
		}
		if (r && !ret)
			ret = r;
	}
	return ret;
}
