#!/bin/bash
# The monitoring address (src/web/monitor.c, docs/operations.md
# "Monitoring"): /healthz and /metrics answer there, without a sign-in,
# and never on the public port; the metrics follow the Prometheus text
# format (checked by a parser of the test's own, below, not by attend's
# code); their values move with the requests, the imports and the
# figures' builds, exactly, also under requests from many clients at
# once; /healthz says 503 when the store cannot be read.  Bash: the
# server's port is random.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture

# parse FILE: checks FILE against the text exposition format (0.0.4)
# and prints each sample as "NAME{LABELS}<tab>VALUE", labels sorted.
cat >parse.py <<\PY
import math, re, sys
text = open(sys.argv[1]).read()
assert text.endswith("\n"), "the last line ends with a line feed"
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(r"^(%s)(\{(?:%s(?:,%s)*)?\})? (\S+)$" % (NAME, LABEL, LABEL))
help_, type_, samples, seen = {}, {}, [], set()
def family(name):
    for f, t in type_.items():
        ok = {"counter": [f], "gauge": [f], "untyped": [f],
              "histogram": [f + "_bucket", f + "_sum", f + "_count"],
              "summary": [f, f + "_sum", f + "_count"]}[t]
        if name in ok:
            return f
    raise AssertionError("sample %s before its # TYPE" % name)
for n, line in enumerate(text.split("\n")[:-1], 1):
    m = re.match(r"^# (HELP|TYPE) (%s) (.*)$" % NAME, line)
    if m:
        kind, name, rest = m.groups()
        d = help_ if kind == "HELP" else type_
        assert name not in d, "line %d: a second # %s for %s" % (n, kind, name)
        assert not any(s[0] == name for s in samples), "line %d: # %s after samples" % (n, kind)
        if kind == "TYPE":
            assert rest in ("counter", "gauge", "histogram", "summary", "untyped"), line
            assert rest != "counter" or name.endswith("_total"), "counter %s not _total" % name
        d[name] = rest
        continue
    if line.startswith("#"):
        continue    # a comment, which the format allows
    m = SAMPLE.match(line)
    assert m, "line %d is not a sample: %r" % (n, line)
    name, labels, value = m.groups()
    f = family(name)
    assert f in help_, "%s has no # HELP" % f
    v = float(value)   # raises on anything float() does not take
    pairs = sorted(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', labels or ""))
    key = name + "{" + ",".join('%s="%s"' % p for p in pairs) + "}"
    assert key not in seen, "line %d: %s twice" % (n, key)
    seen.add(key)
    samples.append((name, f, dict(pairs), v, key))
for f, t in type_.items():
    if t != "histogram":
        continue
    b = [(s[2]["le"], s[3]) for s in samples if s[0] == f + "_bucket"]
    assert b and b[-1][0] == "+Inf", "%s: last bucket is le=+Inf" % f
    les = [float(le) for le, _ in b]
    assert les == sorted(les) and len(set(les)) == len(les), "%s: le ascending" % f
    counts = [c for _, c in b]
    assert counts == sorted(counts), "%s: buckets cumulative" % f
    count = [s[3] for s in samples if s[0] == f + "_count"]
    assert count == [counts[-1]], "%s: _count is the +Inf bucket" % f
    assert [s for s in samples if s[0] == f + "_sum"], "%s: _sum" % f
for s in samples:
    print("%s\t%s" % (s[4], repr(s[3]) if not math.isinf(s[3]) else s[3]))
PY

# scrape NAME: /metrics into NAME.txt, parsed into NAME.vals
scrape() {
	curl -s -D "$1.h" -o "$1.txt" "$mbase/metrics" &&
	python3 parse.py "$1.txt" >"$1.vals"
}
# val NAME SAMPLE: SAMPLE's value in scrape NAME, as a whole number
val() {
	awk -F '\t' -v k="$2" '$1 == k { printf "%d\n", $2; f = 1 } END { exit !f }' "$1.vals"
}
delta() {
	echo $(( $(val "$2" "$3") - $(val "$1" "$3") ))
}
# healthz FIELD: a field of the /healthz answer last fetched (health.json)
healthz() {
	python3 -c 'import json, sys; v = json.load(open("health.json"))[sys.argv[1]]; print(str(v).lower() if isinstance(v, bool) else v)' "$1"
}

test_expect_success 'off by default: nothing said about it, and the public port has neither' '
	! test_grep "msg=\"monitoring\"" server.log &&
	test_is "$(status "$base/healthz")" 404 &&
	test_is "$(status "$base/metrics")" 404
'

test_expect_success 'attend serve --metrics-bind listens there too' '
	for try in 1 2 3; do
		mport=$((20000 + RANDOM % 20000))
		web_start_server --metrics-bind 127.0.0.1:$mport
		[ -n "$server" ] && break
	done &&
	test -n "$server" &&
	mbase=http://127.0.0.1:$mport &&
	test_grep "msg=\"monitoring\" url=http://127.0.0.1:$mport/healthz" server.log
'

test_expect_success 'the public port still answers neither, signed in or not' '
	login lead &&
	for p in /healthz /metrics /api/healthz /api/metrics; do
		test_is "$(status "$base$p")" 404 &&
		test_is "$(as lead "$base$p")" 404 || return 1
	done
'

test_expect_success 'the monitoring address answers only /healthz and /metrics, GET only' '
	test_is "$(status "$mbase/login")" 404 &&
	test_is "$(status "$mbase/")" 404 &&
	test_is "$(status -d x=1 "$mbase/metrics")" 405 &&
	test_is "$(status "$mbase/healthz")" 200
'

test_expect_success '/healthz: 200, the store readable, the figures of its version' '
	test_is "$(status -D h "$mbase/healthz")" 200 &&
	cp body health.json &&
	grep -qi "^content-type: application/json" h &&
	test_is "$(healthz status)" ok &&
	test_is "$(healthz store)" readable &&
	version=$(sqlite3 $db "SELECT max(id) FROM import") &&
	test_is "$(healthz store_version)" "$version" &&
	test_is "$(healthz figures_version)" "$version" &&
	test_is "$(healthz figures_current)" true
'

test_expect_success '/metrics follows the text format, as its content type says' '
	scrape m0 &&
	grep -qi "^content-type: text/plain; version=0.0.4" m0.h &&
	for f in attend_http_requests_total attend_http_request_duration_seconds \
		attend_imports_total attend_store_up attend_figures_age_seconds \
		attend_figures_build_seconds attend_figures_version; do
		test_grep "^# TYPE $f " m0.txt || return 1
	done &&
	test_is "$(val m0 attend_store_up{})" 1
'

test_expect_success 'the parser refuses what breaks the format (it is a real check)' '
	sed "/^# TYPE attend_store_up/d" m0.txt >bad1.txt &&
	! python3 parse.py bad1.txt >/dev/null 2>&1 &&
	sed "s/^\(attend_http_request_duration_seconds_count\) .*/\1 999999/" m0.txt >bad2.txt &&
	! python3 parse.py bad2.txt >/dev/null 2>&1 &&
	sed "s/attend_http_requests_total/attend_http_requests/" m0.txt >bad3.txt &&
	! python3 parse.py bad3.txt >/dev/null 2>&1
'

test_expect_success 'the request counters move by exactly the requests made' '
	scrape m1 &&
	for i in 1 2 3; do status "$base/login" >/dev/null; done &&
	for i in 1 2; do status "$base/no-such-page" >/dev/null; done &&
	status "$base/" >/dev/null &&
	scrape m2 &&
	test_is "$(delta m1 m2 "attend_http_requests_total{class=\"2xx\"}")" 3 &&
	test_is "$(delta m1 m2 "attend_http_requests_total{class=\"4xx\"}")" 2 &&
	test_is "$(delta m1 m2 "attend_http_requests_total{class=\"3xx\"}")" 1 &&
	test_is "$(delta m1 m2 "attend_http_requests_total{class=\"5xx\"}")" 0 &&
	test_is "$(delta m1 m2 attend_http_request_duration_seconds_count{})" 6 &&
	test_is "$(delta m1 m2 "attend_http_request_duration_seconds_bucket{le=\"+Inf\"}")" 6
'

test_expect_success 'none is lost when eight clients ask at once (200 requests)' '
	scrape m3 &&
	pids= &&
	for c in 1 2 3 4 5 6 7 8; do
		(for i in $(seq 25); do curl -s -o /dev/null "$base/login"; done) &
		pids="$pids $!"
	done &&
	for j in $pids; do wait $j; done &&
	scrape m4 &&
	test_is "$(delta m3 m4 "attend_http_requests_total{class=\"2xx\"}")" 200 &&
	test_is "$(delta m3 m4 attend_http_request_duration_seconds_count{})" 200
'

test_expect_success 'the import counts are the store'\''s, by kind' '
	sqlite3 -separator "	" $db "SELECT kind, count(*) FROM import GROUP BY kind" >kinds &&
	test -s kinds &&
	while IFS="	" read -r kind n; do
		test_is "$(val m4 "attend_imports_total{kind=\"$kind\"}")" "$n" || return 1
	done <kinds &&
	test_is "$(grep -c "^attend_imports_total{" m4.vals)" "$(wc -l <kinds)"
'

test_expect_success 'an import moves its kind'\''s count and the store version by one' '
	head -1 register.csv >register2.csv &&
	sed -n 2p register.csv | sed "s/,[^,]*$/,B/" >>register2.csv &&
	$ATTEND --db $db import register2.csv >import.out &&
	kind=$(sqlite3 $db "SELECT kind FROM import ORDER BY id DESC LIMIT 1") &&
	scrape m5 &&
	test_is "$(delta m4 m5 "attend_imports_total{kind=\"$kind\"}")" 1 &&
	test_is "$(delta m4 m5 attend_store_version{})" 1
'

test_expect_success '/healthz says the figures are behind the store until a page needs them' '
	curl -s -o health.json "$mbase/healthz" &&
	test_is "$(healthz figures_current)" false &&
	test_is "$(healthz store_version)" "$(val m5 attend_store_version{})" &&
	test_is "$(as lead "$base/")" 200 &&
	curl -s -o health.json "$mbase/healthz" &&
	test_is "$(healthz figures_current)" true &&
	test_is "$(healthz figures_version)" "$(val m5 attend_store_version{})" &&
	scrape m6 &&
	test_is "$(delta m5 m6 attend_figures_build_seconds_count{})" 1 &&
	test_is "$(val m6 attend_figures_version{})" "$(val m5 attend_store_version{})" &&
	test_is "$(val m6 attend_figures_build_failures_total{})" 0
'

test_expect_success '/healthz is 503 while the store cannot be read, 200 again after' '
	mv $db $db.away &&
	got=$(status "$mbase/healthz") &&
	cp body health.json &&
	scrape m7;
	mv $db.away $db &&
	test_is "$got" 503 &&
	test_is "$(healthz status)" unavailable &&
	grep -q "cannot open the store" health.json &&
	test_is "$(val m7 attend_store_up{})" 0 &&
	test_is "$(status "$mbase/healthz")" 200
'

test_expect_success 'metrics_bind in the configuration does the same' '
	for try in 1 2 3; do
		mport=$((20000 + RANDOM % 20000))
		printf "metrics_bind = 127.0.0.1:%d\n" $mport >m.conf
		ATTEND_CONFIG=$PWD/m.conf web_start_server
		[ -n "$server" ] && break
	done &&
	test_is "$(status "http://127.0.0.1:$mport/healthz")" 200
'

test_expect_success 'a --metrics-bind that is not ADDR:PORT is a usage error' '
	test_exit_is 2 $ATTEND --db $db serve --metrics-bind 9100 &&
	test_grep "takes ADDR:PORT" err &&
	test_exit_is 2 $ATTEND --db $db serve --metrics-bind 127.0.0.1:0 &&
	test_exit_is 2 $ATTEND --db $db serve --metrics-bind nowhere:9100 &&
	test_grep "takes ADDR:PORT" err
'

test_done
