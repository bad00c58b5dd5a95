#!/bin/bash
# Web latency under load: wrk on loopback (2 threads, 32 connections,
# 30 s each) against the authority dashboard and a school page of the demo
# authority, signed in as the LA lead.  Prints requests/s and latency
# percentiles; bench/RESULTS.md keeps the numbers.
#   bench/web.sh [DB]        (default demo/attend.db, made by make demo)
set -eu
cd "$(dirname "$0")/.."
db=${1:-demo/attend.db}
duration=${DURATION:-30}
[ -s "$db" ] || { echo "bench/web.sh: no store at $db (run make demo first)" >&2; exit 1; }
command -v wrk >/dev/null || sh scripts/deps.sh bench
make -s attend
port=$((20000 + RANDOM % 20000))
ATTEND_INSECURE_COOKIE=1 ./attend --db "$db" serve --port "$port" --threads 4 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
# The server computes the figures before it listens: time that too.
t0=$(date +%s.%N)
for i in $(seq 1200); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
echo "server ready after $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s (figures computed at start-up)"
user=${BENCH_USER:-lead}
jar=$(mktemp)
token=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" |
	sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
cookie=$(curl -s -D - -o /dev/null -b "$jar" -d "login_token=$token" \
	-d "username=$user&password=${BENCH_PASSWORD:-demo-password}" \
	"http://127.0.0.1:$port/login" | sed -n 's/^Set-Cookie: \(attend_session=[0-9a-f]*\).*/\1/ip' | tr -d '\r')
rm -f "$jar"
[ -n "$cookie" ] || { echo "bench/web.sh: cannot sign in as $user" >&2; exit 1; }
school=$(sqlite3 "$db" "SELECT printf('%06d', urn) FROM school ORDER BY urn LIMIT 1")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "store: $db ($(sqlite3 "$db" 'SELECT count(*) FROM enrolment') enrolments)"
for path in / "/schools/$school" /api/; do
	# the first request builds the snapshot (or renders the page); then measure
	first=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
	echo "== $path (first request: ${first} s)"
	wrk -t2 -c32 -d"${duration}s" --latency -H "Cookie: $cookie" \
		"http://127.0.0.1:$port$path" | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx"
done
