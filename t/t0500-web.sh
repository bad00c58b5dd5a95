#!/bin/bash
# The web application over HTTP: what each role sees and is refused, with
# nothing of other schools or pupils leaking; hostile requests answered
# with 4xx and nothing written.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/web-lib.sh"
# The fixture's registers run from September to October 2025.
ATTEND_TODAY=2025-11-04
export ATTEND_TODAY
web_fixture

test_expect_success 'the server starts' '
	echo "port $port" && test -n "$server"
'

test_expect_success 'signed out, / redirects to the sign-in page' '
	test_is "$(status "$base/")" 303
'
test_expect_success 'signed out, the API answers 401' '
	test_is "$(status "$base/api/")" 401
'
test_expect_success 'a wrong password is refused' '
	test_is "$(status -c jar.x -b jar.x -d "login_token=$(login_token jar.x)" \
		-d "username=lead&password=wrong+password+x" "$base/login")" 401
'
test_expect_success 'the refusal does not say which was wrong' '
	grep -q "wrong username or password" body
'
for u in lead officer oak sw vs gov; do login $u; done
h=$(curl -s -D - -o /dev/null -c jar.h -b jar.h -d "login_token=$(login_token jar.h)" \
	-d 'username=lead&password=correct+horse+battery' "$base/login")
test_expect_success 'the session cookie is HttpOnly and SameSite=Strict' '
	echo "$h" | grep -qi "set-cookie: attend_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict"
'
test_expect_success 'security headers: CSP and no framing' - <<\EOT
echo "$h" | grep -qi "content-security-policy: default-src 'none'" && echo "$h" | grep -qi 'x-frame-options: DENY'
EOT

# what each role may see
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
test_expect_success 'list CSVs carry the PA forecast column' '
	as lead "$base/lists/pa?format=csv" >/dev/null &&
	head -n 1 body | grep -q ",band,pa_forecast\$"
'

# nothing of other schools or pupils in lists, CSV or JSON
test_expect_success "a school's CSV list holds its own pupils and no others" '
	as oak "$base/lists/caseload?format=csv" >/dev/null &&
	! grep -q -e "$C" -e "$D" body && grep -q "$A" body
'
test_expect_success "a school's JSON list is valid JSON without other schools' pupils" '
	as oak "$base/api/lists/caseload" >/dev/null &&
	! grep -q -e "$C" -e "$D" body && python3 -m json.tool body >/dev/null
'
test_expect_success "a social worker's list is their caseload only" '
	as sw "$base/lists/caseload" >/dev/null &&
	grep -q "$A" body && ! grep -q -e "$B" -e "$C" -e "$D" body
'
test_expect_success 'the virtual school sees children looked after only' '
	as vs "$base/api/lists/caseload" >/dev/null &&
	grep -q "$C" body && ! grep -q -e "$A" -e "$B" -e "$D" body
'
test_expect_success "a governor's school page names no pupil" '
	as gov $base/schools/100001 >/dev/null &&
	! grep -q -e "$A" -e "$B" -e Able body
'
test_expect_success "a school's API root leaks no other school's pupils" '
	as oak $base/api/ >/dev/null &&
	! grep -q "$C" body
'

# escaping
test_expect_success 'a hostile surname is escaped in HTML' '
	as lead "$base/lists/caseload" >/dev/null &&
	grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" body && ! grep -q "<script>alert" body
'
test_expect_success 'a hostile school name is escaped' '
	as lead "$base/schools" >/dev/null &&
	grep -q "Oak &lt;Primary&gt;" body
'
test_expect_success 'JSON carries the surname exactly, escaped for JSON' - <<\EOT
as lead "$base/api/pupils/$B" >/dev/null &&
python3 -c 'import json,sys; d=json.load(open("body")); sys.exit(d["surname"] != "<script>alert(1)</script>")'
EOT
test_expect_success 'a hostile query value is escaped in the filter form' - <<\EOT
as lead "$base"'/lists/sa?school=%22%3E%3Cscript%3E' >/dev/null &&
! grep -q '"><script>' body
EOT

# The CSP forbids inline styles and scripts: no page may rely on them.
test_expect_success 'no page carries inline style or script, which the CSP would block' - <<\EOT
inline=0
for path in / /schools/100001 "/pupils/$A" /lists/sa /hotspots; do
	as lead "$base$path" >/dev/null
	grep -q -e ' style="' -e '<script' body && { echo "inline in $path"; inline=1; }
done
[ $inline = 0 ]
EOT

# hostile requests
check lead /no/such/page 404
check lead /schools/abc 400
check lead "/pupils/%3Cscript%3E" 400
check lead /lists/nonsense 404
check lead "/static/../../etc/passwd" 404
test_expect_success 'an unsupported method is refused' '
	test_is "$(as lead -X DELETE "$base/")" 405
'
test_expect_success 'a POST without the CSRF token is refused' '
	test_is "$(as lead -X POST "$base/logout")" 403
'
test_expect_success 'a POST with a wrong CSRF token is refused' '
	test_is "$(as lead -X POST -d csrf=0000 "$base/logout")" 403
'
head -c 200000 /dev/zero | tr '\0' a >big
test_expect_success 'an oversized body is refused with 413' '
	test_is "$(as lead -X POST --data-binary @big -H "Content-Type: application/x-www-form-urlencoded" "$base/logout")" 413
'

# audit log
test_expect_success 'viewing a named pupil is written to the audit log' - <<\EOT
audits=$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE action = 'view' AND object = 'pupil $B' AND username = 'lead'")
echo "$audits views" && [ "$audits" -ge 1 ]
EOT
test_expect_success 'the audit log refuses changes' - <<\EOT
! sqlite3 $db.audit "UPDATE audit SET username = 'x'" 2>/dev/null
EOT
test_expect_success 'the audit log refuses deletion' '
	! sqlite3 $db.audit "DELETE FROM audit" 2>/dev/null
'
test_expect_success 'the LA lead can search the audit log' '
	as lead "$base/api/audit?q=$B" >/dev/null &&
	grep -q "pupil $B" body
'

# the year's engine is cached beside the store, named by the last import
test_expect_success "the server caches the year's engine as STORE.engine-2025-VERSION-ID" - <<\EOT
v=$(sqlite3 $db "SELECT max(id) FROM import")
id=$(sqlite3 $db "SELECT value FROM meta WHERE key = 'store_id'")
echo "$db.engine-2025-$v-$id"
[ -n "$id" ] && [ -s "$db.engine-2025-$v-$id" ]
EOT

# an import while the server runs shows at once on a small authority
as lead "$base/api/" >/dev/null
before=$(tr ',' '\n' <body | grep -m1 '"possible"')
printf 'upn,urn,date,session,code\n%s,100002,2025-11-03,AM,/\n%s,100002,2025-11-03,PM,/\n' "$D" "$D" >more.csv
test_expect_success 'figures are rebuilt after an import' - <<\EOT
$ATTEND --db $db import more.csv >/dev/null &&
as lead "$base/api/" >/dev/null &&
after=$(tr ',' '\n' <body | grep -m1 '"possible"') &&
echo "possible: $before -> $after" &&
[ -n "$before" ] && [ "$before" != "$after" ]
EOT
test_expect_success "after an import of marks only, the pupils' details are still there" - <<\EOT
as lead "$base/api/lists/sa" >/dev/null && grep -q '"Cole"' body
EOT
printf 'upn,urn,surname,forename,dob,social_care\n%s,100002,Colby,Cy,2016-01-01,CLA\n' "$C" >renamed.csv
test_expect_success "a pupil's new surname shows after the import that changed it" - <<\EOT
$ATTEND --db $db import renamed.csv >/dev/null &&
as lead "$base/api/lists/sa" >/dev/null &&
grep -q '"Colby"' body && ! grep -q '"Cole"' body
EOT
v2=$(sqlite3 $db "SELECT max(id) FROM import")
# written once the new figures are in use: wait for it
for wait in $(seq 50); do [ -s "$db.engine-2025-$v2-$id" ] && break; sleep 0.1; done
test_expect_success 'the rebuild caches the new version and drops the old one' '
	[ -s "$db.engine-2025-$v2-$id" ] && ! [ -e "$db.engine-2025-$v-$id" ]
'
as lead "$base/api/lists/sa" >/dev/null && cp body sa.before
as lead "$base/api/" >/dev/null && cp body dashboard.before
kill $server; wait $server 2>/dev/null
head -c 1000 /dev/urandom >"$db.engine-2025-$v2-$id"
ATTEND_INSECURE_COOKIE=1 $ATTEND --db $db serve --port $port >>server.log 2>&1 &
server=$!
for wait in $(seq 100); do curl -s -o /dev/null "$base/login" && break; sleep 0.1; done
test_expect_success 'a damaged cache is read past: the same figures and list from the store' '
	as lead "$base/api/" >/dev/null &&
	cmp -s body dashboard.before &&
	as lead "$base/api/lists/sa" >/dev/null && cmp -s body sa.before
'
test_expect_success 'the dashboard is drawn from the rebuilt figures' '
	as lead "$base/" >/dev/null &&
	grep -q "Elm Primary" body
'

# expired session, sign-out
sqlite3 $db "UPDATE session SET expires_at = 0 WHERE user_id = (SELECT id FROM user WHERE username = 'officer')"
check officer / 303
test_expect_success 'signing out with the CSRF token works' '
	test_is "$(as oak -X POST -d "csrf=$(cat csrf.oak)" "$base/logout")" 303
'
check oak /schools/100001 303

test_done
