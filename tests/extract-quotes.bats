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
@test "edge: invalid UTF-8 in text" { edge_invalid_utf8 extract-quotes; }

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr extract-quotes -x
	assert_regex "$stderr" "usage: extract-quotes"
	run -0 extract-quotes -h
	assert_regex "$output" "^usage: extract-quotes \[-r RULES\] \[FILE...\]"
}
