/* facts.h: the shared library of the facts filters (libfacts.a). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
/* Sixteen bytes in one test (SSE2, every x86-64 has it): the scans of
 * every byte of a text (ascii64, the sieves, TSV rows, capitals). */
#if defined __SSE2__
#include <emmintrin.h>
#define SCAN16 1
#endif

/* Exit statuses fixed by the contract. */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 1,
	EXIT_DATA = 65,
	EXIT_IO = 74
};

/* The largest count or offset a TSV column or a map may hold (1 PB):
 * larger is bad data, and sums of such values cannot overflow. */
#define OFFSET_MAX 1000000000000000LL

/* liberr.c */
extern const char *argv0;
void setprogname(const char *);
void warn(const char *, ...);
_Noreturn void die(int, const char *, ...);
void warn_at(const char *, long, const char *, ...);
_Noreturn void die_at(int, const char *, long, const char *, ...);
extern void (*die_hook)(int);
void *emalloc(size_t);
void *erealloc(void *, size_t);
char *estrdup(const char *);
void *egrow_to(void *, size_t *, size_t, size_t);
/* Grows array p of *cap elements of size sz to hold at least need: the
 * test in line, for it is asked at every addition and most fit. */
static inline void *
egrow(void *p, size_t *cap, size_t need, size_t sz)
{
	return need <= *cap ? p : egrow_to(p, cap, need, sz);
}
int finish(int);
void checkwrite(void);

/* libbuf.c: a growable byte buffer */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *, const void *, size_t);
void buf_addc(struct buf *, int);
size_t buf_add_string(struct buf *, const char *, size_t);
void buf_addstr(struct buf *, const char *);
void buf_addlong(struct buf *, long long);
#define NUM_CHARS 24	/* room for any long long in decimal */
char *num_format(char[NUM_CHARS], long long);
void buf_free(struct buf *);

/* libtsv.c: the contract's TSV (PostgreSQL COPY text escaping) */
struct tsv {
	FILE *fp;
	const char *name;	/* file name for messages */
	const char *producer;	/* the stage expected to have written it */
	long line;
	char *raw;		/* the raw line: in line_s, or where the
				 * stream's buffer holds it */
	char *line_s;		/* getline's, reused */
	size_t line_cap;
	char **f;		/* fields of the current record, unescaped */
	size_t *flen;
	size_t nf, fcap;
	size_t rawlen;		/* of the record's line */
	int escaped;		/* ... which had a backslash */
	int ascii;		/* ... which is known to be all ASCII */
	size_t ncols;		/* columns in the header */
	char **cols;		/* the header's names */
	int comments;		/* skip lines starting with '#' (rules files) */
	int whole_lines;	/* a last line without '\n' is an error: a
				 * stage's output cut short */
	/* where lines come from, if not fp: as getline(3), -1 at the end
	 * (facts-merge's spools, which read three pipes at once) */
	ssize_t (*getline)(char **, size_t *, void *);
	void *arg;
};
struct tsv_run {
	struct tsv first;	/* the first input's header */
	struct tsv cur;		/* the input being read */
	int have_first;
};
void tsv_init(struct tsv *, FILE *, const char *name, const char *producer);
struct tsv *tsv_begin(struct tsv_run *, FILE *, const char *name,
    const char *producer, const char *const *need, int *idx);
void tsv_end(struct tsv_run *);
void tsv_run_free(struct tsv_run *);
void tsv_header(struct tsv *);
void tsv_same_header(struct tsv *, const struct tsv *);
int tsv_col(const struct tsv *, const char *);
int tsv_need(const struct tsv *, const char *);
int tsv_next(struct tsv *);
void tsv_free(struct tsv *);
long long tsv_num(const struct tsv *, int col);
int tsv_plain(const struct tsv *);
void tsv_put(FILE *, const char *, size_t);
void tsv_puts(FILE *, const char *);
void tsv_escape(struct buf *, const char *, size_t);
void tsv_put_escaped(FILE *, const char *, size_t);
void tsv_putnum(FILE *, long long);
void tsv_nums(FILE *, long long, long long, long long);
void tsv_tab(FILE *);
void tsv_rest(FILE *, const char *const *);
void tsv_eol(FILE *);
void tsv_write_header(FILE *, const char *const *);

/* libinput.c: file operands as cat(1) takes them; --help, --version */
typedef int (*input_fn)(FILE *, const char *name, void *arg);
int each_input(int argc, char **argv, input_fn, void *arg);
int each_listed_input(const char *list, input_fn, void *arg);
const char *files_from_option(int *argc, char **argv);
FILE *temp_file(const char *prefix, char **name);
FILE *open_input(const char *name);
void close_input(FILE *);
void flush_before_wait(FILE *);
int std_options(int *argc, char **argv, void (*usage)(int));
_Noreturn void version(const char *rulesdir);

/* libmap.c: offsets of normalized text back to the original file.
 * A map is a list of (pos, inc): from normalized offset pos on, the
 * original is inc bytes further on than before.  Written "pos+inc,...". */
struct mapent {
	long long pos, inc;
};
struct map {
	struct mapent *e;
	size_t n, cap;
	long long delta;	/* current original minus normalized offset */
};
void map_reset(struct map *);
void map_sync(struct map *, long long npos, long long opos);
void map_cut(struct map *, long long npos);
int map_parse(struct map *, const char *, size_t);
long long map_orig(const struct map *, long long pos);
void map_format(struct buf *, const struct map *, long long from, long long to);
void map_free(struct map *);

/* libhtml.c: HTML for normalize: tags, character references */
enum { HTML_BLOCK = 1, HTML_DROP = 2 };	/* what a tag does */
#define HTML_TAG_MAX 15		/* a longer tag name is none of the table's */
#define HTML_NAME_MAX 32	/* bytes of a reference's name, ';' included */
#define HTML_REF_MAX 40		/* bytes of any reference, '&' to ';' */
void html_init(const char *rulesdir);
int html_tag(const char *, size_t);
int html_sniff(const char *, size_t, int more);
int html_ref(const char *, size_t, int more, char *out, size_t *outlen);

/* librules.c: the rules/ directory and its lexicons */
const char *program_dir(void);
const char *rules_dir(const char *opt);
FILE *rules_open(const char *dir, const char *file, char **path);
void rules_table(struct tsv *, const char *dir, const char *file,
    const char *const *need, int *idx);
void rules_close(struct tsv *);
int rules_choice(const struct tsv *, const char *col, const char *v,
    const char *const *choices);
int rules_yes_no(const struct tsv *, const char *col, const char *v,
    const char *yes, const char *no);
unsigned long rules_hash(const char *dir);
struct strset {
	char **k;
	size_t n, cap;
	unsigned *val;		/* set_or's bits, by slot */
	uint64_t *sig;		/* each string's hash and length (librules.c) */
	unsigned char *tag;	/* seven bits of its hash, by slot (librules.c) */
	uint64_t *shape;	/* the strings' shapes, as bits (librules.c) */
	struct setpool *pool;	/* the strings' bytes (librules.c) */
	size_t *used;		/* the slots taken, n of them */
};
void set_add(struct strset *, const char *, size_t);
void set_set(struct strset *, const char *, size_t, unsigned);
void set_or(struct strset *, const char *, size_t, unsigned);
unsigned set_probe_bits(const struct strset *, const char *, size_t);
int set_probe(const struct strset *, const char *, size_t);

/* The shape of a string: its first byte, its last and its length, mixed
 * into one of the SET_SHAPES * 64 bits of set->shape, which has those of
 * its strings.  The three tell apart most words of the same first letter
 * and length, which a table of those two alone would not. */
#define SET_SHAPES 64
static inline size_t
set_shape_of(const char *s, size_t n)
{
	uint64_t x = n ? (uint64_t)(unsigned char)s[0] << 40 |
	    (uint64_t)(unsigned char)s[n - 1] << 32 : 0;

	x = (x | (uint32_t)n) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 52);	/* SET_SHAPES * 64 = 1 << 12 */
}

/* Whether some string of set has the shape of s[0..n): most words
 * looked up in a set of the rules' words have none, and are told so
 * here, inline, without a call or a hash. */
static inline int
set_shape_may(const struct strset *set, const char *s, size_t n)
{
	size_t b = set_shape_of(s, n);

	return set->cap && (set->shape[b >> 6] >> (b & 63) & 1);
}

/* The bits of s[0..n) in set (set_or), 0 if it is not there. */
static inline unsigned
set_bits(const struct strset *set, const char *s, size_t n)
{
	return set_shape_may(set, s, n) ? set_probe_bits(set, s, n) : 0;
}

/* Whether s[0..n) is in set. */
static inline int
set_has(const struct strset *set, const char *s, size_t n)
{
	return set_shape_may(set, s, n) && set_probe(set, s, n);
}
unsigned *set_entry(struct strset *, const char *, size_t, const char **);
void set_clear(struct strset *);
void set_free(struct strset *);
void rules_words(const char *dir, const char *file, const char *col,
    struct strset *);

/* Text read eight bytes at a time, where most bytes are passed by: the
 * word of s[i..n) with the bytes past n as 0 and the first byte lowest,
 * and masks of its bytes by their high bits.  Inline: a call would cost
 * more than the test. */
#define BYTES_ONES 0x0101010101010101ull
#define BYTES_HIGH (0x80 * BYTES_ONES)

static inline uint64_t
word8_at(const char *s, size_t i, size_t n)
{
	uint64_t w;

	if (n - i >= 8)
		memcpy(&w, s + i, 8);
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* near the end of a text of eight bytes or more, the eight that end
	 * it, shifted: a copy of fewer costs a call of memcpy, and the load
	 * of the word waits for its stores to reach the cache (every
	 * sentence's last bytes that a scan reads) */
	else if (n >= 8 && i < n) {
		memcpy(&w, s + n - 8, 8);
		w >>= 8 * (i - (n - 8));
	}
#endif
	else {
		w = 0;
		memcpy(&w, s + i, n - i);
	}
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* The bytes of w from lo to hi (ASCII both): each byte's low seven bits,
 * raised by a bias, carry into its own high bit only. */
static inline uint64_t
bytes_in(uint64_t w, unsigned lo, unsigned hi)
{
	uint64_t low = w & ~BYTES_HIGH;

	return (low + (0x80 - lo) * BYTES_ONES) & ~(low + (0x7f - hi) * BYTES_ONES) &
	    ~w & BYTES_HIGH;
}

/* Whether byte c is one of the string literal set's or NUL, as
 * strchr(set, c) tells, without its call: the set's length known, the
 * compiler makes it a test of a bit or a few comparisons. */
#define BYTE_OF(set, c) byte_of((set), sizeof (set) - 1, (c))
static inline int
byte_of(const char *set, size_t n, char c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == c)
			return 1;
	return c == '\0';
}

/* The ASCII letters of w, either case. */
static inline uint64_t
letters_in(uint64_t w)
{
	return bytes_in(w | 0x20 * BYTES_ONES, 'a', 'z');
}

#ifdef SCAN16
/* The bytes of v from lo to hi, as 0xFF in their places: those whose
 * distance above lo, unsigned, is at most hi - lo.  bytes_in's sixteen. */
static inline __m128i
bytes16_in(__m128i v, unsigned char lo, unsigned char hi)
{
	__m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));

	return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)(hi - lo))), d);
}
#endif

/* The ASCII letters (and digits if digits) of s[i..i+64) as bits, the
 * first byte's lowest (0 past n); sets bits of *high if a byte read is
 * not ASCII.  Sixteen bytes at a test where there is SSE2. */
static inline uint64_t
ascii64(const char *s, size_t i, size_t n, int digits, uint64_t *high)
{
	uint64_t letters = 0, w;
	size_t k = 0;

#ifdef SCAN16
	size_t at, rest;

	/* the last fewer than 16 bytes of a text of 16 or more read with
	 * the bytes before them, and their bits shifted to their places */
	for (; k < 64 && i + k < n; k += 16) {
		__m128i v;
		unsigned m, h;

		if ((rest = n - i - k) < 16 && n < 16)
			break;
		at = rest < 16 ? n - 16 : i + k;
		v = _mm_loadu_si128((const void *)(s + at));
		/* a letter of either case is 'a' to 'z' with bit 0x20 set */
		m = (unsigned)_mm_movemask_epi8(bytes16_in(_mm_or_si128(v,
		    _mm_set1_epi8(0x20)), 'a', 'z'));
		if (digits)
			m |= (unsigned)_mm_movemask_epi8(bytes16_in(v, '0', '9'));
		h = (unsigned)_mm_movemask_epi8(v);
		if (rest < 16) {
			m >>= 16 - rest;
			h >>= 16 - rest;
		}
		*high |= h;
		letters |= (uint64_t)m << k;
		if (rest < 16)
			return letters;
	}
#endif
	for (; k < 64 && i + k < n; k += 8) {
		w = word8_at(s, i + k, n);
		*high |= w & BYTES_HIGH;
		/* the high bit of each letter's byte, to bit k of a byte */
		letters |= (((letters_in(w) | (digits ? bytes_in(w, '0', '9') : 0)) >> 7) *
		    0x0102040810204080ull >> 56) << k;
	}
	return letters;
}

/* How many bytes a mask marks. */
static inline size_t
bytes_count(uint64_t m)
{
	return (size_t)(((m >> 7) * BYTES_ONES) >> 56);
}

/* The index of the first byte a mask marks, which it must have one of. */
static inline size_t
bytes_first(uint64_t m)
{
#if defined __GNUC__
	return (size_t)__builtin_ctzll(m) / 8;
#else
	return (size_t)(((m & -m) >> 7) * 0x0001020304050607ull >> 56);
#endif
}

/* libutf.c: UTF-8 and the Unicode classes the filters need */
#define UTF_BAD (-1)
int utf_decode(const unsigned char *, size_t, int32_t *);
int utf_encode(int32_t, char *);
int utf_valid(const char *, size_t);
int utf_is_upper(int32_t);
int utf_is_lower(int32_t);
enum { UTF_LU = 1, UTF_LL = 2, UTF_LETTER = 4, UTF_NUMBER = 8 };
int utf_classes(int32_t);
int utf_is_alpha(int32_t);
int utf_is_digit(int32_t);
int utf_is_space(int32_t);
int utf_is_invisible(int32_t);
int32_t utf_lower(int32_t);
int utf_prev(const char *, size_t, int32_t *);
char *utf_nfc(const char *, size_t, size_t *);
char *utf_fold(const char *, size_t, size_t *);
char *utf_words(const char *, size_t);
int utf_may_change_nfc(int32_t);
int ascii_lower(char *, size_t, const char *, size_t);
/* A few bytes to find in texts, such as the first bytes of a set of
 * characters: up to BYTES_FEW compared sixteen bytes at a time where
 * there is SSE2 (one pass for all, where a memchr of each stops at
 * every one of each), more looked up one by one. */
#define BYTES_FEW 8
struct byteset {
	unsigned char in[256];		/* 1 for a byte of the set */
	unsigned char few[BYTES_FEW];	/* the same as a list */
	int n;				/* how many; more than BYTES_FEW: in[] alone */
};
void byteset_add(struct byteset *, unsigned char);
size_t byteset_next(const struct byteset *, const char *, size_t, size_t);

/* libsent.c: the main loop of an extractor over split output */
struct sent {
	const char *doc;
	size_t doclen;
	long para, sent;
	long long start, end;
	const char *text;
	size_t len;
	struct map map;		/* offsets in text to offsets from start */
	const char *file;	/* where the row came from, for messages */
	long line;
};
struct extractor {
	const char *const *header;	/* the columns it writes */
	const char *usage;		/* what it writes, for -h */
	void (*init)(const char *rulesdir);
	void (*sentence)(const struct sent *);
	void (*flush)(void);		/* at the end of each document */
};
int extractor_main(int argc, char **argv, const struct extractor *);
struct sentq {
	struct queued {
		struct sent s;
		size_t doc, text, map;	/* where its own are in b and e */
	} *q;
	size_t n, cap;
	struct buf b;
	struct mapent *e;
	size_t ne, ecap;
};
void sentq_push(struct sentq *, const struct sent *);
const struct sent *sentq_at(struct sentq *, size_t);
size_t sentq_bytes(const struct sentq *);
void sentq_clear(struct sentq *);
void extractor_init(const struct extractor *, const char *rulesdir);
int extractor_file(FILE *, const char *name, void *);
void extractor_end(void);
extern const struct extractor extractor;	/* each extractor's own */
long long sent_orig(const struct sent *, size_t pos);

/* librx.c: PCRE2 behind a small interface, JIT-compiled, match data
 * reused, with limits so that no input makes a pattern work for long.
 * Subjects must be valid UTF-8 (libsent.c checks each sentence). */
struct rx;
struct rx *rx_compile(const char *pattern, const char *where);
struct rx *rx_compile_anchored(const char *pattern, const char *where);
void rx_part(struct rx *r, const char *name);
struct rx *rx_compile_limited(const char *pattern, const char *where);
void rx_free(struct rx *);
void rx_start_bytes(const struct rx *, unsigned char start[256]);
int rx_exec(struct rx *, const char *s, size_t n, size_t from);
int rx_exec_upto(struct rx *, const char *s, size_t n, size_t from,
    size_t last);
int rx_gave_up(const struct rx *);
/* name must be a string constant: its address is cached */
int rx_group(const struct rx *, const char *name, size_t *so, size_t *eo);
int rx_group_number(const struct rx *, const char *name);
int rx_group_at(const struct rx *, int number, size_t *so, size_t *eo);
void rx_span(const struct rx *, size_t *so, size_t *eo);
void rx_quote(struct buf *, const char *s, size_t n);
struct rx_word {
	const char *s;
	int anycase;
};
char *rx_alternation(struct rx_word *, size_t);
void rx_input(const char *file, long line);
char *rules_pattern(const char *dir, const char *file,
    char *(*expand)(const char *name, void *arg), void *arg);

/* libmoney.c: amounts of money in a sentence (extract-money, and the
 * investments of extract-stakes). */
#define MONEY_DIGITS 64
struct money {
	size_t so, eo;			/* the span: number, scale, currency */
	char amount[2][MONEY_DIGITS];	/* exact decimals; [1] for a range */
	int range;			/* two amounts: a range, or a list */
	int list;			/* "3 or 4 billion euros" */
	const char *currency;		/* ISO 4217; NULL: see unit */
	const char *qualifier;
	/* >= 0: a currency noun written without its country ("dlrs") in a
	 * document that has not yet written it with one: money_doc_code
	 * gives the document's code for it, else currency stands (NULL for a
	 * noun of no one country, "crowns": no amount) */
	int unit;
	int cents;	/* cents written alone: see money_has_cents */
};
void money_init(const char *rulesdir);
int money_next(const struct sent *, size_t *from, struct money *);
void money_pass(const struct sent *);
int money_may(const struct sent *);
void money_follow(const struct sent *, size_t max);
const char *money_doc_code(int unit, int final);
int money_has_cents(const char *code);
void money_doc_end(void);
char *money_qualifiers(void);
const char *money_qualifier(const char *, size_t);
long money_words(const char *, size_t);



/* librx.c (sections): a rules file of several patterns, "== NAME" lines
 * starting each, "=~ SIEVE" lines giving what a subject must match (one
 * of them) before the pattern is worth trying; placeholders filled as by
 * rules_pattern. */
#define SECTION_SIEVES 4
struct section {
	char *name, *pattern;
	char *sieve[SECTION_SIEVES];
	size_t nsieve;
};
size_t rules_sections(const char *dir, const char *file,
    char *(*expand)(const char *name, void *arg), void *arg,
    struct section **out);
void sections_free(struct section *, size_t);
char *money_pattern(void);

/* libparty.c: the parties a document names (companies, people), so that
 * a short or pronoun mention can be given the fullest name. */
void party_init(const char *rulesdir);
char *party_name_pattern(void);
void party_reset(void);
void party_scan(const struct sent *);
int party_capitals(void);
struct pspan {
	size_t so, eo;		/* in the sentence */
	const char *name;	/* as recorded, for party_full */
	int org;		/* party_is_org, once the sentence is read */
	size_t idx;		/* libparty's */
};
size_t party_spans(const struct pspan **);
int party_full_known(void);
char *party_clean(const char *, size_t);
size_t party_next_title(const char *, size_t, size_t, size_t *);
size_t party_first_name(const char *, size_t, size_t);
size_t party_after_complement(const char *, size_t, size_t);
size_t party_after_day(const char *, size_t, size_t);
int party_pronoun(const char *, size_t);
const char *party_recent(size_t before, const char *exclude, int org);
int party_top2(const char **, const char **);
const char *party_full(const char *);
int party_same(const char *, const char *);
enum { PARTY_COMPANY = 1, PARTY_PERSON = 2 };
/* party_pronoun: 1 the party named last, 2 the two named most, or: */
#define PARTY_PERSON_PRONOUN 3
unsigned party_noun(const char *, size_t);
const char *party_described(const char *, size_t, size_t before,
    const char *exclude);
int party_is_person(const char *);
int party_named(const char *);
int party_is_company(const char *);
int party_is_org(const char *);
int party_is_suffix(const char *);
const char *party_person(const char *, int gender);
const char *party_head_form(const char *);
void party_quoted(size_t from, size_t to);
const char *party_recent_person(size_t before, int gender);
const char *party_recent_subject(size_t before, int gender, size_t *at);
enum { PARTY_MALE = 1, PARTY_FEMALE = 2 };
int party_gender(const char *);
int party_word_gender(const char *, size_t);

/* libtable.c: facts tables read one document at a time (facts-diff,
 * facts-score, facts-view). */
struct fact {
	const char *kind;
	long long start, end;
	char **f;		/* every column, unescaped */
	size_t *flen;
	long line;
	size_t seq;		/* place in its document */
};
struct docfacts {
	char *doc;
	struct fact *rows;
	size_t n, cap;
};
struct table {
	struct tsv t;
	const char *kind;	/* of every row, when there is no kind column */
	int c_doc, c_kind, c_start, c_end;
	int ahead;		/* t holds the first row of the next document */
	struct docfacts *q;	/* documents read and not yet paired */
	size_t nq, qcap;
	char *stamp;		/* the '#' lines before the header, or NULL */
	struct docfacts *cur;	/* the document being compared */
	int alone;		/* read by table_doc, not beside another */
};
void table_open(struct table *, const char *name);
void table_header(struct table *, const char *name);
void table_start(struct table *);
struct docfacts *table_doc(struct table *, struct strset *done);
int table_pair(struct table *, struct table *, struct strset *done,
    struct docfacts **, struct docfacts **);
void table_each_doc(struct table *, struct table *,
    void (*)(const struct docfacts *, const struct docfacts *));
void docfacts_free(struct docfacts *, size_t ncols, int self);
struct tally {
	struct tallyrow {
		char *kind;
		long long n[4];
	} *row;
	size_t n, cap;
};
int fact_place_cmp(const struct fact *, const struct fact *);
long long *tally_of(struct tally *, const char *kind);
void tally_sort(struct tally *);
void table_close(struct table *);
