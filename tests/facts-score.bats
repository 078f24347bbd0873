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
	# a number as a number, whatever its form, in a facts table too
	{ head -1 "$FIX/score-gold.tsv"; printf 'a.txt\tmoney\t0\t9\t\t\t%s\tUSD\texact\tx\n' 1,500.0 1.5e3 1500 ; } >g.tsv
	{ head -1 "$FIX/score-gold.tsv"; for i in 1 2 3; do printf 'a.txt\tmoney\t0\t9\t\t\t1500\tUSD\texact\tx\n'; done; } >p.tsv
	run -0 facts-score g.tsv p.tsv
	assert_line --index 1 "$(printf 'money\t3\t3\t3\t1.0000\t1.0000\t1.0000')"
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
	facts corpus | awk -F'\t' -v OFS='\t' '$2 == "money" && !n++ { $7 = $7 "0" } 1' >gold.tsv
	# and one annotated the natural way: the first amount of the seeds
	mkdir gold
	cp -r "$SEEDS" docs
	{ printf 'doc\ttext\tamount\tcurrency\tqualifier\toptional\n'
	  facts docs/*.txt | awk -F'\t' -v OFS='\t' '$2 == "money" { sub(/.*\//, "", $1); print $1, $10, $7, $8, $9, 0; exit }'
	} >gold/money.tsv
	man_examples facts-score 3 $'money\t' $'miss\t' $'money\t1\t'
}

# An annotated gold: ../shared/corpus/NAME/gold's format.

AG=$(printf 'kind\tgold\tpredicted\tfound\tfalse\tprecision\trecall\tf1\tspeaker')

@test "annotated gold: a directory of money, stakes and quotes, matched as score.py matches" {
	run -0 --separate-stderr facts-score "$FIX/score-annotated" "$FIX/score-annotated.pred.tsv"
	assert_equal "$output" "$AG
$(printf '%s\n' \
	    $'money\t3\t5\t2\t2\t0.5000\t0.6667\t0.5714\t' \
	    $'stake\t2\t5\t2\t2\t0.5000\t1.0000\t0.6667\t' \
	    $'quote\t4\t7\t3\t1\t0.7500\t0.7500\t0.7500\t0.5000' \
	    $'all\t9\t17\t7\t5\t0.5833\t0.7778\t0.6667\t')"
	assert_equal "$stderr" ""
	run -0 facts-score -d 2 "$FIX/score-annotated" "$FIX/score-annotated.pred.tsv"
	assert_line --index 1 $'money\t3\t5\t2\t2\t0.50\t0.67\t0.57\t'
}

@test "annotated gold: documents by base name; optional rows count neither way" {
	run -0 facts-score -l "$FIX/score-annotated" "$FIX/score-annotated.pred.tsv"
	assert_equal "${lines[0]}" "$(printf 'result\tdoc\tkind\tstart\tend\tsubject\tobject\tvalue\tunit\tqualifier\ttext')"
	# news/a.txt is the gold's a.txt: $5bn as 5000000000.0 and 15 cts as
	# 0.150 match; £2 matches an optional row, and counts neither way
	refute_output --partial '$5bn'
	refute_output --partial '15 cts'
	refute_output --partial '£2'
	# the right amount in the wrong currency; a document the gold has not
	assert_line $'false\tnews/a.txt\tmoney\t10\t13\t\t\t3000000\tUSD\texact\t$3m'
	assert_line $'miss\ta.txt\tmoney\t\t\t\t\t3000000\tEUR\texact\t€3m'
	assert_line $'false\tnews/c.txt\tmoney\t0\t2\t\t\t1\tUSD\texact\t$1'
	# an optional quote found is no false one either
	refute_output --partial bubble
}

@test "annotated gold: stakes by value and any of the names' alternatives" {
	run -0 facts-score -l "$FIX/score-annotated/stakes.tsv" "$FIX/score-annotated.pred.tsv"
	# RENAULT/nissan are alternatives of Renault SA|Renault, Nissan Motor|Nissan;
	# Zhejiang Geely holds Geely and ends in it; 1,800,000,000 is the amount
	# when the gold has no percent; Dacia is no Nissan
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | cut -f1,6,7,8,11)" "$(printf '%s\n' \
	    $'false\tRenault\tDacia\t15\tRenault holds 15% of Dacia' \
	    $'false\tFiat\tChrysler\t50\tFiat holds a majority of 50% in Chrysler')"
	# a majority from words alone (50, over, no number in the text): the
	# gold has no stake without a number, so it counts neither way; with
	# the word gone from the rules it is a false stake
	cp -r "$TOP/rules" r
	sed -i '/^majority\tmajor$/d' r/stake-words.tsv
	run -0 facts-score -r r "$FIX/score-annotated/stakes.tsv" "$FIX/score-annotated.pred.tsv"
	assert_line --index 1 $'stake\t2\t5\t2\t3\t0.4000\t1.0000\t0.5714\t'
	# one file alone scores its kind alone
	[ "${#lines[@]}" -eq 3 ]
}

@test "annotated gold: quotes by words, speakers by name" {
	run -0 facts-score -l "$FIX/score-annotated/quotes.tsv" "$FIX/score-annotated.pred.tsv"
	# two rows that hold the gold quote's words between them find it; 'a
	# very attractive deal' is found by 3 of its 4 words (70% wanted), and
	# its source '?' is not scored; 6 of 10 words are not enough; a quote
	# with no gold is false; 'Ghosn' is not 'Carlos Ghosn' for a speaker
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | cut -f1-2,6,11)" "$(printf '%s\n' \
	    $'false\tnews/a.txt\tNissan\tsomething else entirely' \
	    $'speaker\tb.txt\tCarlos Ghosn\tWe are not finished with this work yet' \
	    $'got\tnews/b.txt\tGhosn\tWe are not finished with this work yet' \
	    $'miss\tb.txt\tCarlos Ghosn\tone two three four five six seven eight nine ten')"
	# words compared without case, accents or punctuation
	sed 's/It forced a culture of compromise,/IT FÓRCED — A CÚLTURE (OF) CÓMPROMISE!/' "$FIX/score-annotated.pred.tsv" >pred
	run -0 facts-score "$FIX/score-annotated/quotes.tsv" pred
	assert_line --index 1 $'quote\t4\t7\t3\t1\t0.7500\t0.7500\t0.7500\t0.5000'
	sed 's/It forced a culture of/It was never a/' "$FIX/score-annotated.pred.tsv" >pred
	run -0 facts-score "$FIX/score-annotated/quotes.tsv" pred
	# the quote's first half lost: the second half alone holds too few
	# of its words; and the speaker of the one found with one is wrong
	assert_line --index 1 $'quote\t4\t7\t2\t2\t0.5000\t0.5000\t0.5000\t0.0000'
}

@test "annotated gold: a missing column, a second document of one base name, no gold files" {
	mkdir g
	cut -f1,3- "$FIX/score-annotated/quotes.tsv" >g/quotes.tsv
	run -65 --separate-stderr facts-score g "$FIX/score-annotated.pred.tsv"
	assert_equal "$stderr" "facts-score: g/quotes.tsv:1: missing column 'speaker' (expected an annotated gold's quotes.tsv: doc, speaker, quote)"
	cut -f2- "$FIX/score-annotated/money.tsv" >money.tsv
	run -65 --separate-stderr facts-score money.tsv "$FIX/score-annotated.pred.tsv"
	assert_equal "$stderr" "facts-score: money.tsv:1: missing column 'doc' (expected an annotated gold's money.tsv: doc, amount, currency)"
	printf 'doc\ttext\n' >other.tsv
	run -65 --separate-stderr facts-score other.tsv "$FIX/score-annotated.pred.tsv"
	assert_equal "$stderr" "facts-score: other.tsv:1: missing column 'start' (expected a facts table, or an annotated gold's money.tsv, stakes.tsv or quotes.tsv)"
	rm g/quotes.tsv
	run -65 --separate-stderr facts-score g "$FIX/score-annotated.pred.tsv"
	assert_equal "$stderr" "facts-score: g: no money.tsv, stakes.tsv or quotes.tsv: not an annotated gold"
	{ cat "$FIX/score-annotated.pred.tsv"; printf 'old/a.txt\tmoney\t0\t1\t\t\t1\tUSD\texact\t$1\n'; } >pred
	run -65 --separate-stderr facts-score "$FIX/score-annotated" pred
	assert_equal "$stderr" "facts-score: pred:19: a second document named 'a.txt' (an annotated gold names documents by their base name)"
	run -1 --separate-stderr facts-score -x "$FIX/score-annotated" "$FIX/score-annotated.pred.tsv"
	assert_equal "$stderr" "facts-score: -f and -x are for a gold facts table, not an annotated gold"
	run -1 --separate-stderr facts-score -d x "$FIX/score-annotated" "$FIX/score-annotated.pred.tsv"
	cut -f1-9 "$FIX/score-annotated.pred.tsv" >pred
	run -65 --separate-stderr facts-score "$FIX/score-annotated" pred
	assert_equal "$stderr" "facts-score: pred:1: missing column 'text' (expected facts output with a header line)"
}

@test "annotated gold: a kind with no gold rows is not scored; a gold document with no facts is all misses" {
	mkdir g
	head -1 "$FIX/score-annotated/money.tsv" >g/money.tsv
	cp "$FIX/score-annotated/quotes.tsv" g/
	run -0 facts-score g /dev/stdin <<<"$(head -1 "$FIX/score-annotated.pred.tsv")"
	assert_equal "$output" "$AG
$(printf '%s\n' \
	    $'quote\t4\t0\t0\t0\t0.0000\t0.0000\t0.0000\t0.0000' \
	    $'all\t4\t0\t0\t0\t0.0000\t0.0000\t0.0000\t')"
	run -74 --separate-stderr bash -c 'facts-score "$1" "$2" >/dev/full' - "$FIX/score-annotated" "$FIX/score-annotated.pred.tsv"
	assert_equal "$stderr" "facts-score: <stdout>: write error: No space left on device"
}

@test "annotated gold: the figures of ../shared/tools/score.py on the dev corpora" {
	[ -d "$TOP/../shared/corpus" ] || skip "no shared corpus"
	cd "$TOP"
	run -0 python3 ../shared/tools/score.py
	want=$output
	[ "${#lines[@]}" -ge 7 ]
	run -0 tests/score-corpora
	assert_equal "$output" "$want"
	# and the same misses: score.py's FP, FN and SPK lines are facts-score's
	# false, miss and speaker rows
	python3 ../shared/tools/score.py --show | awk '$1 ~ /^(FP|FN|SPK)$/ { print $1 }' | sort | uniq -c >"$BATS_TEST_TMPDIR/want"
	tests/score-corpora -l | cut -f2 | grep -E '^(false|miss|speaker)$' | sed 's/false/FP/; s/miss/FN/; s/speaker/SPK/' | sort | uniq -c >"$BATS_TEST_TMPDIR/got"
	diff -u "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	[ -s "$BATS_TEST_TMPDIR/got" ]
}
