#!/bin/sh
# attend init, --help everywhere, exit statuses of usage errors, and the
# message when a report is asked of a store that does not exist.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'init creates a store file that sqlite can read' '
	test_exit_is 0 "$ATTEND" --db store.db init &&
	test -s store.db &&
	sqlite3 store.db "PRAGMA integrity_check" >check &&
	test "$(cat check)" = ok &&
	sqlite3 store.db "SELECT count(*) FROM sqlite_master WHERE name = '\''school'\''" >n &&
	test "$(cat n)" = 1
'

test_expect_success 'init run again succeeds and leaves the store unchanged' '
	store_dump store.db >before &&
	test_exit_is 0 "$ATTEND" --db store.db init &&
	store_dump store.db >after &&
	test_cmp before after
'

test_expect_success 'init with --db=PATH (one argument) creates that store' '
	test_exit_is 0 "$ATTEND" --db=eq.db init && test -s eq.db
'

test_expect_success 'init uses $ATTEND_DB when there is no --db' '
	ATTEND_DB=env.db "$ATTEND" init >out 2>err &&
	test -s env.db && ! test -e attend.db
'

test_expect_success '--db given after the command is honoured too' '
	test_exit_is 0 "$ATTEND" init --db late.db && test -s late.db
'

test_expect_success 'init refuses an argument with exit 2' '
	test_exit_is 2 "$ATTEND" --db store.db init extra
'

# Every command the top-level help lists, plus the contract's own list
# (so a command dropped from the help is noticed too).
test_expect_success 'attend --help exits 0' '
	"$ATTEND" --help >top-help 2>top-err
'
test_expect_success 'attend --help prints a usage line and lists the commands' '
	test_grep "^usage: attend" top-help &&
	for c in init import pupils schools penalty demo; do
		test_grep "^  $c " top-help || return 1
	done
'
commands=$(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' top-help)
for c in init import pupils schools penalty demo $commands; do
	case " $seen " in *" $c "*) continue ;; esac
	seen="$seen $c"
	test_expect_success "attend $c --help exits 0 and prints its usage" "
		test_exit_is 0 \"\$ATTEND\" --db nowhere.db $c --help &&
		test_grep '^usage: attend .*$c' out &&
		! test -s err && ! test -e nowhere.db
	"
done

test_expect_success 'attend help pupils prints the pupils usage, exit 0' '
	test_exit_is 0 "$ATTEND" help pupils && test_grep "^usage: attend .*pupils" out
'

test_expect_success 'pupils --help names every option of the contract' '
	test_exit_is 0 "$ATTEND" pupils --help &&
	for o in --school --from --to --format; do
		grep -q -e "$o" out || { echo "no $o"; return 1; }
	done
'

test_expect_success 'schools --help names --all-ages' '
	test_exit_is 0 "$ATTEND" schools --help && grep -q -e --all-ages out
'

test_expect_success 'penalty --help names --as-of' '
	test_exit_is 0 "$ATTEND" penalty --help && grep -q -e --as-of out
'

test_expect_success 'an unknown command exits 2 and names it' '
	test_exit_is 2 "$ATTEND" --db store.db frobnicate &&
	test_grep frobnicate err && ! test -s out
'

test_expect_success 'no command at all exits 2 with the usage on stderr' '
	test_exit_is 2 "$ATTEND" && test_grep "usage" err
'

test_expect_success 'an unknown global option exits 2' '
	test_exit_is 2 "$ATTEND" --bogus init && test_grep -- "--bogus" err
'

for c in init import pupils schools penalty; do
	test_expect_success "an unknown option of $c exits 2 and names it" "
		test_exit_is 2 \"\$ATTEND\" --db store.db $c --no-such-option &&
		test_grep -- '--no-such-option' err
	"
done

test_expect_success 'a report option missing its value exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db pupils --school
'

test_expect_success 'an unknown --format exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db pupils --format xml
'

test_expect_success 'a --school that is not a 6-digit URN exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db pupils --school 12345
'

test_expect_success 'a --from that is not a date exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db schools --from 2024-13-01
'

test_expect_success 'a --to before --from exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db pupils --from 2024-10-01 --to 2024-09-01
'

test_expect_success 'a bad --as-of exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db penalty --as-of yesterday
'

test_expect_success 'import with no file exits 2' '
	test_exit_is 2 "$ATTEND" --db store.db import
'

test_expect_success 'importing a file that does not exist exits 1 and names it' '
	test_exit_is 1 "$ATTEND" --db store.db import no-such-file.csv &&
	test_grep "no-such-file.csv" err
'

for c in pupils schools penalty "register A990200125001"; do
	name=${c%% *}
	test_expect_success "$name on a missing store exits 1 naming the path, creating nothing" "
		test_exit_is 1 \"\$ATTEND\" --db missing/none.db $c &&
		test_grep 'missing/none.db' err && ! test -s out &&
		! test -e missing
	"
done

test_expect_success 'a report on a missing $ATTEND_DB store names that path' '
	ATTEND_DB=gone.db "$ATTEND" schools >out 2>err
	test $? = 1 && test_grep "gone.db" err && ! test -e gone.db
'

test_expect_success 'reports on an empty store succeed with just the CSV header' '
	test_exit_is 0 "$ATTEND" --db store.db pupils --format csv &&
	test "$(cat out)" = "upn,urn,possible,attendance,authorised,unauthorised,absence_pct,band,pa,sa" &&
	test_exit_is 0 "$ATTEND" --db store.db schools --format csv &&
	test "$(cat out)" = "urn,name,enrolments,possible,overall_pct,authorised_pct,unauthorised_pct,pa,pa_pct,sa,sa_pct" &&
	test_exit_is 0 "$ATTEND" --db store.db penalty --format csv --as-of 2025-01-01 &&
	test "$(cat out)" = "upn,urn,first_met"
'

test_expect_success 'json of an empty report is an empty array' '
	test_exit_is 0 "$ATTEND" --db store.db pupils --format json &&
	python3 -c "import json,sys; assert json.load(open(\"out\")) == []"
'

test_done
