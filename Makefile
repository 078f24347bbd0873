# facts: news articles to a table of facts.  See README.md.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
RULESDIR ?= $(PREFIX)/share/facts/rules
# The stages, whose names (split) would shadow other programs on PATH, and
# their manual pages: a tree of their own, for PATH and MANPATH.
LIBEXECDIR ?= $(PREFIX)/libexec/facts
STAGEMANDIR ?= $(PREFIX)/share/facts/man
PKG_CONFIG ?= pkg-config

CFLAGS ?= -O2 -g

PKGS = libpcre2-8 libutf8proc
override CFLAGS := -std=c11 -Wall -Wextra -Wno-sign-compare $(CFLAGS)
override CPPFLAGS := -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
	-DRULESDIR='"$(RULESDIR)"' \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CPPFLAGS)
LDLIBS += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

# facts-merge is the last stage of facts, which merges the extractors' rows
STAGES = normalize split extract-money extract-stakes extract-quotes facts-merge
TOOLS = facts-diff facts-score facts-view
PROGS = $(STAGES) $(TOOLS)
BINS = $(PROGS:%=bin/%)
LIBOBJ = src/liberr.o src/libbuf.o src/libtsv.o src/libinput.o src/libmap.o \
	src/librules.o src/libutf.o src/libsent.o src/librx.o src/libmoney.o \
	src/libparty.o src/libtable.o src/libhtml.o
LIB = src/libfacts.a
LIBSRC = $(LIBOBJ:.o=.c)

# Debian packages the build needs (make run), and those the tests need
# besides (make test): chromium to check facts-view's page in a real
# browser; parallel and openssh for the test of the README's multi-host
# recipe (it starts an sshd); strace to see the stages' reads and
# writes; the tools a user takes the table to, whose
# lines in the README the tests run (mlr, jq, sqlite3, pandas, and node
# for DuckDB's npm package).
DEBS = build-essential pkg-config libpcre2-dev libutf8proc-dev
TEST_DEBS = bats man-db bats-support bats-assert python3 parallel \
	openssh-server openssh-client miller jq sqlite3 python3-pandas nodejs \
	chromium strace
# npm's packages the README's examples import, into tests/npm.
NPM_DIR = tests/npm

# The version --version gives: the release, and the commit it was built
# from when built in a git clone ("-dirty" with changes not committed).
VERSION = 0.8
GITREV = $(shell git rev-parse --short HEAD 2>/dev/null)$(shell \
	git diff --quiet HEAD -- 2>/dev/null || echo -dirty)

all: $(BINS)

# Rewritten only when the version changes, so that only libinput.o follows.
src/version.h: FORCE
	@v='$(VERSION)$(if $(GITREV), ($(GITREV)))'; \
	printf '#define VERSION "%s"\n' "$$v" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

src/libinput.o: src/version.h

$(LIB): $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(LIBOBJ) $(PROGS:%=src/%.o): src/facts.h

src/%.o: src/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

bin/%: src/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Installs what is missing of $(1) on a Debian machine (as root), or says
# what to install.
define install_debs
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing: $$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "missing Debian packages: $$missing" >&2; \
		echo "run: sudo apt-get install $$missing" >&2; exit 1; \
	fi
endef

deps:
	$(call install_debs,$(DEBS))

test-deps: deps
	$(call install_debs,$(TEST_DEBS))
	@[ -d $(NPM_DIR)/node_modules/@duckdb/node-api ] || \
	    npm install --prefix $(NPM_DIR) --no-audit --no-fund --no-package-lock --silent

# clang and its libFuzzer runtime, for make fuzz only.
FUZZ_DEBS = clang libclang-rt-14-dev
fuzz-deps:
	$(call install_debs,$(FUZZ_DEBS))

# Only the table on standard output: what installing and building say goes
# to standard error, so that make run >table.tsv is the table.
run:
	@$(MAKE) -s --no-print-directory deps all >&2
	@bin/facts seeds/*.txt

test: test-deps
	$(MAKE) all
	tests/run

check: test

# Precision, recall and F1 of every kind on the annotated real news of
# ../shared/corpus, by facts-score against each corpus's gold/
# (tests/score-corpora; SCORE_ARGS='-l bbc-dev' lists the misses of one
# corpus).  Not pass/fail: make test only keeps tests/score-floors.tsv.
score: deps
	@$(MAKE) -s all >/dev/null
	@tests/score-corpora $(SCORE_ARGS)

# Rewrites the golden files of the tests from the current build: review
# the diff before committing it.
golden: all
	bin/normalize seeds/*.txt | bin/split >tests/golden/seeds.split.tsv
	bin/facts seeds/*.txt >tests/golden/seeds.facts.tsv
	bin/normalize seeds/*.txt | bin/split | bin/extract-quotes | tail -n +2 | \
	    cut -f1,6-8 | sed 's|.*/||' >tests/golden/seeds.quotes.tsv

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(RULESDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(STAGEMANDIR)/man1
	install -m 0755 bin/facts $(TOOLS:%=bin/%) $(DESTDIR)$(BINDIR)
	install -m 0755 $(STAGES:%=bin/%) $(DESTDIR)$(LIBEXECDIR)
	install -m 0644 rules/* $(DESTDIR)$(RULESDIR)
	install -m 0644 man/facts.1 $(TOOLS:%=man/%.1) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(STAGES:%=man/%.1) $(DESTDIR)$(STAGEMANDIR)/man1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/facts $(TOOLS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(DESTDIR)$(MANDIR)/man1/facts.1 $(TOOLS:%=$(DESTDIR)$(MANDIR)/man1/%.1)
	rm -rf $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(RULESDIR) $(DESTDIR)$(STAGEMANDIR)
	-rmdir $(DESTDIR)$(PREFIX)/share/facts

# The whole suite again on programs built with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc's; any finding fails the test it is in).
ASAN_DIR = build/asan
ASAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
asan: test-deps src/version.h
	mkdir -p $(ASAN_DIR)/bin
	for p in $(PROGS); do \
		$(CC) $(CPPFLAGS) -std=c11 -Wall -Wextra -Wno-sign-compare \
		    $(ASAN_CFLAGS) -o $(ASAN_DIR)/bin/$$p src/$$p.c $(LIBSRC) \
		    $(LDLIBS) || exit 1; \
	done
	cp bin/facts $(ASAN_DIR)/bin/
	ln -sfn ../../rules $(ASAN_DIR)/rules
	FACTS_BIN=$(CURDIR)/$(ASAN_DIR)/bin FACTS_SANITIZED=1 \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 tests/run

# The same suite with every program run under valgrind's memcheck (an
# error or a definite leak fails the test): slow, so not run by CI.  The
# patterns run without JIT there (FACTS_NO_JIT), whose wide reads
# valgrind reports as uses of uninitialised memory.
VALGRIND_DIR = build/valgrind
valgrind: all
	mkdir -p $(VALGRIND_DIR)/bin
	for p in $(PROGS); do \
		printf '#!/bin/sh\nFACTS_NO_JIT=1 exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "%s" "$$@"\n' \
		    "$(CURDIR)/bin/$$p" >$(VALGRIND_DIR)/bin/$$p; \
		chmod +x $(VALGRIND_DIR)/bin/$$p; \
	done
	cp bin/facts $(VALGRIND_DIR)/bin/
	FACTS_BIN=$(CURDIR)/$(VALGRIND_DIR)/bin FACTS_SANITIZED=1 tests/run $(TESTS)

# libFuzzer targets (clang), one per program and one for the TSV reader.
# make fuzz FUZZ_TIME=seconds-per-target FUZZ_RUNS=executions-per-target
#   FUZZ_JOBS=processes-at-a-time FUZZ_WORKERS=processes-per-target
#   FUZZ_TARGETS="split tsv"
FUZZ_DIR = build/fuzz
FUZZ_TARGETS = tsv normalize split extract-money extract-stakes extract-quotes
FUZZ_CC = clang
# MAXMENTIONS (libparty's bound on the names of a document), HELD_ROWS and
# RESOLVE_ROWS (extract-quotes' rows in memory before a temporary file, and
# those a pronoun looks back at): low enough for the fuzzers' small inputs
# to go past them
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TIME ?= 60
FUZZ_RUNS ?= -1
FUZZ_JOBS ?= 1
FUZZ_WORKERS ?= 1

$(FUZZ_TARGETS:%=$(FUZZ_DIR)/%): $(FUZZ_DIR)/%: tests/fuzz/%.c tests/fuzz/fuzz.h \
    tests/fuzz/extractor.h $(LIBSRC) $(wildcard src/*.c) src/facts.h src/version.h
	mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 -Wall -Wextra -Wno-sign-compare \
	    $(FUZZ_CFLAGS) -DFUZZ_RULES='"$(CURDIR)/rules"' -DMAXMENTIONS=16 -DHELD_ROWS=8 -DRESOLVE_ROWS=4 \
	    -o $@ $< $(LIBSRC) $(LDLIBS)

fuzz-build: fuzz-deps $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)

fuzz: all fuzz-build
	FUZZ_TIME=$(FUZZ_TIME) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_JOBS=$(FUZZ_JOBS) \
	    FUZZ_WORKERS=$(FUZZ_WORKERS) tests/fuzz/run $(FUZZ_TARGETS)

# Speed and memory of every filter against cat and grep (tests/bench):
# make bench BENCH_MB=100 BENCH_RUNS=3
BENCH_MB ?= 100
BENCH_RUNS ?= 3
bench: all
	BENCH_RUNS=$(BENCH_RUNS) tests/bench $(BENCH_MB)

# The invariants over the raw files of the normalize corpus (FUZZ_CHECK
# files at most; 0 for all).
FUZZ_CHECK ?= 500
fuzz-check: all
	tests/fuzz/check-corpus $(CURDIR)/$(FUZZ_DIR)/corpus/normalize $(FUZZ_CHECK)

clean:
	rm -f src/*.o $(LIB) $(BINS) src/version.h
	rm -rf build

.PHONY: score FORCE all deps test-deps run test check golden install uninstall clean asan valgrind \
	fuzz fuzz-build fuzz-check fuzz-deps bench
