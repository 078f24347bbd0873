#!/usr/bin/env bats
# facts-view: a facts table as one HTML page, each document's text with
# its facts' evidence highlighted.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

# between groups of digits (U+202F)
G=$'\xe2\x80\xaf'
HEADER=$(printf 'doc\tkind\tstart\tend\tsubject\tobject\tvalue\tunit\tqualifier\ttext')

# row DOC KIND START END SUBJECT OBJECT VALUE UNIT QUALIFIER TEXT
row() { local IFS=$'\t'; printf '%s\n' "$*"; }

# A document of overlapping facts: two stakes on one span, which holds a
# money span.
overlap() {
	printf 'Acme has invested $5 million in Beta.\n' >a.txt
	{
		echo "$HEADER"
		row a.txt stake 0 36 Acme Beta 5000000 USD 'exact;holds' 'Acme has invested $5 million in Beta'
		row a.txt stake 0 36 'Acme Corp' Beta 5000000 USD 'exact;holds' 'Acme has invested $5 million in Beta'
		row a.txt money 18 28 '' '' 5000000 USD exact '$5 million'
	} >t.tsv
}

# The inside of the text of document N of the page (from 1).
text_of() {
	python3 -c 'import re, sys
print(re.findall(r"<div class=\"text\">(.*?)</div>", open(sys.argv[1], encoding="utf-8").read(), re.S)[int(sys.argv[2]) - 1], end="")' "$1" "$2"
}

# The page is well formed: every element closed in the order opened, and
# no element inside a piece of evidence; its bytes are UTF-8.
well_nested() {
	python3 -c 'import sys
from html.parser import HTMLParser
class P(HTMLParser):
	def __init__(self):
		super().__init__(); self.stack = []; self.bad = []
	def handle_starttag(self, tag, attrs):
		if tag == "meta": return
		if self.stack and "ev" in self.stack[-1][1].split():
			self.bad.append("<%s> inside evidence at line %d" % (tag, self.getpos()[0]))
		self.stack.append((tag, dict(attrs).get("class") or ""))
	def handle_endtag(self, tag):
		if not self.stack or self.stack[-1][0] != tag:
			self.bad.append("</%s> at line %d closes %s" % (tag, self.getpos()[0], self.stack[-1:]))
		else: self.stack.pop()
p = P(); p.feed(open(sys.argv[1], encoding="utf-8", errors="strict").read()); p.close()
if p.stack: p.bad.append("left open: %s" % p.stack)
print("\n".join(p.bad)); sys.exit(bool(p.bad))' "$1"
}

@test "overlapping spans: the text cut at every start and end, each piece naming the facts over it" {
	overlap
	run -0 --separate-stderr facts-view t.tsv
	assert_equal "$stderr" ""
	echo "$output" >page.html
	assert_equal "$(text_of page.html 1)" '<span id="s1-1" class="ev k-stake many" data-f="f1-1 f1-2">Acme has invested </span><span id="s1-2" class="ev k-stake k-money many" data-f="f1-1 f1-2 f1-3">$5 million</span><span id="s1-3" class="ev k-stake many" data-f="f1-1 f1-2"> in Beta</span>.'
	# each fact's link leads to the first piece of its evidence
	assert_output --partial '<li class="fact k-stake" id="f1-1" title="table line 2, bytes 0-36"><a href="#s1-1">'
	assert_output --partial '<li class="fact k-stake" id="f1-2" title="table line 3, bytes 0-36"><a href="#s1-1">'
	assert_output --partial '<li class="fact k-money" id="f1-3" title="table line 4, bytes 18-28"><a href="#s1-2">'
	# holder → target, amount, qualifier and modality; money: amount and currency
	assert_output --partial "<b>Acme Corp</b> → <b>Beta</b> · 5${G}000${G}000 USD · exact · holds"
	assert_output --partial '<span class="badge">money</span> 5'"${G}000${G}000"' USD · exact<'
	run -0 well_nested page.html
}

@test "spans that nest, end together or are empty give well-nested pieces" {
	printf 'one two three four five\n' >b.txt
	{
		echo "$HEADER"
		row b.txt quote 0 23 X '' said '' direct 'one two three four five'
		row b.txt stake 4 13 P Q 5 % 'exact;holds' 'two three'
		row b.txt money 8 8 '' '' 1 EUR exact ''
		row b.txt money 8 13 '' '' 2 EUR exact three
		row b.txt quote 14 23 Y '' said '' partial 'four five'
	} >t.tsv
	facts-view t.tsv >page.html
	run -0 well_nested page.html
	assert_equal "$(text_of page.html 1)" '<span id="s1-1" class="ev k-quote" data-f="f1-1">one </span><span id="s1-2" class="ev k-quote k-stake many" data-f="f1-1 f1-2">two </span><span id="s1-3" class="ev k-money" data-f="f1-3"></span><span id="s1-4" class="ev k-quote k-stake k-money many" data-f="f1-1 f1-2 f1-4">three</span><span id="s1-5" class="ev k-quote" data-f="f1-1"> </span><span id="s1-6" class="ev k-quote many" data-f="f1-1 f1-5">four five</span>'
	grep -q '<li class="fact k-money" id="f1-3" [^>]*><a href="#s1-3">' page.html
}

@test "&, <, >, and quotes are escaped in the text, the names and the facts" {
	printf 'Say "<b>" & '"'"'x'"'"' to A<B.\n' >'d<&>.txt'
	{
		echo "$HEADER"
		row 'd<&>.txt' quote 5 12 'A<B & "C"' '' said '' partial '<b>" & '
	} >t.tsv
	run -0 facts-view t.tsv
	echo "$output" >page.html
	assert_equal "$(text_of page.html 1)" 'Say &quot;<span id="s1-1" class="ev k-quote" data-f="f1-1">&lt;b&gt;&quot; &amp; </span>&#39;x&#39; to A&lt;B.'
	assert_output --partial '<h2>d&lt;&amp;&gt;.txt</h2>'
	assert_output --partial '<b>A&lt;B &amp; &quot;C&quot;</b> · said · partial<span class="said">&lt;b&gt;&quot; &amp; </span>'
	run -0 well_nested page.html
}

@test "invalid UTF-8 and controls in a document are U+FFFD; offsets stay bytes" {
	printf 'caf\351 \377\376 costs \001$5.\n' >u.txt
	{
		echo "$HEADER"
		row u.txt money 15 17 '' '' 5 USD exact '$5'
	} >t.tsv
	run -0 facts-view t.tsv
	echo "$output" >page.html
	assert_equal "$(text_of page.html 1)" 'caf� �� costs �<span id="s1-1" class="ev k-money" data-f="f1-1">$5</span>.'
	# the page is UTF-8 (python reads it strictly)
	run -0 well_nested page.html
}

@test "paragraph breaks are kept, and white space shown as written" {
	printf 'One.\n\n  Two  €5.\n' >p.txt
	{
		echo "$HEADER"
		row p.txt money 13 17 '' '' 5 EUR exact '€5'
	} >t.tsv
	facts-view t.tsv >page.html
	assert_equal "$(text_of page.html 1)" 'One.

  Two  <span id="s1-1" class="ev k-money" data-f="f1-1">€5</span>.'
	grep -q '^\.text{white-space:pre-wrap' page.html
}

@test "a document that cannot be read: a message, its facts listed, the rest written, exit 74" {
	overlap
	{
		echo "$HEADER"
		row nosuch.txt money 0 2 '' '' 5 USD exact '$5'
		tail -n +2 t.tsv
	} >t2.tsv
	run -74 --separate-stderr facts-view -o page.html t2.tsv
	assert_equal "$stderr" "facts-view: nosuch.txt: cannot open: No such file or directory"
	[ "$output" = "" ]
	grep -q '<h2>nosuch.txt</h2>' page.html
	grep -q '<p class="trouble">cannot open: No such file or directory</p>' page.html
	# its fact is listed, with no link; the next document is whole
	grep -q '<li class="fact k-money" id="f1-1" title="table line 2, bytes 0-2"><span class="badge">money</span>' page.html
	[ "$(text_of page.html 1)" = "" ]
	facts-view t.tsv >one.html
	[ "$(text_of page.html 2 | sed 's/s2-/s1-/g; s/f2-/f1-/g')" = "$(text_of one.html 1)" ]
	grep -q '<p>2 documents, 4 facts</p>' page.html
	# a table of standard input names no file to read
	{ echo "$HEADER"; row - money 0 2 '' '' 5 USD exact '$5'; } >t3.tsv
	run -74 --separate-stderr facts-view t3.tsv
	assert_equal "$stderr" "facts-view: -: standard input, which is not there to read again"
}

@test "a span past the end of its file: the table's line, the page written, exit 65" {
	overlap
	row a.txt money 30 99 '' '' 5 USD exact '$5' >>t.tsv
	run -65 --separate-stderr facts-view t.tsv
	assert_equal "$stderr" "facts-view: t.tsv:5: bytes 30-99 are past the end of a.txt (38 bytes)"
	assert_output --partial '<span class="trouble">bytes 30-99 are past the end of the file (38 bytes)</span>'
	# not highlighted; the others are
	refute_output --regexp 'data-f="[^"]*f1-4'
	assert_output --partial 'data-f="f1-1 f1-2 f1-3"'
	assert_output --partial '</html>'
}

@test "the stamp line of facts -s is shown, the page otherwise the same" {
	overlap
	facts-view t.tsv >plain.html
	{ echo '# facts 0.8 (abc1234) rules 0123abcd <&>'; cat t.tsv; } >stamped.tsv
	run -0 --separate-stderr facts-view stamped.tsv
	assert_output --partial '<p class="stamp"># facts 0.8 (abc1234) rules 0123abcd &lt;&amp;&gt;</p>'
	# (the table's lines one further on)
	diff <(echo "$output" | grep -v '^<p class="stamp">' | sed 's/stamped.tsv/t.tsv/') \
	    <(perl -pe 's/title="table line (\d+)/"title=\"table line " . ($1 + 1)/e' plain.html)
}

@test "-d DIR: the documents under DIR" {
	overlap
	mkdir sub
	mv a.txt sub/
	run -74 --separate-stderr facts-view t.tsv
	run -0 --separate-stderr facts-view -d sub t.tsv
	assert_output --partial '$5 million</span>'
	assert_equal "$stderr" ""
}

@test "a bad table: its line and exit 65" {
	overlap
	cut -f1-9 t.tsv >nocol.tsv
	run -65 --separate-stderr facts-view nocol.tsv
	assert_equal "$stderr" "facts-view: nocol.tsv:1: missing column 'text' (expected facts output with a header line)"
	sed '3s/\t0\t36\t/\t0\t3x\t/' t.tsv >badnum.tsv
	run -65 --separate-stderr facts-view badnum.tsv
	assert_equal "$stderr" "facts-view: badnum.tsv:3: column 'end': not a count or offset: '3x'"
	sed '3s/\t0\t36\t/\t36\t0\t/' t.tsv >back.tsv
	run -65 --separate-stderr facts-view back.tsv
	assert_equal "$stderr" "facts-view: back.tsv:3: end 0 before start 36"
	printf 'x\n' >b.txt
	{ head -3 t.tsv; row b.txt money 0 1 '' '' 1 USD exact x; sed -n 4p t.tsv; } >apart.tsv
	run -65 --separate-stderr facts-view apart.tsv
	assert_equal "$stderr" "facts-view: apart.tsv:5: document 'a.txt' again: the rows of a document must be together"
	printf 'x\ty\n' >>t.tsv
	run -65 --separate-stderr facts-view t.tsv
	assert_equal "$stderr" "facts-view: t.tsv:5: 2 fields, the header has 10"
	run -65 --separate-stderr facts-view </dev/null
	assert_equal "$stderr" "facts-view: -: empty input: no header line (expected facts output)"
}

@test "a table of no facts is a page of no documents" {
	echo "$HEADER" >t.tsv
	run -0 --separate-stderr facts-view <t.tsv
	assert_output --partial '<p>0 documents, 0 facts</p>'
	echo "$output" >page.html
	run -0 well_nested page.html
}

@test "options, --help, --version; output errors" {
	run -0 facts-view --help
	assert_line --index 0 "usage: facts-view [-H] [-d DIR] [-o FILE] [TABLE]"
	run -0 facts-view --version
	assert_regex "$output" '^facts-view [0-9.]+'
	run -1 --separate-stderr facts-view -x
	run -1 --separate-stderr facts-view a b
	assert_regex "$stderr" "usage: facts-view"
	overlap
	run -74 --separate-stderr bash -c 'facts-view t.tsv >/dev/full'
	assert_equal "$stderr" "facts-view: <stdout>: write error: No space left on device"
	run -74 --separate-stderr facts-view -o /dev/full t.tsv
	assert_equal "$stderr" "facts-view: /dev/full: write error: No space left on device"
	run -74 --separate-stderr facts-view -o nodir/page.html t.tsv
	assert_equal "$stderr" "facts-view: nodir/page.html: cannot create: No such file or directory"
	run -74 --separate-stderr facts-view nosuch.tsv
	assert_equal "$stderr" "facts-view: nosuch.tsv: cannot open: No such file or directory"
}

@test "a reader that goes away ends it quietly" {
	overlap
	# a page larger than the pipe and the buffers
	for i in $(seq 100000); do echo 'Acme has invested $5 million in Beta.'; done >a.txt
	run --separate-stderr bash -c 'facts-view t.tsv | head -1'
	assert_equal "$stderr" ""
	assert_output '<!DOCTYPE html>'
	[ "$(facts-view t.tsv | wc -c)" -gt 3000000 ]
}

@test "the page of the seeds, as the README makes it, is the same on every run" {
	cd "$TOP"
	facts seeds/*.txt | facts-view >"$BATS_TEST_TMPDIR/a.html"
	facts seeds/*.txt >"$BATS_TEST_TMPDIR/t.tsv"
	facts-view -o "$BATS_TEST_TMPDIR/b.html" "$BATS_TEST_TMPDIR/t.tsv"
	cmp "$BATS_TEST_TMPDIR/a.html" <(sed "s|<title>facts: $BATS_TEST_TMPDIR/t.tsv</title>|<title>facts</title>|" "$BATS_TEST_TMPDIR/b.html")
	run -0 well_nested "$BATS_TEST_TMPDIR/a.html"
	[ "$(grep -c '<li class="fact' "$BATS_TEST_TMPDIR/a.html")" -eq "$(($(wc -l <"$BATS_TEST_TMPDIR/t.tsv") - 1))" ]
}

# The rows of a facts table as `var table = [{kind, text}, ...]`, for
# tests/view-check.js.
table_js() {
	python3 -c 'import json, re, sys
esc = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l and l[0] != "#"]
cols = lines[0].split("\t")
rows = []
for l in lines[1:]:
	f = dict(zip(cols, (re.sub(r"\\(.)", lambda m: esc[m.group(1)], x) for x in l.split("\t"))))
	rows.append({"kind": f["kind"], "text": f["text"]})
print("var table = " + json.dumps(rows).replace("</", "<\\/") + ";")' "$1"
}

# in_chromium PAGE TABLE: PAGE with tests/view-check.js run on it in
# headless chromium; prints what the check wrote.
in_chromium() {
	{ echo '<script>'; table_js "$2"; cat "$BATS_TEST_DIRNAME/view-check.js"; echo '</script>'; } >check.js
	awk 'FNR == NR { s = s $0 "\n"; next } /^<\/body>$/ { printf "%s", s } 1' check.js "$1" >check.html
	timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$BATS_TEST_TMPDIR/chromium" --virtual-time-budget=2000 \
	    --dump-dom "file://$BATS_TEST_TMPDIR/check.html" 2>chromium.err >dom.html || {
		cat chromium.err; return 1; }
	awk '/<pre id="view-check">/ { on = 1; sub(/.*<pre id="view-check">/, "") }
	    on && /<\/pre>/ { sub(/<\/pre>.*/, ""); print; exit } on' dom.html
}

@test "in chromium, every fact of the seeds' page is highlighted and its link leads to it" {
	[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium: make deps installs it"
	(cd "$TOP" && facts seeds/*.txt) >seeds.tsv
	(cd "$TOP" && facts-view) <seeds.tsv >page.html
	n=$(($(wc -l <seeds.tsv) - 1))
	[ "$n" -gt 40 ]
	run -0 in_chromium page.html seeds.tsv
	assert_output "checked $n of $n"
	# the check sees the stakes that only one fact covers left plain, a
	# fact whose piece of evidence names another, and a script that fails
	# on a click on the legend
	sed 's/ class="ev k-stake" / class="plain" /g; 0,/ data-f="f1-1"/s// data-f="f1-2"/
	    s/closest(.\.fact,\.ev\[data-f\].)/closest(".fact,.ev")/' page.html >broken.html
	run -0 in_chromium broken.html seeds.tsv
	assert_line --index 0 "checked $((n - 1)) of $n"
	assert_line --regexp '^fact [0-9]+ \(stake .*\): a segment is not highlighted$'
	assert_line --regexp '^fact 1 \(.*\): no evidence in the text$'
	assert_line --regexp '^fact 2 \(.*\): its link does not lead to its evidence$'
	assert_line 'click on the legend: an error'
}

@test "the examples of the manual page run as printed" {
	cp -r "$TOP/seeds" .
	# each writes a page: run, it must succeed; then the pages are looked at
	man_examples facts-view 3 ""
	grep -q '<li class="fact k-money"' review.html
	grep -q '<p class="stamp"># facts ' checked.html
	grep -q '<li class="fact k-stake"' stakes.html
	! grep -q '<li class="fact k-money"' stakes.html
}

@test "-o FILE: the page takes FILE's name only when whole; FILE may be the table read" {
	overlap
	cp t.tsv table.tsv
	facts-view table.tsv >expect.html
	umask 022
	run -0 facts-view -o table.tsv table.tsv
	cmp expect.html table.tsv
	[ "$(stat -c %a table.tsv)" = 644 ]
	# a run that stops leaves FILE as it was, and nothing beside it
	printf 'x\ty\n' >>t.tsv
	echo before >page.html
	run -65 facts-view -o page.html t.tsv
	[ "$(cat page.html)" = before ]
	[ "$(ls page.html*)" = page.html ]
}

@test "an HTML document is shown as read, tags left out and references decoded, every fact highlighted" {
	[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium: make deps installs it"
	cp "$FIX/article.html" .
	facts article.html >html.tsv
	n=$(($(wc -l <html.tsv) - 1))
	[ "$n" -ge 2 ]
	run -0 --separate-stderr facts-view html.tsv
	assert_equal "$stderr" ""
	printf '%s\n' "$output" >page.html
	grep -q 'HTML, shown as read' page.html
	# no markup of the document in its text, and the money as decoded
	! sed -n '/<div class="text">/,/<\/div>/p' page.html | grep -q '&lt;/\?p'
	grep -q 'k-money[^>]*>€' page.html
	run -0 in_chromium page.html html.tsv
	assert_output "checked $n of $n"
	# -H reads a file that does not start as HTML as HTML too
	printf 'Acme paid &euro;5m.\n' >frag.txt
	facts -H frag.txt | facts-view -H >frag.html
	grep -q 'k-money[^>]*>€5m<' frag.html
}
