/* libinput.c: the command line: file operands as cat(1) takes them, and
 * the options every program takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "version.h"

/* Large buffers: the default 4 KB means a system call for every few
 * rows.  Only before the first read of a stream. */
enum { IOBUF = 1 << 17 };

static FILE *
buffered(FILE *fp)
{
	static int stdin_done;

	if (fp != stdin || !stdin_done)
		setvbuf(fp, NULL, _IOFBF, IOBUF);
	if (fp == stdin)
		stdin_done = 1;
	return fp;
}

/* The file name ("-": standard input), buffered, for a program that
 * cannot go on without it. */
FILE *
open_input(const char *name)
{
	FILE *fp = stdin;

	if (strcmp(name, "-") && !(fp = fopen(name, "r")))
		die_at(EXIT_IO, name, 0, "cannot open:");
	return buffered(fp);
}

/* Runs fn on each named file ("-" or none: standard input).  A file that
 * cannot be opened is reported and skipped; the status says so at the end. */
int
each_input(int argc, char **argv, input_fn fn, void *arg)
{
	int i, ret = EXIT_OK, r;
	FILE *fp;

	if (argc == 0)
		return fn(buffered(stdin), "-", arg);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			r = fn(buffered(stdin), "-", arg);
		} else if (!(fp = fopen(argv[i], "r"))) {
			warn_at(argv[i], 0, "cannot open:");
			r = EXIT_IO;
		} else {
			r = fn(buffered(fp), argv[i], arg);
			fclose(fp);
		}
		if (r && !ret)
			ret = r;
	}
	return ret;
}

/* --help and --version, which every program takes besides its own
 * options: taken out of argv before getopt sees it.  --help is the
 * program's usage; --version returns 1 for the program to call version()
 * once it knows its rules. */
int
std_options(int *argc, char **argv, void (*usage)(int))
{
	int i, j, v = 0;

	for (i = j = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--help"))
			usage(EXIT_OK);
		else if (!strcmp(argv[i], "--version"))
			v = 1;
		else
			argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	return v;
}

/* The version of the code, and the rules in use (NULL: none). */
_Noreturn void
version(const char *rulesdir)
{
	printf("%s %s", argv0, VERSION);
	if (rulesdir)
		printf(" rules %08lx", rules_hash(rulesdir));
	putchar('\n');
	exit(finish(EXIT_OK));
}
