# facts: news articles to a table of facts.  See README.md.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
RULESDIR ?= $(PREFIX)/share/facts/rules
PKG_CONFIG ?= pkg-config

CFLAGS ?= -O2 -g

PKGS = libpcre2-8 libutf8proc
override CFLAGS := -std=c11 -Wall -Wextra -Wno-sign-compare $(CFLAGS)
override CPPFLAGS := -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
	-DRULESDIR='"$(RULESDIR)"' \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CPPFLAGS)
LDLIBS += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

PROGS = normalize split extract-money extract-stakes extract-quotes
BINS = $(PROGS:%=bin/%)
LIBOBJ = src/liberr.o src/libbuf.o src/libtsv.o src/libinput.o src/libmap.o \
	src/librules.o src/libutf.o src/libsent.o src/librx.o src/libmoney.o src/libparty.o
LIB = src/libfacts.a

# Debian packages the build and the tests need.
DEBS = build-essential pkg-config libpcre2-dev libutf8proc-dev bats \
	bats-support bats-assert

all: $(BINS)

$(LIB): $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(LIBOBJ) $(PROGS:%=src/%.o): src/facts.h

src/%.o: src/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

bin/%: src/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Installs what is missing on a Debian machine (as root), or says what to
# install.
deps:
	@missing=$$(for p in $(DEBS); do \
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

run: deps
	$(MAKE) all
	bin/facts seeds/*.txt

test: deps
	$(MAKE) all
	tests/run

check: test

# Rewrites the golden files of the tests from the current build: review
# the diff before committing it.
golden: all
	bin/normalize seeds/*.txt | bin/split >tests/golden/seeds.split.tsv
	bin/facts seeds/*.txt >tests/golden/seeds.facts.tsv
	bin/normalize seeds/*.txt | bin/split | bin/extract-quotes | tail -n +2 | \
	    cut -f1,6-8 | sed 's|.*/||' >tests/golden/seeds.quotes.tsv

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(RULESDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BINS) bin/facts $(DESTDIR)$(BINDIR)
	install -m 0644 rules/* $(DESTDIR)$(RULESDIR)
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(BINDIR)/facts
	rm -f $(PROGS:%=$(DESTDIR)$(MANDIR)/man1/%.1) $(DESTDIR)$(MANDIR)/man1/facts.1
	rm -rf $(DESTDIR)$(RULESDIR)

clean:
	rm -f src/*.o $(LIB) $(BINS)

.PHONY: all deps run test check golden install uninstall clean
