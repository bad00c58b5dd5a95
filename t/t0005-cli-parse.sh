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

test_expect_success 'an unknown option exits 2 and names it, not its value' '
	test_exit_is 2 "$ATTEND" --db v.db pupils --no-such=1 &&
	test_grep "unknown option .--no-such.$" err &&
	test_grep "^usage: attend \[--db PATH\] pupils " err && ! test -s out &&
	test_exit_is 2 "$ATTEND" --db v.db case list --frob &&
	test_grep "unknown option .--frob." err &&
	test_exit_is 2 "$ATTEND" --frob &&
	test_grep "unknown option .--frob." err
'

test_expect_success '--opt=value and --opt value are the same' '
	"$ATTEND" --db v.db pupils --format=json >eq &&
	"$ATTEND" --db v.db pupils --format json >sp &&
	test_cmp eq sp && test "$(cat sp)" = "[]" &&
	"$ATTEND" pupils --db=v.db --format csv >eq &&
	"$ATTEND" pupils --db v.db --format=csv >sp &&
	test_cmp eq sp && test_grep "^upn,urn," sp
'

test_expect_success 'a flag given a value is a usage error' '
	test_exit_is 2 "$ATTEND" --db v.db schools --all-ages=yes &&
	test_grep "option .--all-ages. takes no value" err
'

test_expect_success 'an option without its value is a usage error naming it' '
	test_exit_is 2 "$ATTEND" --db v.db pupils --school &&
	test_grep "option .--school. needs a value" err
'

test_expect_success '-- ends the options: what follows is an argument' '
	test_exit_is 2 "$ATTEND" --db v.db import -dash.csv &&
	test_grep "unknown option .-dash.csv." err &&
	test_exit_is 1 "$ATTEND" --db v.db import -- -dash.csv &&
	test_grep -- "-dash.csv" err && ! test_grep "unknown option" err &&
	test_exit_is 2 "$ATTEND" --db v.db case list -- --user someone &&
	test_grep "unexpected argument .--user." err
'

test_expect_success 'options and arguments may come in any order' '
	"$ATTEND" --db v.db config statistical_neighbours 991,992 >/dev/null &&
	"$ATTEND" --db v.db config statistical_neighbours --db v.db >a &&
	"$ATTEND" config --db v.db statistical_neighbours >b &&
	test_cmp a b && test "$(cat a)" = 991,992
'

test_expect_success 'a missing argument exits 2 before the store is opened' '
	test_exit_is 2 "$ATTEND" --db none.db case open --user someone &&
	test_grep "'\''case open'\'' needs 1 argument, not 0" err &&
	test_grep "^usage: attend \[--db PATH\] case open UPN " err &&
	test_exit_is 2 "$ATTEND" --db none.db tsm officer 100001 --user someone &&
	test_grep "needs 2 arguments, not 1" err &&
	test_exit_is 2 "$ATTEND" --db none.db import &&
	test_grep "needs at least 1 argument" err &&
	! test -e none.db
'

test_expect_success 'too many arguments exit 2 naming the first one too many' '
	test_exit_is 2 "$ATTEND" --db none.db init extra &&
	test_grep "unexpected argument .extra." err &&
	test_exit_is 2 "$ATTEND" --db none.db parent list A B --user someone &&
	test_grep "unexpected argument .B." err &&
	test_exit_is 2 "$ATTEND" --db none.db config a b c &&
	test_grep "unexpected argument .c." err &&
	! test -e none.db
'

test_expect_success 'a group with --help lists its commands on stdout' '
	test_exit_is 0 "$ATTEND" case --help &&
	test_grep "^usage: attend \[--db PATH\] case COMMAND" out &&
	for c in open move close barrier agency action done show list propose proposals accept dismiss; do
		test_grep "^  $c  " out || return 1
	done &&
	! test -s err &&
	test_exit_is 0 "$ATTEND" report --help && test_grep "^  dip-sample  " out &&
	test_exit_is 0 "$ATTEND" user --help && test_grep "^  passwd  " out
'

test_expect_success 'a group without a command, or with a wrong one, exits 2' '
	test_exit_is 2 "$ATTEND" tsm && test_grep "^  pack  " err && ! test -s out &&
	test_exit_is 2 "$ATTEND" tsm frob &&
	test_grep "'\''frob'\'' is not an '\''attend tsm'\'' command" err
'

test_expect_success 'a command with --help prints its usage, summary and options' '
	test_exit_is 0 "$ATTEND" --db none.db case open --help &&
	test_grep "^usage: attend \[--db PATH\] case open UPN --user NAME" out &&
	test_grep "^open a case for a pupil$" out &&
	test_grep "^  --user NAME  " out && test_grep "^  --stage STAGE  " out &&
	test_grep "^  --help  " out && ! test -s err && ! test -e none.db &&
	"$ATTEND" help case open >via-help && test_cmp out via-help
'

test_expect_success 'help of a command that does not exist exits 2' '
	test_exit_is 2 "$ATTEND" help frobnicate && test_grep frobnicate err &&
	! test -s out
'

test_expect_success 'a typed option refuses a bad value by name, before the store' '
	test_exit_is 2 "$ATTEND" --db none.db case action A --user u --due soon &&
	test_grep "^attend: --due takes a date YYYY-MM-DD, not .soon.$" err &&
	test_exit_is 2 "$ATTEND" --db none.db tsm list --user u --school 12345 &&
	test_grep "^attend: --school takes a URN \(6 digits\), not .12345.$" err &&
	test_exit_is 2 "$ATTEND" --db none.db alerts --user u --ack -3 &&
	test_grep "^attend: --ack takes an id, not .-3.$" err &&
	test_exit_is 2 "$ATTEND" --db none.db tsm summary --user u --year 24 &&
	test_grep "^attend: --year takes the year an academic year starts in" err &&
	test_exit_is 2 "$ATTEND" --db none.db case list --user u --format xml &&
	test_grep "^attend: --format must be csv, table or json, not .xml.$" err &&
	test_exit_is 2 "$ATTEND" --db none.db pupils --from 2024-02-30 &&
	test_grep "^attend: --from takes a date" err &&
	! test -e none.db
'

test_expect_success 'a year with letters after it is not a year' '
	test_exit_is 2 "$ATTEND" --db v.db ctf --school 100001 --from-year 2024x &&
	test_grep "from-year takes the year" err
'

test_expect_success 'a school URN below 100000 is refused for a user too' '
	echo "a-long-password" >pw &&
	test_exit_is 2 "$ATTEND" --db v.db user add lead --name L --role school \
		--schools 012345 <pw &&
	test_grep "012345. is not a URN" err
'

test_expect_success 'a command that only reads never creates a store' '
	for c in "case list" "tsm summary" "notice list" alerts; do
		test_exit_is 1 "$ATTEND" --db none.db $c --user someone &&
		test_grep "none.db: no store here" err || return 1
	done &&
	test_exit_is 1 "$ATTEND" --db none.db user list &&
	test_exit_is 1 "$ATTEND" --db none.db config &&
	test_grep "none.db: no store here" err && ! test -e none.db
'

test_expect_success 'the commands that write create and migrate it' '
	test_exit_is 0 "$ATTEND" --db made.db config statistical_neighbours 991 &&
	test "$(sqlite3 made.db "PRAGMA user_version")" = \
		"$(sqlite3 v.db "PRAGMA user_version")" &&
	test_exit_is 1 "$ATTEND" --db alerts.db alerts --user nobody --refresh &&
	test_grep "nobody" err && test -s alerts.db
'

test_done
