#!/usr/bin/env bats
# normalize: raw text to one row per paragraph.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

# The text column of normalize's rows.
texts() { normalize "$@" | col 5; }

@test "header names the contract's columns and the map and breaks" {
	run -0 normalize </dev/null
	assert_output "$(printf 'doc\tpara\tstart\tend\ttext\tmap\tbreaks')"
}

@test "empty input and blank-only input give no paragraph" {
	: >empty
	printf ' \n\t\n\r\n\n' >blank
	run -0 normalize empty blank
	[ "${#lines[@]}" -eq 1 ]
}

@test "a paragraph is a run of non-blank lines, joined with a space" {
	printf 'one\ntwo  three\n   \nfour\n\n\nfive\n' >in
	normalize in >out
	printf 'doc\tpara\tstart\tend\ttext\tmap\tbreaks\n' >exp
	printf 'in\t1\t0\t14\tone two three\t8+1\t3\n' >>exp
	printf 'in\t2\t19\t23\tfour\t\t\n' >>exp
	printf 'in\t3\t26\t30\tfive\t\t\n' >>exp
	diff -u exp out
}

# News written a paragraph a line, with no blank line between: a line
# longer than hand-wrapped text has (160 bytes) makes each line of its
# block a paragraph of its own; wrapped lines are still joined.
@test "a block with a line of a whole paragraph: each of its lines is a paragraph" {
	long=$(printf 'This paragraph is written on one line, as news sites write them, and it goes on well past the length of any line of text that a person wraps by hand, so it ends here.')
	printf '%s\nA short one.\n%s\n\nWrapped text that\nruns over two lines.\n' "$long" "$long" >in
	normalize in >out
	run col 5 <out
	assert_equal "${#lines[@]}" 4
	assert_equal "${lines[1]}" "A short one."
	assert_equal "${lines[3]}" "Wrapped text that runs over two lines."
	run col 3-4 <out
	assert_equal "${lines[1]}" "$(printf '%s\t%s' $((${#long} + 1)) $((${#long} + 13)))"
}

@test "a last line without a newline is kept whole" {
	printf 'first\n\nlast line' >in
	run -0 texts in
	assert_equal "${lines[1]}" "last line"
	normalize in | tail -1 | cut -f4 | grep -qx 16
}

@test "doc is the name as given, - for standard input, escaped as TSV" {
	printf 'x\n' >"a	b"
	normalize 'a	b' - <'a	b' >rows
	run -0 col 1 <rows
	assert_equal "${lines[0]}" 'a\tb'
	assert_equal "${lines[1]}" '-'
}

@test "CRLF line ends give the text of LF line ends, with true offsets" {
	printf 'one\r\ntwo\r\n\r\nthree\r\n' >crlf
	printf 'one\ntwo\n\nthree\n' >lf
	[ "$(texts crlf)" = "$(texts lf)" ]
	normalize crlf | col 3-4 >offsets
	printf '0\t8\n12\t17\n' | diff -u - offsets
	normalize crlf >rows
	check_spans crlf rows
}

@test "a lone CR ends a line too" {
	printf 'one\rtwo\r\rthree' >cr
	run -0 texts cr
	assert_equal "${lines[0]}" "one two"
	assert_equal "${lines[1]}" "three"
}

@test "a BOM is dropped and offsets still count its bytes" {
	printf '\xef\xbb\xbfHello.\n' >bom
	normalize bom | tail -1 >row
	printf 'bom\t1\t3\t9\tHello.\t\t\n' | diff -u - row
}

@test "typographic spaces become one plain space" {
	# no-break, thin, narrow no-break, em space, tab
	printf 'a\xc2\xa0b\xe2\x80\x89c\xe2\x80\xafd\xe2\x80\x83\te\n' >sp
	run -0 texts sp
	assert_output "a b c d e"
	normalize sp >rows
	check_spans sp rows
}

@test "controls and invisible characters are dropped" {
	printf 'ab\x01c\x1b\x7fd\xe2\x80\x8be\xc2\xadf\n' >ctl
	run -0 texts ctl
	assert_output "abcdef"
	normalize ctl >rows
	check_spans ctl rows
}

@test "NUL bytes are dropped with one warning naming file and offset" {
	printf 'one\0two\0three\n' >nul
	run -0 --separate-stderr normalize nul
	assert_equal "$(printf '%s\n' "$output" | col 5)" "onetwothree"
	assert_equal "$stderr" "normalize: nul:1: NUL byte at byte 3 dropped (binary input?)"
}

@test "invalid UTF-8 becomes U+FFFD, one per maximal subpart, with warnings" {
	# lone continuation, overlong '/', truncated 3-byte sequence, surrogate
	printf 'a\x80b\xc0\xafc\xe2\x82d\xed\xa0\x80e\n' >bad
	run -0 --separate-stderr normalize bad
	assert_equal "$(printf '%s\n' "$output" | col 5)" "a�b��c�d���e"
	assert_equal "${#stderr_lines[@]}" 7
	assert_equal "${stderr_lines[0]}" "normalize: bad:1: invalid UTF-8 at byte 1, replaced by U+FFFD"
	assert_equal "${stderr_lines[3]}" "normalize: bad:1: invalid UTF-8 at byte 6, replaced by U+FFFD"
	normalize bad >rows 2>/dev/null
	check_spans bad rows
}

@test "warnings about invalid UTF-8 stop after ten, with a count" {
	head -c 100 /dev/zero | tr '\0' '\377' >junk
	run -0 --separate-stderr normalize -a junk
	assert_equal "${#stderr_lines[@]}" 11
	assert_equal "${stderr_lines[10]}" "normalize: junk: 100 invalid UTF-8 sequences in all"
}

@test "text is NFC and the map still points at the decomposed original" {
	printf 'Ampe\xcc\x80re and Cle\xcc\x81on.\n' >nfd
	run -0 texts nfd
	assert_output "Ampère and Cléon."
	normalize nfd >rows
	check_spans nfd rows
}

@test "the map column maps every offset back to the file" {
	printf '  Caf\xc3\xa9 \xc2\xa0 au  lait,\n  e\xcc\x81t\xc3\xa9.\n' >m
	normalize m | tail -1 >row
	printf 'm\t1\t2\t30\tCafé au lait, été.\t6+3,9+1,15+2,17+1\t14\n' | diff -u - row
}

@test "breaks marks joined lines, s where the line ended in white space" {
	printf 'a cold \nnight\nin town\n' >b
	normalize b | tail -1 | cut -f7 >brk
	echo '6s,12' | diff -u - brk
}

@test "every byte of the seeds is in exactly one paragraph" {
	for f in "$SEEDS"/*.txt; do
		normalize "$f" >rows
		check_spans "$f" rows
	done
}

@test "a missing file is reported, exit 74, and the others are processed" {
	printf 'x\n' >ok
	run -74 --separate-stderr normalize nosuch ok
	assert_equal "$stderr" "normalize: nosuch: cannot open: No such file or directory"
	assert_equal "${#lines[@]}" 2
}

@test "a directory is an I/O error, not a crash" {
	mkdir d
	run -74 --separate-stderr normalize d
	assert_regex "$stderr" "^normalize: d:1: read error: Is a directory$"
}

@test "output to a full disk is exit 74 with one message" {
	run -74 --separate-stderr bash -c 'normalize "$@" >/dev/full' - "$SEEDS"/*.txt
	assert_equal "$stderr" "normalize: <stdout>: write error: No space left on device"
}

@test "a reader that goes away ends it quietly" {
	for i in $(seq 300); do cat "$SEEDS"/*.txt; echo; done >big
	run --separate-stderr bash -c 'normalize big | head -1'
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf 'doc\tpara\tstart\tend\ttext\tmap\tbreaks')"
}

@test "what the fuzzers found ends well" { edge_fuzz_regressions normalize; }

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr normalize -x
	assert_regex "$stderr" "usage: normalize"
	run -0 normalize -h
	assert_regex "$output" "^usage: normalize"
}

@test "a 60 MB paragraph flows through in bounded memory and linear time" {
	[ -z "${FACTS_SANITIZED:-}" ] || skip "AddressSanitizer reserves more address space than ulimit -v allows"
	awk 'BEGIN { for (i = 0; i < 500000; i++) printf "Word  number %d went\xc2\xa0on and on here.\n", i }' >big
	[ "$(stat -c %s big)" -gt 20000000 ]
	cat big big big >huge
	size=$(stat -c %s huge)
	# memory: a few copies of the paragraph, not of the input stream
	ulimit -v 800000
	timeout 120 normalize huge >rows
	[ "$(wc -l <rows)" -eq 2 ]
	[ "$(tail -1 rows | cut -f3)" -eq 0 ]
	[ "$(tail -1 rows | cut -f4)" -eq $((size - 1)) ]
	[ "$(tail -1 rows | cut -f5 | wc -c)" -gt 58000000 ]
}

@test "--files-from: the files of a list, one a line or NUL-ended, after the operands" {
	printf 'one\n' >a.txt
	printf 'two\n' >'b c.txt'
	printf 'three\n' >-
	printf 'b c.txt\n-\n' >list
	run -0 bash -c 'normalize --files-from list a.txt | cut -f1,5'
	assert_output "$(printf 'doc\ttext\na.txt\tone\nb c.txt\ttwo\n-\tthree')"
	printf 'b c.txt\0a.txt' >list0
	run -0 bash -c 'normalize --files-from=list0 | cut -f5 | tail -n +2'
	assert_output "$(printf 'two\none')"
	run -0 bash -c 'printf "a.txt\n" | normalize --files-from - | cut -f5 | tail -n +2'
	assert_output "one"
	run -74 --separate-stderr normalize --files-from nolist
	assert_regex "$stderr" "^normalize: nolist: cannot open"
}

@test "memory is a paragraph's: lone CR line ends, a file of NULs, a line longer than a block" {
	[ -r /proc/self/status ] || skip "no /proc to read the peak memory from"
	[ -z "${FACTS_SANITIZED:-}" ] || skip "the sanitizers' allocators distort the peak"
	awk 'BEGIN { for (i = 0; i < 300000; i++) printf "Some words here, é.\r\r" }' >cr.txt
	tr '\r' '\n' <cr.txt >lf.txt
	normalize cr.txt | cut -f2- >cr.tsv
	normalize lf.txt | cut -f2- >lf.tsv
	cmp cr.tsv lf.tsv
	head -c 20000000 /dev/zero >zero.bin
	printf '#!/bin/sh\nexec normalize -a "$@"\n' >normalize-a
	chmod +x normalize-a
	cr=$(peak_kb normalize cr.txt)
	lf=$(peak_kb normalize lf.txt)
	zero=$(peak_kb "$BATS_TEST_TMPDIR/normalize-a" zero.bin)
	echo "peak: $cr KB lone CR, $lf KB LF, $zero KB of NULs"
	[ "$cr" -lt $((lf + 1024)) ]
	[ "$zero" -lt $((lf + 1024)) ]
	# a character cut by the end of a read block is read whole
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "é“a”" }' >long.txt
	run -0 --separate-stderr bash -c 'normalize long.txt | cut -f5 | tail -n +2 | { grep -c "�" || :; }'
	assert_output 0
}

@test "a file that is no text (NUL bytes, invalid UTF-8) is skipped with a message, unless -a" {
	{ head -c 4096 /dev/zero; printf 'Acme bought 5%% of Beta.\n'; } >prog.bin
	printf 'Some text.\n' >text.txt
	run -65 --separate-stderr normalize prog.bin text.txt
	assert_equal "$stderr" "normalize: prog.bin: not text (NUL bytes or invalid UTF-8): skipped (normalize -a reads it all the same)"
	assert_equal "$(printf '%s\n' "$output" | col 1)" "text.txt"
	run -0 --separate-stderr normalize -a prog.bin
	assert_equal "$(printf '%s\n' "$output" | col 5)" "Acme bought 5% of Beta."
}

@test "the examples of the man page run as printed" {
	printf 'Acme Corp  said\r\nit paid $5m.\r\n\r\nThat was all.\r\n' >article.txt
	printf '<p>Acme Corp  said\nit paid &dollar;5m.</p><p>That was all.</p>\n' >saved-page.htm
	man_examples normalize 2 $'1\tAcme Corp said it paid $5m.'
}

# HTML (-H, or a file that starts as HTML does)

@test "HTML: named, decimal and hex references are decoded; an unknown one stays" {
	printf '<p>&euro;5m &#8220;a&#8221; &#x201C;b&#X201d; &amp; &eur; &notin; &notit; AT&T &copy 2024 &#150; &#0; &#x110000; &#65B &#x; &#</p>\n' >in
	run -0 texts -H in
	assert_output '€5m “a” “b” & &eur; ∉ ¬it; AT&T © 2024 – � � AB &#x; &#'
	# a space, a no-break space, a tab and a soft hyphen written as references
	printf '<p>a&#32;&#32;b&nbsp;c&Tab;d&shy;e</p>' >sp
	run -0 texts -H sp
	assert_output 'a b c de'
}

@test "HTML: a reference cut by the end of the input, by a block or by a pipe" {
	for t in '&amp:&' '&eur:&eur' '&#8220:“' '&#x:&#x' '&:&' 'a<:a<' 'a</:a</'; do
		printf '<html>%s' "${t%%:*}" >cut
		run -0 texts cut
		assert_output "${t#*:}"
	done
	# &euro; across the end of the first 64 KB block
	{ printf '<html>'; head -c 65525 /dev/zero | tr '\0' a; printf '&euro;5m'; } >block
	texts block | tail -1 | grep -q 'aaa€5m$'
	# found HTML, and the reference decoded, though the bytes came apart
	{ printf '<ht'; sleep 0.2; printf 'ml><p>&eu'; sleep 0.2; printf 'ro;5m</p>'; } | normalize >piped
	[ "$(col 5 <piped)" = '€5m' ]
}

@test "HTML: tags are removed, block tags end paragraphs, quoted > ends no tag" {
	printf '<P CLASS="x">one <b>two</b>three</P><div>four<BR>five</div>\n<span>six</span>\n\nseven <a title="x > y" href=\x27a>b\x27>link</a>\n<ul><li>eight<li>nine</ul></>a < b, c<3\n' >in
	run -0 texts -H in
	assert_equal "${#lines[@]}" 7
	assert_equal "${lines[0]}" "one twothree"
	assert_equal "${lines[1]}" "four"
	assert_equal "${lines[2]}" "five"
	assert_equal "${lines[3]}" "six seven link"
	assert_equal "${lines[5]}" "nine"
	assert_equal "${lines[6]}" "a < b, c<3"
	normalize -H in | cut -f7 | tail -n +2 | { ! grep -q .; }
}

@test "HTML: script, style, title and comments are dropped" {
	printf '<!DOCTYPE html><?xml version="1.0"?><title>T</title><p>a<script>if (a<b) x="</p>"; y="</scriptx>"</SCRIPT >b<style>p{}</style>c<!-- d <p> --> e<!---->f<!-- g -- h -->i<scripty>j</scripty></p>' >in
	run -0 texts in
	assert_output "abc efij"
	# never closed: the rest of the file
	printf '<html><p>a<!-- b\n\nc</p>' >comment
	run -0 texts comment
	assert_output "a"
	printf '<html><p>a<span title="b>\n\nc</p>' >tag
	run -0 texts tag
	assert_output "a"
}

@test "HTML: found by its first bytes; plain text with < and & stays text" {
	printf '<p>&euro;5m</p>\n' >body
	# (XHTML and saved pages put a declaration and comments first)
	for head in '<!DOCTYPE html>' '  \n<!doctype HTML>' '<HTML lang="en">' '\xef\xbb\xbf<html>' \
	    '<?xml version="1.0"?>\n<!-- saved -->\n<!DOCTYPE html PUBLIC "x">'; do
		printf "$head" >in
		cat body >>in
		run -0 texts in
		assert_output '€5m'
	done
	printf 'If a < b &amp; <p>c</p>, &euro;5m\n' >text
	run -0 texts text
	assert_output 'If a < b &amp; <p>c</p>, &euro;5m'
	printf '<htm>\n<p>&euro;</p>\n' >almost
	run -0 texts almost
	assert_output '<htm> <p>&euro;</p>'
	printf '<?xml version="1.0"?><note>&euro;</note>\n' >xml
	run -0 texts xml
	assert_output '<?xml version="1.0"?><note>&euro;</note>'
	printf '<!-- never closed\n\n&euro;5m\n' >comment
	run -0 texts comment
	assert_output $'<!-- never closed\n&euro;5m'
	run -0 texts -H text
	assert_output $'If a < b &\nc\n, €5m'
}

@test "HTML: every character of a page maps back to its bytes, offsets into the page" {
	normalize "$FIX/article.html" >rows
	"$BATS_TEST_DIRNAME/check-map" "$FIX/article.html" rows
	assert_equal "$(col 5 <rows | sed -n 4p)" "Nissan will invest €600m in Ampère, Renault’s electric arm, and the two companies will each hold 15 percent of the other."
	# each paragraph's bytes, read as HTML, give its text
	tail -n +2 rows | while IFS=$'\t' read -r doc para s e text rest; do
		[ "$(NORMALIZE_OPTS=-H "$BATS_TEST_DIRNAME/span-text" "$FIX/article.html" "$s" "$e")" = "$text" ]
	done
	# the check fails on a map that is one byte off
	sed '5s/\t22+3,/\t22+2,/' rows >wrong
	run -1 "$BATS_TEST_DIRNAME/check-map" "$FIX/article.html" wrong
	assert_output --partial "para 4: '6' at 22 maps to byte 564"
}

@test "HTML: unclosed <, <!-- and quotes, huge tags, 100,000 & take linear time" {
	"$BATS_TEST_DIRNAME/pathological" 200000 p $(sed -n "s/^shape \(html-[a-z-]*\) .*/\1/p" "$BATS_TEST_DIRNAME/pathological")
	[ "$(ls p | wc -l)" -ge 10 ]
	for f in p/*; do
		run -0 --separate-stderr timeout 20 normalize "$f"
		assert_equal "$stderr" ""
	done
	run -0 texts p/html-amps
	assert_output "$(printf '&%.0s' $(seq 199999))€5m"
	[ "$(texts p/html-blocks | wc -l)" -eq 200000 ]
}

@test "HTML: a wrong rules table is a data error naming its line" {
	printf '<p>x</p>\n' >in
	cp -r "$TOP/rules" r
	printf 'p\tinline\n' >>r/html-tags.tsv
	run -65 --separate-stderr normalize -H -r r in
	assert_equal "$stderr" "normalize: r/html-tags.tsv:$(wc -l <r/html-tags.tsv): role must be block or drop, not 'inline'"
	cp "$TOP/rules/html-tags.tsv" r/
	printf 'x;\tU+D800\n' >>r/html-entities.tsv
	run -65 --separate-stderr normalize -H -r r in
	assert_equal "$stderr" "normalize: r/html-entities.tsv:$(wc -l <r/html-entities.tsv): codepoints: not one or two U+XXXX: 'U+D800'"
	# text needs no rules
	run -0 normalize -r nosuch "$FIX/short.txt"
}
