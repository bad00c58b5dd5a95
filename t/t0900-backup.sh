#!/bin/sh
# attend backup and attend restore: a backup taken while an import runs
# is the store before the import or after it, never between; a damaged
# backup is reported; a newer store is replaced only with --force; and
# --keep removes the oldest backups.
#
# Expected figures are the store's own, before and after the import,
# taken from the source store by attend schools: the backup is judged
# against the source, not against a number of its own.
. "$(dirname "$0")/test-lib.sh"

# The demo's registers run to yesterday: two academic years of them.
ATTEND_TODAY=2026-11-23
export ATTEND_TODAY

# A demo authority's files: a year of registers in the store, the next
# year's (about 700,000 marks) in one file, one transaction, to import
# while the backups are taken.
test_setup 'a demo authority is generated' '
	"$ATTEND" --db gen.db demo --pupils 6000 --out demo --quiet &&
	first=$(ls demo/register/*.csv | sed -n "s/.*-\(20[0-9][0-9]\)\.csv$/\1/p" | sort -u | head -n 1) &&
	test -n "$first" &&
	"$ATTEND" --db s.db import demo/schools.csv demo/areas.csv \
		demo/calendar.csv demo/pupils.csv demo/register/*-$first.csv >/dev/null &&
	{
		head -n 1 demo/register/$(ls demo/register | head -n 1) &&
		for f in demo/register/*.csv; do
			case $f in *-$first.csv) continue ;; esac
			tail -n +2 "$f"
		done
	} >next.csv &&
	test $(wc -l <next.csv) -gt 100000
'

test_expect_success 'the figures before the import are taken' '
	"$ATTEND" --db s.db schools --format csv >before.csv &&
	test $(wc -l <before.csv) -gt 2
'

# Backups, each into a directory of its own, one after another for as
# long as the import runs; "inside" records those that began and ended
# while the importing process was alive.
test_expect_success 'backups are taken while a large import runs' '
	"$ATTEND" --db s.db import next.csv >import.out 2>import.err &
	pid=$! &&
	i=0 inside= &&
	while kill -0 $pid 2>/dev/null; do
		i=$((i + 1)) &&
		"$ATTEND" --db s.db backup during$i >backup$i.out 2>backup$i.err &&
		if kill -0 $pid 2>/dev/null; then inside="$inside $i"; fi ||
		{ cat backup$i.err; kill $pid; return 1; }
	done &&
	wait $pid &&
	during="$i backups, begun and ended during the import:$inside" &&
	test -n "$inside" &&
	"$ATTEND" --db s.db schools --format csv >after.csv &&
	! cmp -s before.csv after.csv
'
echo "# $during"

test_expect_success 'each says where it is and logs one event' '
	for n in $(seq $i); do
		test_is "$(cat backup$n.out)" "$(ls during$n/attend-*.db)" &&
		test_grep "level=info msg=\"backup taken\" store=s.db backup=during$n/attend-[0-9]{8}T[0-9]{6}Z.db .*ms=" backup$n.err ||
		return 1
	done
'

states=
test_expect_success 'every backup restores to the store before or after the import, never between' '
	for n in $(seq $i); do
		"$ATTEND" --db restored$n.db restore during$n/attend-*.db 2>restore.err &&
		"$ATTEND" --db restored$n.db schools --format csv >restored.csv &&
		if cmp -s restored.csv before.csv; then
			states="$states $n:before"
		elif cmp -s restored.csv after.csv; then
			states="$states $n:after"
		else
			echo "backup $n: neither"; diff before.csv restored.csv | head; return 1
		fi || return 1
	done
'
echo "# restored:$states"

test_expect_success 'a backup holds every table with as many rows as the store' - <<\EOT
"$ATTEND" --db s.db backup quiet >/dev/null 2>&1 &&
last=$(ls quiet/attend-*.db) &&
for t in $(sqlite3 s.db "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"); do
	test_is "$(sqlite3 $last "SELECT count(*) FROM \"$t\"")" \
		"$(sqlite3 s.db "SELECT count(*) FROM \"$t\"")" || return 1
done
EOT

test_expect_success 'a backup is a plain SQLite file, private to its owner' '
	b=$(ls during1/attend-*.db) &&
	test_is "$(sqlite3 $b "PRAGMA journal_mode")" delete &&
	test_is "$(sqlite3 $b "PRAGMA integrity_check")" ok &&
	! ls during1 | grep -Ev "^attend-[0-9]*T[0-9]*Z\.db(\.audit)?$" &&
	test_is "$(stat -c %a $b)" 600 &&
	test_is "$(stat -c %a during1)" 700
'

test_expect_success 'a damaged backup fails its check, and is not restored' '
	cp $(ls during1/attend-*.db) damaged.db &&
	size=$(stat -c %s damaged.db) &&
	head -c 32768 /dev/zero | tr "\\000" "\\377" |
		dd of=damaged.db bs=4096 seek=$((size / 4096 / 2)) conv=notrunc 2>/dev/null &&
	test_exit_is 1 "$ATTEND" restore --check damaged.db &&
	test_grep "damaged.db: failed its integrity check" err &&
	test_exit_is 1 "$ATTEND" --db fresh.db restore damaged.db &&
	test_grep "failed its integrity check" err &&
	! test -e fresh.db && ! test -e fresh.db.restore
'

test_expect_success 'a sound backup passes its check, which says what it holds' '
	test_exit_is 0 "$ATTEND" restore --check $(ls during1/attend-*.db) &&
	test_grep "sound; schema version [0-9]+, import [0-9]+ of 20" out
'

test_expect_success 'what is not an attend store is not restored' - <<\EOT
sqlite3 other.db "CREATE TABLE t (x); INSERT INTO t VALUES (1)" &&
test_exit_is 1 "$ATTEND" --db fresh.db restore other.db &&
test_grep "other.db: not an attend store" err &&
echo "not a database at all" >text.db &&
test_exit_is 1 "$ATTEND" --db fresh.db restore text.db &&
test_grep "text.db: " err && ! test -e fresh.db
EOT

test_expect_success 'a backup of a newer schema is refused: upgrade attend' '
	cp $(ls during1/attend-*.db) future.db &&
	sqlite3 future.db "PRAGMA user_version = 999" &&
	test_exit_is 1 "$ATTEND" --db fresh.db restore future.db &&
	test_grep "future.db: the store.s schema is version 999, newer than this attend knows .*upgrade attend" err
'

test_expect_success 'restore refuses to replace a store whose data is newer' '
	old=$(ls during1/attend-*.db) &&
	store_dump s.db >s.before &&
	test_exit_is 1 "$ATTEND" --db s.db restore $old &&
	test_grep "s.db is newer than the backup .*--force" err &&
	store_dump s.db >s.after &&
	test_cmp s.before s.after
'

# sqlite3 with the store open, reading its commands from a FIFO that
# this shell holds open until the restore has been tried.
test_expect_success 'a store in use by another process is not replaced, even with --force' '
	mkfifo hold &&
	{ sqlite3 s.db <hold >held.out 2>&1 & } &&
	exec 9>hold &&
	echo "SELECT count(*) FROM school;" >&9 &&
	for t in $(seq 50); do test -s held.out && break; sleep 0.1; done &&
	"$ATTEND" --db s.db restore --force $(ls during1/attend-*.db) >out 2>err
	rc=$?
	exec 9>&-
	wait
	test_is $rc 1 && test_grep "s.db: the store is in use" err
'

test_expect_success 'the store is not restored from itself' '
	test_exit_is 1 "$ATTEND" --db s.db restore --force ./s.db &&
	test_grep "s.db is the store itself" err
'

test_expect_success 'with --force it is replaced, and its engine cache goes with it' '
	"$ATTEND" --db s.db schools >/dev/null &&
	ls s.db.engine-* >/dev/null &&
	old=$(ls during1/attend-*.db) &&
	"$ATTEND" --db restored-old.db restore $old &&
	"$ATTEND" --db restored-old.db schools --format csv >want.csv &&
	test_exit_is 0 "$ATTEND" --db s.db restore --force $old &&
	test_grep "level=info msg=\"store restored\" store=s.db" err &&
	! ls s.db.engine-* s.db-wal s.db-shm s.db.restore 2>/dev/null &&
	"$ATTEND" --db s.db schools --format csv >got.csv &&
	test_cmp want.csv got.csv
'

test_expect_success '--keep removes the oldest backups, once the new one is checked' '
	mkdir kept &&
	b=$(ls during1/attend-*.db) &&
	cp $b kept/attend-20200101T000000Z.db &&
	cp $b kept/attend-20210101T000000Z.db &&
	cp $b kept/attend-20220101T000000Z.db &&
	echo notes >kept/notes.txt &&
	echo other >kept/attend-mine.db &&
	test_exit_is 0 "$ATTEND" --db s.db backup kept --keep 3 &&
	test_grep "keep=3 removed=1" err &&
	ls kept >left &&
	test_is "$(grep -c "^attend-[0-9]*T[0-9]*Z\.db$" left)" 3 &&
	! grep -q 20200101 left &&
	grep -q 20210101 left && grep -q 20220101 left &&
	grep -q "^notes.txt$" left && grep -q "^attend-mine.db$" left
'

test_expect_success 'a failed backup removes nothing' '
	ls kept >before-fail &&
	test_exit_is 1 "$ATTEND" --db missing.db backup kept --keep 1 &&
	test_grep "missing.db: no store here" err &&
	ls kept >after-fail &&
	test_cmp before-fail after-fail
'

test_expect_success 'the directory and how many to keep may come from the configuration' '
	printf "backup_dir = %s/conf-backups\nbackup_keep = 1\n" "$PWD" >attend.conf &&
	test_exit_is 0 "$ATTEND" --config attend.conf --db s.db backup &&
	test_grep "keep=1 " err &&
	test -f "$(cat out)" &&
	test_exit_is 2 "$ATTEND" --db s.db backup &&
	test_grep "name the directory" err
'

test_expect_success '--keep takes a number' '
	test_exit_is 2 "$ATTEND" --db s.db backup kept --keep 0 &&
	test_grep "keep takes a number from 1" err &&
	test_exit_is 2 "$ATTEND" --db s.db backup kept --keep x
'

test_done
