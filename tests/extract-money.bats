#!/usr/bin/env bats
# extract-money: split output to money rows.  The recognition itself is the
# work of its own issue; these are the stream's contract and edge cases.

load test_helper

setup() { cd "$BATS_TEST_TMPDIR"; }

@test "header names the contract's columns" {
	run -0 bash -c 'normalize </dev/null | split | extract-money'
	assert_equal "${lines[0]}" "$(printf 'doc\tsent\tstart\tend\ttext\tamount\tcurrency\tqualifier')"
}

@test "edge: empty input" { edge_empty_input extract-money; }
@test "edge: header only" { edge_header_only extract-money; }
@test "edge: missing column" { edge_missing_column extract-money; }
@test "edge: missing header" { edge_missing_header extract-money; }
@test "edge: CRLF header" { edge_crlf_header extract-money; }
@test "edge: too few or too many fields" { edge_field_count extract-money; }
@test "edge: bad escape" { edge_bad_escape extract-money; }
@test "edge: bad number" { edge_bad_number extract-money; }
@test "edge: missing file" { edge_missing_file extract-money; }
@test "edge: /dev/full" { edge_dev_full extract-money; }
@test "edge: closed pipe" { edge_closed_pipe extract-money; }
@test "edge: later header differs" { edge_later_header_differs extract-money; }

@test "a bad option is a usage error, -h is help" {
	run -1 --separate-stderr extract-money -x
	assert_regex "$stderr" "usage: extract-money"
	run -0 extract-money -h
	assert_regex "$output" "^usage: extract-money \[-r RULES\] \[FILE...\]"
}
