/* tests/view-check.js: run in a browser on a page of facts-view, after a
 * script that sets `table` to the rows of the facts table it was made
 * from ({kind, text}, in table order).  Checks that every fact of the
 * page carries its evidence (the segments that name it: for money and
 * stakes exactly the table's text, for quotes at least the quoted words,
 * marks and spacing aside),
 * highlighted (a background that is not transparent), one colour a kind;
 * that each fact's link leads to its first segment; and that a click on
 * a link brings the evidence into view and marks it.  Writes the result
 * into the page, in a pre element of id view-check, for --dump-dom:
 * "checked N of M", then one line for each failure. */
(function () {
	var facts = document.querySelectorAll('li.fact'), fails = [];
	var colours = {}, checked = 0, i;

	/* A quote's words without its marks and spacing: the table's text of
	 * a quote that runs on into another paragraph has a space for the
	 * break and leaves out the mark that opens the next paragraph. */
	function words(s) {
		return s.replace(/["\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019']/g, '')
		    .replace(/\s+/g, ' ').trim();
	}

	function clear(c) {
		return c === 'transparent' || /^rgba\(.*, 0\)$/.test(c);
	}

	function check(i) {
		var li = facts[i], row = table[i], text = '', a, target;
		var segs = document.querySelectorAll('[data-f~="' + li.id + '"]');
		var why = 'fact ' + (i + 1) + ' (' + row.kind + ' "' + row.text + '"): ';

		if (!li.classList.contains('k-' + row.kind))
			fails.push(why + 'listed as ' + li.className);
		if (!segs.length) {
			fails.push(why + 'no evidence in the text');
			return;
		}
		segs.forEach(function (s) {
			var c = getComputedStyle(s).backgroundColor;

			text += s.textContent;
			if (clear(c))
				fails.push(why + 'a segment is not highlighted');
			else if (s.dataset.f.split(' ').length === 1)
				(colours[row.kind] = colours[row.kind] || {})[c] = 1;
		});
		if (row.kind === 'quote' ? words(text).indexOf(words(row.text)) < 0 :
		    text !== row.text)
			fails.push(why + 'the evidence highlighted is "' + text + '"');
		a = li.querySelector('a[href^="#"]');
		target = a && document.getElementById(a.getAttribute('href').slice(1));
		if (target !== segs[0])
			fails.push(why + 'its link does not lead to its evidence');
		checked++;
	}

	/* Each kind highlighted in one colour of its own. */
	function check_colours() {
		var seen = {};

		['money', 'stake', 'quote'].forEach(function (k) {
			var c = Object.keys(colours[k] || {});

			if (c.length !== 1)
				fails.push(k + ': ' + c.length + ' colours (' + c.join(', ') + ')');
			else if (seen[c[0]])
				fails.push(k + ' and ' + seen[c[0]] + ' share ' + c[0]);
			else
				seen[c[0]] = k;
		});
	}

	/* A click on the legend, which is no evidence, is no error. */
	function check_legend() {
		var errors = 0, sample = document.querySelector('.ev:not([data-f])');

		window.addEventListener('error', function () { errors++; });
		if (sample)
			sample.click();
		if (errors)
			fails.push('click on the legend: an error');
	}

	/* A click on the last fact's link, from the top of the page. */
	function check_click() {
		var a = facts[facts.length - 1].querySelector('a[href^="#"]');
		var href = a.getAttribute('href'), target, r;

		window.scrollTo(0, 0);
		a.click();
		target = document.getElementById(href.slice(1));
		r = target.getBoundingClientRect();
		if (location.hash !== href)
			fails.push('click: the location is "' + location.hash + '", not ' + href);
		if (window.scrollY === 0 || r.top < 0 || r.bottom > window.innerHeight)
			fails.push('click: the evidence is at ' + r.top + '-' + r.bottom +
			    ', not in the window (0-' + window.innerHeight + ')');
		if (!target.classList.contains('hit'))
			fails.push('click: the evidence is not marked');
	}

	if (facts.length !== table.length)
		fails.push('the page lists ' + facts.length + ' facts, the table has ' +
		    table.length);
	for (i = 0; i < facts.length && i < table.length; i++)
		check(i);
	check_colours();
	if (facts.length)
		check_click();
	check_legend();
	var out = document.createElement('pre');
	out.id = 'view-check';
	out.textContent = 'checked ' + checked + ' of ' + table.length + '\n' +
	    fails.join('\n');
	document.body.appendChild(out);
})();
