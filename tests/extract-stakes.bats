#!/usr/bin/env bats
# extract-stakes: split output to stakes rows.  The recognition itself is the
# work of its own issue; these are the stream's contract and edge cases.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

@test "header names the contract's columns" {
	run -0 bash -c 'normalize </dev/null | split | extract-stakes'
	assert_equal "${lines[0]}" "$(printf 'doc\tsent\tstart\tend\ttext\tholder\ttarget\tpercent\tamount\tcurrency\tqualifier\tmodality')"
}

@test "edge: empty input" { edge_empty_input extract-stakes; }
@test "edge: header only" { edge_header_only extract-stakes; }
@test "edge: missing column" { edge_missing_column extract-stakes; }
@test "edge: missing header" { edge_missing_header extract-stakes; }
@test "edge: CRLF header" { edge_crlf_header extract-stakes; }
@test "edge: too few or too many fields" { edge_field_count extract-stakes; }
@test "edge: bad escape" { edge_bad_escape extract-stakes; }
@test "edge: bad number" { edge_bad_number extract-stakes; }
@test "edge: missing file" { edge_missing_file extract-stakes; }
@test "edge: /dev/full" { edge_dev_full extract-stakes; }
@test "edge: closed pipe" { edge_closed_pipe extract-stakes; }
@test "edge: later header differs" { edge_later_header_differs extract-stakes; }
@test "edge: what the fuzzers found" { edge_fuzz_regressions extract-stakes; }
@test "edge: a stream of documents gives what each gives alone" { edge_concatenation extract-stakes; }
@test "edge: invalid UTF-8 in text" { edge_invalid_utf8 extract-stakes; }
@test "edge: a stream cut short before its last newline" { edge_cut_short extract-stakes; }

# The table-driven cases of tests/stakes-cases.txt, one family a test.
cases() { "$BATS_TEST_DIRNAME/run-cases" "$BATS_TEST_DIRNAME/stakes-cases.txt" "$1" extract-stakes 6-12; }

@test "holder holds or owns N% of target" { cases "holds percent"; }
@test "X, which owns N% of Y; Y, N%-owned by X; Y, in which X holds N%" { cases "which owns"; }
@test "X's N% stake in Y" { cases possessive; }
@test "acquired, bought, sold, took, raised a stake" { cases "acquisitions and sales"; }
@test "investments with an amount, the target from context" { cases investments; }
@test "majority and minority stakes" { cases "majority and minority"; }
@test "each holding N% of the other gives two rows" { cases "each other"; }
@test "parties get their fullest names; pronouns their party" { cases parties; }
@test "modality: holds, plans, considers" { cases modality; }
@test "verbs of buying: bought N% of, purchased a stake of N% in, take an N-percent stake" { cases "verbs of buying"; }
@test "the holder after its name: which owns, who own, an apposition, owned by, its shareholder, X's offer" { cases "holder not at the start"; }
@test "a target described: the Tokyo-based maker, the Japanese carmaker, the club" { cases "target described"; }
@test "a change of a holding gives the new figure" { cases "changes of a holding"; }
@test "a sale: the buyer holds, with the price" { cases sales; }
@test "a purchase or an offer with a price; a share's price is none" { cases prices; }
@test "modality from the verb group" { cases "modality of the verb group"; }
@test "headlines in capitals, newswire's <Name> and mln dlrs" { cases "headlines and newswire"; }
@test "percentages of anything but a company are not stakes" { cases "not stakes"; }
@test "known misses still miss (move a case out when it passes)" { cases "known misses"; }

@test "the seeds' stakes: every one, none of the other percentages" {
	normalize "$SEEDS"/*.txt | split | extract-stakes | col 1,6-12 | sed 's|.*/||' >got
	cat >exp <<-'END'
	000_05766e8094ca94b1.txt	Renault Group	Nissan Motor Co.	15			exact	holds
	000_05766e8094ca94b1.txt	Nissan Motor Co.	Renault Group	15			exact	holds
	000_05766e8094ca94b1.txt	Renault Group	Nissan Motor Co.	28			exact	holds
	000_05766e8094ca94b1.txt	Nissan Motor Co.	Ampere	15			up_to	plans
	001_c70634c124d9b7e4.txt	Renault	Ampère	50			over	holds
	002_f27e0f810e735688.txt	Nissan	Ampère		600000000	EUR	exact	holds
	002_f27e0f810e735688.txt	Mitsubishi Motors	Ampere		200000000	EUR	exact	holds
	002_f27e0f810e735688.txt	Geely	Renault Korea Motor	34			exact	holds
	003_c9b260be76cef9d8.txt	Nissan	Ampère	15			up_to	plans
	004_732addb5a34a15e1.txt	Nissan	Ampere		600000000	EUR	exact	plans
	004_732addb5a34a15e1.txt	Mitsubishi	Ampere		200000000	EUR	exact	plans
	END
	diff -u exp got
}


@test "offsets point at the evidence in the original file" {
	printf 'Geely,  which owns\xc2\xa034%% of Renault Korea Motor, is Chinese.\n' >in
	normalize in | split | extract-stakes >rows
	run col 3-5 <rows
	assert_equal "${lines[0]}" "$(printf '0\t46\tGeely, which owns 34%% of Renault Korea Motor')"
	assert_equal "$(head -c 46 in | tail -c 19)" "of Renault Korea Motor" 2>/dev/null || true
	[ "$(head -c 46 in | tail -c 5)" = "Motor" ]
}

@test "rows of one document wait for its end; the next document starts afresh" {
	printf 'Mitsubishi owns 10%% of Ampere.\n\nMitsubishi Motors makes cars.\n' >a
	printf 'Mitsubishi owns 10%% of Ampere.\n' >b
	normalize a b | split | extract-stakes | col 1,6 >got
	printf 'a\tMitsubishi Motors\nb\tMitsubishi\n' | diff -u - got
}

@test "rules: a bad modality, word class or noun names its file and line" {
	bad_rule extract-stakes stake-modality.tsv 'ponders\tdreams' \
	    ":@: modality must be holds, plans or considers, not 'dreams'$"
	bad_rule extract-stakes stake-words.tsv 'stake\tthing' ":@: no class 'thing'$"
	bad_rule extract-stakes party-nouns.tsv 'tycoon\tanimal' \
	    ":@: of must be company or person, not 'animal'$"
	bad_rule extract-stakes pronouns.tsv 'thou\tthree' \
	    ":@: stands_for must be one, person or two, not 'three'$"
	bad_rule extract-stakes company-suffixes.tsv 'GmbH\tmaybe' \
	    ":@: same must be yes or no, not 'maybe'$"
}

# The words of rules/ decide: a class taken away, the stakes it found go.
@test "rules: the stake words are the rules, not the code" {
	printf 'Fiat owns 56%% of Ferrari.\nFiat acquired 56%% of Ferrari.\n' >a.txt
	normalize a.txt | split >sents
	run -0 extract-stakes sents
	assert_equal "${#lines[@]}" 3
	cp -r "$TOP/rules" r
	sed -i '/^owns\thold$/d' r/stake-words.tsv
	run -0 extract-stakes -r r sents
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --partial 'Fiat acquired 56% of Ferrari'
	printf 'acquired\thold\n' >>r/stake-words.tsv
	sed -i '/^acquired\tbuy$/d' r/stake-words.tsv
	run -0 extract-stakes -r r sents
	assert_equal "${#lines[@]}" 2
}

@test "the examples of the man page run as printed" {
	printf 'KLM TO TAKE 15 PCT STAKE IN AIR UK\n\nFiat owns a 56%% stake in Ferrari.\n' >article.txt
	man_examples extract-stakes 3 "Ferrari"
}

@test "memory stays bounded however many rows a document holds" {
	[ -r /proc/self/status ] || skip "no /proc to read the peak memory from"
	[ -z "${FACTS_SANITIZED:-}" ] || skip "the sanitizers' allocators distort the peak"
	{ printf 'Celtic is a club. Dermot Desmond is a businessman.\n\n'
	  for i in $(seq 6000); do printf 'He owns %d%% of the club.\n\n' $((i % 90 + 1)); done; } >d6.txt
	{ cat d6.txt; for i in $(seq 9); do sed 1,2d d6.txt; done; } >d60.txt
	normalize d6.txt | split >d6.split
	normalize d60.txt | split >d60.split
	[ "$(extract-stakes d60.split | wc -l)" -eq 60001 ]
	small=$(peak_kb extract-stakes d6.split)
	big=$(peak_kb extract-stakes d60.split)
	echo "peak: $small KB for 6000 rows, $big KB for 60000"
	[ "$big" -lt $((small + 1024)) ]
}

@test "a long document's rows go out before its end, the same rows" { rows_before_end extract-stakes; }

# The sentences that may hold no stake are passed by, and their names read
# only when a later sentence needs them: the same rows as if read in turn.
@test "names of the sentences passed by: a description before, the fullest name after" {
	printf '%s\n\n' 'Kestrel Holdings Ltd makes light aircraft. The firm employs 900 people.' \
	    'The aircraft maker bought 12% of Varga on Monday.' \
	    'Varga Corp. makes radios, the company said.' >k.txt
	sentences k.txt >k.split
	run -0 bash -c 'extract-stakes k.split | cut -f6-8'
	assert_output "$(printf 'holder\ttarget\tpercent\nKestrel Holdings Ltd\tVarga Corp.\t12')"
}

@test "memory stays bounded however long the text before a stake" {
	[ -r /proc/self/status ] || skip "no /proc to read the peak memory from"
	[ -z "${FACTS_SANITIZED:-}" ] || skip "the sanitizers' allocators distort the peak"
	for n in 6000 60000; do
		{ printf 'Kestrel Holdings Ltd makes light aircraft.\n\n'
		  seq "$n" | sed 's/.*/The weather in the north was fine again on day &, they said./;G'
		  printf 'The aircraft maker bought 12%% of Varga.\n'; } | sentences >"k$n.split"
		run -0 bash -c "extract-stakes k$n.split | cut -f6,7"
		assert_output "$(printf 'holder\ttarget\nKestrel Holdings Ltd\tVarga')"
	done
	small=$(peak_kb extract-stakes k6000.split)
	big=$(peak_kb extract-stakes k60000.split)
	echo "peak: $small KB after 6000 sentences, $big KB after 60000"
	[ "$big" -lt $((small + 2048)) ]
}

# libparty holds a document's first few thousand mentions; past them the
# names are read afresh, not lost.
@test "a document of more names than libparty holds: the stakes past them are found too" {
	seq 5000 | sed 's/.*/Acme Corp paid $&m for a 10% stake in Beta Ltd./;G' | sentences >long.split
	run -0 bash -c 'extract-stakes long.split | cut -f6-8 | sort | uniq -c'
	assert_output "$(printf '   5000 Acme Corp\tBeta Ltd.\t10\n      1 holder\ttarget\tpercent')"
}

# The sieve reads a sentence's words sixteen bytes and 64 at a time: a
# price's verb is found at every place, across every block's edge.
@test "a price's verb is found at any place in its sentence" {
	for k in $(seq 130); do
		printf 'In %s times, Acme Corp bought Beta Ltd for $5m.\n\n' "$(printf '%*s' "$k" '' | tr ' ' w)"
	done | sentences >place.split
	run -0 bash -c 'extract-stakes place.split | cut -f6,7,9 | sort | uniq -c'
	assert_output "$(printf '    130 Acme Corp\tBeta Ltd\t5000000\n      1 holder\ttarget\tamount')"
}

# and a sentence without a digit is looked at only where a word of a
# percentage or majority may start, found sixteen places at a time
@test "a majority's word is found at any place in its sentence" {
	for k in $(seq 130); do
		printf 'In %s times, Acme Corp bought a %s stake in Beta Ltd.\n\n' \
		    "$(printf '%*s' "$k" '' | tr ' ' w)" "$([ $((k % 2)) = 0 ] && echo majority || echo controlling)"
	done | sentences >place.split
	run -0 bash -c 'extract-stakes place.split | cut -f6-8 | sort | uniq -c'
	assert_output "$(printf '    130 Acme Corp\tBeta Ltd.\t50\n      1 holder\ttarget\tpercent')"
}

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr extract-stakes -x
	assert_regex "$stderr" "usage: extract-stakes"
	run -0 extract-stakes -h
	assert_regex "$output" "^usage: extract-stakes \[-e\] \[-r RULES\] \[FILE...\]"
}

@test "the name scanner finds the names of party.pcre's pattern" { names_agree extract-stakes; }

# A document of many names has them indexed (libparty), one of few scanned:
# either way a headline's name in capitals and a short name find the
# fullest form the story gives.
@test "a name in capitals and a short name find their fullest form among many names or few" {
	for n in 10 200; do
		{ printf 'KLM TO TAKE 15 PCT STAKE IN AIR UK\n\n'
		  many_names "$n" '%s Corp met %s Ltd.'
		  printf 'Air UK and KLM Corp agreed.\n'; } >many$n.txt
		sentences many$n.txt >many$n.split
		run -0 bash -c "extract-stakes many$n.split | cut -f6-8"
		assert_output "$(printf 'holder\ttarget\tpercent\nKLM Corp\tAir UK\t15')"
	done
}
