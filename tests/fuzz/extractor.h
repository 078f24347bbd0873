/* What the three extractor targets share: the extractor's own source is
 * included before this file. */
#undef main
#include "fuzz.h"

static void target_init(const char *dir) { extractor_init(&extractor, dir); }
static void target_file(FILE *fp) { extractor_file(fp, "fuzz", NULL); }
static void target_end(void) { extractor_end(); }
