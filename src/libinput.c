/* libinput.c: the command line: file operands as cat(1) takes them, and
 * the options every program takes. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif

#include "facts.h"
#include "version.h"

/* Large buffers: the default 4 KB means a system call for every few
 * rows, and in a pipeline a wakeup of the stage before.  glibc keeps its
 * own size (the file's block, 4 KB for a pipe) unless setvbuf is given
 * the buffer too, so each stream's buffer is ours, kept until
 * close_input.  Only before the first read of a stream. */
enum { IOBUF = 1 << 17 };

static struct iobuf {
	FILE *fp;
	char *buf;
	struct iobuf *next;
} *iobufs;

static FILE *
buffered(FILE *fp)
{
	struct iobuf *b;

	for (b = iobufs; b; b = b->next)
		if (b->fp == fp)
			return fp;	/* standard input, read again */
	b = emalloc(sizeof *b);
	b->fp = fp;
	b->buf = emalloc(IOBUF);
	b->next = iobufs;
	iobufs = b;
	setvbuf(fp, b->buf, _IOFBF, IOBUF);
	return fp;
}

/* Closes a stream open_input gave (standard input stays open) and frees
 * its buffer. */
void
close_input(FILE *fp)
{
	struct iobuf **p, *b;

	if (fp != stdin)
		fclose(fp);
	for (p = &iobufs; (b = *p); p = &b->next)
		if (b->fp == fp) {
			*p = b->next;
			free(b->buf);
			free(b);
			return;
		}
}

/* A filter about to wait for input writes what it holds first, so that
 * the stage after it, and a reader at the end of the pipeline, have each
 * row as soon as the input allows, not when a buffer fills.  (With the C
 * library's buffer unknown, as outside glibc, rows wait for the buffer.) */
void
flush_before_wait(FILE *in)
{
#ifdef __GLIBC__
	struct pollfd p;

	if (in->_IO_read_ptr < in->_IO_read_end || !__fpending(stdout))
		return;
	p.fd = fileno(in);
	p.events = POLLIN;
	if (poll(&p, 1, 0) == 1)
		return;
	if (fflush(stdout) == EOF)
		checkwrite();
#else
	(void)in;
#endif
}

/* Opening a FIFO waits for its writer: as flush_before_wait. */
static void
flush_before_open(const char *name)
{
#ifdef __GLIBC__
	struct stat st;

	if (__fpending(stdout) && stat(name, &st) == 0 && !S_ISREG(st.st_mode)
	    && fflush(stdout) == EOF)
		checkwrite();
#else
	(void)name;
#endif
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

/* Runs fn on one named file ("-": standard input, unless literal): 0, or
 * the status of a file that could not be opened (reported) or of fn. */
static int
one_input(const char *name, int literal, input_fn fn, void *arg)
{
	FILE *fp;
	int r;

	if (!literal && !strcmp(name, "-"))
		return fn(buffered(stdin), "-", arg);
	flush_before_open(name);
	if (!(fp = fopen(name, "r"))) {
		warn_at(name, 0, "cannot open:");
		return EXIT_IO;
	}
	r = fn(buffered(fp), name, arg);
	close_input(fp);
	return r;
}

/* Runs fn on each named file ("-" or none: standard input).  A file that
 * cannot be opened is reported and skipped; the status says so at the end. */
int
each_input(int argc, char **argv, input_fn fn, void *arg)
{
	int i, ret = EXIT_OK, r;

	if (argc == 0)
		return fn(buffered(stdin), "-", arg);
	for (i = 0; i < argc; i++)
		if ((r = one_input(argv[i], 0, fn, arg)) && !ret)
			ret = r;
	return ret;
}

/* Runs fn on each file the list names ("-": the list is standard input),
 * one a line or, if the list holds a NUL byte, one per NUL-ended name
 * (find -print0), so that any number of files and any name can be given;
 * a name is a file's, "-" too.  The list is read whole first (a name
 * a few bytes long, it is small beside the files).  As each_input, a
 * file that cannot be opened is reported and skipped. */
int
each_listed_input(const char *list, input_fn fn, void *arg)
{
	FILE *lp = strcmp(list, "-") ? fopen(list, "r") : stdin;
	struct buf b = { 0 };
	char chunk[8192], *p, *e, *end;
	size_t n;
	int ret = EXIT_OK, r, delim;

	if (!lp)
		die_at(EXIT_IO, list, 0, "cannot open:");
	while ((n = fread(chunk, 1, sizeof chunk, lp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(lp))
		die_at(EXIT_IO, list, 0, "read error:");
	if (lp != stdin)
		fclose(lp);
	end = b.s + b.len;
	delim = b.len && memchr(b.s, '\0', b.len) ? '\0' : '\n';
	for (p = b.s; p && p < end; p = e + 1) {
		if (!(e = memchr(p, delim, (size_t)(end - p))))
			e = end;
		*e = '\0';
		if (e > p && (r = one_input(p, 1, fn, arg)) && !ret)
			ret = r;
	}
	buf_free(&b);
	return ret;
}

/* A temporary file for reading and writing, in $TMPDIR (else /tmp), its
 * name gone at once (nothing is left behind), *name its path for
 * messages (malloc'ed). */
FILE *
temp_file(const char *prefix, char **name)
{
	const char *dir = getenv("TMPDIR");
	size_t n;
	int fd;
	FILE *fp;

	if (!dir || !*dir)
		dir = "/tmp";
	n = strlen(dir) + strlen(prefix) + 16;
	*name = emalloc(n);
	snprintf(*name, n, "%s/%s.XXXXXX", dir, prefix);
	if ((fd = mkstemp(*name)) < 0)
		die(EXIT_IO, "%s: cannot make a temporary file:", *name);
	unlink(*name);
	if (!(fp = fdopen(fd, "w+")))
		die(EXIT_IO, "%s: cannot make a temporary file:", *name);
	return fp;
}

/* --files-from FILE (or --files-from=FILE), taken out of argv: FILE,
 * or NULL if it is not given. */
const char *
files_from_option(int *argc, char **argv)
{
	const char *v = NULL;
	int i, j;

	for (i = j = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--files-from") && i + 1 < *argc)
			v = argv[++i];
		else if (!strncmp(argv[i], "--files-from=", 13))
			v = argv[i] + 13;
		else
			argv[j++] = argv[i];
	}
	while (i < *argc)
		argv[j++] = argv[i++];
	*argc = j;
	argv[j] = NULL;
	return v;
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
