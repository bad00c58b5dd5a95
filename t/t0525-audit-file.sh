#!/bin/bash
# The audit log in a file of its own beside the store, STORE.audit
# (src/store/audit_file.h): a log that is missing starts again saying so,
# another store's is refused, a removed store's is set aside; and a pupil
# page and a command answer at once, their views logged, while an import
# holds the store's write lock.  (The move of an older store's rows into
# the file is t/unit/test-audit-file.c's.)
. "$(dirname "$0")/test-lib.sh"

upn_a=$(upn 990200125001)
test_expect_success 'a store with a pupil' '
	printf "urn,laestab,name,phase\n100001,9902001,Oak,primary\n" >schools.csv &&
	printf "upn,urn,surname,forename,dob\n%s,100001,Able,Ann,2016-01-01\n" \
		"$upn_a" >pupils.csv &&
	"$ATTEND" --db s.db import schools.csv pupils.csv >/dev/null
'
test_expect_success 'a lost audit log starts again, its first entry saying so' - <<\EOT
mv s.db.audit kept.audit &&
"$ATTEND" --db s.db init >/dev/null 2>err &&
! test -s err &&
test_is "$(sqlite3 s.db.audit "SELECT action FROM audit ORDER BY id LIMIT 1")" "log started" &&
sqlite3 s.db.audit "SELECT detail FROM audit ORDER BY id LIMIT 1" >first &&
test_grep "had an audit log, which was missing" first
EOT
test_expect_success 'a store made again at a removed one'\''s path sets its log aside' '
	cp s.db gone.db && cp kept.audit gone.db.audit &&
	rm gone.db && "$ATTEND" --db gone.db init >/dev/null &&
	ls gone.db.audit.orphan-*[0-9] >aside && test_is "$(wc -l <aside)" 1 &&
	cmp kept.audit "$(cat aside)" &&
	test_is "$(sqlite3 gone.db.audit "SELECT count(*) FROM audit")" 0
'
test_expect_success 'another store'\''s audit log is refused' '
	"$ATTEND" --db other.db init >/dev/null &&
	cp other.db.audit s.db.audit &&
	test_exit_is 1 "$ATTEND" --db s.db init &&
	test_grep "belongs to another store" err &&
	cp kept.audit s.db.audit &&
	"$ATTEND" --db s.db init >/dev/null
'

# hold_write_lock DB SECONDS: another connection holds DB's write lock
# (as an import's transaction does) for SECONDS, from when this returns.
hold_write_lock() {
	{ echo "BEGIN IMMEDIATE;"
	  echo "UPDATE meta SET value = value WHERE key = 'store_id';"
	  sleep "$2"; echo "COMMIT;"; } | sqlite3 "$1" &
	locker=$!
	for i in $(seq 50); do
		sqlite3 -cmd ".timeout 0" "$1" "BEGIN IMMEDIATE; ROLLBACK" \
			>/dev/null 2>&1 || return 0
		sleep 0.1
	done
	return 1
}

test_expect_success 'the command line logs a register shown while an import writes' - <<\EOT
hold_write_lock s.db 5 &&
start=$(date +%s%N) &&
"$ATTEND" --db s.db register "$upn_a" >out 2>err &&
took=$(( ($(date +%s%N) - start) / 1000000 )) &&
echo "took $took ms" &&
kill $locker 2>/dev/null; wait $locker 2>/dev/null
[ "$took" -lt 1000 ] &&
test_is "$(sqlite3 s.db.audit "SELECT count(*) FROM audit WHERE object = 'command register' AND instr(detail, '$upn_a')")" 1
EOT

# The web fixture (t/web-lib.sh) and a pupil page under the same lock.
export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture
test_expect_success 'the lead signs in' '
	login lead
'
test_expect_success 'a pupil page answers within a second, logged, while an import holds the lock' - <<\EOT
before=$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE object = 'pupil $A'") &&
hold_write_lock $db 6 &&
start=$(date +%s%N) &&
got=$(curl -s -o body -w '%{http_code}' --max-time 5 -b jar.lead "$base/pupils/$A") &&
took=$(( ($(date +%s%N) - start) / 1000000 )) &&
echo "answered $got in $took ms" &&
test_is "$got" 200 &&
[ "$took" -lt 1000 ] &&
test_grep Able body &&
test_is "$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE object = 'pupil $A'")" $((before + 1))
EOT
kill $locker 2>/dev/null; wait $locker 2>/dev/null

test_done
