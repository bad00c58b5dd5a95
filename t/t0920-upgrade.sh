#!/bin/sh
# Upgrades: a store made by the previous release is opened by this one,
# migrated after a backup of it as it was (STORE.pre-vN.bak), and then
# answers as a store this release makes from the same files; a store of
# a newer schema than this attend knows is refused and left alone.
#
# The previous release is the commit named below, built here from git
# (a plain -O0 build, once, kept in $BUILD/release-COMMIT): the store it
# makes is the store an authority has.  Without git or that commit (a
# tarball of the sources) the script is skipped; t/unit/
# test-store-migrate.c covers every older schema from the migration list.
. "$(dirname "$0")/test-lib.sh"

# The last release: the commit before the configuration file, backups
# and this test came in.
release=9d66773
old=$BUILD/release-$release/attend

if ! git -C "$TEST_ROOT" cat-file -e "$release^{commit}" 2>/dev/null; then
	echo "1..0 # SKIP no git history with the release $release"
	exit 0
fi

# MAKEFLAGS of a make check above would hand this make its jobserver.
test_setup "the release $release is built" '
	if ! [ -x "$old" ]; then
		rm -rf "$old.src" && mkdir -p "$old.src" &&
		git -C "$TEST_ROOT" archive "$release" | tar -x -C "$old.src" &&
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
			make -C "$old.src" -j2 attend CFLAGS=-O0 DEVELOPER=0 \
			>"$old.log" 2>&1 &&
		cp "$old.src/attend" "$old" &&
		rm -rf "$old.src"
	fi
'

ATTEND_TODAY=2026-11-23
export ATTEND_TODAY

test_setup 'the previous release makes a store with a demo authority in it' '
	"$old" --db old.db demo --pupils 400 --out demo --quiet >/dev/null &&
	"$old" --db old.db schools --format csv >old-release.csv &&
	test $(wc -l <old-release.csv) -gt 2
'

have=$(sqlite3 old.db "PRAGMA user_version")
want=$("$ATTEND" --version | sed -n 's/.*(schema \([0-9]*\)).*/\1/p')
echo "# the release's schema: version $have; this attend's: $want"

test_expect_success 'this attend knows the release'\''s schema' '
	test -n "$have" && test -n "$want" && test "$have" -le "$want"
'

test_expect_success 'the same files make a store with this attend' '
	"$ATTEND" --db new.db import demo/schools.csv demo/areas.csv \
		demo/calendar.csv demo/pupils.csv demo/register/*.csv >/dev/null &&
	"$ATTEND" --db new.db schools --format csv >new.csv
'

test_expect_success 'the release'\''s store is opened, and answers as this attend'\''s store does' '
	store_dump old.db >old.dump &&
	"$ATTEND" --db old.db schools --format csv >upgraded.csv 2>upgrade.err &&
	test_cmp new.csv upgraded.csv &&
	test_is "$(sqlite3 old.db "PRAGMA user_version")" "$want"
'

if [ "$have" -lt "$want" ]; then
	test_expect_success 'the migration is logged, after a backup of the store as it was' '
		test_grep "level=info msg=\"store backed up before its migration\" store=old.db from=$have to=$want backup=old.db.pre-v$have.bak" upgrade.err &&
		test_grep "level=info msg=\"store migrated\" store=old.db from=$have to=$want" upgrade.err &&
		test_is "$(sqlite3 old.db.pre-v$have.bak "PRAGMA user_version")" "$have" &&
		store_dump old.db.pre-v$have.bak >bak.dump &&
		test_cmp old.dump bak.dump
	'
	test_expect_success 'the backup restores the release'\''s store' '
		"$ATTEND" restore --check old.db.pre-v$have.bak &&
		cp old.db.pre-v$have.bak back.db &&
		"$old" --db back.db schools --format csv >back.csv &&
		test_cmp old-release.csv back.csv
	'
else
	test_skip 'the migration is logged, after a backup of the store as it was' \
		"this attend adds no migration to the release's $have"
	test_expect_success 'a store already up to date is opened without a backup' '
		! test -s upgrade.err && ! ls old.db.pre-v* 2>/dev/null
	'
fi

test_expect_success 'opened again, the store is not migrated again' '
	rm -f old.db.pre-v* &&
	"$ATTEND" --db old.db schools --format csv >again.csv 2>again.err &&
	test_cmp new.csv again.csv &&
	! test_grep migrat again.err && ! ls old.db.pre-v* 2>/dev/null
'

test_expect_success 'a store of a newer schema is refused, to read and to write, and left alone' '
	cp new.db future.db &&
	sqlite3 future.db "PRAGMA user_version = $((want + 1))" &&
	store_dump future.db >future.before &&
	for c in schools init "user list"; do
		test_exit_is 1 "$ATTEND" --db future.db $c &&
		test_is "$(cat err)" "attend: future.db: the store'\''s schema is version $((want + 1)), newer than this attend knows (it supports versions up to $want): upgrade attend" ||
		return 1
	done &&
	store_dump future.db >future.after &&
	test_cmp future.before future.after &&
	! ls future.db.pre-v* 2>/dev/null
'

test_done
