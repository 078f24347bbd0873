#!/usr/bin/env bats
# split: normalize output to one row per sentence.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

# The sentences of a text given as an argument, one a line.
sents() { printf '%s' "$1" | sentences | col 6; }

@test "header names the contract's columns and the map" {
	run -0 bash -c 'normalize </dev/null | split'
	assert_output "$(printf 'doc\tpara\tsent\tstart\tend\ttext\tmap')"
}

@test "edge: empty input" { edge_empty_input split; }
@test "edge: header only" { edge_header_only split; }
@test "edge: missing column" { edge_missing_column split; }
@test "edge: missing header" { edge_missing_header split; }
@test "edge: CRLF header" { edge_crlf_header split; }
@test "edge: too few or too many fields" { edge_field_count split; }
@test "edge: bad escape" { edge_bad_escape split; }
@test "edge: bad number" { edge_bad_number split; }
@test "edge: missing file" { edge_missing_file split; }
@test "edge: /dev/full" { edge_dev_full split; }
@test "edge: closed pipe" { edge_closed_pipe split; }
@test "edge: later header differs" { edge_later_header_differs split; }
@test "edge: what the fuzzers found" { edge_fuzz_regressions split; }
@test "edge: a stream of documents gives what each gives alone" { edge_concatenation split; }
@test "edge: a stream cut short before its last newline" { edge_cut_short split; }

@test "a bad map is a data error naming the line" {
	printf 'doc\tpara\tstart\tend\ttext\tmap\tbreaks\nd\t1\t0\t3\tabc\t2+x\t\n' >in
	run -65 --separate-stderr split in
	assert_equal "$stderr" "split: in:2: column 'map': bad map '2+x'"
	printf 'doc\tpara\tstart\tend\ttext\tmap\tbreaks\nd\t1\t0\t3\tabc\t2+1025691000000000000\t\n' >in
	run -65 --separate-stderr split in
	assert_equal "$stderr" "split: in:2: column 'map': bad map '2+1025691000000000000'"
	printf 'doc\tpara\tstart\tend\ttext\tmap\tbreaks\nd\t1\t0\t3\tabc\t1+900000000000000,2+900000000000000\t\n' >in
	run -65 --separate-stderr split in
}

@test "English Golden Rules: exactly the known misses fail" {
	suite="$TOP/../shared/peer-suites/split-golden-rules.tsv"
	[ -f "$suite" ] || skip "no $suite"
	"$BATS_TEST_DIRNAME/run-golden-rules" "$suite" >failing
	grep -v '^#' "$BATS_TEST_DIRNAME/split-golden-rules.known-misses" | cut -f1 >known
	diff -u known failing
	[ "$(tail -n +2 "$suite" | wc -l)" -eq 52 ]
}

@test "abbreviations: titles never end a sentence, company suffixes may" {
	run sents "Mr. Smith met Dr. Jones at No. 10 Downing St. on Monday."
	assert_equal "${#lines[@]}" 1
	run sents "The deal was with Nissan Motor Co. It closed on Friday."
	assert_equal "${lines[1]}" "It closed on Friday."
	run sents "Shares of Apple Inc. rose. Sales at Renault Ltd. Group fell."
	assert_equal "${#lines[@]}" 2
}

@test "initials, acronyms with stops, decimals and amounts do not end sentences" {
	run sents "Luca E. de Meo of the U.S. unit said sales rose 2.05 million, or \$1.5bn, in Jan. 2023."
	assert_equal "${#lines[@]}" 1
}

@test "a number ends a sentence when a capital follows" {
	run sents "Sales in 2022 were 2.05 million. Nissan sold 3.2 million vehicles."
	assert_equal "${#lines[@]}" 2
}

@test "question and exclamation marks, closing quotes and brackets" {
	run sents "Is it over? “Yes!” he said. (It was.) Then he left."
	assert_equal "${lines[0]}" "Is it over?"
	assert_equal "${lines[1]}" "“Yes!” he said."
	assert_equal "${lines[2]}" "(It was.)"
	assert_equal "${lines[3]}" "Then he left."
}

@test "a closing mark set apart by a space stays with its sentence" {
	run sents "“It was not optimal for any of us. » And then he left."
	assert_equal "${lines[0]}" "“It was not optimal for any of us. »"
}

@test "ellipses" {
	run sents "He paused... Then he left. I mean...see . . . what I mean."
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" "He paused..."
	assert_equal "${lines[2]}" "I mean...see . . . what I mean."
}

@test "a quotation over several sentences keeps all of its text, in order" {
	printf '“We are living in times of change. Anyway, Renault will be there,” de Meo said.\n' >q
	sentences q >rows
	run col 6 <rows
	assert_equal "${lines[0]}" "“We are living in times of change."
	assert_equal "${lines[1]}" "Anyway, Renault will be there,” de Meo said."
	check_spans q rows
}

@test "headlines and lines without a final stop are sentences of their own" {
	sentences "$FIX/list.txt" | col 6 >got
	cat >exp <<-'END'
	Key points
	contact manager
	events, activities
	This paragraph is ordinary prose that was wrapped by an editor at about seventy columns, so its line breaks are not sentence breaks and the splitter joins them.
	Highlights:
	• the first point, which runs on for a while without ending
	• the second point
	END
	diff -u exp got
}

@test "sent counts from 1 in each document; para and doc carried" {
	printf 'One. Two.\n\nThree.\n' >one
	printf 'Four. Five.\n' >two
	normalize one two | split | col 1-3 >got
	printf 'one\t1\t1\none\t1\t2\none\t2\t3\ntwo\t1\t1\ntwo\t1\t2\n' | diff -u - got
}

@test "offsets and maps point at the original bytes, whatever normalize changed" {
	printf 'Caf\xc3\xa9  au\xc2\xa0lait. Cle\xcc\x81on  is \nhere. \x01Done!\n' >m
	sentences m >rows
	check_spans m rows
	run col 4-7 <rows
	assert_equal "${lines[0]}" "$(printf '0\t16\tCafé au lait.\t6+1,9+1')"
	assert_equal "${lines[1]}" "$(printf '17\t35\tCléon is here.\t4+1,7+1,10+1')"
	assert_equal "${lines[2]}" "$(printf '37\t42\tDone!\t')"
}

@test "every byte of the seeds is in exactly one sentence" {
	for f in "$SEEDS"/*.txt; do
		sentences "$f" >rows
		check_spans "$f" rows
	done
}

@test "the sentences of the seeds are those of the golden file" {
	cd "$TOP"
	normalize seeds/*.txt | split >"$BATS_TEST_TMPDIR/got"
	diff -u "$GOLD/seeds.split.tsv" "$BATS_TEST_TMPDIR/got"
}

@test "rules: -r and FACTS_RULES choose the abbreviations" {
	cp -r "$TOP/rules" r
	grep -v '^mr	' r/abbreviations.tsv >a && mv a r/abbreviations.tsv
	printf 'Mr. Smith left.\n' | normalize >in
	run -0 split in
	assert_equal "${#lines[@]}" 2
	run -0 split -r r in
	assert_equal "${#lines[@]}" 3
	FACTS_RULES=r run -0 split in
	assert_equal "${#lines[@]}" 3
}

@test "rules: a bad rules file is an error naming the file and line" {
	cp -r "$TOP/rules" r
	printf 'Xyz\tsometimes\n' >>r/abbreviations.tsv
	n=$(wc -l <r/abbreviations.tsv)
	run -65 --separate-stderr split -r r </dev/null
	assert_equal "$stderr" "split: r/abbreviations.tsv:$n: kind must be prefix or ambiguous, not 'sometimes'"
	cp "$TOP/rules/abbreviations.tsv" r/
	sed -i 's/^abbrev\tkind$/abbrev\tkind\tnote/' r/abbreviations.tsv
	run -65 --separate-stderr split -r r </dev/null
	assert_regex "$stderr" "^split: r/abbreviations.tsv:[0-9]+: unknown column 'note'$"
	run -74 --separate-stderr split -r nowhere </dev/null
	assert_equal "$stderr" "split: nowhere/split.tsv: cannot open rules file: No such file or directory"
}

@test "the examples of the man page run as printed" {
	printf 'Acme Corp. said it paid $5m. That was all.\n' >article.txt
	man_examples split 1 $'2\tThat was all.'
}
