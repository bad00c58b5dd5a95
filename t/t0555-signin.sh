#!/bin/bash
# Signing in under attack (docs/security.md): the sign-in form's own
# token (login CSRF), the throttle per client address, the lock-out per
# account and address that a stranger elsewhere cannot impose on the
# account's owner, a lock-out that fails closed when the store cannot be
# written, and every refusal in the audit log with its reason.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"
web_fixture
web_start_server --login-rate 6

# try JAR USER PASSWORD [CURL-ARGS...]: a sign-in from a new jar, with its token
try() {
	try_jar_=$1 try_user_=$2 try_pw_=$3
	shift 3
	rm -f "$try_jar_"
	status -c "$try_jar_" -b "$try_jar_" "$@" \
		-d "login_token=$(login_token "$try_jar_" "$@")" \
		--data-urlencode "username=$try_user_" \
		--data-urlencode "password=$try_pw_" "$base/login"
}
audit() { sqlite3 $db.audit "SELECT detail FROM audit WHERE $1 ORDER BY id"; }

test_expect_success 'the sign-in form carries a token and sets its cookie' '
	curl -s -D h -c jar.f "$base/login" >form.html &&
	grep -qi "^set-cookie: attend_login=[0-9a-f]\{64\}; Path=/login; HttpOnly; SameSite=Strict" h &&
	grep -q "name=\"login_token\" value=\"[0-9a-f]\{64\}\"" form.html
'
test_expect_success 'a cross-site sign-in (no token, no cookie) is refused, 403' '
	test_is "$(status -D h -d "username=lead&password=correct+horse+battery" "$base/login")" 403 &&
	test_grep "did not come from attend" body &&
	! grep -qi "attend_session=" h
'
test_expect_success 'a token that does not match its cookie is refused' '
	t=$(login_token jar.f) &&
	login_token jar.g >/dev/null &&
	test_is "$(status -b jar.g -d "login_token=$t" \
		-d "username=lead&password=correct+horse+battery" "$base/login")" 403
'
test_expect_success 'a planted cookie with a forged token is refused' '
	n=$(printf "%064d" 7) &&
	test_is "$(status -b "attend_login=$n" -d "login_token=$n" \
		-d "username=lead&password=correct+horse+battery" "$base/login")" 403
'
test_expect_success 'both refusals are in the audit log' '
	test "$(audit "action = '\''refused'\'' AND object = '\''/login'\''" | wc -l)" = 3
'
test_expect_success 'with its token, the right password signs in (303 and a session)' '
	test_is "$(try jar.ok lead "correct horse battery" -D h)" 303 &&
	grep -qi "^set-cookie: attend_session=[0-9a-f]\{64\}" h
'

test_expect_success 'a stranger at 127.0.0.2 guesses five times: 401 each' - <<\EOT
for i in 1 2 3 4 5; do
	test_is "$(try jar.s lead "guess number $i" --interface 127.0.0.2)" 401 || return 1
	sleep 0.2
done
EOT
test_expect_success 'the sixth try from there is locked out, the right password too' '
	test_is "$(try jar.s lead "correct horse battery" --interface 127.0.0.2)" 429 &&
	test_grep "too many failed sign-ins" body
'
test_expect_success 'the owner, at 127.0.0.1, still signs in' '
	test_is "$(try jar.owner lead "correct horse battery")" 303
'
test_expect_success 'the audit log says why each failed' '
	audit "action = '\''sign in failed'\'' AND address = '\''127.0.0.2'\''" >why &&
	test_diag <why &&
	test "$(grep -c "^wrong password$" why)" = 5 &&
	test "$(grep -c "^locked out: too many failed sign-ins from this address$" why)" = 1
'
test_expect_success 'an unknown user is logged as one' '
	test_is "$(try jar.u nobody "some password x")" 401 &&
	test_grep "wrong username or password" body &&
	test "$(audit "action = '\''sign in failed'\'' AND username = '\''nobody'\''")" = "no such user"
'

test_expect_success 'sign-ins that succeed are not counted: 8 at 127.0.0.3 in a row' - <<\EOT
for i in 1 2 3 4 5 6 7 8; do
	test_is "$(try jar.t officer "correct horse battery" --interface 127.0.0.3)" 303 || return 1
done
EOT
test_expect_success 'the throttle: past 6 failures a minute from 127.0.0.3, 429 unchecked' - <<\EOT
n=0
for i in 1 2 3 4 5 6 7 8; do
	code=$(try jar.t "stranger$i" "wrong password" --interface 127.0.0.3)
	echo "try $i: $code" | test_diag
	[ "$code" = 429 ] && break
	n=$((n + 1))
done
test "$n" = 6 &&
test_grep "Too many sign-in attempts from your address" body &&
test_is "$(try jar.t officer "correct horse battery" --interface 127.0.0.3 -D h)" 429 &&
grep -qi "^retry-after: [0-9]" h
EOT
test_expect_success 'another address is not held up by it' '
	test_is "$(try jar.o2 officer "correct horse battery" --interface 127.0.0.4)" 303
'

test_expect_success 'when sign-in tries cannot be recorded, every sign-in is refused alike' - <<\EOT
sqlite3 $db "CREATE TRIGGER cannot_write BEFORE INSERT ON login_failure
	BEGIN SELECT RAISE(ABORT, 'disk full'); END;" &&
test_is "$(try jar.c oak "correct horse battery" --interface 127.0.0.5)" 503 &&
sed 's/value="[0-9a-f]*"/value=T/' body >right &&
test_is "$(try jar.c oak "wrong password here" --interface 127.0.0.5)" 503 &&
sed 's/value="[0-9a-f]*"/value=T/' body >wrong &&
test_cmp right wrong &&
test_grep "cannot record sign-in attempts" right
EOT
test_expect_success 'and it is logged; once the store takes writes again, it works' '
	test "$(audit "action = '\''sign in failed'\'' AND username = '\''oak'\''" | sort -u)" = \
		"the attempt could not be recorded" &&
	sqlite3 $db "DROP TRIGGER cannot_write" &&
	test_is "$(try jar.c oak "correct horse battery" --interface 127.0.0.5)" 303
'
test_expect_success 'a signed-in page answers 403 to a stranger, and that is logged' '
	login oak &&
	test_is "$(as oak "$base/schools/100002")" 403 &&
	test "$(sqlite3 $db.audit "SELECT count(*) FROM audit WHERE action = '\''refused'\''
		AND username = '\''oak'\'' AND object = '\''/schools/100002'\''")" = 1
'

# sessions of user U: "created expires" a line, in seconds from now
sess() {
	sqlite3 -separator ' ' $db "SELECT s.created_at - strftime('%s','now'), s.expires_at - strftime('%s','now')
		FROM session s JOIN user u ON u.id = s.user_id WHERE u.username = '$1'"
}
test_expect_success 'a new session ends 30 minutes from now unless used' '
	rm -f jar.gov && login gov && sess gov >s && test_diag <s &&
	test "$(wc -l <s)" = 1 &&
	read c x <s && test "$x" -ge 1795 && test "$x" -le 1800
'
test_expect_success 'a session used after 28 idle minutes lives 30 minutes more' '
	sqlite3 $db "UPDATE session SET expires_at = strftime('\''%s'\'','\''now'\'') + 120" &&
	test_is "$(as gov "$base/schools/100001")" 200 &&
	read c x <<-EOF &&
	$(sess gov)
	EOF
	test "$x" -ge 1795 && test "$x" -le 1800
'
test_expect_success 'but never past 8 hours from its start' '
	sqlite3 $db "UPDATE session SET created_at = strftime('\''%s'\'','\''now'\'') - 28800 + 300,
		expires_at = strftime('\''%s'\'','\''now'\'') + 100" &&
	test_is "$(as gov "$base/schools/100001")" 200 &&
	read c x <<-EOF &&
	$(sess gov)
	EOF
	test "$x" -ge 295 && test "$x" -le 300
'
test_expect_success 'an ended session signs nobody in, and goes when the next starts' '
	sqlite3 $db "UPDATE session SET expires_at = strftime('\''%s'\'','\''now'\'') - 1" &&
	test_is "$(as gov "$base/schools/100001")" 303 &&
	test_is "$(as gov "$base/api/schools/100001")" 401 &&
	ended=$(sqlite3 $db "SELECT count(*) FROM session WHERE expires_at <= strftime('\''%s'\'','\''now'\'')") &&
	test "$ended" -ge 1 &&
	login gov &&
	test "$(sqlite3 $db "SELECT count(*) FROM session WHERE expires_at <= strftime('\''%s'\'','\''now'\'')")" = 0
'
test_done
