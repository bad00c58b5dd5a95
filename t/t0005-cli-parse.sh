#!/bin/sh
# The command line itself: --version, how options and arguments are
# parsed (--opt=value and --opt value, --, unknown options, missing
# values, too few and too many arguments) and the help generated from
# the command table, for a group and for one of its commands.
. "$(dirname "$0")/test-lib.sh"

test_expect_success '--version names the schema version a store is migrated to' '
	test_exit_is 0 "$ATTEND" --db v.db init &&
	want=$(sqlite3 v.db "PRAGMA user_version") &&
	test_exit_is 0 "$ATTEND" --version &&
	test_grep "^attend [0-9]+ \(schema $want\)$" out
'

test_done
