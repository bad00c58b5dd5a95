#!/bin/sh
# How long the web server takes to show an import (issue 7: the engine
# is brought up to date, not reloaded), against building its figures
# from nothing, on the same store in the same run.
#
#   sh bench/refresh.sh [--db STORE] [--schools N] [--port P]
#
#   --db STORE    a store to copy (default bench/data/attend-bench.db,
#                 1,000,000 enrolments, made by bench/run.sh)
#   --schools N   the day's file covers the pupils of N schools (30)
#
# Works on a copy in bench/data/refresh/ (git-ignored).  Three times, each
# from the server's own log ("figures of import N in X ms", "figures
# refreshed to import N in X ms"):
#   1. start with no cache: the engine loaded from the store;
#   2. start again: the engine read from its cache file;
#   3. import one day's marks for N schools' pupils while it runs: the
#      engine refreshed with the blobs that import wrote, and every figure
#      rebuilt from it.
set -eu
cd "$(dirname "$0")/.."

SRC=bench/data/attend-bench.db
SCHOOLS=30
PORT=18561
while [ $# -gt 0 ]; do
	case "$1" in
	--db) SRC=$2; shift 2 ;;
	--schools) SCHOOLS=$2; shift 2 ;;
	--port) PORT=$2; shift 2 ;;
	*) echo "usage: sh bench/refresh.sh [--db STORE] [--schools N] [--port P]" >&2
	   exit 2 ;;
	esac
done
[ -f "$SRC" ] || { echo "bench/refresh.sh: no store $SRC (sh bench/run.sh makes one)" >&2; exit 1; }
make --no-print-directory attend >/dev/null
A=$PWD/attend
D=bench/data/refresh
rm -rf "$D"
mkdir -p "$D"
db=$D/attend.db
cp "$SRC" "$db"
$A --db "$db" init >/dev/null
echo "correct horse battery" | $A --db "$db" user add bench --name Bench --role la_lead >/dev/null
base=http://127.0.0.1:$PORT
server=

stop() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	server=
}
trap stop EXIT

start() {
	$A --db "$db" serve --port "$PORT" >/dev/null 2>>"$D/serve.log" &
	server=$!
	i=0
	until curl -s -o /dev/null "$base/login"; do
		i=$((i + 1))
		[ $i -lt 2400 ] || { echo "the server did not start" >&2; exit 1; }
		sleep 0.05
	done
	token=$(curl -s -c "$D/jar" "$base/login" |
		sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -c "$D/jar" -b "$D/jar" -o /dev/null -d "login_token=$token" \
		-d 'username=bench&password=correct+horse+battery' "$base/login"
}

last_ms() { grep "$1" "$D/serve.log" | tail -1 | sed 's/.* in \([0-9]*\) ms/\1/'; }

rows=$(sqlite3 "$db" "SELECT count(*) FROM enrolment")
echo "store: $rows enrolments; load average $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$D/serve.log"
start
full=$(last_ms "figures of import")
stop
start
cached=$(last_ms "figures of import")

# one day's marks, after the latest, for the pupils of N schools
latest=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'latest_mark'")
day=$(date -d "$latest + 1 day" +%F)
while [ "$(date -d "$day" +%u)" -gt 5 ]; do day=$(date -d "$day + 1 day" +%F); done
sqlite3 -csv "$db" "SELECT p.upn, s.urn FROM enrolment e JOIN pupil p ON
	p.id = e.pupil_id JOIN school s ON s.id = e.school_id WHERE s.id IN
	(SELECT id FROM school ORDER BY id LIMIT $SCHOOLS)" |
	awk -F, -v d="$day" 'BEGIN { print "upn,urn,date,session,code" }
		{ print $1 "," $2 "," d ",AM,/"; print $1 "," $2 "," d ",PM,N" }' >"$D/day.csv"
pupils=$(($(wc -l <"$D/day.csv") / 2))
t0=$(date +%s%N)
$A --db "$db" import --quiet "$D/day.csv"
t1=$(date +%s%N)
curl -s -b "$D/jar" -o /dev/null "$base/api/"
i=0
until grep -q "figures refreshed" "$D/serve.log"; do
	i=$((i + 1))
	[ $i -lt 1200 ] || { echo "no refresh" >&2; exit 1; }
	sleep 0.05
done
refreshed=$(last_ms "figures refreshed")
stop
echo "day file: $pupils pupils of $SCHOOLS schools on $day, imported in $(((t1 - t0) / 1000000)) ms"
echo "figures from the store (no cache):  $full ms"
echo "figures from the engine's cache:    $cached ms"
echo "figures after the import (refresh): $refreshed ms"
echo "refresh / from the store: $(echo "scale=3; $refreshed / $full" | bc)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
