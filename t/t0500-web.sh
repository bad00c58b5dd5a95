#!/bin/bash
# The web application over HTTP: what each role sees and is refused, with
# nothing of other schools or pupils leaking; hostile requests answered
# with 4xx and nothing written.
ATTEND=${ATTEND:-$(pwd)/build/san/attend}
tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
here=$(cd "$(dirname "$0")" && pwd)
cd "$tmp" || exit 1
n=0 failed=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

. "$here/web-lib.sh"
web_fixture

ok $([ -n "$server" ]; echo $?) "the server starts on port $port"

# status URL [curl args]: prints the HTTP status
status() { curl -s -o body -w '%{http_code}' "$@"; }
login() {
	rm -f "jar.$1"
	status -c "jar.$1" -d "username=$1&password=correct+horse+battery" "$base/login" >/dev/null
	curl -s -b "jar.$1" "$base/" -o /dev/null
	csrf=$(curl -s -b "jar.$1" "$base/lists/caseload" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
	echo "$csrf" >"csrf.$1"
}
as() { who=$1; shift; status -b "jar.$who" "$@"; }

[ "$(status "$base/")" = 303 ]
ok $? "signed out, / redirects to the sign-in page"
[ "$(status "$base/api/")" = 401 ]
ok $? "signed out, the API answers 401"
[ "$(status -d 'username=lead&password=wrong+password+x' "$base/login")" = 401 ]
ok $? "a wrong password is refused"
grep -q "wrong username or password" body
ok $? "the refusal does not say which was wrong"
for u in lead officer oak sw vs gov; do login $u; done
grep -q 'Secure' /dev/null; h=$(curl -s -D - -o /dev/null -d 'username=lead&password=correct+horse+battery' "$base/login")
echo "$h" | grep -qi 'set-cookie: attend_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict'
ok $? "the session cookie is HttpOnly and SameSite=Strict"
echo "$h" | grep -qi "content-security-policy: default-src 'none'" && echo "$h" | grep -qi 'x-frame-options: DENY'
ok $? "security headers: CSP and no framing"

# what each role may see: role path expected-status
check() {
	got=$(as "$1" "$base$2")
	[ "$got" = "$3" ]
	ok $? "$1: $2 answers $3 (got $got)"
}
check lead / 200
check lead /schools 200
check lead /schools/100002 200
check lead "/pupils/$B" 200
check lead /lists/sa 200
check lead /audit 200
check lead /hotspots 200
check lead /api/ 200
check officer /schools/100002 200
check officer /audit 403
check oak / 303
check oak /schools/100001 200
check oak /schools/100002 403
check oak /api/schools/100002 403
check oak "/pupils/$A" 200
check oak "/pupils/$C" 403
check oak /audit 403
check oak /hotspots 403
check sw "/pupils/$A" 200
check sw "/pupils/$B" 403
check sw /schools/100001 403
check vs "/pupils/$C" 200
check vs "/pupils/$D" 403
check gov /schools/100001 200
check gov /schools/100002 403
check gov "/pupils/$A" 403
check gov /lists/sa 403
check gov /lists/likely_pa 403
check lead /lists/likely_pa 200
as lead "$base/lists/pa?format=csv" >/dev/null
head -n 1 body | grep -q ',band,pa_forecast$'
ok $? "list CSVs carry the PA forecast column"

# nothing of other schools or pupils in lists, CSV or JSON
as oak "$base/lists/caseload?format=csv" >/dev/null
! grep -q -e "$C" -e "$D" body && grep -q "$A" body
ok $? "a school's CSV list holds its own pupils and no others"
as oak "$base/api/lists/caseload" >/dev/null
! grep -q -e "$C" -e "$D" body && python3 -m json.tool body >/dev/null
ok $? "a school's JSON list is valid JSON without other schools' pupils"
as sw "$base/lists/caseload" >/dev/null
grep -q "$A" body && ! grep -q -e "$B" -e "$C" -e "$D" body
ok $? "a social worker's list is their caseload only"
as vs "$base/api/lists/caseload" >/dev/null
grep -q "$C" body && ! grep -q -e "$A" -e "$B" -e "$D" body
ok $? "the virtual school sees children looked after only"
as gov $base/schools/100001 >/dev/null
! grep -q -e "$A" -e "$B" -e Able body
ok $? "a governor's school page names no pupil"
as oak $base/api/ >/dev/null
! grep -q "$C" body
ok $? "a school's API root leaks no other school's pupils"

# escaping
as lead "$base/lists/caseload" >/dev/null
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' body && ! grep -q '<script>alert' body
ok $? "a hostile surname is escaped in HTML"
as lead "$base/schools" >/dev/null
grep -q 'Oak &lt;Primary&gt;' body
ok $? "a hostile school name is escaped"
as lead "$base/api/pupils/$B" >/dev/null
python3 -c 'import json,sys; d=json.load(open("body")); sys.exit(d["surname"] != "<script>alert(1)</script>")'
ok $? "JSON carries the surname exactly, escaped for JSON"
as lead "$base"'/lists/sa?school=%22%3E%3Cscript%3E' >/dev/null
! grep -q '"><script>' body
ok $? "a hostile query value is escaped in the filter form"

# The CSP forbids inline styles and scripts: no page may rely on them.
inline=0
for path in / /schools/100001 "/pupils/$A" /lists/sa /hotspots; do
	as lead "$base$path" >/dev/null
	grep -q -e ' style="' -e '<script' body && inline=1
done
[ $inline = 0 ]
ok $? "no page carries inline style or script, which the CSP would block"

# hostile requests
check lead /no/such/page 404
check lead /schools/abc 400
check lead "/pupils/%3Cscript%3E" 400
check lead /lists/nonsense 404
check lead "/static/../../etc/passwd" 404
[ "$(as lead -X DELETE "$base/")" = 405 ]
ok $? "an unsupported method is refused"
[ "$(as lead -X POST "$base/logout")" = 403 ]
ok $? "a POST without the CSRF token is refused"
[ "$(as lead -X POST -d 'csrf=0000' "$base/logout")" = 403 ]
ok $? "a POST with a wrong CSRF token is refused"
head -c 200000 /dev/zero | tr '\0' a >big
[ "$(as lead -X POST --data-binary @big -H 'Content-Type: application/x-www-form-urlencoded' "$base/logout")" = 413 ]
ok $? "an oversized body is refused with 413"

# audit log
audits=$(sqlite3 $db "SELECT count(*) FROM audit WHERE action = 'view' AND object = 'pupil $B' AND username = 'lead'")
[ "$audits" -ge 1 ]
ok $? "viewing a named pupil is written to the audit log"
sqlite3 $db "UPDATE audit SET username = 'x'" 2>/dev/null
[ $? != 0 ]
ok $? "the audit log refuses changes"
sqlite3 $db "DELETE FROM audit" 2>/dev/null
[ $? != 0 ]
ok $? "the audit log refuses deletion"
as lead "$base/api/audit?q=$B" >/dev/null
grep -q "pupil $B" body
ok $? "the LA lead can search the audit log"

# the year's engine is cached beside the store, named by the last import
v=$(sqlite3 $db "SELECT max(id) FROM import")
id=$(sqlite3 $db "SELECT value FROM meta WHERE key = 'store_id'")
[ -n "$id" ] && [ -s "$db.engine-2025-$v-$id" ]
ok $? "the server caches the year's engine as $db.engine-2025-$v-$id"

# an import while the server runs shows at once on a small authority
as lead "$base/api/" >/dev/null
before=$(tr ',' '\n' <body | grep -m1 '"possible"')
printf 'upn,urn,date,session,code\n%s,100002,2025-11-03,AM,/\n%s,100002,2025-11-03,PM,/\n' "$D" "$D" >more.csv
$ATTEND --db $db import more.csv >/dev/null &&
as lead "$base/api/" >/dev/null &&
after=$(tr ',' '\n' <body | grep -m1 '"possible"') &&
[ -n "$before" ] && [ "$before" != "$after" ]
ok $? "figures are rebuilt after an import (possible: $before -> $after)"
as lead "$base/api/lists/sa" >/dev/null && grep -q '"Cole"' body
ok $? "after an import of marks only, the pupils' details are still there"
printf 'upn,urn,surname,forename,dob,social_care\n%s,100002,Colby,Cy,2016-01-01,CLA\n' "$C" >renamed.csv
$ATTEND --db $db import renamed.csv >/dev/null &&
as lead "$base/api/lists/sa" >/dev/null &&
grep -q '"Colby"' body && ! grep -q '"Cole"' body
ok $? "a pupil's new surname shows after the import that changed it"
v2=$(sqlite3 $db "SELECT max(id) FROM import")
# written once the new figures are in use: wait for it
for wait in $(seq 50); do [ -s "$db.engine-2025-$v2-$id" ] && break; sleep 0.1; done
[ -s "$db.engine-2025-$v2-$id" ] && ! [ -e "$db.engine-2025-$v-$id" ]
ok $? "the rebuild caches the new version and drops the old one"
as lead "$base/api/lists/sa" >/dev/null && cp body sa.before
as lead "$base/api/" >/dev/null && cp body dashboard.before
kill $server; wait $server 2>/dev/null
head -c 1000 /dev/urandom >"$db.engine-2025-$v2-$id"
ATTEND_INSECURE_COOKIE=1 $ATTEND --db $db serve --port $port >>server.log 2>&1 &
server=$!
for wait in $(seq 100); do curl -s -o /dev/null "$base/login" && break; sleep 0.1; done
as lead "$base/api/" >/dev/null
cmp -s body dashboard.before &&
as lead "$base/api/lists/sa" >/dev/null && cmp -s body sa.before
ok $? "a damaged cache is read past: the same figures and list from the store"
as lead "$base/" >/dev/null
grep -q 'Elm Primary' body
ok $? "the dashboard is drawn from the rebuilt figures"

# expired session, sign-out
sqlite3 $db "UPDATE session SET expires_at = 0 WHERE user_id = (SELECT id FROM user WHERE username = 'officer')"
check officer / 303
[ "$(as oak -X POST -d "csrf=$(cat csrf.oak)" "$base/logout")" = 303 ]
ok $? "signing out with the CSRF token works"
check oak /schools/100001 303

echo "1..$n"
exit $failed
