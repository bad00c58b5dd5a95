#!/bin/sh
# Single sign-on against a real OpenID Connect provider.  Glewlwyd (a
# Debian package) is started on a free loopback port with a
# configuration and a SQLite database made here from the schema the
# package ships, and its admin API registers an RSA signing key, the
# clients "attend" and "other-app" and the user alice.  No browser:
# curl plays alice's (signed in at the provider, the scopes granted,
# then "continue" as Glewlwyd's login page does), and oidc-driver plays
# attend, with src/auth/oidc.c and libcurl.  The expected subject is
# read from Glewlwyd's own database, the other values are the ones
# registered here.
. "$(dirname "$0")/test-lib.sh"

DRIVER=$BUILD/san/t/oidc-driver
if ! command -v glewlwyd >/dev/null 2>&1; then
	echo "1..0 # SKIP glewlwyd is not installed (scripts/deps.sh test installs it)"
	exit 0
fi
if ! [ -x "$DRIVER" ]; then
	echo "1..0 # SKIP $DRIVER is not built (make build/san/t/oidc-driver)"
	exit 0
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
issuer=$base/api/oidc
# Never connected to: the browser stops at the redirect.
redirect=http://127.0.0.1:9/oidc/callback
# attend serve's own, for the sign-ins through the web server.
aport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
abase=http://127.0.0.1:$aport
aredirect=$abase/oidc/callback
attend_secret='attend-secret-1'
other_secret='other-secret-2'

# gw_api METHOD PATH JSON: the admin API, true on HTTP 200.
gw_api() {
	gw_code_=$(curl -s -b admin.jar -X "$1" -H 'Content-Type: application/json' \
		-d "$3" -o api.out -w '%{http_code}' "$base/api$2")
	[ "$gw_code_" = 200 ] || { echo "$1 $2: HTTP $gw_code_"; cat api.out; return 1; }
}

# attend_rp OPTION... COMMAND...: the driver configured as attend; later
# options win over these.
attend_rp() {
	"$DRIVER" --issuer "$issuer" --client-id attend \
		--client-secret "$attend_secret" --redirect-uri "$redirect" \
		--timeout 5 "$@"
}

other_rp() {
	"$DRIVER" --issuer "$issuer" --client-id other-app \
		--client-secret "$other_secret" --redirect-uri "$redirect" \
		--timeout 5 "$@"
}

# The schema: dbconfig-common's copy, else the documentation's (which a
# minimal system may leave out); both come with the package.
test_setup 'Glewlwyd starts on loopback with a database made here' '
	schema=/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3 &&
	if [ -r "$schema" ]; then
		sqlite3 gw.db <"$schema"
	else
		zcat /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz | sqlite3 gw.db
	fi || return 1
	cat >glewlwyd.conf <<-EOF || return 1
	port=$port
	bind_address="127.0.0.1"
	external_url="$base"
	login_url="login.html"
	api_prefix="api"
	log_mode="console"
	log_level="INFO"
	cookie_secure=0
	session_expiration=3600
	session_key="GLEWLWYD2_SESSION_ID"
	admin_session_authentication="cookie"
	profile_session_authentication="cookie"
	allow_multiple_user_per_session=true
	login_api_enabled=true
	admin_scope="g_admin"
	profile_scope="g_profile"
	user_module_path="/usr/lib/glewlwyd/user"
	client_module_path="/usr/lib/glewlwyd/client"
	user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
	plugin_module_path="/usr/lib/glewlwyd/plugin"
	hash_algorithm="SHA512"
	database = { type = "sqlite3"; path = "$TMP/gw.db"; };
	EOF
	glewlwyd --config="$TMP/glewlwyd.conf" >glewlwyd.log 2>&1 &
	gw_pid=$!
	test_atexit "kill $gw_pid 2>/dev/null; wait $gw_pid 2>/dev/null" &&
	i=0 &&
	until curl -sf -o /dev/null "$base/config"; do
		i=$((i + 1)) &&
		[ $i -lt 50 ] && kill -0 $gw_pid 2>/dev/null &&
		sleep 0.2 || { cat glewlwyd.log; return 1; }
	done
'

# The admin user and its password are the schema's own.  (test_setup
# takes no "-", so bodies with quotes of their own go through $body.)
body=$(cat <<\EOT
curl -s -c admin.jar -H 'Content-Type: application/json' -o /dev/null \
	-d '{"username":"admin","password":"password"}' "$base/api/auth/" &&
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null &&
openssl pkey -in key.pem -pubout -out pub.pem &&
plugin=$(python3 -c '
import json, sys
print(json.dumps({"module": "oidc", "name": "oidc", "display_name": "OIDC",
  "enabled": True, "parameters": {
    "iss": sys.argv[1], "jwt-type": "rsa", "jwt-key-size": "256",
    "key": open("key.pem").read(), "cert": open("pub.pem").read(),
    "access-token-duration": 3600, "refresh-token-duration": 3600,
    "code-duration": 600, "auth-type-code-enabled": True,
    "auth-type-refresh-enabled": True, "pkce-allowed": True,
    "pkce-method-plain-allowed": False, "subject-type": "public",
    "email-claim": "mandatory", "name-claim": "mandatory",
    "allowed-scope": ["openid", "email", "profile"],
    "session-management-allowed": True,
    "session-cookie-name": "GLEWLWYD_OIDC_SID",
    "session-cookie-expiration": 3600}}))' "$issuer") &&
gw_api POST /mod/plugin/ "$plugin" &&
gw_api POST /scope/ '{"name":"email","display_name":"email","description":"email","password_required":false}' &&
gw_api POST /scope/ '{"name":"profile","display_name":"profile","description":"profile","password_required":false}' &&
for c in "attend $attend_secret" "other-app $other_secret"; do
	set -- $c
	gw_api POST /client/ "{\"client_id\":\"$1\",\"name\":\"$1\",\"enabled\":true,\"confidential\":true,\"client_secret\":\"$2\",\"redirect_uri\":[\"$redirect\",\"$aredirect\"],\"authorization_type\":[\"code\"],\"token_endpoint_auth_method\":[\"client_secret_basic\",\"client_secret_post\"],\"scope\":[]}" || return 1
done &&
gw_api POST /user/ '{"username":"alice","name":"Alice Officer","email":"alice@council.example","password":"alice-password-1","scope":["openid","email","profile","g_profile"],"enabled":true}' &&
curl -s -c alice.jar -H 'Content-Type: application/json' -o /dev/null \
	-d '{"username":"alice","password":"alice-password-1"}' "$base/api/auth/" &&
for c in attend other-app; do
	curl -sf -b alice.jar -X PUT -H 'Content-Type: application/json' \
		-d '{"scope":"openid email profile"}' "$base/api/auth/grant/$c" || return 1
done &&
cat >browser <<EOF &&
#!/bin/sh
# alice's browser: follows the authorisation URL as Glewlwyd's login
# page does once she is signed in (g_continue) and prints where the
# provider sends her.
exec curl -s -b "$TMP/alice.jar" -o /dev/null -w '%{redirect_url}' "\$1&g_continue"
EOF
chmod +x browser
EOT
)
test_setup 'the provider gets a signing key, two clients and a user' "$body"

test_expect_success 'a good sign-in gives the subject, email and name of the user' - <<\EOT
test_exit_is 0 attend_rp sign-in ./browser &&
sanitizer_clean err &&
sub=$(sqlite3 gw.db "SELECT gposi_sub FROM gpo_subject_identifier WHERE gposi_username = 'alice'") &&
test -n "$sub" &&
test_is "$(cat out)" "ok sub=$sub email=alice@council.example name=Alice Officer"
EOT

test_expect_success 'the same callback a second time is refused as replayed' '
	test_exit_is 1 attend_rp sign-in --replay ./browser &&
	sanitizer_clean err &&
	test_is "$(sed -n 1p out)" "ok sub=$sub email=alice@council.example name=Alice Officer" &&
	test_grep "^refused state_replayed: this sign-in has already been used" out
'

test_expect_success 'a sign-in with client_secret_post works too' '
	test_exit_is 0 attend_rp --client-auth client_secret_post sign-in ./browser &&
	test_is "$(cat out)" "ok sub=$sub email=alice@council.example name=Alice Officer"
'

# A token the provider really issued, to other-app: the code flow by
# hand, with RFC 7636 Appendix B's verifier and challenge.
body=$(cat <<\EOT
loc=$(curl -s -b alice.jar -o /dev/null -w '%{redirect_url}' \
	"$issuer/auth?response_type=code&client_id=other-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Foidc%2Fcallback&scope=openid%20email%20profile&state=s1&nonce=nonce-other-1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&g_continue") &&
code=$(printf '%s\n' "$loc" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p') &&
test -n "$code" &&
curl -s -u "other-app:$other_secret" -d grant_type=authorization_code \
	-d "code=$code" -d "redirect_uri=$redirect" \
	-d code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk \
	"$issuer/token" >other.json &&
python3 -c 'import json; print(json.load(open("other.json"))["id_token"])' >other.jwt
EOT
)
test_setup 'the provider issues an ID token to other-app' "$body"

test_expect_success 'a token the provider issued to another client is refused as the wrong audience' '
	test_exit_is 1 attend_rp validate nonce-other-1 <other.jwt &&
	sanitizer_clean err &&
	test_grep -F "refused wrong_audience: wrong audience: the ID token is for '\''other-app'\'', not '\''attend'\''" out
'

test_expect_success 'that token is good for the client it was issued to' '
	test_exit_is 0 other_rp validate nonce-other-1 <other.jwt &&
	test_is "$(cat out)" "ok sub=$sub email=alice@council.example name=Alice Officer"
'

# Glewlwyd gives ID tokens exp = iat + 3600 (access-token-duration);
# 3660 s from now is past exp + 60 s of skew for an iat of now or before.
test_expect_success 'that token an hour and a minute later is refused as expired' '
	test_exit_is 1 other_rp --later 3660 validate nonce-other-1 <other.jwt &&
	test_grep "^refused expired: the ID token expired" out
'

test_expect_success 'that token with its audience rewritten to attend is refused as a bad signature' - <<\EOT
python3 -c '
import base64, json
h, p, s = open("other.jwt").read().strip().split(".")
c = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
c["aud"] = c["azp"] = "attend"
p = base64.urlsafe_b64encode(json.dumps(c).encode()).decode().rstrip("=")
print(".".join([h, p, s]))' >forged.jwt &&
test_exit_is 1 attend_rp validate nonce-other-1 <forged.jwt &&
test_grep "^refused bad_signature:" out
EOT

test_expect_success 'that token with another nonce is refused' '
	test_exit_is 1 other_rp validate nonce-other-2 <other.jwt &&
	test_grep "^refused wrong_nonce:" out
'

test_expect_success 'a client id the provider does not know gets no code' '
	test_exit_is 1 attend_rp --client-id nobody sign-in ./browser &&
	test_grep "^refused no_callback:" out
'

test_expect_success 'a wrong client secret is refused at the token endpoint' '
	test_exit_is 1 attend_rp --client-secret not-the-secret sign-in ./browser &&
	sanitizer_clean err &&
	test_grep "^refused provider_refused: the provider refused the sign-in code: unauthorized_client" out
'

test_expect_success 'an issuer the provider does not call itself is refused at start' '
	test_exit_is 1 attend_rp --issuer "$issuer/" sign-in ./browser &&
	test_grep -F "refused config: sso: the provider says its issuer is '\''$issuer'\'', not '\''$issuer/'\''" out
'

test_expect_success 'a provider that is not there is a network failure, in time' '
	start=$(date +%s) &&
	test_exit_is 1 attend_rp --issuer "http://127.0.0.1:9/api/oidc" sign-in ./browser &&
	test_grep "^refused network: sso: cannot reach the provider" out &&
	test $(( $(date +%s) - start )) -lt 10
'

# --- Through attend serve -------------------------------------------
#
# alice is an attend user with no password, known by her email: the
# first sign-on links her subject (oidc_email_link = 1).  Her browser is
# curl with two cookie jars: attend's (web.jar) and the provider's
# (alice.jar, signed in to Glewlwyd above); ./browser submits
# Glewlwyd's "continue" and gives the redirect back to attend.

body=$(cat <<\EOT
printf 'urn,laestab,name,phase\n100001,9902001,Oak Primary,primary\n' >schools.csv &&
"$ATTEND" --db web.db import --quiet schools.csv &&
"$ATTEND" --db web.db user add alice --name "Alice Attend" --role la_lead \
	--email alice@council.example --no-password >/dev/null &&
printf '%s\n' "$attend_secret" >secret &&
chmod 600 secret &&
printf '%s\n' "oidc_issuer = $issuer" "oidc_client_id = attend" \
	"oidc_client_secret_file = $TMP/secret" \
	"oidc_redirect_uri = $aredirect" "oidc_name = Test Council" \
	"oidc_email_link = 1" >attend.conf &&
{ ATTEND_CONFIG=$TMP/attend.conf ATTEND_INSECURE_COOKIE=1 \
	"$ATTEND" --db web.db serve --port $aport >serve.log 2>&1 & } &&
serve_pid=$! &&
test_atexit "kill $serve_pid 2>/dev/null; wait $serve_pid 2>/dev/null" &&
i=0 &&
until curl -sf -o /dev/null "$abase/login"; do
	i=$((i + 1)) &&
	[ $i -lt 100 ] && kill -0 $serve_pid 2>/dev/null &&
	sleep 0.2 || { cat serve.log; return 1; }
done
EOT
)
test_setup 'attend serve starts with the provider configured' "$body"

# sso_begin: /login/sso with web.jar; prints the provider's URL
sso_begin() {
	curl -s -c web.jar -b web.jar -D begin.head -o /dev/null \
		-w '%{redirect_url}' "$abase/login/sso"
}
# state_of URL: its state parameter
state_of() {
	printf '%s\n' "$1" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p'
}
# sso_signin: the whole round, the callback's URL left in ./callback and
# its page in ./body; prints the callback's HTTP status
sso_signin() {
	rm -f web.jar &&
	sso_url_=$(sso_begin) &&
	case $sso_url_ in "$issuer/auth?"*) ;; *) echo "begin: $sso_url_" >&2; return 1;; esac &&
	./browser "$sso_url_" >callback &&
	case $(cat callback) in "$aredirect?"*) ;; *) echo "provider: $(cat callback)" >&2; return 1;; esac &&
	curl -s -c web.jar -b web.jar -o body -w '%{http_code}' "$(cat callback)"
}
audit_last() {
	sqlite3 web.db.audit "SELECT username, action, detail FROM audit ORDER BY id DESC LIMIT 1"
}

test_expect_success 'the sign-in page offers the provider by its name, and passwords still' '
	curl -s "$abase/login" >body &&
	test_grep -F "<a class=\"button\" href=\"/login/sso\">Sign in with Test Council</a>" body &&
	test_grep "name=\"password\"" body
'

test_expect_success '/login/sso sends the browser to the provider with PKCE, the state in a Lax cookie for /oidc' '
	url=$(sso_begin) &&
	case $url in "$issuer/auth?"*) ;; *) false;; esac &&
	case $url in *"code_challenge_method=S256"*) ;; *) false;; esac &&
	state=$(state_of "$url") &&
	test ${#state} = 43 &&
	test_grep "^Set-Cookie: attend_sso=$state; Path=/oidc; HttpOnly; SameSite=Lax; Max-Age=600" begin.head
'

test_expect_success 'a good sign-in through attend serve lands on the user'\''s own page' '
	test_is "$(sso_signin)" 200 &&
	test_grep "Signed in" body &&
	test_grep "url=/week" body &&
	test_grep "attend_session" web.jar &&
	test_is "$(curl -s -b web.jar -o page -w "%{http_code}" "$abase/")" 200 &&
	test_grep "Alice Attend" page &&
	test_is "$(audit_last)" "alice|sign in|single sign-on"
'

test_expect_success 'that first sign-on linked alice, by her email, to her subject' '
	"$ATTEND" --db web.db user list >out &&
	test_grep "^alice .* sso-linked email alice@council.example no-password" out
'

test_expect_success 'the same callback again, with its cookie, is refused as replayed' '
	state=$(state_of "$(cat callback)") &&
	test_is "$(curl -s -b "attend_sso=$state" -o body -w "%{http_code}" "$(cat callback)")" 403 &&
	test_grep "has expired or has been used already" body &&
	audit_last >last &&
	test_grep "^sso|sign in failed|single sign-on refused: state_replayed:" last
'

test_expect_success 'a callback without its browser'\''s state cookie is refused before the provider is asked' '
	rm -f web.jar &&
	url=$(sso_begin) &&
	./browser "$url" >callback &&
	test_is "$(curl -s -o body -w "%{http_code}" "$(cat callback)")" 403 &&
	test_grep "did not start in this browser" body &&
	audit_last >last &&
	test_grep "^sso|sign in failed|single sign-on refused: state_unknown: the callback" last
'

test_expect_success 'signing out ends the local session' '
	test_is "$(sso_signin)" 200 &&
	csrf=$(curl -s -b web.jar "$abase/alerts" | sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" | head -1) &&
	test -n "$csrf" &&
	curl -s -b web.jar -o /dev/null -d "csrf=$csrf" "$abase/logout" &&
	test_is "$(curl -s -b web.jar -o /dev/null -w "%{http_code} %{redirect_url}" "$abase/")" "303 $abase/login"
'

test_expect_success 'alice has no password to sign in with' '
	curl -s -c pw.jar -b pw.jar "$abase/login" >form &&
	token=$(sed -n "s/.*name=\"login_token\" value=\"\([0-9a-f]*\)\".*/\1/p" form) &&
	test_is "$(curl -s -b pw.jar -o /dev/null -w "%{http_code}" -d "login_token=$token" \
		-d "username=alice&password=whatever-it-is" "$abase/login")" 401 &&
	test_is "$(audit_last)" "alice|sign in failed|no password: signs in with single sign-on only"
'

test_expect_success 'someone attend does not know is refused with a page saying whom to ask' '
	"$ATTEND" --db web.db user link alice --unlink >/dev/null &&
	test_is "$(sso_signin)" 403 &&
	test_grep "is not set up in attend" body &&
	test_grep -F "attend lead to add you, giving them this identifier: $sub" body &&
	test_is "$(audit_last)" "sso:$sub|sign in failed|single sign-on: no user is linked to this subject; email alice@council.example" &&
	! grep attend_session web.jar
'

test_expect_success 'a disabled user is refused and sent to the LA lead; enabled, signs in' '
	"$ATTEND" --db web.db user link alice --oidc-subject "$sub" >/dev/null &&
	"$ATTEND" --db web.db user disable alice >/dev/null &&
	test_is "$(sso_signin)" 403 &&
	test_grep "is disabled. Ask your authority" body &&
	test_is "$(audit_last)" "alice|sign in failed|single sign-on: account disabled" &&
	"$ATTEND" --db web.db user enable alice >/dev/null &&
	test_is "$(sso_signin)" 200
'

test_expect_success 'the provider saying no is refused and logged with its words' '
	rm -f web.jar &&
	state=$(state_of "$(sso_begin)") &&
	test_is "$(curl -s -b web.jar -o body -w "%{http_code}" \
		"$aredirect?state=$state&error=access_denied&error_description=cancelled")" 403 &&
	audit_last >last &&
	test_grep "^sso|sign in failed|single sign-on refused: provider_refused:.*access_denied" last
'

test_expect_success 'attend serve stops at start when the provider cannot be used' '
	sed "s|^oidc_issuer = .*|oidc_issuer = $issuer/|" attend.conf >bad.conf &&
	test_exit_is 1 env ATTEND_CONFIG=$TMP/bad.conf "$ATTEND" --db web.db serve --port 9 &&
	test_grep -F "sso: the provider says its issuer is" err
'

test_expect_success 'attend serve stops cleanly, the sanitizers silent' '
	kill $serve_pid && wait $serve_pid
	sanitizer_clean serve.log &&
	test_grep "msg=\"single sign-on\" issuer=" serve.log
'

test_done
