/* libutf.c: UTF-8 decoding with the Unicode "maximal subpart" policy for
 * invalid bytes, and the character classes the filters share. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "facts.h"

/* The eight bytes at s in ASCII lower case at d: the bytes from A to Z
 * marked by their high bits, which shifted are the case bit. */
static void
lower8(char *d, const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	w |= bytes_in(w, 'A', 'Z') >> 2;
	memcpy(d, &w, 8);
}

/* lower8 of four bytes. */
static void
lower4(char *d, const char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	w |= (uint32_t)(bytes_in(w, 'A', 'Z') >> 2);
	memcpy(d, &w, 4);
}

/* Copies s[0..n) to dst in ASCII lower case (other bytes as they are),
 * for a lookup in a set of lower-case words: 1, or 0 if n bytes do not
 * fit in cap.  dst may be s.  Eight bytes at a time (four, for a word
 * of four to seven), the last eight (four) overlapping those before:
 * lowering twice changes nothing. */
int
ascii_lower(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i;

	if (n >= cap)
		return 0;
	if (n < 4) {
		for (i = 0; i < n; i++)
			dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] | 0x20) : s[i];
		return 1;
	}
	if (n < 8) {
		lower4(dst, s);
		lower4(dst + n - 4, s + n - 4);
		return 1;
	}
	for (i = 0; i + 8 < n; i += 8)
		lower8(dst + i, s + i);
	lower8(dst + n - 8, s + n - 8);
	return 1;
}

/* Decodes one character at s; returns the bytes used (at least 1) and
 * sets *cp, or UTF_BAD for an invalid sequence of that many bytes. */
int
utf_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	int need, i;
	int32_t v;

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*cp = UTF_BAD;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if ((size_t)i >= n || s[i] < lo || s[i] > hi) {
			*cp = UTF_BAD;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

/* Whether the eight bytes at s are ASCII. */
static int
ascii8(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return !(w & BYTES_HIGH);
}

/* Whether the sixteen bytes at s are ASCII: one test for both halves. */
static int
ascii16(const char *s)
{
	uint64_t a, b;

	memcpy(&a, s, 8);
	memcpy(&b, s + 8, 8);
	return !((a | b) & BYTES_HIGH);
}

/* Where the ASCII bytes of s[0..n) from i end, sixteen or eight bytes at
 * a time; fewer than eight left at the end are tested with the bytes
 * before them, if s has so many, rather than one by one.  Not exact:
 * the bytes one by one after it may be ASCII still. */
static size_t
ascii_end(const char *s, size_t i, size_t n)
{
	while (n - i >= 16 && ascii16(s + i))
		i += 16;
	if (n - i >= 8 && ascii8(s + i))
		i += 8;
	if (n - i < 8 && n >= 8 && ascii8(s + n - 8))
		i = n;
	return i;
}

/* Whether s[0..n) is all valid UTF-8. */
int
utf_valid(const char *s, size_t n)
{
	size_t i = 0;
	int32_t cp;

	while ((i = ascii_end(s, i, n)) < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += (size_t)utf_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == UTF_BAD)
			return 0;
	}
	return 1;
}

int
utf_encode(int32_t cp, char *out)
{
	return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* Decodes the character that ends at s[n-1]; returns its length. */
int
utf_prev(const char *s, size_t n, int32_t *cp)
{
	size_t i = n;
	int len;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || n - i >= 4)
		i = n;
	else
		i--;
	len = utf_decode((const unsigned char *)s + i, n - i, cp);
	if ((size_t)len != n - i) {
		*cp = UTF_BAD;
		return 1;
	}
	return len;
}

static int
category(int32_t cp)
{
	if (cp < 0)
		return UTF8PROC_CATEGORY_CN;
	return utf8proc_category(cp);
}

int
utf_is_upper(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return category(cp) == UTF8PROC_CATEGORY_LU ||
	    category(cp) == UTF8PROC_CATEGORY_LT;
}

/* The classes of cp that patterns write \p{Lu}, \p{Ll}, \p{L} and
 * \p{N}: UTF_LU ... bits. */
int
utf_classes(int32_t cp)
{
	int c = category(cp);

	if (c == UTF8PROC_CATEGORY_LU)
		return UTF_LU | UTF_LETTER;
	if (c == UTF8PROC_CATEGORY_LL)
		return UTF_LL | UTF_LETTER;
	if (c >= UTF8PROC_CATEGORY_LT && c <= UTF8PROC_CATEGORY_LO)
		return UTF_LETTER;
	if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)
		return UTF_NUMBER;
	return 0;
}

int
utf_is_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return category(cp) == UTF8PROC_CATEGORY_LL;
}

int
utf_is_alpha(int32_t cp)
{
	int c;

	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	c = category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

int
utf_is_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* White space that normalize turns into one plain space. */
int
utf_is_space(int32_t cp)
{
	int c;

	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
	if (cp == 0x85)
		return 1;
	c = category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
	    c == UTF8PROC_CATEGORY_ZP;
}

/* Characters that normalize drops: controls, and the invisible format
 * characters that only break words apart (BOM, zero-width space, word
 * joiner, soft hyphen). */
int
utf_is_invisible(int32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return !utf_is_space(cp);
	return cp == 0xFEFF || cp == 0x200B || cp == 0x2060 || cp == 0xAD;
}

/* False for characters that NFC leaves alone whatever stands beside
 * them, so that most text needs no call into utf8proc. */
int
utf_may_change_nfc(int32_t cp)
{
	if (cp < 0x300)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF))
		return 0;
	return 1;
}

int32_t
utf_lower(int32_t cp)
{
	return (int32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static char *
map(const char *s, size_t n, int flags, size_t *outlen)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;

	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
	    (utf8proc_option_t)flags);
	if (r < 0)
		return NULL;
	*outlen = (size_t)r;
	return (char *)out;
}

/* NFC of s[0..n), malloc'ed; NULL if utf8proc refuses it. */
char *
utf_nfc(const char *s, size_t n, size_t *outlen)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE, outlen);
}

/* s[0..n) without case, accents and typographic variants (’ is ', – is
 * -), for comparing names as a person would; malloc'ed, NULL if utf8proc
 * refuses it. */
char *
utf_fold(const char *s, size_t n, size_t *outlen)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP, outlen);
}

/* A character of a word as the shared scorer reads words: a letter, a
 * number, or _ % ' (Python's \w and two more). */
static int
word_char(int32_t cp)
{
	return cp == '_' || cp == '%' || cp == '\'' ||
	    (utf_classes(cp) & (UTF_LETTER | UTF_NUMBER));
}

/* The runs of word characters of s[0..n), joined by one space, in place;
 * returns the new length. */
static size_t
join_words(char *s, size_t n)
{
	size_t i = 0, w = 0;
	int32_t cp;
	int k;

	for (; i < n; i += k) {
		k = utf_decode((const unsigned char *)s + i, n - i, &cp);
		if (!word_char(cp)) {
			if (w && s[w - 1] != ' ')
				s[w++] = ' ';
			continue;
		}
		memmove(s + w, s + i, (size_t)k);
		w += k;
	}
	if (w && s[w - 1] == ' ')
		w--;
	s[w] = '\0';
	return w;
}

/* The words of s[0..n) as the annotated gold's scorer compares them
 * (../shared/tools/score.py's fold): NFKD, combining marks left out, ’
 * and ‘ written ', case folded, then every run of characters that are
 * not letters, numbers, _, % or ' one space, none at the ends.
 * malloc'ed; NULL if s is not UTF-8.  The steps in that order, so that
 * the words are that scorer's to the character. */
char *
utf_words(const char *s, size_t n)
{
	struct buf b = { 0 };
	size_t len, i;
	char *d = map(s, n, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	    UTF8PROC_COMPAT, &len), *f;
	int32_t cp;
	int k;

	if (!d)
		return NULL;
	buf_add(&b, "", 0);
	for (i = 0; i < len; i += k) {
		k = utf_decode((const unsigned char *)d + i, len - i, &cp);
		if (cp == 0x2018 || cp == 0x2019)
			buf_addc(&b, '\'');
		else if (!utf8proc_get_property(cp)->combining_class)
			buf_add(&b, d + i, (size_t)k);
	}
	free(d);
	f = map(b.s, b.len, UTF8PROC_CASEFOLD, &len);
	buf_free(&b);
	if (f)
		join_words(f, len);
	return f;
}

/* Adds byte b to set (zeroed before the first).  The list's places
 * past the set's bytes repeat its first, so that a scan compares a
 * fixed number of them, each made a vector once. */
void
byteset_add(struct byteset *set, unsigned char b)
{
	int k;

	if (set->in[b])
		return;
	set->in[b] = 1;
	if (!set->n)
		for (k = 1; k < BYTES_FEW; k++)
			set->few[k] = b;
	if (set->n < BYTES_FEW)
		set->few[set->n] = b;
	set->n++;
}

#ifdef SCAN16
/* The bytes of v among the k vectors of b, as bits. */
static inline unsigned
among(const __m128i *b, int k, __m128i v)
{
	__m128i m = _mm_cmpeq_epi8(v, b[0]);
	int j;

	for (j = 1; j < k; j++)
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, b[j]));
	return (unsigned)_mm_movemask_epi8(m);
}

/* byteset_next's scan where s holds sixteen bytes or more, of the first
 * k of set's list (a constant, for the vectors to be made before the
 * loop): thirty-two bytes at a test, where most texts have none. */
static inline size_t
scan_few(const struct byteset *set, int k, const char *s, size_t i, size_t n)
{
	__m128i b[BYTES_FEW];
	unsigned bits;
	int j;

	for (j = 0; j < k; j++)
		b[j] = _mm_set1_epi8((char)set->few[j]);
	for (; n - i >= 32; i += 32) {
		bits = among(b, k, _mm_loadu_si128((const void *)(s + i))) |
		    among(b, k, _mm_loadu_si128((const void *)(s + i + 16))) << 16;
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
	for (; n - i >= 16; i += 16)
		if ((bits = among(b, k, _mm_loadu_si128((const void *)(s + i)))))
			return i + (size_t)__builtin_ctz(bits);
	/* the last fewer than sixteen read with the bytes before them,
	 * whose bits are shifted out */
	if (i < n && (bits = among(b, k, _mm_loadu_si128((const void *)(s +
	    n - 16))) >> (16 - (n - i))))
		return i + (size_t)__builtin_ctz(bits);
	return n;
}
#endif

/* The first byte of s[i..n) in set, or n. */
size_t
byteset_next(const struct byteset *set, const char *s, size_t i, size_t n)
{
#ifdef SCAN16
	if (set->n <= 4 && n >= 16)
		return scan_few(set, 4, s, i, n);
	if (set->n <= BYTES_FEW && n >= 16)
		return scan_few(set, BYTES_FEW, s, i, n);
#endif
	while (i < n && !set->in[(unsigned char)s[i]])
		i++;
	return i;
}
