#!/usr/bin/env bats
# extract-quotes: split output to quotes rows.  The recognition itself is the
# work of its own issue; these are the stream's contract and edge cases.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

@test "header names the contract's columns" {
	run -0 bash -c 'normalize </dev/null | split | extract-quotes'
	assert_equal "${lines[0]}" "$(printf 'doc\tsent\tstart\tend\tquote\tspeaker\tcue\ttype')"
}

@test "edge: empty input" { edge_empty_input extract-quotes; }
@test "edge: header only" { edge_header_only extract-quotes; }
@test "edge: missing column" { edge_missing_column extract-quotes; }
@test "edge: missing header" { edge_missing_header extract-quotes; }
@test "edge: CRLF header" { edge_crlf_header extract-quotes; }
@test "edge: too few or too many fields" { edge_field_count extract-quotes; }
@test "edge: bad escape" { edge_bad_escape extract-quotes; }
@test "edge: bad number" { edge_bad_number extract-quotes; }
@test "edge: missing file" { edge_missing_file extract-quotes; }
@test "edge: /dev/full" { edge_dev_full extract-quotes; }
@test "edge: closed pipe" { edge_closed_pipe extract-quotes; }
@test "edge: later header differs" { edge_later_header_differs extract-quotes; }
@test "edge: what the fuzzers found" { edge_fuzz_regressions extract-quotes; }
@test "edge: a stream of documents gives what each gives alone" { edge_concatenation extract-quotes; }
@test "edge: invalid UTF-8 in text" { edge_invalid_utf8 extract-quotes; }
@test "edge: a stream cut short before its last newline" { edge_cut_short extract-quotes; }

# The table-driven cases of tests/quotes-cases.txt, one family a test.
cases() { "$BATS_TEST_DIRNAME/run-cases" "$BATS_TEST_DIRNAME/quotes-cases.txt" "$1" extract-quotes 5-8; }

@test "every kind of quotation mark, apostrophes told apart" { cases marks; }
@test "attribution after the quote: “…,” X said / said X / — X" { cases "attribution after"; }
@test "attribution before the quote: X said: “…” / according to X, “…”" { cases "attribution before"; }
@test "pronouns, short names and roles resolve to the fullest name" { cases "pronouns and names"; }
@test "quotes over several sentences, continued quotes, a stray closing mark" { cases "several sentences"; }
@test "partial quotes inside reported speech" { cases partial; }
@test "unnamed sources keep their phrase" { cases "unnamed sources"; }
@test "a speaker is the name after its titles, initials kept" { cases "titles and initials"; }
@test "names: particles, hyphens, apostrophes, initials, ampersands, other scripts" { cases names; }
@test "the name scanner finds the names of party.pcre's pattern" { names_agree extract-quotes; }
@test "the sieve of the pattern before a mark changes no row" { agrees_with FACTS_NO_SIEVE extract-quotes; }
@test "a transcript's turns are spoken by their labels, its notes by no one" { cases transcripts; }
@test "a cue's subject speaks the quote in its clause; 'it' and relative clauses" { cases "the clause of the cue"; }
@test "names, titles and coined terms in marks are not quotes" { cases "not quotes"; }
@test "known misses still miss (move a case out when it passes)" { cases "known misses"; }

@test "a quote that runs over two paragraphs is one row" {
	printf '“The first part goes on.\n\n“And the second part ends it,” said Jane Smith.\n' >in
	normalize in | split | extract-quotes >rows
	run col 3-8 <rows
	assert_equal "${#lines[@]}" 1
	assert_equal "${lines[0]}" "$(printf '3\t59\tThe first part goes on. And the second part ends it,\tJane Smith\tsaid\tdirect')"
	assert_equal "$(head -c 59 in | tail -c 56)" "$(printf 'The first part goes on.\n\n“And the second part ends it,')"
}

# A paragraph that opens with a quotation mark continues the one left open
# before it, unless it names a speaker of its own: then the open one ended
# with its paragraph.
@test "a quote left open before a paragraph with a speaker of its own ends with its paragraph" {
	printf '“It is a dog whistle,” Rep. Gwen Moore said. “How can you feel good about yourself.\n\n“I have been thinking,” added Rep. Jim Clyburn, the assistant leader.\n' >in
	normalize in | split | extract-quotes >rows
	run col 5-6 <rows
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[1]}" "$(printf 'How can you feel good about yourself.\tGwen Moore')"
	assert_equal "${lines[2]}" "$(printf 'I have been thinking,\tJim Clyburn')"
}

@test "a transcript's turn over two paragraphs is a row each, the next turn its own" {
	printf 'The host, Ann Bell, asked Tom Okoye.

"BELL: Will you run?

"OKOYE: No. I have said so.

"And I will not change my mind.
' >in
	normalize in | split | extract-quotes >rows
	run col 5-6 <rows
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" "$(printf 'BELL: Will you run?\tAnn Bell')"
	assert_equal "${lines[1]}" "$(printf 'OKOYE: No. I have said so.\tTom Okoye')"
	assert_equal "${lines[2]}" "$(printf 'And I will not change my mind.\tTom Okoye')"
}

@test "a paragraph that is only a quotation: the speaker the paragraph before announces, or its last" {
	printf 'Mayor Ruth Calder answered her critics. She said:\n\n“The budget is balanced.”\n\n' >in
	printf '“We cut nothing,” said Omar Reyes.\n\n“Not one school closed.”\n\nThe vote is on Friday.\n\n“Vote no.”\n' >>in
	normalize in | split | extract-quotes >rows
	run col 5-6 <rows
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" "$(printf 'The budget is balanced.\tRuth Calder')"
	assert_equal "${lines[1]}" "$(printf 'We cut nothing,\tOmar Reyes')"
	assert_equal "${lines[2]}" "$(printf 'Not one school closed.\tOmar Reyes')"
}

@test "a quotation after a sentence that says who speaks, or a paragraph that announces it, or names the he after it" {
	printf 'The council may wait, Ada Moreno said. “The vote can come later.”\n\n' >in
	printf 'On Friday, Omar Reyes made the following remark:\n\n“Nobody reads the rules.”\n\n' >>in
	printf 'On June 4, 2015, Lena Ford made this comment:\n\n“Nobody counts the votes.”\n\n' >>in
	printf '“We cut nothing,” said Omar Reyes.\n\nVoters will not be moved, noted CNN’s Marc T. Lowell.\n\n' >>in
	printf '“They decided long ago,” he wrote.\n' >>in
	normalize in | split | extract-quotes >rows
	run col 5-6 <rows
	assert_equal "${#lines[@]}" 5
	assert_equal "${lines[0]}" "$(printf 'The vote can come later.\tAda Moreno')"
	assert_equal "${lines[1]}" "$(printf 'Nobody reads the rules.\tOmar Reyes')"
	assert_equal "${lines[2]}" "$(printf 'Nobody counts the votes.\tLena Ford')"
	assert_equal "${lines[4]}" "$(printf 'They decided long ago,\tMarc T. Lowell')"
}

# A paragraph that ends by introducing a person ("..., president of X.")
# gives the he or she of the quotation that opens the next, though the
# subject before was another man.
@test "the he of a quotation is the person the paragraph before introduces" {
	printf 'President Victor Lamb spoke on Monday.\n\n' >in
	printf 'While Lamb had many songs written about him, that worries Henry Okoro, head of the Black Caucus.\n\n' >>in
	printf '“No one is writing songs for her,” he said.\n' >>in
	normalize in | split | extract-quotes >rows
	run col 5-6 <rows
	assert_equal "${lines[0]}" "$(printf 'No one is writing songs for her,\tHenry Okoro')"
}

# Just under libparty's bound of mentions (4096) the rows still wait for
# the fullest name the end of the document gives.
@test "a document of nearly as many names as libparty holds still gives the fullest name" {
	python3 -c '
import itertools
syl = ["Bor", "Cal", "Dem", "Fen", "Gar", "Hol", "Jus", "Kel", "Lam", "Mor", "Nes", "Pol", "Ros", "Sal", "Tam", "Val"]
names = [a + b for a in syl for b in ["ak", "el", "in", "ov", "um", "ar", "is", "ot"]]
print("\"We won the case,\" Smith said.\n")
for a, b in itertools.islice(itertools.product(names, names), 3900):
    print("\"It was fine,\" %s %s said.\n" % (a, b))
print("John Smith is the chief.")' >near.txt
	run -0 bash -c 'normalize near.txt | split | extract-quotes | sed -n 2p | cut -f6'
	assert_output "John Smith"
}

@test "the examples of the man page run as printed" {
	printf '“We are ready,” said Jane Okafor.\n\nShe added: “We will win.”\n' >article.txt
	man_examples extract-quotes 3 "Jane Okafor"
}


@test "offsets point at the quoted words in the original file" {
	printf 'He  said:\xc2\xa0\xe2\x80\x9cWe are\nready.\xe2\x80\x9d\n' >in
	normalize in | split | extract-quotes >rows
	run col 3-5 <rows
	assert_equal "${lines[0]}" "$(printf '14\t27\tWe are ready.')"
	assert_equal "$(tail -c +15 in | head -c 13)" "$(printf 'We are\nready.')"
}

@test "the seeds' quotes: every one with its speaker" {
	normalize "$SEEDS"/*.txt | split | extract-quotes | col 1,6-8 | sed 's|.*/||' >got
	diff -u "$BATS_TEST_DIRNAME/golden/seeds.quotes.tsv" got
}

@test "a long document's rows go out before its end, the same rows" { rows_before_end extract-quotes; }

# Thousands of "he said" after one name: the rows wait for the fullest
# name, beyond 4096 of them on disk, not in memory.
@test "a long document of quotations and few names: rows held on disk, the same rows" {
	[ -z "${FACTS_SANITIZED:-}" ] || skip "the sanitizers' allocators keep freed memory"
	[ -r /proc/self/status ] || skip "no /proc to read the peak memory from"
	for n in 6000 60000; do
		{ echo "Renault CEO Luca de Meo spoke on Tuesday."; echo
		  seq "$n" | sed 's/.*/“We are ready, day &,” he said.\n/'; } >"q$n.txt"
		normalize "q$n.txt" | split >"q$n.split"
	done
	run -0 extract-quotes q60000.split
	assert_equal "${#lines[@]}" 60001
	[ "$(col 6 <<<"$output" | sort -u)" = "Luca de Meo" ]
	assert_equal "$(cut -f1,2,5- <<<"${lines[60000]}")" \
	    "$(printf 'q60000.txt\t60001\tWe are ready, day 60000,\tLuca de Meo\tsaid\tdirect')"
	small=$(peak_kb extract-quotes q6000.split)
	big=$(peak_kb extract-quotes q60000.split)
	echo "peak: $small KB for 6000 rows, $big KB for 60000"
	[ "$big" -lt $((small + 3000)) ]
}

@test "the rows held on disk go to TMPDIR, and a TMPDIR that fails is named" {
	{ echo "Renault CEO Luca de Meo spoke on Tuesday."; echo
	  seq 6000 | sed 's/.*/“We are ready, day &,” he said.\n/'; } >q.txt
	normalize q.txt | split >q.split
	mkdir tmpd
	run -0 env TMPDIR="$PWD/tmpd" extract-quotes q.split
	assert_equal "${#lines[@]}" 6001
	run -74 --separate-stderr env TMPDIR=/nonexistent extract-quotes q.split
	assert_regex "$stderr" "^extract-quotes: /nonexistent/extract-quotes\.[A-Za-z0-9]{6}: cannot make a temporary file: No such file or directory$"
}

@test "rules: a bad sex, relative or number of marks names its file and line" {
	bad_rule extract-quotes genders.tsv 'Robin\tx' ":@: gender must be m or f, not 'x'$"
	bad_rule extract-quotes quote-aux.tsv 'whom\tperhaps' \
	    ":@: relative must be yes or no, not 'perhaps'$"
}

@test "rules: a pattern of quotes.pcre takes no sieve" {
	rm -rf r
	cp -r "$TOP/rules" r
	sed -i 's/^== attribution$/&\n=~ said/' r/quotes.pcre
	run -65 --separate-stderr extract-quotes -r r </dev/null
	assert_equal "$stderr" "extract-quotes: r/quotes.pcre: pattern 'attribution': quotes.pcre takes no '=~' line"
}

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr extract-quotes -x
	assert_regex "$stderr" "usage: extract-quotes"
	run -0 extract-quotes -h
	assert_regex "$output" "^usage: extract-quotes \[-e\] \[-r RULES\] \[FILE...\]"
}

@test "quotation marks that never close take linear time, not quadratic" {
	# 200,000 openings: a scan from each to the paragraph's end, or a
	# search of its sentence for each, would take minutes
	"$BATS_TEST_DIRNAME/pathological" 200000 p unclosed unclosed-singles unclosed-mixed
	for f in p/*; do
		normalize "$f" | split >"$f.split"
		run -0 timeout 60 extract-quotes "$f.split"
	done
}

# A document of many names has them indexed by their ends (libparty), one
# of few scanned: either way a short name finds its fullest form.
@test "a short name finds its fullest form among many names or few" {
	for n in 10 200; do
		{ printf 'Carla Vendt spoke first.\n\n'
		  many_names "$n" 'Anna %sby met Tom %sson.'
		  printf '“We will see,” Vendt said.\n'; } >many$n.txt
		run -0 bash -c "normalize many$n.txt | split | extract-quotes | cut -f5,6"
		assert_output "$(printf 'quote\tspeaker\nWe will see,\tCarla Vendt')"
	done
}
