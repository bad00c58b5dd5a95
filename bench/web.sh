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
# p50 in microseconds from wrk --latency output on stdin
p50_us() {
	awk '$1 == "50%" { v = $2; u = 1;
		if (v ~ /us$/) u = 1; else if (v ~ /ms$/) u = 1000; else if (v ~ /s$/) u = 1000000;
		sub(/[a-z]+$/, "", v); printf "%d\n", v * u }'
}
# The officer's pages (issue 14) are reported also as a ratio of their
# median to that of the stylesheet, measured in the same run, so that
# runs on different machines compare.
base_p50=
for path in /static/attend.css / "/schools/$school" /api/ /week /lists/caseload /cases /alerts; do
	# the first request builds the snapshot (or renders the page); then measure
	first=$(curl -s -o /dev/null -w '%{time_total} s, %{size_download} bytes' -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
	echo "== $path (first request: ${first})"
	out=$(wrk -t2 -c32 -d"${duration}s" --latency -H "Cookie: $cookie" \
		"http://127.0.0.1:$port$path")
	echo "$out" | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx"
	p50=$(echo "$out" | p50_us)
	if [ -z "$base_p50" ]; then
		base_p50=$p50
	elif [ "${base_p50:-0}" -gt 0 ]; then
		echo "   median / stylesheet median: $(echo "scale=1; $p50 / $base_p50" | bc)"
	fi
done

# --- Sign-in floods ------------------------------------------------------
# 40 clients loop on POST /login with wrong passwords (each a new
# username, so each costs a full argon2id check) while 8 connections
# load the signed-in dashboard.  Passwords are checked by a thread of
# their own with a queue of 16 (docs/security.md), so signed-in pages go
# on; the baseline is the same 8 connections with no flood, in the same
# run.  Twice: from one address (the per-address throttle answers 429
# without checking), and as if from many (--login-rate 100000, so every
# try reaches the password queue, which answers 503 when full).
tmp=$(mktemp -d)
flood_lua=$tmp/flood.lua
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
restart() {
	kill $server 2>/dev/null; wait $server 2>/dev/null || true
	ATTEND_INSECURE_COOKIE=1 ./attend --db "$db" serve --port "$port" --threads 4 "$@" >/dev/null 2>&1 &
	server=$!
	for i in $(seq 1200); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
	curl -s -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port/"
}
flood_script() {
	jar=$(mktemp)
	token=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" |
		sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
	nonce=$(awk '$6 == "attend_login" { print $7 }' "$jar")
	rm -f "$jar"
	cat >"$flood_lua" <<LUA
n = 0
request = function()
	n = n + 1
	return wrk.format("POST", "/login",
		{ ["Content-Type"] = "application/x-www-form-urlencoded",
		  ["Cookie"] = "attend_login=$nonce" },
		"login_token=$token&username=flood" .. math.random(1, 1000000000) ..
		"&password=not+the+password")
end
LUA
}
measure() {	# LABEL: signed-in / at 8 connections for the duration
	wrk -t1 -c8 -d"${duration}s" --latency -H "Cookie: $cookie" \
		"http://127.0.0.1:$port/" >"$tmp/measure.out"
	printf '%s: signed-in / ' "$1"
	grep -E "^ +(50|99)%|Requests/sec" "$tmp/measure.out" | awk '{ printf "%s %s  ", $1, $2 } END { print "" }'
}
checked() { sqlite3 "$db.audit" "SELECT count(*) FROM audit WHERE action = 'sign in failed' AND detail = 'no such user'"; }
flood() {	# LABEL
	before=$(checked)
	wrk -t1 -c40 -d"$((duration + 2))s" -s "$flood_lua" \
		"http://127.0.0.1:$port/login" >"$tmp/flood.out" &
	flooder=$!
	sleep 1
	measure "$1"
	wait $flooder
	printf '%s: the flood: ' "$1"
	grep -E "requests in|Non-2xx" "$tmp/flood.out" | tr -s ' \n' ' '
	echo "(of which $(($(checked) - before)) had their password checked)"
}
echo "== sign-in floods"
restart
measure "no flood (baseline)"
flood_script
flood "flood from one address"
restart --login-rate 100000
flood_script
flood "flood as if from many addresses"
