/* Fuzz target: extract-money on split output (the corpus) and whatever the
 * fuzzer makes of it. */
#define main extract_money_main
#include "../../src/extract-money.c"
#include "extractor.h"
