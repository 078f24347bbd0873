/* Fuzz target: normalize on raw bytes. */
#define main normalize_main
#include "../../src/normalize.c"
#undef main
#include "fuzz.h"

static struct para P;

static void target_init(const char *dir) { (void)dir; }
static void target_file(FILE *fp) { do_file(fp, "fuzz", &P); }
static void target_end(void) { end(&P); }
