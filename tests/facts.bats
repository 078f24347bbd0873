#!/usr/bin/env bats
# facts: the driver, raw files to the facts table.

load test_helper

setup() {
	# as on a machine of many cores, so that -j N runs N pipelines
	export FACTS_CORES=16
	cd "$BATS_TEST_TMPDIR"
}

HEADER=$(printf 'doc\tkind\tstart\tend\tsubject\tobject\tvalue\tunit\tqualifier\ttext')

@test "the table has the contract's columns in order" {
	run -0 facts "$FIX/short.txt"
	assert_equal "${lines[0]}" "$HEADER"
}

@test "the facts of the seeds are those of the golden file" {
	cd "$TOP"
	facts seeds/*.txt >"$BATS_TEST_TMPDIR/got"
	diff -u "$GOLD/seeds.facts.tsv" "$BATS_TEST_TMPDIR/got"
}

@test "standard input when no file is named" {
	run -0 facts <"$FIX/short.txt"
	assert_equal "${lines[0]}" "$HEADER"
}

# A bin/ whose extractors print fixed rows, each in document order (of
# "facts b a") but out of order across the three, each document ended by
# a row of its doc alone (-e), to test the merge on its own.
fake_bin() {
	mkdir fake
	cp "$BIN/facts" fake/
	ln -s "$BIN/normalize" "$BIN/split" "$BIN/facts-merge" fake/
	cat >fake/extract-money <<-'END'
	#!/bin/sh
	cat >/dev/null
	printf 'doc\tsent\tstart\tend\ttext\tamount\tcurrency\tqualifier\n'
	printf 'b\t1\t5\t9\t$5bn\t5000000000\tUSD\texact\n'
	printf 'b\t\t\t\t\t\t\t\n'
	printf 'a\t2\t40\t50\t€600 million\t600000000\tEUR\tabout\n'
	printf 'a\t\t\t\t\t\t\t\n'
	END
	cat >fake/extract-stakes <<-'END'
	#!/bin/sh
	cat >/dev/null
	printf 'doc\tsent\tstart\tend\ttext\tholder\ttarget\tpercent\tamount\tcurrency\tqualifier\tmodality\n'
	printf 'b\t1\t1\t20\tholds 15%% of\tRenault\tNissan\t15\t\t\texact\tholds\n'
	printf 'b\t\t\t\t\t\t\t\t\t\t\t\n'
	printf 'a\t2\t40\t80\tinvested €600 million in Ampere\tNissan\tAmpere\t\t600000000\tEUR\texact\tholds\n'
	printf 'a\t\t\t\t\t\t\t\t\t\t\t\n'
	END
	cat >fake/extract-quotes <<-'END'
	#!/bin/sh
	cat >/dev/null
	printf 'doc\tsent\tstart\tend\tquote\tspeaker\tcue\ttype\n'
	printf 'b\t\t\t\t\t\t\t\n'
	printf 'a\t1\t0\t30\tIt forced a culture\tLuca de Meo\ttold\tdirect\n'
	printf 'a\t2\t40\t60\ttwo\\tfields\tX\tsaid\tpartial\n'
	printf 'a\t\t\t\t\t\t\t\n'
	END
	chmod +x fake/extract-*
}

@test "rows merge in document order: file order, then start, then kind" {
	fake_bin
	printf 'x\n' >a
	printf 'y\n' >b
	fake/facts b a >got
	{
		echo "$HEADER"
		printf 'b\tstake\t1\t20\tRenault\tNissan\t15\t%%\texact;holds\tholds 15%% of\n'
		printf 'b\tmoney\t5\t9\t\t\t5000000000\tUSD\texact\t$5bn\n'
		printf 'a\tquote\t0\t30\tLuca de Meo\t\ttold\t\tdirect\tIt forced a culture\n'
		printf 'a\tmoney\t40\t50\t\t\t600000000\tEUR\tabout\t€600 million\n'
		printf 'a\tquote\t40\t60\tX\t\tsaid\t\tpartial\ttwo\\tfields\n'
		printf 'a\tstake\t40\t80\tNissan\tAmpere\t600000000\tEUR\texact;holds\tinvested €600 million in Ampere\n'
	} >exp
	diff -u exp got
}

@test "facts-merge: extractors out of step, rows out of order, rows with no document end: errors, not a wrong table" {
	fake_bin
	printf 'x\n' >a
	printf 'y\n' >b
	# the money of a before that of b: the documents are not in step
	printf '#!/bin/sh\ncat >/dev/null\nprintf "doc\\tsent\\tstart\\tend\\ttext\\tamount\\tcurrency\\tqualifier\\n"\nprintf "a\\t\\t\\t\\t\\t\\t\\t\\nb\\t\\t\\t\\t\\t\\t\\t\\n"\n' >fake/extract-money
	run -65 --separate-stderr fake/facts b a
	assert_regex "$(stderr_of_stages)" "^facts: .*/extract-(quotes|stakes):[0-9]+: the end of 'b' where .*/extract-money has the end of 'a'$"
	printf '#!/bin/sh\ncat >/dev/null\nprintf "doc\\tsent\\tstart\\tend\\ttext\\tamount\\tcurrency\\tqualifier\\n"\nprintf "b\\t1\\t9\\t10\\tx\\t1\\tUSD\\texact\\nb\\t1\\t5\\t9\\tx\\t1\\tUSD\\texact\\n"\n' >fake/extract-money
	run -65 --separate-stderr fake/facts b a
	assert_regex "$(stderr_of_stages)" "^facts: .*/extract-money:3: rows out of order: start 5 after 9$"
	# rows of two documents with no end between them: not -e output
	printf '#!/bin/sh\ncat >/dev/null\nprintf "doc\\tsent\\tstart\\tend\\ttext\\tamount\\tcurrency\\tqualifier\\n"\nprintf "b\\t1\\t9\\t10\\tx\\t1\\tUSD\\texact\\na\\t1\\t5\\t9\\tx\\t1\\tUSD\\texact\\n"\n' >fake/extract-money
	run -65 --separate-stderr fake/facts b a
	assert_regex "$(stderr_of_stages)" "^facts: .*/extract-money:3: document 'a' before the end of 'b': not the output of extract-money -e$"
}

@test "a merge that fails before it reads stops the run with its status, no hang" {
	fake_bin
	rm fake/facts-merge
	printf '#!/bin/sh\necho "facts-merge: broken" >&2; exit 2\n' >fake/facts-merge
	chmod +x fake/facts-merge
	printf 'x\n' >a
	run -2 --separate-stderr timeout 20 fake/facts a
	assert_equal "$(stderr_of_stages)" "facts-merge: broken"
}

@test "an extractor that fails fails the run" {
	fake_bin
	printf '#!/bin/sh\necho "extract-quotes: broken" >&2; exit 65\n' >fake/extract-quotes
	printf 'x\n' >a
	run -65 --separate-stderr fake/facts a
	assert_regex "$stderr" "extract-quotes: broken"
}

@test "a missing file is reported, exit 74, and the others are processed" {
	facts "$FIX/short.txt" >alone
	run -74 --separate-stderr facts nosuch "$FIX/short.txt"
	assert_equal "$stderr" "normalize: nosuch: cannot open: No such file or directory"
	assert_equal "$output" "$(cat alone)"
}

@test "-r chooses the rules; a missing rules directory is a usage error" {
	cp -r "$TOP/rules" r
	facts "$FIX/short.txt" >default
	facts -r r "$FIX/short.txt" >chosen
	diff -u default chosen
	run -1 --separate-stderr facts -r nowhere "$FIX/short.txt"
	assert_equal "$stderr" "facts: nowhere: no such rules directory"
}

@test "output to a full disk is exit 74 with one message" {
	run -74 --separate-stderr bash -c 'facts "$@" >/dev/full' - "$SEEDS"/*.txt
	assert_equal "$stderr" "facts: <stdout>: write error: No space left on device"
	run -74 --separate-stderr bash -c 'facts -s -o tsv "$@" >/dev/full' - "$SEEDS"/*.txt
	assert_equal "$stderr" "facts: <stdout>: write error"
}

@test "a reader that goes away ends it quietly" {
	fake_bin
	printf 'x\n' >a
	printf 'y\n' >b
	run --separate-stderr bash -c 'fake/facts b a | head -1'
	assert_equal "$stderr" ""
	assert_equal "$output" "$HEADER"
}

# A document's rows go out when the next one begins, not at the end of the
# run: the second document here is a FIFO that gives its first paragraph
# and then waits until the first document's rows have come out.
@test "rows stream out as each document ends" {
	printf 'Acme Corp paid $5m for it, he said.\n' >a.txt
	mkfifo b.txt
	facts a.txt b.txt >out 3>&- &
	pid=$!
	exec 8>b.txt
	printf 'The first paragraph of b.\n\n' >&8
	for i in $(seq 100); do
		grep -q '^a.txt	money' out && break
		sleep 0.1
	done
	run grep -c '^a.txt	money' out
	printf 'Beta Ltd paid $6m for it.\n' >&8
	exec 8>&-
	wait "$pid"
	assert_output 1
	assert_equal "$(cut -f1,2,7 out | tail -n +2)" "$(printf 'a.txt\tmoney\t5000000\nb.txt\tmoney\t6000000')"
}

# extract-quotes holds a long document's rows to its end (a pronoun's
# speaker may come later); meanwhile facts-merge takes in the others'
# rows, past a megabyte into a temporary file, and the table is whole.
@test "a long document whose rows one extractor holds: the others' wait in the merge, none lost" {
	{ printf 'Mr Smith of Acme Corp spoke.\n\n'
	  seq 30000 | sed 's/.*/"We paid $&m for it," he said./;G'; } >long.txt
	facts long.txt >out
	[ "$(grep -c '	money	' out)" -eq 30000 ]
	[ "$(grep -c '	quote	' out)" -eq 30000 ]
	tail -n +2 out | sort -s -t '	' -k3,3n -c
	tail -n +2 out | awk -F '\t' '$2 == "money" && $3 > 1000000 { n++ } END { exit !(n > 0) }'
}

@test "it finds its stages beside itself, not on PATH (coreutils has a split)" {
	run -0 env PATH=/usr/bin:/bin "$BIN/facts" "$FIX/short.txt"
	assert_equal "${lines[0]}" "$HEADER"
}

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr facts -x
	assert_equal "${stderr%%$'\n'*}" "facts: -x: no such option"
	assert_regex "$stderr" "usage: facts"
	run -1 --separate-stderr facts -o
	assert_equal "${stderr%%$'\n'*}" "facts: -o: needs an argument"
	run -0 facts -h
	assert_regex "$output" "^usage: facts \[-aHs\] \[-j N\] \[-o FORMAT\] \[-r RULES\] \[--files-from LIST\] \[FILE\|DIR...\]"
	run -0 facts --help
	assert_regex "$output" "^usage: facts "
	run -1 --separate-stderr facts -j x "$FIX/short.txt"
	assert_equal "$stderr" "facts: -j x: not a number of jobs"
}

# A batch of files: the seeds and the fixtures, each under several names.
batch() {
	mkdir -p batch
	for i in 1 2 3 4 5 6; do
		for f in "$SEEDS"/*.txt "$FIX"/*.txt; do
			cp "$f" "batch/$i-${f##*/}"
		done
	done
}

@test "-j 2 gives the table -j 1 gives, byte for byte" {
	batch
	facts -j 1 batch/* >one
	run -0 --separate-stderr facts -j 2 batch/*
	assert_equal "$stderr" ""
	[ "$output" = "$(cat one)" ]
	[ "$(wc -l <one)" -gt 200 ]
	run -0 facts -j 3 batch/*
	[ "$output" = "$(cat one)" ]
}

@test "a directory stands for its files in name order; a file named twice is read once" {
	batch
	mkdir batch/sub batch/.hidden
	cp "$SEEDS"/000_*.txt batch/sub/
	cp "$SEEDS"/001_*.txt batch/.hidden/
	touch batch/.dotfile
	find batch -type f ! -path '*/.*' | sort >list
	facts $(cat list) >want
	run -0 --separate-stderr facts batch
	[ "$output" = "$(cat want)" ]
	assert_equal "$stderr" ""
	run -0 --separate-stderr facts -j 2 batch "$(head -1 list)"
	[ "$output" = "$(cat want)" ]
	assert_equal "$stderr" "facts: $(head -1 list): named twice, read once"
	mkdir empty
	run -0 facts empty
	assert_output "$HEADER"
}

@test "-j: a file that fails is reported, the others go on, the status says so" {
	batch
	facts batch/* >want
	run -74 --separate-stderr facts -j 2 batch/1-* nosuch batch/[2-6]-*
	assert_equal "$stderr" "normalize: nosuch: cannot open: No such file or directory"
	[ "$output" = "$(cat want)" ]
}

@test "-j: a full disk is exit 74, a reader that goes away is quiet" {
	batch
	run -74 --separate-stderr bash -c 'facts -j 2 "$@" >/dev/full' - batch/*
	assert_equal "$stderr" "facts: <stdout>: write error: No space left on device"
	run -0 --separate-stderr bash -c 'facts -j 2 "$@" | head -1' - batch/*
	assert_equal "$stderr" ""
	assert_output "$HEADER"
}

@test "a progress line on a terminal, nothing otherwise" {
	command -v script >/dev/null || skip "no script(1) to give a terminal"
	batch
	script -qec "facts -j 2 batch/* 2>&1 >/dev/null" /dev/null >tty
	grep -q "facts: $(ls batch | wc -l)/$(ls batch | wc -l) files, [0-9]* MB, [0-9]* MB/s" tty
	run -0 --separate-stderr facts -j 2 batch/*
	assert_equal "$stderr" ""
}

@test "--version names the code and the rules; -s puts it on the table" {
	run -0 facts --version
	assert_regex "$output" '^facts [0-9]+\.[0-9]+( \([0-9a-f]+(-dirty)?\))? rules [0-9a-f]{8}$'
	[ "${output#* rules }" = "$(printf '%08x' "$(cat "$TOP"/rules/* | cksum | cut -d' ' -f1)")" ]
	cp -r "$TOP/rules" r
	echo '# changed' >>r/scales.tsv
	run -0 facts -r r --version
	[ "${output#* rules }" != "$(facts --version | sed 's/.* rules //')" ]
	for p in normalize split extract-money extract-stakes extract-quotes; do
		run -0 "$p" --version
		assert_regex "$output" "^$p [0-9]+\.[0-9]+"
		run -0 "$p" --help
		assert_regex "${lines[0]}" "^usage: $p "
		# after the options, -- ends them: --help is then a file name
		run -74 --separate-stderr "$p" -- --help
		assert_equal "$stderr" "$p: --help: cannot open: No such file or directory"
	done
	run -0 facts-merge --version
	assert_regex "$output" "^facts-merge [0-9]+\.[0-9]+"
	run -0 facts-merge --help
	assert_regex "${lines[0]}" "^usage: facts-merge \[-o tsv\|csv\|jsonl\] MONEY QUOTES STAKES"
	run -1 facts-merge a b
	run -0 facts -s "$FIX/short.txt"
	assert_equal "${lines[0]}" "# $(facts --version)"
	assert_equal "${lines[1]}" "$HEADER"
	run -0 facts -s -j 2 "$SEEDS"/*.txt
	assert_equal "${lines[0]}" "# $(facts --version)"
	# facts-diff reads the line, and says when two tables' differ
	facts -s -r r "$SEEDS"/*.txt >new
	facts -s "$SEEDS"/*.txt >old
	run -0 --separate-stderr facts-diff old new
	assert_regex "$stderr" "^facts-diff: old # facts .* rules [0-9a-f]{8}; new # facts .*"
}

@test "pathological input: long runs of names, marks, symbols, digits end fast" {
	"$BATS_TEST_DIRNAME/pathological" 30000 patho
	run --separate-stderr timeout 300 facts patho/*
	assert_equal "$status" 0
	assert_equal "${lines[0]}" "$HEADER"
	# a pattern that gives up says where, and nothing crashes
	for l in "${stderr_lines[@]}"; do
		assert_regex "$l" "^(extract-[a-z]+|split): -:[0-9]+: .* gave up on a hard input"
	done
}

@test "every fact of the seeds points at its evidence in the original file" {
	cd "$TOP"
	facts seeds/*.txt >"$BATS_TEST_TMPDIR/table"
	run -0 "$BATS_TEST_DIRNAME/check-facts" "$BATS_TEST_TMPDIR/table"
	assert_regex "${lines[-1]}" "^([4-9][0-9]|[0-9]{3,}) facts, 0 broken$"
}

@test "the table of several files is the concatenation of each file's table" {
	cd "$TOP"
	facts seeds/*.txt >"$BATS_TEST_TMPDIR/all"
	for f in seeds/*.txt; do facts "$f" | tail -n +2; done >"$BATS_TEST_TMPDIR/each"
	tail -n +2 "$BATS_TEST_TMPDIR/all" | diff -u "$BATS_TEST_TMPDIR/each" -
}

@test "a file name with a tab, a newline and a backslash, and text with backslashes, survive every stage" {
	name=$'odd\tname\\dir\nx.txt'
	printf '“We paid $5 million for C:\\data,” Jane Doe said. Acme owns 20%% of Bolt.\n' >"$name"
	esc='odd\tname\\dir\nx.txt'
	normalize "$name" >n.tsv
	split n.tsv >s.tsv
	for out in n.tsv s.tsv; do
		[ "$(awk -F'\t' 'NR == 1 { n = NF } NF != n' "$out")" = "" ]
		[ "$(tail -n +2 "$out" | cut -f1 | sort -u)" = "$esc" ]
	done
	run -0 --separate-stderr facts "$name"
	assert_equal "$stderr" ""
	[ "${#lines[@]}" -eq 4 ]
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | awk -F'\t' 'NF != 10')" ""
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | cut -f1 | sort -u)" "$esc"
	assert_equal "$(printf '%s\n' "${lines[@]}" | cut -f2,10 | grep quote)" 'quote	We paid $5 million for C:\\data,'
	assert_equal "$(printf '%s\n' "${lines[@]}" | cut -f2,7 | grep money)" 'money	5000000'
	assert_equal "$(printf '%s\n' "${lines[@]}" | cut -f2,5,6,7 | grep stake)" 'stake	Acme	Bolt	20'
}

@test "make install: the programs, their rules and man pages, under PREFIX and DESTDIR" {
	command -v man >/dev/null || fail "man is not installed (make deps installs man-db)"
	p=$BATS_TEST_TMPDIR/prefix
	make -s -C "$TOP" install PREFIX="$p" >/dev/null
	# the commands on PATH; the stages (split would shadow coreutils') apart
	[ "$(ls "$p/bin")" = "$(printf 'facts\nfacts-diff\nfacts-score\nfacts-view')" ]
	[ "$(ls "$p/libexec/facts")" = "$(printf 'extract-money\nextract-quotes\nextract-stakes\nfacts-merge\nnormalize\nsplit')" ]
	MANPATH=$p/share/man man facts-diff | grep -q 'compare two facts tables fact by fact'
	MANPATH=$p/share/man man -w facts-score facts-view facts >/dev/null
	MANPATH=$p/share/facts/man man -w split normalize extract-money extract-stakes extract-quotes facts-merge >/dev/null
	# the installed rules are found with no -r and no FACTS_RULES, from anywhere
	cd "$TOP"
	run -0 env -u FACTS_RULES PATH=/usr/bin:/bin "$p/bin/facts" seeds/*.txt
	[ "$output" = "$(cat "$GOLD/seeds.facts.tsv")" ]
	run -0 env -u FACTS_RULES "$p/libexec/facts/split" --version
	assert_regex "$output" "rules $(printf '%08x' "$(cat "$p"/share/facts/rules/* | cksum | cut -d' ' -f1)")\$"
	make -s -C "$TOP" uninstall PREFIX="$p" >/dev/null
	[ -z "$(find "$p" -type f)" ]
	# DESTDIR stages the same tree under another root
	make -s -C "$TOP" install PREFIX=/opt/facts DESTDIR="$BATS_TEST_TMPDIR/root" >/dev/null
	[ -x "$BATS_TEST_TMPDIR/root/opt/facts/bin/facts-diff" ]
	[ -f "$BATS_TEST_TMPDIR/root/opt/facts/share/man/man1/facts-diff.1" ]
	[ -f "$BATS_TEST_TMPDIR/root/opt/facts/share/facts/rules/currencies.tsv" ]
}

@test "make score: no figure of the annotated corpora falls below its floor" {
	[ -d "$TOP/../shared/corpus" ] || skip "no shared corpus"
	run -0 "$BATS_TEST_DIRNAME/check-score"
	assert_output --regexp $'bbc-dev\tmoney\tP=[0-9.]+\tR=[0-9.]+\tF1='
	# a floor above its figure, or one the table lacks, fails
	{ cat "$BATS_TEST_DIRNAME/score-floors.tsv"; printf 'bbc-dev\tmoney\tF1\t1.001\nnews\tmoney\tP\t0\n'; } \
	    >"$BATS_TEST_TMPDIR/floors"
	run -1 "$BATS_TEST_DIRNAME/check-score" "$BATS_TEST_TMPDIR/floors"
	assert_line --regexp "^below its floor: bbc-dev	money	F1 [0-9.]+ < 1.001$"
	assert_line "no figure for the floor news	money	P"
}

# Trusted at scale (issue 17): file lists, odd names, directories.

@test "any number of files: 100,000 in a directory, -j 1 and -j 2 the same table" {
	mkdir many
	for i in $(seq 100000); do echo "Acme bought 5% of Beta $i." >"many/f$i.txt"; done
	run -0 --separate-stderr facts -j 1 many
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 100001
	printf '%s\n' "$output" >j1.tsv
	facts -j 2 many >j2.tsv
	cmp j1.tsv j2.tsv
}

@test "--files-from: a list of names, one a line or NUL-ended, - for standard input" {
	printf 'Acme bought 5%% of Beta.\n' >'a b.txt'
	printf 'Zeta bought 7%% of Eta.\n' >'-x.txt'
	printf 'a b.txt\n-x.txt\n' >list
	run -0 --separate-stderr facts --files-from list
	assert_equal "$(printf '%s\n' "$output" | cut -f1,7 | tail -n +2)" "$(printf 'a b.txt\t5\n-x.txt\t7')"
	printf 'Nu bought 9%% of Mu.\n' >$'new\nline.txt'
	printf 'a b.txt\0-x.txt\0new\nline.txt\0' >list0
	run -0 facts --files-from=list0
	assert_equal "$(printf '%s\n' "$output" | cut -f1,7 | tail -n +2)" "$(printf 'a b.txt\t5\n-x.txt\t7\nnew\\nline.txt\t9')"
	run -0 bash -c 'printf "a b.txt\n" | facts --files-from - | cut -f1 | tail -n +2'
	assert_output "a b.txt"
	run -74 --separate-stderr facts --files-from nolist
	assert_regex "$stderr" "nolist: cannot read the list of files"
}

@test "names that start with - are files, as operands and as directories" {
	mkdir -- -d
	printf 'Acme bought 5%% of Beta.\n' >-d/-x.txt
	run -0 --separate-stderr facts -- -d/-x.txt
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1)" "-d/-x.txt"
	run -0 --separate-stderr facts -- -d
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1)" "-d/-x.txt"
	assert_equal "$stderr" ""
}

@test "a symbolic link to a directory is followed; an unreadable directory is exit 74, the rest read" {
	mkdir real
	printf 'Acme bought 5%% of Beta.\n' >real/a.txt
	ln -s real link
	run -0 facts link
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1)" "link/a.txt"
	[ "$(id -u)" != 0 ] || skip "root reads any directory"
	mkdir real/locked
	printf 'x\n' >real/locked/b.txt
	chmod 000 real/locked
	run -74 --separate-stderr facts real
	chmod 755 real/locked
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1)" "real/a.txt"
	assert_regex "$stderr" "locked"
}

@test "-j and FACTS_RULES are checked once, as usage errors" {
	run -1 --separate-stderr facts -j 99999999999999999999 "$FIX/short.txt"
	assert_equal "$stderr" "facts: -j 99999999999999999999: not a number of jobs (1 to 1024)"
	FACTS_RULES=/nonexistent run -1 --separate-stderr facts "$FIX/short.txt"
	assert_equal "$stderr" "facts: /nonexistent: no such rules directory (FACTS_RULES)"
}

@test "on a terminal, one progress line, from the top process only, as fast as without one" {
	command -v script >/dev/null || skip "no script(1) to give a terminal"
	mkdir many
	for i in $(seq 300); do echo "Acme bought 5% of Beta $i." >"many/f$i.txt"; done
	script -qec "facts many 2>&1 >out.tsv" /dev/null >tty
	# the batches' own pipelines show none
	[ "$(tr '\r' '\n' <tty | grep -c 'facts: [0-9]*/[0-9]* files')" -le 3 ]
	grep -q "facts: 300/300 files" tty
	facts many >plain.tsv
	cmp out.tsv plain.tsv
}

# signals: the whole tree stops, its temporary files go, the status says
# which signal; an interrupt leaves no stage complaining of a cut stream
big_input() {
	for i in $(seq 60); do cat "$SEEDS"/*.txt; done >block.txt
	for i in $(seq 40); do cat block.txt; done >big.txt
	mkdir -p bigdir
	for i in $(seq 4); do cp big.txt "bigdir/b$i.txt"; done
}

stages_left() {
	pgrep -f "^$BIN/(normalize|split|extract-|facts-merge)" | wc -l
}

@test "SIGTERM and SIGHUP stop facts and all it started, temporary files removed, 128 + the signal" {
	command -v pgrep >/dev/null || skip "no pgrep"
	big_input
	mkdir tmpd
	for sig in TERM HUP; do
		TMPDIR=$PWD/tmpd facts -j 2 bigdir >out.tsv 2>err &
		pid=$!
		sleep 1
		kill -"$sig" "$pid"
		st=0
		wait "$pid" || st=$?
		echo "$sig: status $st"
		[ "$st" -eq "$([ "$sig" = TERM ] && echo 143 || echo 129)" ]
		sleep 0.5
		[ "$(stages_left)" -eq 0 ] || { ps -ef --forest >&2; false; }
		[ -z "$(ls tmpd)" ]
	done
}

@test "SIGINT to the process group: quiet, exit 130" {
	command -v python3 >/dev/null || skip "no python3"
	big_input
	# a process group of its own, SIGINT as a terminal leaves it (a job
	# started with & ignores it)
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setsid()
open("pgid", "w").write(str(os.getpid()))
os.execvp("facts", ["facts", "bigdir"])' >out.tsv 2>err &
	pid=$!
	sleep 1
	kill -INT -- -"$(cat pgid)"
	st=0
	wait "$pid" || st=$?
	sleep 0.3
	cat err
	[ "$st" -eq 130 ]
	[ ! -s err ]
}

@test "stages failing at once: each message a whole line, once, no second-hand complaint" {
	cp -r "$TOP/rules" r2
	rm r2/company-suffixes.tsv r2/currencies.tsv
	for i in 1 2 3 4 5; do
		run -74 --separate-stderr facts -r r2 "$SEEDS"/*.txt
		printf '%s\n' "$stderr" | grep -v -E '^extract-(money|stakes|quotes): r2/[a-z-]+\.tsv: cannot open rules file: No such file or directory$' && return 1
		# each file named once, though several stages read it
		[ "$(printf '%s\n' "$stderr" | sed 's/^[^:]*: //' | sort | uniq -d)" = "" ]
	done
	# libmoney's currencies, read by extract-money and extract-stakes
	cp -r "$TOP/rules" r3
	rm r3/currencies.tsv
	run -74 --separate-stderr facts -r r3 "$SEEDS"/*.txt
	assert_regex "$stderr" '^extract-(money|stakes): r3/currencies\.tsv: cannot open rules file: No such file or directory$'
}

@test "a file that is no text is skipped with a message and exit 65, the others read; -a reads it" {
	{ head -c 4096 /dev/zero; printf 'Acme bought 5%% of Beta.\n'; } >prog.bin
	printf 'Zeta bought 7%% of Eta.\n' >text.txt
	run -65 --separate-stderr facts prog.bin text.txt
	assert_regex "$stderr" "prog.bin: not text"
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1 | sort -u)" "text.txt"
	run -0 --separate-stderr facts -a prog.bin
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f1 | sort -u)" "prog.bin"
}

@test "the examples of the man page run as printed" {
	ln -s "$SEEDS" seeds
	cp -r "$SEEDS" corpus
	man_examples facts 3 $'\tmoney\t' 'Renault Group'
}

@test "-o csv and -o jsonl: the same facts as TSV, read by Python's csv and json modules" {
	# fields that need CSV's quotes and JSON's escapes, in the name and the text
	name=$'a "b", c\\d.txt'
	printf '“We paid $5 million for C:\\data, \x27all\x27 of it,” Jane Doe said. Acme owns 20%% of Bolt.\n' >"$name"
	cp "$SEEDS"/*.txt .
	for f in tsv csv jsonl; do facts -o "$f" "$name" ./*.txt >"t.$f"; done
	run -0 "$BATS_TEST_DIRNAME/same-table" t.tsv t.csv t.jsonl
	[ "$(wc -l <t.jsonl)" -eq $(($(wc -l <t.tsv) - 1)) ]
	grep -q '^"a ""b"", c\\d.txt",quote,' t.csv
	jq -e -s 'map(select(.kind == "stake" and .modality == "holds")) | length > 0' t.jsonl
	# batches give the same bytes
	facts -j 2 -o csv "$name" ./*.txt | cmp - t.csv
	facts -j 2 -o jsonl "$name" ./*.txt | cmp - t.jsonl
}

@test "-o: CSV and JSON text are UTF-8 whatever a file's name, said once; a bad format or -s with it is a usage error" {
	name=$'bad\xffname.txt'
	printf 'Acme paid $5m. Zeta paid $6m.\n' >"$name"
	cp "$name" $'other\xfe.txt'
	run -0 --separate-stderr facts -o jsonl "$name" $'other\xfe.txt'
	assert_output --partial $'"doc":"bad\xef\xbf\xbdname.txt"'
	printf '%s\n' "$output" | head -1 | jq -e '.value == 5000000' >/dev/null
	assert_equal "$stderr" $'facts: bad\xffname.txt: a name that is not UTF-8: its bad bytes written as U+FFFD'
	facts -o csv "$name" >t.csv 2>err
	python3 -c 'import csv, sys; rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", errors="strict", newline=""))); assert rows[1][0] == "bad\ufffdname.txt", rows' t.csv
	[ "$(wc -l <err)" -eq 1 ]
	run -1 --separate-stderr facts -o xml "$name"
	assert_equal "$stderr" "facts: -o xml: not a format (tsv, csv or jsonl)"
	run -1 --separate-stderr facts -s -o csv "$name"
	assert_equal "$stderr" "facts: -s: a stamp goes with -o tsv only"
}

@test "make run writes the seeds' table on standard output, and nothing else, from a clean tree" {
	mkdir t t/bin
	cp -r "$TOP/Makefile" "$TOP/src" "$TOP/rules" "$TOP/seeds" t/
	cp "$TOP/bin/facts" t/bin/
	make -s -C t clean >/dev/null
	# as a user runs it, not from within make test (whose make would
	# say "Entering directory" on standard output)
	(cd t && env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make run >out 2>err)
	[ -x t/bin/extract-quotes ]
	(cd "$TOP" && bin/facts seeds/*.txt) | cmp - t/out
}

# ---------------------------------------------------------------------
# Several machines: the README's GNU parallel --sshlogin recipe, run as
# the README prints it against two "hosts", host1 and host2, that are
# one sshd of the test's own on 127.0.0.1.  Everything of it (keys,
# configs, pid file, log, parallel's home) is in $BATS_TEST_TMPDIR/mh.
# ---------------------------------------------------------------------

# The fenced block of README.md that holds "--sshlogin".
multihost_recipe() {
	awk '/^```/ { if (inb) { if (b ~ /--sshlogin/) { printf "%s", b; exit } b = ""; inb = 0 } else inb = 1; next }
		inb { b = b $0 "\n" }' "$TOP/README.md"
}

# multihost_sshd DIR: an sshd on a free loopback port, with a host key
# and a client key made here, logging in as the current user, and
# DIR/ssh_config, where host1 and host2 are that sshd.  The sessions'
# PATH has $BIN first: the suite is "installed" on both hosts.
multihost_sshd() {
	local d=$1 sshd port try i v
	# a backstop: this sshd ends by itself after the test's time
	local life=$((${MULTIHOST_LIMIT:-60} * 2 + 60))
	sshd=$(command -v sshd || echo /usr/sbin/sshd)	# sshd wants an absolute path
	[ -x "$sshd" ] || { echo "no sshd: make deps installs openssh-server"; return 1; }
	# sshd's privilege separation needs /run/sshd when run as root
	[ "$(id -u)" != 0 ] || [ -d /run/sshd ] || mkdir -m 0755 /run/sshd
	ssh-keygen -q -t ed25519 -N '' -C multihost-host -f "$d/host_key"
	ssh-keygen -q -t ed25519 -N '' -C multihost-client -f "$d/client_key"
	cp "$d/client_key.pub" "$d/authorized_keys"
	for try in 1 2 3 4 5; do
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		{
			echo "Port $port"
			echo "ListenAddress 127.0.0.1"
			echo "HostKey $d/host_key"
			echo "AuthorizedKeysFile $d/authorized_keys"
			echo "PidFile $d/sshd.pid"
			echo "UsePAM no"
			echo "StrictModes no"
			echo "PasswordAuthentication no"
			echo "KbdInteractiveAuthentication no"
			echo "PermitRootLogin prohibit-password"
			# the two hosts are one sshd: parallel's count of what each
			# host takes at once (MaxStartups) cannot see the other's logins
			echo "MaxStartups 64"
			printf 'SetEnv "PATH=%s:/usr/local/bin:/usr/bin:/bin"' "$BIN"
			for v in FACTS_RULES FACTS_SANITIZED ASAN_OPTIONS UBSAN_OPTIONS; do
				[ -z "${!v-}" ] || printf ' "%s=%s"' "$v" "${!v}"
			done
			echo
		} >"$d/sshd_config"
		rm -f "$d/sshd.pid" "$d/sshd.log"
		timeout "$life" "$sshd" -D -f "$d/sshd_config" -E "$d/sshd.log" </dev/null >/dev/null 2>&1 3>&- &
		echo $! >"$d/timeout.pid"
		for i in $(seq 100); do
			grep -q "Server listening on 127.0.0.1 port $port" "$d/sshd.log" 2>/dev/null && [ -s "$d/sshd.pid" ] && break
			kill -0 "$(cat "$d/timeout.pid")" 2>/dev/null || break
			sleep 0.1
		done
		grep -q "Server listening" "$d/sshd.log" 2>/dev/null && [ -s "$d/sshd.pid" ] && break
		multihost_sshd_stop "$d"	# the port was taken meanwhile: another
	done
	[ -s "$d/sshd.pid" ] || { echo "sshd did not start:"; cat "$d/sshd.log"; return 1; }
	cat >"$d/ssh_config" <<-END
	Host host1 host2
		HostName 127.0.0.1
		Port $port
		User $(id -un)
		IdentityFile $d/client_key
		IdentitiesOnly yes
		StrictHostKeyChecking no
		UserKnownHostsFile $d/known_hosts
		BatchMode yes
		ConnectTimeout 10
		ServerAliveInterval 5
		LogLevel ERROR
	END
}

# multihost_sshd_stop DIR: stops DIR's sshd, if it runs.
multihost_sshd_stop() {
	local d=$1 p i
	for p in "$d/sshd.pid" "$d/timeout.pid"; do
		if [ -s "$p" ]; then kill "$(cat "$p")" 2>/dev/null || :; fi
	done
	for i in $(seq 20); do
		[ -s "$d/sshd.pid" ] && kill -0 "$(cat "$d/sshd.pid")" 2>/dev/null || break
		sleep 0.1
	done
	if [ -s "$d/sshd.pid" ]; then kill -9 "$(cat "$d/sshd.pid")" 2>/dev/null || :; fi
	rm -f "$d/sshd.pid" "$d/timeout.pid"
}

# Only the test below starts an sshd; for the others this does nothing.
teardown() {
	[ ! -d "$BATS_TEST_TMPDIR/mh" ] || multihost_sshd_stop "$BATS_TEST_TMPDIR/mh"
}

@test "the README's parallel --sshlogin recipe, over two hosts, gives the local table byte for byte" {
	local mh=$BATS_TEST_TMPDIR/mh recipe i n jobs
	# seconds for the recipe (5 s here); sanitized programs are slower
	MULTIHOST_LIMIT=60
	[ -z "${FACTS_SANITIZED-}" ] || MULTIHOST_LIMIT=600
	command -v parallel >/dev/null || fail "no GNU parallel: make deps installs it"
	recipe=$(multihost_recipe)
	[[ $recipe == *"--sshlogin 8/host1,8/host2 facts"* ]] || fail "README.md: no recipe for parallel --sshlogin: '$recipe'"
	mkdir "$mh" "$mh/parallel"
	multihost_sshd "$mh"
	# parallel asks for a citation once: the documented answer, in a
	# home of parallel's own; its ssh is the one of the test's config;
	# $PARALLEL adds a job log, to see which host ran what
	: >"$mh/parallel/will-cite"
	export PARALLEL_HOME=$mh/parallel PARALLEL_SSH="ssh -F $mh/ssh_config" PARALLEL="--joblog $mh/joblog"
	run -0 timeout 20 ssh -F "$mh/ssh_config" host2 'command -v facts'
	assert_output "$BIN/facts"

	# the seeds, the shared corpus when it is there, and enough
	# documents of their own (each its own amount) for several batches
	# a host; names with a space, a tab, a quote and a newline
	mkdir -p corpus/seeds corpus/shared "corpus/made up"
	cp "$SEEDS"/*.txt corpus/seeds/
	cp "$TOP"/../shared/corpus/*/docs/* corpus/shared/ 2>/dev/null || :
	for i in $(seq 1700); do
		printf 'Acme Corp bought a %d%% stake in Beta Ltd for $%d million.\n\n"We are pleased," said Jane Roe, its chief executive.\n' \
			$((i % 90 + 1)) "$i" >"corpus/made up/doc $i.txt"
	done
	cp "$SEEDS"/000_*.txt corpus/"tab	and 'quote'.txt"
	cp "$FIX/short.txt" corpus/"new
line.txt"
	n=$(find corpus -type f -printf x | wc -c)

	run -0 timeout "$MULTIHOST_LIMIT" bash -c "set -o pipefail
$recipe" 3>&-
	[ -s facts.tsv ] || fail "the recipe wrote no facts.tsv: $output"

	# the local run over the same files, in the same order
	mapfile -d '' files < <(find corpus -type f -print0 | LC_ALL=C sort -z)
	[ "${#files[@]}" -eq "$n" ]
	facts "${files[@]}" >local.tsv
	[ "$(wc -l <local.tsv)" -gt "$n" ]
	cmp local.tsv facts.tsv
	# which is the table of the directory: C order is facts' order
	facts corpus >dir.tsv
	cmp dir.tsv facts.tsv

	# every batch ran, with no failure, on both hosts, several on each
	jobs=$(((n + 199) / 200))
	[ "$(tail -n +2 "$mh/joblog" | wc -l)" -eq "$jobs" ]
	[ "$(tail -n +2 "$mh/joblog" | awk -F'\t' '$7 != 0 || $8 != 0' | wc -l)" -eq 0 ]
	[ "$(tail -n +2 "$mh/joblog" | awk -F'\t' '$2 == "host1"' | wc -l)" -ge 3 ]
	[ "$(tail -n +2 "$mh/joblog" | awk -F'\t' '$2 == "host2"' | wc -l)" -ge 3 ]
	# the documents came through sshd's sessions, not a local shortcut
	[ "$(grep -c 'Accepted publickey' "$mh/sshd.log")" -ge "$jobs" ]
}

@test "every example of the README runs as printed and writes what the README shows" {
	run -0 "$BATS_TEST_DIRNAME/readme-examples" "$TOP/README.md" "$BIN"
}

# bytes START END of FILE
bytes() { tail -c +$(($2 + 1)) "$1" | head -c $(($3 - $2)); }

@test "HTML: facts of a page, start and end covering the bytes of the references" {
	facts "$FIX/article.html" >table
	# the rows' text is what their bytes of the page read as HTML say
	run -0 env NORMALIZE_OPTS=-H "$BATS_TEST_DIRNAME/check-facts" table
	assert_regex "${lines[-1]}" "^([8-9]|[0-9]{2,}) facts, 0 broken$"
	read -r s e v u t < <(awk -F'\t' '$2 == "money" { print $3, $4, $7, $8, $10; exit }' table)
	assert_equal "$v $u $t" "600000000 EUR €600m"
	assert_equal "$(bytes "$FIX/article.html" "$s" "$e")" '&euro;600m'
	IFS='|' read -r s e sp ty t < <(awk -F'\t' '$2 == "quote" { print $3 "|" $4 "|" $5 "|" $9 "|" $10 }' table)
	assert_equal "$sp|$ty|$t" "Luca de Meo|direct|It forced a culture of compromise,"
	assert_equal "$(bytes "$FIX/article.html" $((s - 7)) $((e + 7)))" '&#8220;It forced a culture of compromise,&#8221;'
	# nothing of the script, the style or the comment
	run grep -c 'Bolt' table
	assert_output 0
	# -H for a page that does not say it is one, through batches too
	printf '<p>Acme paid &euro;5m for &#8220;the best&#8221; unit.</p>\n' >frag.txt
	facts frag.txt >plain
	run -1 grep -q EUR plain
	facts -H frag.txt "$FIX/short.txt" >html
	assert_equal "$(awk -F'\t' '$1 == "frag.txt" && $2 == "money" { print $3, $4, $10 }' html)" "13 21 €5m"
	FACTS_CORES=4 facts -j 2 -H frag.txt "$FIX/short.txt" | diff -u html -
}

@test "every stage reads and writes a pipe 128 KB at a time, not the 4 KB glibc gives a pipe without our buffer" {
	local i stage in
	for i in $(seq 100); do cat "$SEEDS"/*; done >big.txt
	normalize big.txt >big.norm
	"$BIN/split" <big.norm >big.split
	for stage in normalize split extract-money extract-stakes extract-quotes; do
		case $stage in
		normalize) in=big.txt ;;
		split) in=big.norm ;;
		*) in=big.split ;;
		esac
		cat "$in" | strace -o trace -e trace=read,write "$BIN/$stage" | cat >/dev/null
		# the largest read of standard input and write of standard
		# output (or its only write, for a short output)
		run awk -v s="$stage" -F'= ' '/^read\(0,/ { if ($NF > r) r = $NF }
			/^write\(1,/ { if ($NF > w) w = $NF; nw++ }
			END { print s, (s == "normalize" || r == 131072 ? "ok" : "read " r),
			    (w == 131072 || nw == 1 ? "ok" : "write " w) }' trace
		assert_output "$stage ok ok"
	done
}
