# Loaded by every .bats file: puts the build's bin/ first on PATH and
# offers the checks that every filter must pass.
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
# FACTS_BIN: where the programs under test are (make asan sets it)
BIN=${FACTS_BIN:-$TOP/bin}
PATH="$BIN:$PATH"
FIX="$BATS_TEST_DIRNAME/fixtures"
GOLD="$BATS_TEST_DIRNAME/golden"
SEEDS="$TOP/seeds"
export LC_ALL=C FACTS_RULES="$TOP/rules"

# $stderr without what a sanitizer's runtime says of a process that facts
# stopped with SIGKILL in its leak check ("==N==Unable to get registers").
stderr_of_stages() {
	printf '%s\n' "$stderr" | grep -v '^==[0-9]*==' || :
}

# normalize | split of a file or of standard input.
sentences() { normalize "$@" | "$BIN/split"; }

# The text of each row (column 6 of split, 5 of normalize) as lines.
col() { tail -n +2 | cut -f"$1"; }

# A valid input for each stage, so that the edge tests can break it.
valid_input() {
	case $1 in
	split) normalize "$FIX/short.txt" ;;
	extract-*) sentences "$FIX/short.txt" ;;
	esac
}

producer() {
	case $1 in
	split) echo normalize ;;
	*) echo split ;;
	esac
}

# The standing edge tests of a TSV filter, one function each.
edge_empty_input() {
	run -65 --separate-stderr "$BIN/$1" </dev/null
	assert_equal "$stderr" "$1: -: empty input: no header line (expected $(producer "$1") output)"
}

edge_header_only() {
	valid_input "$1" | head -1 >"$BATS_TEST_TMPDIR/in"
	run -0 "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	[ "${#lines[@]}" -eq 1 ]
}

edge_missing_column() {
	valid_input "$1" | cut -f1-3 >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_regex "$stderr" "^$1: $BATS_TEST_TMPDIR/in:1: missing column '[a-z]+' \(expected $(producer "$1") output with a header line\)$"
}

edge_missing_header() {
	valid_input "$1" | tail -n +2 >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_regex "$stderr" "missing column"
}

edge_crlf_header() {
	valid_input "$1" | sed 's/$/\r/' >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "$1: $BATS_TEST_TMPDIR/in:1: header ends in CR: convert CRLF line ends to LF"
}

edge_field_count() {
	valid_input "$1" >"$BATS_TEST_TMPDIR/in"
	printf 'x\ty\n' >>"$BATS_TEST_TMPDIR/in"
	n=$(wc -l <"$BATS_TEST_TMPDIR/in")
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_regex "$stderr" "^$1: $BATS_TEST_TMPDIR/in:$n: 2 fields, the header has [0-9]+$"
	valid_input "$1" | sed '2s/$/\textra/' >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_regex "$stderr" "^$1: $BATS_TEST_TMPDIR/in:2: [0-9]+ fields, the header has [0-9]+$"
}

edge_bad_escape() {
	valid_input "$1" | sed '2s/\t\([^\t]*\)$/\tbad\\q\1/' >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_regex "$stderr" "^$1: $BATS_TEST_TMPDIR/in:2: bad escape '\\\\q' in column '[a-z]+'$"
}

edge_bad_number() {
	valid_input "$1" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "start") c = i } NR == 2 { $c = "12x" } 1' >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "$1: $BATS_TEST_TMPDIR/in:2: column 'start': not a count or offset: '12x'"
	# past 10^15 no offset is real, and sums of offsets could overflow
	valid_input "$1" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "start") c = i } NR == 2 { $c = "99999999999999999999" } 1' >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "$1: $BATS_TEST_TMPDIR/in:2: column 'start': not a count or offset: '99999999999999999999'"
}

edge_missing_file() {
	valid_input "$1" >"$BATS_TEST_TMPDIR/in"
	run -74 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/nosuch" "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "$1: $BATS_TEST_TMPDIR/nosuch: cannot open: No such file or directory"
	"$BIN/$1" "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/expected"
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/expected")" ]
}

edge_dev_full() {
	valid_input "$1" >"$BATS_TEST_TMPDIR/in"
	run -74 --separate-stderr bash -c '"$1" "$2" >/dev/full' - "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "$1: <stdout>: write error: No space left on device"
}

edge_closed_pipe() {
	valid_input "$1" >"$BATS_TEST_TMPDIR/one"
	for i in $(seq 200); do tail -n +2 "$BATS_TEST_TMPDIR/one"; done >"$BATS_TEST_TMPDIR/body"
	{ head -1 "$BATS_TEST_TMPDIR/one"; cat "$BATS_TEST_TMPDIR/body"; } >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr bash -c "'$BIN/$1' '$BATS_TEST_TMPDIR/in' '$BATS_TEST_TMPDIR/in' | head -1"
	assert_equal "$stderr" ""
}

edge_invalid_utf8() {
	valid_input "$1" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "text") c = i } NR == 2 { $c = $c "\377" } 1' >"$BATS_TEST_TMPDIR/in"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/in"
	assert_equal "$stderr" "$1: $BATS_TEST_TMPDIR/in:2: column 'text': invalid UTF-8"
}

edge_later_header_differs() {
	valid_input "$1" >"$BATS_TEST_TMPDIR/a"
	valid_input "$1" | sed '1s/^doc/document/' >"$BATS_TEST_TMPDIR/b"
	run -65 --separate-stderr "$BIN/$1" "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	assert_equal "$stderr" "$1: $BATS_TEST_TMPDIR/b:1: header differs from that of $BATS_TEST_TMPDIR/a"
}

# One stream of several documents gives the concatenation of what each
# document gives alone: nothing of one document leaks into the next.
edge_concatenation() {
	local f n=0 d=$BATS_TEST_TMPDIR
	for f in "$SEEDS"/*.txt "$FIX"/*.txt; do
		n=$((n + 1))
		case $1 in
		split) normalize "$f" ;;
		*) sentences "$f" ;;
		esac >"$d/in.$n"
		"$BIN/$1" "$d/in.$n" | tail -n +2 >"$d/out.$n"
	done
	{ head -1 "$d/in.1"; for f in $(seq $n); do tail -n +2 "$d/in.$f"; done; } >"$d/all"
	run -0 --separate-stderr "$BIN/$1" "$d/all"
	[ "$(echo "$output" | tail -n +2)" = "$(for f in $(seq $n); do cat "$d/out.$f"; done)" ]
	[ "$(echo "$output" | wc -l)" -gt 2 ]
}

# Every input a fuzz target of the program found (and the TSV reader's,
# for a TSV filter) ends with a status of the contract, no signal and no
# sanitizer report: tests/fuzz/regressions/.
edge_fuzz_regressions() {
	local dirs="$BATS_TEST_DIRNAME/fuzz/regressions/$1" f
	[ "$1" = normalize ] || dirs="$dirs $BATS_TEST_DIRNAME/fuzz/regressions/tsv"
	for f in $(find $dirs -type f 2>/dev/null | sort); do
		run --separate-stderr timeout 60 "$BIN/$1" "$f"
		if [ "$status" != 0 ] && [ "$status" != 65 ]; then
			fail "$f: exit $status: $stderr"
		fi
		if [[ $stderr == *runtime\ error* || $stderr == *Sanitizer* ]]; then
			fail "$f: $stderr"
		fi
	done
}

# bad_rule PROG FILE LINE REGEX: PROG with a copy of rules/ whose FILE
# ends with LINE (printf escapes) is a data error whose message matches
# REGEX ("@" stands for the number of that last line).
bad_rule() {
	rm -rf r
	cp -r "$TOP/rules" r
	printf "$3\n" >>"r/$2"
	run -65 --separate-stderr "$1" -r r </dev/null
	assert_regex "$stderr" "^$1: r/$2${4//@/$(wc -l <"r/$2")}"
}

# Checks rows (with doc, start, end and a text column) against the file
# they came from: see check-spans.
check_spans() {
	run "$BATS_TEST_DIRNAME/check-spans" "$@"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

# rows_before_end PROG [TEXT]: in a long document (more names than
# libparty records, or TEXT), PROG writes rows before the document ends
# instead of holding them all to its end, so that its memory stays
# bounded; and they are the rows it gives when the input ends at once.
rows_before_end() {
	local i reader n fd
	if [ $# -gt 1 ]; then cp "$2" long.txt; else
		for i in $(seq 200); do cat "$SEEDS"/*.txt; done >long.txt; fi
	normalize long.txt | split >long.split
	"$1" long.split >whole
	mkfifo in
	"$1" in >early &
	reader=$!
	exec {fd}>in
	cat long.split >&"$fd"
	# the input is all written, and stays open: the document goes on
	for i in $(seq 120); do
		n=$(wc -l <early)
		[ "$n" -gt 100 ] && break
		sleep 0.5
	done
	exec {fd}>&-
	wait "$reader"
	[ "$n" -gt 100 ] || { echo "$1 wrote $n lines before the end of the document"; return 1; }
	diff -u whole early
}

# peak_kb PROG FILE: the peak resident memory (KB) of PROG reading FILE,
# read from /proc while PROG waits for more input after FILE.
peak_kb() {
	local fd pid kb i
	rm -f peak.in
	mkfifo peak.in
	"$1" peak.in >/dev/null &
	pid=$!
	exec {fd}>peak.in
	cat "$2" >&"$fd"
	# wait until it has read the whole file (rchar counts the rules and
	# the file), then a moment for the last buffer
	for i in $(seq 300); do
		[ "$(awk '/^rchar:/ { print $2 }' "/proc/$pid/io")" -ge "$(stat -c %s "$2")" ] && break
		sleep 0.2
	done
	sleep 0.5
	kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
	exec {fd}>&-
	wait "$pid"
	echo "$kb"
}

# Runs each example (.Dl line) of man/$1.1, at least $2 of them, in the
# current directory, and checks that each prints $3.
# man_examples PAGE N TEXT...: the page shows N examples at least, each
# runs with status 0, and the i-th whose output is not written to a file
# prints the i-th TEXT (the last for those after it).  $ok_status, if set,
# is the pattern of statuses that are success (facts-diff: 1, the tables
# differ).
man_examples() {
	local page=$1 n=$2 i=0
	shift 2
	local want=("$@")
	# the examples as the page prints them (man renders it), so that what
	# runs is what a reader copies: the indented lines of EXAMPLES
	LC_ALL=C MANWIDTH=400 man -l -P cat "$TOP/man/$page.1" 2>/dev/null |
	    awk '/^EXAMPLES/ { f = 1; next } /^[A-Z]/ { f = 0 }
		f && /^           [^ ]/ { sub(/^ +/, ""); print }' >examples
	[ "$(wc -l <examples)" -ge "$n" ] || { cat examples; return 1; }
	while read -r ex; do
		run bash -c "$ex"
		[[ $status == ${ok_status:-0} ]] || { echo "$ex: status $status: $output"; return 1; }
		# an example that writes a file has written something
		if [[ $ex =~ \>([^ \;|]+)$ ]]; then
			[ -s "${BASH_REMATCH[1]}" ] || { echo "$ex: empty ${BASH_REMATCH[1]}"; return 1; }
			continue
		fi
		assert_output --partial "${want[i]}"
		[ $((i + 1)) -ge ${#want[@]} ] || i=$((i + 1))
	done <examples
}

# The extractor $2 must give the same rows with the environment variable
# $1 set as without it, on the seeds, the names fixture, the case
# paragraphs and the shared corpus when it is there: a way of its own to
# the same result (a hand-written scanner, a sieve) against the patterns.
agrees_with() {
	local f=$BATS_TEST_TMPDIR/agree
	{
		cat "$SEEDS"/*.txt "$FIX/names.txt"
		grep -hv '^#' "$BATS_TEST_DIRNAME"/*-cases.txt | grep -v $'\t'
		cat "$TOP"/../shared/corpus/*/docs/* 2>/dev/null || :
	} | sentences >"$f.split"
	"$BIN/$2" <"$f.split" >"$f.without"
	env "$1=1" "$BIN/$2" <"$f.split" >"$f.with"
	[ "$(wc -l <"$f.without")" -gt 20 ]
	run -0 diff "$f.with" "$f.without"
}

# libparty finds names with a scanner of its own that reads rules/party.pcre's
# grammar by hand; FACTS_NAME_PATTERN=1 has them found by the pattern.
names_agree() {
	agrees_with FACTS_NAME_PATTERN "$1"
}

# A stream cut before its last newline is bad data, not a short last row.
edge_cut_short() {
	valid_input "$1" | head -c -5 >cut.tsv
	run -65 --separate-stderr "$BIN/$1" cut.tsv
	assert_regex "$stderr" "^$1: cut.tsv:[0-9]+: the last line has no newline: the input was cut short$"
}

# Prints printf FORMAT for n pairs of made-up words, one paragraph each:
# documents of many distinct names ("Anna Borakby met Tom akBorson.").
many_names() {
	local n=$1 fmt=$2 i=0 a b
	for a in Bor Cal Dem Fen Gar Hol Jus Kel Lam Mor Nes Pol Ros Sal Tam Val; do
		for b in ak el in ov um ar; do
			i=$((i + 1))
			[ "$i" -le "$n" ] || return 0
			printf "$fmt\n\n" "$a$b" "$b$a"
		done
	done
}
