#!/usr/bin/env bats
# facts-score: a facts table scored against an annotated one.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

HEADER=$(printf 'kind\tgold\tpredicted\tmatched\tprecision\trecall\tf1')

@test "precision, recall and F1 for each kind and for all" {
	run -0 --separate-stderr facts-score "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	assert_equal "$output" "$HEADER
$(printf '%s\n' \
	    $'money\t2\t2\t1\t0.5000\t0.5000\t0.5000' \
	    $'quote\t2\t2\t1\t0.5000\t0.5000\t0.5000' \
	    $'stake\t1\t2\t1\t0.5000\t1.0000\t0.6667' \
	    $'all\t5\t6\t3\t0.5000\t0.6000\t0.5455')"
	assert_equal "$stderr" ""
}

@test "names match without case, accents or spacing; numbers as exact decimals" {
	run -0 facts-score -l "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	# NISSAN/Ampere matched Nissan/Ampère; carlos  ghosn matched Carlos Ghosn;
	# 600000000.00 matched 600000000 on an overlapping span
	refute_output --partial NISSAN
	refute_output --partial 'carlos  ghosn'
	refute_output --partial 600000000
	# de Meo is not Luca de Meo, and $5 is in no gold
	assert_equal "${lines[0]}" "$(printf 'result\tdoc\tkind\tstart\tend\tsubject\tobject\tvalue\tunit\tqualifier\ttext')"
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | cut -f1-6,8)" "$(printf '%s\n' \
	    $'false\ta.txt\tstake\t0\t40\tNissan\t15.0' \
	    $'false\ta.txt\tmoney\t30\t35\t\t5' \
	    $'miss\ta.txt\tquote\t50\t90\tLuca de Meo\tsaid' \
	    $'false\ta.txt\tquote\t50\t90\tde Meo\tsaid' \
	    $'miss\tb.txt\tmoney\t5\t9\t\t3')"
}

@test "a gold fact matches one predicted fact at most" {
	# the second stake agrees with the gold one (15.0 is 15) but it is taken
	run -0 facts-score -l "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	[ "$(printf '%s\n' "${lines[@]}" | grep -c $'^false\ta.txt\tstake')" -eq 1 ]
}

@test "-x wants equal spans; -f chooses the columns, for a kind or for all" {
	run -0 facts-score -x "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	assert_line --index 1 $'money\t2\t2\t0\t0.0000\t0.0000\t0.0000'
	run -0 facts-score -f quote=value "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	assert_line --index 2 $'quote\t2\t2\t2\t1.0000\t1.0000\t1.0000'
	assert_line --index 1 $'money\t2\t2\t1\t0.5000\t0.5000\t0.5000'
	# for every kind: stakes on the unit alone, money on the qualifier
	run -0 facts-score -f unit "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	assert_line --index 3 $'stake\t1\t2\t1\t0.5000\t1.0000\t0.6667'
	run -0 facts-score -f qualifier "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	assert_line --index 1 $'money\t2\t2\t0\t0.0000\t0.0000\t0.0000'
	run -65 --separate-stderr facts-score -f money=nosuch "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
	assert_equal "$stderr" "facts-score: $FIX/score-gold.tsv:1: missing column 'nosuch' (expected facts output with a header line)"
	run -1 --separate-stderr facts-score -f money= "$FIX/score-gold.tsv" "$FIX/score-pred.tsv"
}

@test "a real table against itself scores 1, and loses what a rules change loses" {
	run -0 facts-score "$GOLD/seeds.facts.tsv" "$GOLD/seeds.facts.tsv"
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f5-7 | sort -u)" = "$(printf '1.0000\t1.0000\t1.0000')" ]
	cp -r "$TOP/rules" r2
	sed -i '/^euros\t/d' r2/currencies.tsv
	(cd "$TOP" && facts -r "$BATS_TEST_TMPDIR/r2" seeds/*.txt) >pred
	run -0 facts-score "$GOLD/seeds.facts.tsv" pred
	assert_line --index 1 $'money\t5\t2\t2\t1.0000\t0.4000\t0.5714'
	run -0 facts-score -l "$GOLD/seeds.facts.tsv" pred
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f1 | sort -u)" = miss ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f9 | sort -u)" = EUR ]
	[ "${#lines[@]}" -eq 6 ]
}

@test "a document no prediction has counts its gold facts as misses" {
	head -5 "$FIX/score-gold.tsv" >gold
	run -0 facts-score "$FIX/score-gold.tsv" gold
	assert_line --index 1 $'money\t2\t1\t1\t1.0000\t0.5000\t0.6667'
	run -0 facts-score gold /dev/stdin <<<"$(head -1 gold)"
	assert_line --index 4 $'all\t4\t0\t0\t\t0.0000\t0.0000'
}

@test "bad input: a missing file, a bad number, usage" {
	run -74 --separate-stderr facts-score nosuch "$FIX/score-gold.tsv"
	assert_equal "$stderr" "facts-score: nosuch: cannot open: No such file or directory"
	sed '2s/\t10\t/\tten\t/' "$FIX/score-gold.tsv" >bad
	run -65 --separate-stderr facts-score bad "$FIX/score-pred.tsv"
	assert_equal "$stderr" "facts-score: bad:2: column 'start': not a count or offset: 'ten'"
	run -1 facts-score "$FIX/score-gold.tsv"
	run -74 --separate-stderr bash -c 'facts-score "$1" "$1" >/dev/full' - "$FIX/score-gold.tsv"
	assert_equal "$stderr" "facts-score: <stdout>: write error: No space left on device"
}

@test "--help and --version" {
	run -0 facts-score --help
	assert_regex "${lines[0]}" '^usage: facts-score '
	run -0 facts-score --version
	assert_regex "$output" '^facts-score [0-9]+\.[0-9]+'
}

@test "the examples of the man page run as printed" {
	ln -s "$SEEDS" corpus
	# the annotator's table: the seeds' facts, one amount told otherwise
	facts corpus | awk -F'\t' -v OFS='\t' '$2 == "money" && !n++ { $7 = $7 + 1 } 1' >gold.tsv
	man_examples facts-score 2 $'money\t' $'miss\t'
}
