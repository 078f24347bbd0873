/* Fuzz target: extract-stakes on split output (the corpus) and whatever the
 * fuzzer makes of it. */
#define main extract_stakes_main
#include "../../src/extract-stakes.c"
#include "extractor.h"
