/* librules.c: finding rules/ and reading its tables and word lists. */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts.h"

/* bytes: no rules file is near as large; a bound on what a wrong path
 * can make a program read */
#define RULES_MAX (16 << 20)

#ifndef RULESDIR
#define RULESDIR "/usr/local/share/facts/rules"
#endif

static int
isdir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running program's file (its bin/ or libexec/facts/),
 * where the suite's other pieces are found from; NULL if unknown. */
const char *
program_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	dir[n] = '\0';
	if (!(slash = strrchr(dir, '/')))
		return NULL;
	*slash = '\0';
	return dir;
}

/* -r DIR, else $FACTS_RULES, else rules/ beside the program's bin/ (a
 * build tree) or share/facts/rules under its prefix (from bin/ or from
 * libexec/facts/), else RULESDIR. */
const char *
rules_dir(const char *opt)
{
	static const char *const under[] = { "../rules", "../share/facts/rules",
	    "../../share/facts/rules" };
	static char path[PATH_MAX + 32];
	const char *env = getenv("FACTS_RULES"), *exe = program_dir();
	size_t i;

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	for (i = 0; exe && i < sizeof under / sizeof *under; i++) {
		snprintf(path, sizeof path, "%s/%s", exe, under[i]);
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

	struct stat st;

	snprintf(p, n, "%s/%s", dir, file);
	if (stat(p, &st) != 0)
		die(EXIT_IO, "%s: cannot open rules file:", p);
	/* not /dev/zero, nor a FIFO that would never end: looked at before
	 * it is opened, which for a FIFO waits for a writer */
	if (!S_ISREG(st.st_mode))
		die(EXIT_DATA, "%s: a rules file must be a regular file", p);
	if (st.st_size > RULES_MAX)
		die(EXIT_DATA, "%s: a rules file of more than %d MB", p, RULES_MAX >> 20);
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

/* The index in choices (NULL-terminated) of the value v of column col
 * of a rules table; anything else is an error at its line, which names
 * the choices ("kind must be prefix or ambiguous, not 'sometimes'"). */
int
rules_choice(const struct tsv *t, const char *col, const char *v,
    const char *const *choices)
{
	struct buf b = { 0 };
	int i;

	for (i = 0; choices[i]; i++)
		if (!strcmp(v, choices[i]))
			return i;
	for (i = 0; choices[i]; i++) {
		if (i)
			buf_addstr(&b, choices[i + 1] ? ", " : " or ");
		buf_addstr(&b, choices[i]);
	}
	die_at(EXIT_DATA, t->name, t->line, "%s must be %s, not '%s'", col,
	    b.s ? b.s : "", v);
	return -1;
}

/* Whether the value v of column col of a rules table is yes (not no);
 * anything else is an error at its line. */
int
rules_yes_no(const struct tsv *t, const char *col, const char *v,
    const char *yes, const char *no)
{
	return rules_choice(t, col, v, (const char *const[]){ yes, no, NULL }) == 0;
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

/* A set of strings: open addressing, linear probing, at most half full.
 * Most lookups are of words that are not in the set, so each slot keeps
 * a signature (sig: the hash's high half, never 0, and the length) that
 * tells almost every other string from its own without reading either. */

/* The hash of s[0..n), read 8 bytes at a time (the few bytes of a short
 * word at once), with a multiply that mixes them into the low bits the
 * slot is taken from. */
static inline uint64_t
hash(const char *s, size_t n)
{
	const uint64_t mul = 0xff51afd7ed558ccdULL;
	uint64_t h = n * 0x9e3779b97f4a7c15ULL, w = 0;
	uint32_t lo, hi;

	for (; n > 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * mul;
		h ^= h >> 32;
	}
	if (n >= 4) {	/* 4 to 8 bytes: the first four and the last four */
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		w = (uint64_t)hi << 32 | lo;
	} else if (n)
		w = (uint64_t)(unsigned char)s[0] << 16 |
		    (uint64_t)(unsigned char)s[n / 2] << 8 | (unsigned char)s[n - 1];
	h = (h ^ w) * mul;
	return h ^ h >> 29;
}

static uint64_t
sig_of(uint64_t h, size_t n)
{
	return (h >> 32 | 1ULL << 31) << 32 | (uint32_t)n;
}

/* The tag of a slot of hash h: seven of the bits sig_of keeps, and one
 * set, for an empty slot's tag is 0.  The probe reads the tags, a byte a
 * slot, before the signatures: a table's tags stay in the cache where
 * its signatures do not (P.index of libparty's, of 16K slots, whose
 * probe for a new string missed it at the signature it read), and a
 * signature is read for few strings but the one looked for. */
static unsigned char
tag_of(uint64_t h)
{
	return (unsigned char)(h >> 57 | 0x80);
}

/* Whether a[0..n) and b[0..n) are the same bytes, read as the hash
 * reads them: in place, for a call of memcmp costs more than a set's
 * short strings, and would have the probe save registers around it. */
static inline int
same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t p, q;

	for (; n > 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	if (n >= 4) {	/* the first four and the last four */
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		if (p != q)
			return 0;
		memcpy(&p, a + n - 4, 4);
		memcpy(&q, b + n - 4, 4);
		return p == q;
	}
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

/* The slot of s[0..n), or the empty one where it would go. */
static inline size_t
slot_at(const struct strset *set, const char *s, size_t n, uint64_t h)
{
	uint64_t sig = sig_of(h, n);
	size_t i = h & (set->cap - 1);
	unsigned char tag = tag_of(h), t;

	while ((t = set->tag[i]) && (t != tag || set->sig[i] != sig ||
	    !same_bytes(set->k[i], s, n)))
		i = (i + 1) & (set->cap - 1);
	return i;
}

static inline size_t
slot(const struct strset *set, const char *s, size_t n)
{
	return slot_at(set, s, n, hash(s, n));
}

/* The strings of a set are copied into blocks of the set's own, not
 * each into a malloc'ed one: a document's names come and go by the
 * thousand, and a block is freed (or emptied, set_clear) at once. */
#define POOL_BLOCK 4000

struct setpool {
	struct setpool *next;
	size_t used, size;
	char b[];
};

static struct setpool *
pool_block(size_t size, struct setpool *next)
{
	struct setpool *p = emalloc(sizeof *p + size);

	p->next = next;
	p->used = 0;
	p->size = size;
	return p;
}

/* A copy of s[0..n), NUL-terminated, in the set's blocks.  A string too
 * long to share one has a block of its own, behind the one being
 * filled, so that at most half of the bytes held are unused. */
static char *
pool_copy(struct strset *set, const char *s, size_t n)
{
	struct setpool *p = set->pool;
	char *r;

	if (n + 1 > POOL_BLOCK / 4) {
		p = pool_block(n + 1, p ? p->next : NULL);
		if (set->pool)
			set->pool->next = p;
		else
			set->pool = p;
	} else if (!p || p->size - p->used < n + 1)
		p = set->pool = pool_block(POOL_BLOCK, p);
	r = p->b + p->used;
	p->used += n + 1;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static void
pool_free(struct setpool *p)
{
	while (p) {
		struct setpool *next = p->next;

		free(p);
		p = next;
	}
}

/* Doubles the slots of set, which keeps its strings where they are. */
static void
set_grow(struct strset *set)
{
	struct strset big = { .cap = set->cap ? set->cap * 2 : 64 };
	size_t i;

	big.k = calloc(big.cap, sizeof *big.k);
	big.val = calloc(big.cap, sizeof *big.val);
	big.sig = calloc(big.cap, sizeof *big.sig);
	big.tag = calloc(big.cap, sizeof *big.tag);
	big.used = malloc(big.cap / 2 * sizeof *big.used);
	big.shape = set->cap ? set->shape : calloc(SET_SHAPES, sizeof *big.shape);
	if (!big.k || !big.val || !big.sig || !big.tag || !big.used || !big.shape)
		die(EXIT_IO, "out of memory:");
	for (i = 0; i < set->n; i++) {
		size_t o = set->used[i], len = (uint32_t)set->sig[o];
		size_t j = slot(&big, set->k[o], len);

		big.k[j] = set->k[o];
		big.val[j] = set->val[o];
		big.sig[j] = set->sig[o];
		big.tag[j] = set->tag[o];
		big.used[i] = j;
	}
	big.n = set->n;
	big.pool = set->pool;
	free(set->k);
	free(set->val);
	free(set->sig);
	free(set->tag);
	free(set->used);
	*set = big;
}

/* Adds s[0..n), and returns its slot; *key the set's copy of the
 * string, as the probe or the copy found it: set_entry's load of it
 * from the slot waited for the slot's line. */
static size_t
set_put_key(struct strset *set, const char *s, size_t n, const char **key)
{
	size_t i, b;
	uint64_t h;

	if (n > UINT32_MAX)	/* the signature holds the length */
		die(EXIT_DATA, "a word of more than 4 GB");
	if ((set->n + 1) * 2 > set->cap)
		set_grow(set);
	h = hash(s, n);
	i = slot_at(set, s, n, h);
	/* a slot is taken when its tag is set, which the probe has read:
	 * its signature and string's pointer, in other arrays, are not
	 * waited for (misses of the cache for every new string) */
	if (set->tag[i]) {
		*key = set->k[i];	/* read by the probe */
		return i;
	}
	*key = set->k[i] = pool_copy(set, s, n);
	set->val[i] = 0;	/* a slot set_clear emptied keeps its value */
	set->sig[i] = sig_of(h, n);
	set->tag[i] = tag_of(h);
	b = set_shape_of(s, n);
	set->shape[b >> 6] |= 1ULL << (b & 63);
	set->used[set->n++] = i;
	return i;
}

static size_t
set_put(struct strset *set, const char *s, size_t n)
{
	const char *key;

	return set_put_key(set, s, n, &key);
}

void
set_add(struct strset *set, const char *s, size_t n)
{
	set_put(set, s, n);
}

/* A set that maps its strings to bits: adds s[0..n) with bits or'ed to
 * those it has; set_bits gives them, 0 for a string not in the set. */
void
set_or(struct strset *set, const char *s, size_t n, unsigned bits)
{
	size_t i = set_put(set, s, n);	/* which may move val */

	set->val[i] |= bits;
}

/* Sets the value of s[0..n) to v, adding it if need be. */
void
set_set(struct strset *set, const char *s, size_t n, unsigned v)
{
	size_t i = set_put(set, s, n);

	set->val[i] = v;
}

/* The bits of s[0..n), which has a shape of set's (set_bits): 0 if it
 * is not in the set. */
unsigned
set_probe_bits(const struct strset *set, const char *s, size_t n)
{
	size_t i;

	if (n > UINT32_MAX || !set->tag[i = slot(set, s, n)])
		return 0;
	return set->val[i];
}

/* Whether s[0..n), which has a shape of set's (set_has), is in it. */
int
set_probe(const struct strset *set, const char *s, size_t n)
{
	return n <= UINT32_MAX && set->tag[slot(set, s, n)];
}

/* Adds s[0..n) if it is not in the set, with the value 0: a pointer to
 * its value, which stays good until the set is next changed, and in
 * *key the set's copy of the string, good until set_clear or set_free.
 * One probe, where set_has and then set_set take two. */
unsigned *
set_entry(struct strset *set, const char *s, size_t n, const char **key)
{
	size_t i = set_put_key(set, s, n, key);	/* which may move val */

	return &set->val[i];
}

/* Empties the set.  It keeps its slots and the block being filled for
 * the strings to come, so that the many small sets of one document each
 * (libparty's) are not allocated and grown anew for every document; it
 * empties only the slots taken, so that a large document's set costs
 * the small ones after it nothing. */
void
set_clear(struct strset *set)
{
	size_t i;

	if (!set->pool || set->pool->size != POOL_BLOCK) {
		set_free(set);
		return;
	}
	pool_free(set->pool->next);
	set->pool->next = NULL;
	set->pool->used = 0;
	for (i = 0; i < set->n; i++) {
		set->k[set->used[i]] = NULL;
		set->sig[set->used[i]] = 0;
		set->tag[set->used[i]] = 0;
	}
	memset(set->shape, 0, SET_SHAPES * sizeof *set->shape);
	set->n = 0;
}

void
set_free(struct strset *set)
{
	pool_free(set->pool);
	free(set->k);
	free(set->val);
	free(set->sig);
	free(set->tag);
	free(set->used);
	free(set->shape);
	memset(set, 0, sizeof *set);
}

/* POSIX cksum's CRC of the bytes fed to it. */
static uint32_t
crc_add(uint32_t crc, const unsigned char *p, size_t n)
{
	int i;

	while (n--) {
		crc ^= (uint32_t)*p++ << 24;
		for (i = 0; i < 8; i++)
			crc = crc & 0x80000000u ? crc << 1 ^ 0x04C11DB7u : crc << 1;
	}
	return crc;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What cksum(1) gives for the files of dir, concatenated in the order of
 * their names (cat DIR/[name order] piped to cksum), so that an output
 * can say which rules made it; 0 when dir cannot be read. */
unsigned long
rules_hash(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, cap = 0, i, len = 0, k;
	unsigned char chunk[8192];
	uint32_t crc = 0;
	FILE *fp;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			names = egrow(names, &cap, n + 1, sizeof *names);
			names[n++] = estrdup(e->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		struct stat st;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		/* regular files only, as rules_open takes: no FIFO hangs it */
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (fp = fopen(path, "r"))) {
			while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
				crc = crc_add(crc, chunk, k);
				len += k;
			}
			fclose(fp);
		}
		free(names[i]);
	}
	free(names);
	for (; len; len >>= 8)
		crc = crc_add(crc, &(unsigned char){ len & 0xff }, 1);
	return ~crc & 0xffffffffu;
}
