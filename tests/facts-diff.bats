#!/usr/bin/env bats
# facts-diff: two facts tables compared fact by fact.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

@test "added, removed and changed facts, keyed by document, kind and span" {
	run -1 --separate-stderr facts-diff "$FIX/diff-old.tsv" "$FIX/diff-new.tsv"
	assert_equal "${lines[0]}" "$(printf 'change\tdoc\tkind\tstart\tend\tchanged\told_subject\tnew_subject\told_object\tnew_object\told_value\tnew_value\told_unit\tnew_unit\told_qualifier\tnew_qualifier\told_text\tnew_text')"
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | cut -f1-6,11,12)" "$(printf '%s\n' \
	    $'changed\ta.txt\tmoney\t10\t20\tqualifier\t5000000\t5000000' \
	    $'changed\ta.txt\tmoney\t70\t90\ttext\t10\t10' \
	    $'changed\ta.txt\tmoney\t70\t90\tvalue,text\t20\t25' \
	    $'removed\tb.txt\tstake\t5\t40\t\t15\t' \
	    $'added\tc.txt\tquote\t1\t9\t\t\ttold')"
	# the escaped tab of a field comes out escaped
	assert_regex "${lines[5]}" '	Hi\\tthere$'
	# and the counts on standard error
	assert_equal "$stderr" "$(printf '%s\n' \
	    'facts-diff: money: 1 same, 0 added, 0 removed, 3 changed' \
	    'facts-diff: quote: 1 same, 1 added, 0 removed, 0 changed' \
	    'facts-diff: stake: 0 same, 0 added, 1 removed, 0 changed')"
}

@test "-s writes the counts as a table, -q nothing" {
	run -1 --separate-stderr facts-diff -s "$FIX/diff-old.tsv" "$FIX/diff-new.tsv"
	assert_equal "$output" "$(printf 'kind\tsame\tadded\tremoved\tchanged\nmoney\t1\t0\t0\t3\nquote\t1\t1\t0\t0\nstake\t0\t0\t1\t0')"
	assert_equal "$stderr" ""
	run -1 --separate-stderr facts-diff -q "$FIX/diff-old.tsv" "$FIX/diff-new.tsv"
	assert_equal "$output$stderr" ""
}

@test "a table against itself is no difference: exit 0, the header only" {
	run -0 --separate-stderr facts-diff "$FIX/diff-old.tsv" "$FIX/diff-old.tsv"
	[ "${#lines[@]}" -eq 1 ]
	assert_equal "$stderr" ""
	run -0 facts-diff -q "$GOLD/seeds.facts.tsv" - <"$GOLD/seeds.facts.tsv"
}

@test "the order of the rows inside a document does not matter" {
	{ head -1 "$GOLD/seeds.facts.tsv"; tail -n +2 "$GOLD/seeds.facts.tsv" | sort -t "$(printf '\t')" -k1,1 -k10,10 -s; } >shuffled
	! cmp -s shuffled "$GOLD/seeds.facts.tsv"
	run -0 facts-diff "$GOLD/seeds.facts.tsv" shuffled
}

@test "two real outputs, made with two rules directories" {
	cp -r "$TOP/rules" r2
	sed -i '/^euros\t/d' r2/currencies.tsv
	sed -i '/^told$/d' r2/reporting-verbs.tsv
	facts "$SEEDS"/*.txt >old
	facts -r r2 "$SEEDS"/*.txt >new
	run -1 --separate-stderr facts-diff -s old new
	assert_equal "$output" "$(printf 'kind\tsame\tadded\tremoved\tchanged\nmoney\t2\t0\t3\t0\nquote\t29\t0\t1\t0\nstake\t9\t0\t2\t0')"
	run -1 --separate-stderr facts-diff old new
	# each removed fact is a row of the old table, none of the new
	for row in "${lines[@]:1}"; do
		[ "${row%%	*}" = removed ]
		IFS=$'\t' read -r _ doc kind start end _ <<<"$row"
		grep -q "^$doc	$kind	$start	$end	" old
		! grep -q "^$doc	$kind	$start	$end	" new
	done
	# the money that went is in euros, the quote that went is told
	[ "$(printf '%s\n' "${lines[@]}" | awk -F'\t' '$3 == "money" { print $13 }' | sort -u)" = EUR ]
	[ "$(printf '%s\n' "${lines[@]}" | awk -F'\t' '$3 == "quote" { print $11 }')" = told ]
}

@test "a document in one table only, at the start, in the middle, at the end" {
	t=$GOLD/seeds.facts.tsv
	docs=$(tail -n +2 "$t" | cut -f1 | uniq)
	first=$(echo "$docs" | sed -n 1p) mid=$(echo "$docs" | sed -n 3p) last=$(echo "$docs" | tail -1)
	grep -v -e "^$first	" -e "^$last	" "$t" >new
	grep -v "^$mid	" "$t" >old
	run -1 --separate-stderr facts-diff old new
	n=$(grep -c -e "^$first	" -e "^$last	" "$t")
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^removed	')" -eq "$n" ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^added	')" -eq "$(grep -c "^$mid	" "$t")" ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c -v -e '^removed' -e '^added')" -eq 1 ]
	# in the order of the documents
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f2 | uniq)" = "$(printf '%s\n' "$first" "$mid" "$last")" ]
}

@test "two outputs of an extractor: the kind is the extractor's" {
	sentences "$SEEDS"/*.txt >sent
	extract-money sent >old
	awk -F'\t' -v OFS='\t' 'NR == 3 { $6 = $6 "0" } 1' old >new
	run -1 --separate-stderr facts-diff old new
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | cut -f1,3,6)" "$(printf 'changed\tmoney\tamount')"
}

@test "documents in another order are trouble: exit 2, naming the line" {
	t=$GOLD/seeds.facts.tsv
	{ head -1 "$t"; tail -n +2 "$t" | tac; } >rev
	run -2 --separate-stderr facts-diff "$t" rev
	assert_regex "$stderr" "^facts-diff: (rev|$t):[0-9]+: document '[^']+' again: the rows of a document must be together"
	{ head -11 "$t"; sed -n 2p "$t"; } >split
	[ "$(cut -f1 split | uniq | wc -l)" -eq 4 ]
	run -2 --separate-stderr facts-diff split split
	assert_regex "$stderr" "^facts-diff: split:12: document '[^']+' again"
}

@test "trouble is exit 2: usage, a missing file, a bad table, a full disk" {
	run -2 facts-diff "$FIX/diff-old.tsv"
	run -2 --separate-stderr facts-diff -z a b
	run -2 --separate-stderr facts-diff nosuch "$FIX/diff-old.tsv"
	assert_equal "$stderr" "facts-diff: nosuch: cannot open: No such file or directory"
	printf 'doc\tkind\tstart\n' >bad
	run -2 --separate-stderr facts-diff bad "$FIX/diff-old.tsv"
	assert_equal "$stderr" "facts-diff: bad:1: missing column 'end' (expected facts output with a header line)"
	printf 'doc\tsent\tstart\tend\n' >bad
	run -2 --separate-stderr facts-diff bad "$FIX/diff-old.tsv"
	assert_equal "$stderr" "facts-diff: bad:1: no column 'kind' (expected a facts table, or the output of an extractor)"
	{ head -2 "$FIX/diff-new.tsv"; printf 'a.txt\tmoney\t9\t3\t\t\t1\tUSD\texact\tx\n'; } >bad
	run -2 --separate-stderr facts-diff bad "$FIX/diff-new.tsv"
	assert_equal "$stderr" "facts-diff: bad:3: end 3 before start 9"
	run -2 --separate-stderr bash -c 'facts-diff "$1" "$2" >/dev/full' - "$FIX/diff-old.tsv" "$FIX/diff-new.tsv"
	assert_regex "$stderr" "^facts-diff: <stdout>: write error: No space left on device"
}

@test "a closed pipe is quiet" {
	for i in $(seq 300); do tail -n +2 "$GOLD/seeds.facts.tsv" | sed "s|^seeds/|$i/|"; done >body
	{ head -1 "$GOLD/seeds.facts.tsv"; cat body; } >big
	run --separate-stderr bash -c 'facts-diff "$1" "$2" | head -1' - big "$FIX/diff-old.tsv"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(head -1 <(facts-diff "$FIX/diff-old.tsv" "$FIX/diff-old.tsv"))"
}

@test "--help and --version" {
	run -0 facts-diff --help
	assert_regex "${lines[0]}" '^usage: facts-diff '
	run -0 facts-diff --version
	assert_regex "$output" '^facts-diff [0-9]+\.[0-9]+'
}

@test "the examples of the man page run as printed" {
	mkdir corpus
	printf 'Acme said it paid more than $5m for Zenith.\n' >corpus/a.txt
	# rules of old that did not know "more than": the same span, another qualifier
	cp -r "$TOP/rules" rules.old
	grep -v '^more than	' "$TOP/rules/money-qualifiers.tsv" >rules.old/money-qualifiers.tsv
	ok_status='[01]' man_examples facts-diff 3 $'changed\tcorpus/a.txt\tmoney' $'money\t0\t0\t0\t1'
}
