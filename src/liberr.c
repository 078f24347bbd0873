/* liberr.c: messages, exit statuses, allocation that cannot fail, and
 * the checked end of output. */
#define _GNU_SOURCE		/* F_SETPIPE_SZ, where the system has it */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"

const char *argv0 = "facts";

/* Called instead of exit() when set: the fuzz targets run many inputs in
 * one process and must survive an input that is an error. */
void (*die_hook)(int);

_Noreturn static void
quit(int status)
{
	if (die_hook)
		die_hook(status);
	exit(status);
}

void
setprogname(const char *name)
{
	static char outbuf[1 << 17];
	const char *p = strrchr(name, '/');

	argv0 = p ? p + 1 : name;
	/* one write(2) for many rows, unless someone watches (glibc
	 * takes the size only with the buffer) */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
#ifdef F_SETPIPE_SZ
	/* Pipes of 1 MB between the stages, not 64 KB: each runs longer
	 * between wakeups (facts a tenth faster).  Not a pipe, or over the
	 * system's limit: the call fails and nothing changes. */
	(void)fcntl(STDIN_FILENO, F_SETPIPE_SZ, 1 << 20);
	(void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
#endif
	/* A parent may have ignored SIGPIPE; a reader that goes away must
	 * end us quietly all the same. */
	signal(SIGPIPE, SIG_DFL);
	/* A shell ignores SIGINT in the jobs it starts in the background (a
	 * driver's extractors); an interrupt must stop them with the rest,
	 * not leave them to read a cut stream and complain. */
	signal(SIGINT, SIG_DFL);
}

/* A format ending in ':' gets strerror(errno) appended, as in sbase. */
static void
vmsg(const char *file, long line, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt), k;
	char msg[2048];

	/* one write, so that the messages of stages failing at once do not
	 * interleave mid-line */
	if (file && line > 0)
		k = (size_t)snprintf(msg, sizeof msg, "%s: %s:%ld: ", argv0, file, line);
	else if (file)
		k = (size_t)snprintf(msg, sizeof msg, "%s: %s: ", argv0, file);
	else
		k = (size_t)snprintf(msg, sizeof msg, "%s: ", argv0);
	if (k < sizeof msg)
		k += (size_t)vsnprintf(msg + k, sizeof msg - k, fmt, ap);
	if (k < sizeof msg && n && fmt[n - 1] == ':')
		k += (size_t)snprintf(msg + k, sizeof msg - k, " %s", strerror(saved));
	if (k >= sizeof msg - 1)
		k = sizeof msg - 2;	/* cut, but whole lines still */
	msg[k++] = '\n';
	msg[k] = '\0';
	fputs(msg, stderr);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
}

_Noreturn void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	quit(status);
}

void
warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, fmt, ap);
	va_end(ap);
}

_Noreturn void
die_at(int status, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, fmt, ap);
	va_end(ap);
	quit(status);
}

void *
emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_IO, "out of memory:");
	return p;
}

void *
erealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_IO, "out of memory:");
	return p;
}

char *
estrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(emalloc(n), s, n);
}

/* egrow's growth, once need is past *cap: doubling from 16. */
void *
egrow_to(void *p, size_t *cap, size_t need, size_t sz)
{
	size_t c = *cap ? *cap : 16;

	while (c < need)
		c *= 2;
	*cap = c;
	return erealloc(p, c * sz);
}

/* A full disk must not pass for success; a closed pipe is no error. */
static void
outerr(void)
{
	if (errno == EPIPE)
		quit(EXIT_OK);
	die(EXIT_IO, "<stdout>: write error:");
}

void
checkwrite(void)
{
	if (ferror(stdout))
		outerr();
}

int
finish(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		outerr();
	if (fclose(stdout) == EOF)
		outerr();
	return status;
}
