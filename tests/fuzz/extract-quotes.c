/* Fuzz target: extract-quotes on split output (the corpus) and whatever the
 * fuzzer makes of it. */
#define main extract_quotes_main
#include "../../src/extract-quotes.c"
#include "extractor.h"
