/* Fuzz target: split on normalize output (the corpus) and whatever the
 * fuzzer makes of it. */
#define main split_main
#include "../../src/split.c"
#undef main
#include "fuzz.h"

static struct input In;

static void target_init(const char *dir) { init(dir); }
static void target_file(FILE *fp) { do_file(fp, "fuzz", &In); }
static void target_end(void) { end(&In); }
