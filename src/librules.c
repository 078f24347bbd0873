/* librules.c: finding rules/ and reading its tables and word lists. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts.h"

#ifndef RULESDIR
#define RULESDIR "/usr/local/share/facts/rules"
#endif

static int
isdir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* -r DIR, else $FACTS_RULES, else rules/ beside the program's bin/ (a
 * build tree) or share/facts/rules under its prefix, else RULESDIR. */
const char *
rules_dir(const char *opt)
{
	static char path[PATH_MAX + 32];
	char exe[PATH_MAX];
	const char *env = getenv("FACTS_RULES");
	ssize_t n;
	char *slash;

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(path, sizeof path, "%s/../rules", exe);
		if (isdir(path))
			return path;
		snprintf(path, sizeof path, "%s/../share/facts/rules", exe);
		if (isdir(path))
			return path;
	}
	return RULESDIR;
}

FILE *
rules_open(const char *dir, const char *file, char **path)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = emalloc(n);
	FILE *fp;

	snprintf(p, n, "%s/%s", dir, file);
	if (!(fp = fopen(p, "r")))
		die(EXIT_IO, "%s: cannot open rules file:", p);
	*path = p;
	return fp;
}

/* Opens a rules table (TSV with a header, '#' comments and blank lines
 * allowed) and finds the columns in need[], NULL-terminated, into idx[]. */
void
rules_table(struct tsv *t, const char *dir, const char *file,
    const char *const *need, int *idx)
{
	char *path;
	FILE *fp = rules_open(dir, file, &path);
	size_t i;

	tsv_init(t, fp, path, "a rules table");
	t->comments = 1;
	tsv_header(t);
	for (i = 0; need[i]; i++)
		idx[i] = tsv_need(t, need[i]);
	for (i = 0; i < t->ncols; i++) {
		size_t j;

		for (j = 0; need[j] && strcmp(need[j], t->cols[i]); j++)
			;
		if (!need[j])
			die_at(EXIT_DATA, path, t->line, "unknown column '%s'",
			    t->cols[i]);
	}
}

/* Adds the column col of a rules table to set. */
void
rules_words(const char *dir, const char *file, const char *col,
    struct strset *set)
{
	const char *cols[] = { col, NULL };
	struct tsv t;
	int c[1];

	rules_table(&t, dir, file, cols, c);
	while (tsv_next(&t))
		set_add(set, t.f[c[0]], t.flen[c[0]]);
	rules_close(&t);
}

void
rules_close(struct tsv *t)
{
	fclose(t->fp);
	free((char *)t->name);
	tsv_free(t);
}

/* A set of strings: open addressing, FNV-1a. */
static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static size_t
slot(const struct strset *set, const char *s, size_t n)
{
	size_t i = hash(s, n) & (set->cap - 1);

	while (set->k[i] && (strlen(set->k[i]) != n || memcmp(set->k[i], s, n)))
		i = (i + 1) & (set->cap - 1);
	return i;
}

void
set_add(struct strset *set, const char *s, size_t n)
{
	size_t i;

	if ((set->n + 1) * 2 > set->cap) {
		struct strset big = { NULL, 0, set->cap ? set->cap * 2 : 64 };

		big.k = calloc(big.cap, sizeof *big.k);
		if (!big.k)
			die(EXIT_IO, "out of memory:");
		for (i = 0; i < set->cap; i++)
			if (set->k[i])
				big.k[slot(&big, set->k[i], strlen(set->k[i]))] = set->k[i];
		big.n = set->n;
		free(set->k);
		*set = big;
	}
	i = slot(set, s, n);
	if (set->k[i])
		return;
	set->k[i] = emalloc(n + 1);
	memcpy(set->k[i], s, n);
	set->k[i][n] = '\0';
	set->n++;
}

int
set_has(const struct strset *set, const char *s, size_t n)
{
	return set->cap && set->k[slot(set, s, n)] != NULL;
}

void
set_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->k[i]);
	free(set->k);
	memset(set, 0, sizeof *set);
}
