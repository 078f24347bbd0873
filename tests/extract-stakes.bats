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
@test "edge: invalid UTF-8 in text" { edge_invalid_utf8 extract-stakes; }

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr extract-stakes -x
	assert_regex "$stderr" "usage: extract-stakes"
	run -0 extract-stakes -h
	assert_regex "$output" "^usage: extract-stakes \[-r RULES\] \[FILE...\]"
}
