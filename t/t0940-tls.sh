#!/bin/bash
# attend serve's own TLS (src/web/tls.c, docs/operations.md "TLS"): a
# certificate the test makes, signing in over HTTPS with the certificate
# checked, HSTS on every answer, cookies always Secure (even when
# ATTEND_INSECURE_COOKIE says the cookies go over plain HTTP), TLS 1.2
# and 1.3 only, plain HTTP to the port refused, and a missing,
# unreadable or mismatched certificate or key refused at start with a
# message naming the file.  Bash: the server's port is random.
. "$(dirname "$0")/test-lib.sh"

export ATTEND_TODAY=2025-11-04
. "$TEST_DIR/web-lib.sh"

if ! command -v openssl >/dev/null; then
	echo "1..0 # SKIP openssl is not installed (sh scripts/deps.sh test)"
	exit 0
fi
web_fixture

# The helpers of web-lib.sh speak curl: over HTTPS they check the
# server's certificate against the test's own, as a browser would.
export CURL_HOME=$PWD
echo "cacert = \"$PWD/cert.pem\"" >.curlrc

test_expect_success 'a self-signed certificate and keys are made' '
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
		-addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
		-keyout key.pem -out cert.pem 2>openssl.err &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-days 2 -subj /CN=other -keyout other-key.pem \
		-out other-cert.pem 2>>openssl.err &&
	openssl pkey -in key.pem -aes256 -passout pass:secret \
		-out encrypted-key.pem &&
	chmod 600 key.pem
'

test_expect_success 'the plain HTTP server sends no HSTS' '
	curl -s -D h -o /dev/null "$base/login" &&
	! grep -qi "^strict-transport-security" h
'

# tls_start [SERVE-OPTIONS...]: (re)starts the server over TLS on a free
# port, with ATTEND_INSECURE_COOKIE set (which TLS overrides); sets
# server, port and base.
tls_start() {
	[ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
	server=
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 20000))
		ATTEND_INSECURE_COOKIE=1 $ATTEND --db $db serve --port $port \
			"$@" >tls-server.log 2>&1 &
		server=$!
		await_url "https://127.0.0.1:$port/login" $server 100 && break
		kill $server 2>/dev/null; wait $server 2>/dev/null; server=
	done
	base="https://127.0.0.1:$port"
	test -n "$server"
}

test_expect_success 'attend serve --tls-cert --tls-key serves HTTPS' '
	tls_start --tls-cert cert.pem --tls-key key.pem &&
	test_grep "msg=\"serving\" .*url=https://127.0.0.1:$port/" tls-server.log &&
	test_is "$(status "$base/login")" 200 &&
	test_grep "Sign in" body
'

test_expect_success 'the certificate served is the one given (verified against it)' '
	echo | openssl s_client -connect 127.0.0.1:$port -servername localhost \
		-CAfile cert.pem -verify_return_error >sclient.out 2>&1 &&
	test_grep "Verify return code: 0 \(ok\)" sclient.out
'

test_expect_success 'lead signs in over HTTPS and sees the dashboard' '
	login lead &&
	test -s csrf.lead &&
	test_is "$(as lead "$base/")" 200 &&
	test_grep "Lena Lead" body
'

test_expect_success 'the cookies are Secure over TLS, whatever ATTEND_INSECURE_COOKIE says' '
	rm -f jar.h &&
	curl -s -D form.h -c jar.h -b jar.h "$base/login" >form.html &&
	grep -i "^set-cookie: attend_login=" form.h >cookie.form &&
	test_grep "; Secure" cookie.form &&
	t=$(sed -n "s/.*name=\"login_token\" value=\"\([0-9a-f]*\)\".*/\1/p" form.html) &&
	curl -s -D post.h -o /dev/null -c jar.h -b jar.h -d "login_token=$t" \
		-d "username=lead&password=correct+horse+battery" "$base/login" &&
	grep -i "^set-cookie: attend_session=" post.h >cookie.session &&
	test_grep "HttpOnly; SameSite=Strict; Max-Age=[0-9]*; Secure" cookie.session &&
	csrf=$(curl -s -b jar.h "$base/alerts" |
		sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" | head -1) &&
	curl -s -D out.h -o /dev/null -b jar.h -d "csrf=$csrf" "$base/logout" &&
	grep -i "^set-cookie: attend_session=;" out.h >cookie.out &&
	test_grep "Max-Age=0; Secure" cookie.out
'

# Every kind of answer: a page, a redirect, a refusal, a missing page, a
# JSON error, a stylesheet.
test_expect_success 'every answer carries Strict-Transport-Security' '
	for path in /login / /no-such-page /api/schools /static/attend.css; do
		curl -s -D h -o /dev/null -b jar.lead "$base$path" &&
		grep -qi "^strict-transport-security: max-age=31536000" h ||
			{ echo "no HSTS on $path:"; cat h; return 1; }
	done &&
	curl -s -D h -o /dev/null -b jar.lead -d x=1 "$base/cases" &&
	test_grep "^HTTP/1.1 403" h &&
	grep -qi "^strict-transport-security: max-age=31536000" h &&
	curl -s -D h -o /dev/null "$base/" &&
	test_grep "^HTTP/1.1 303" h &&
	grep -qi "^strict-transport-security: max-age=31536000" h
'

# OpenSSL 3 refuses TLS 1.1 at its default security level on its own:
# the client is told to offer it (SECLEVEL=0), and shown to connect with
# it to a server that allows it, so that the refusal is the server's.
tls11() {
	echo | timeout 10 openssl s_client -connect 127.0.0.1:$1 -tls1_1 \
		-cipher "DEFAULT:@SECLEVEL=0" >"$2" 2>&1
}
test_expect_success 'an OpenSSL client offering TLS 1.1 connects to a server that allows it' '
	control= &&
	for try in 1 2 3 4 5; do
		cport=$((20000 + RANDOM % 20000))
		openssl s_server -accept $cport -cert cert.pem -key key.pem \
			-tls1_1 -cipher "DEFAULT:@SECLEVEL=0" -www >s_server.out 2>&1 &
		control=$!
		sleep 0.5
		kill -0 $control 2>/dev/null && break
		control=
	done &&
	test -n "$control" &&
	{ tls11 $cport control.out; kill $control; wait $control 2>/dev/null; true; } &&
	test_grep "Protocol *: TLSv1.1" control.out &&
	test_grep "^New, TLSv1.[0-9], Cipher is [A-Z]" control.out
'
test_expect_success 'TLS 1.1 and 1.0 are refused' '
	! tls11 $port tls11.out &&
	test_grep -F "Cipher is (NONE)" tls11.out &&
	! echo | timeout 10 openssl s_client -connect 127.0.0.1:$port -tls1 \
		-cipher "DEFAULT:@SECLEVEL=0" >tls10.out 2>&1 &&
	got=$(curl -s -o /dev/null -w "%{http_code}" --tls-max 1.1 "$base/login"; echo " rc=$?") &&
	echo "curl --tls-max 1.1: $got" &&
	case $got in "000 rc=0") false ;; 000*) true ;; *) false ;; esac
'
test_expect_success 'TLS 1.2 and 1.3 are accepted, with forward-secret AEAD ciphers' '
	echo | openssl s_client -connect 127.0.0.1:$port -tls1_2 >tls12.out 2>&1 &&
	test_grep "^New, TLSv1.2, Cipher is " tls12.out &&
	test_grep "Cipher *: ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)" tls12.out &&
	echo | openssl s_client -connect 127.0.0.1:$port -tls1_3 >tls13.out 2>&1 &&
	test_grep "^New, TLSv1.3, Cipher is TLS_" tls13.out
'
test_expect_success 'a TLS 1.2 client with only CBC ciphers is refused' '
	! echo | timeout 10 openssl s_client -connect 127.0.0.1:$port -tls1_2 \
		-cipher ECDHE-RSA-AES128-SHA >cbc.out 2>&1
'

test_expect_success 'plain HTTP to the TLS port gets no answer' '
	got=$(curl -s -o plain.body -w "%{http_code}" "http://127.0.0.1:$port/login"; echo " rc=$?") &&
	echo "plain HTTP: $got" &&
	case $got in "000 rc=0") false ;; 000*) true ;; *) false ;; esac &&
	! test -s plain.body &&
	kill -0 $server
'

test_expect_success 'tls_cert and tls_key in the configuration serve HTTPS too' '
	printf "tls_cert = %s/cert.pem\ntls_key = %s/key.pem\n" "$PWD" "$PWD" >tls.conf &&
	ATTEND_CONFIG=$PWD/tls.conf tls_start &&
	test_is "$(status "$base/login")" 200 &&
	curl -s -D h -o /dev/null "$base/login" &&
	grep -qi "^strict-transport-security:" h
'

# refused WANT-IN-MESSAGE SERVE-OPTIONS...: serve exits 1 at once, with
# the message on standard error, and never listens.
refused() {
	refused_want_=$1
	shift
	rport=$((20000 + RANDOM % 20000))
	timeout 20 $ATTEND --db $db serve --port $rport "$@" >refused.out 2>refused.err
	refused_rc_=$?
	cat refused.err
	test_is "$refused_rc_" 1 &&
	test_grep -F "$refused_want_" refused.err &&
	! curl -sk -o /dev/null "https://127.0.0.1:$rport/login"
}
test_expect_success 'a missing key file is refused at start, naming it' '
	refused "TLS key $PWD/nokey.pem: cannot read it: No such file or directory" \
		--tls-cert cert.pem --tls-key "$PWD/nokey.pem"
'
test_expect_success 'a missing certificate file is refused at start, naming it' '
	refused "TLS certificate nocert.pem: cannot read it" \
		--tls-cert nocert.pem --tls-key key.pem
'
test_expect_success 'a file that is not a key is refused at start, naming it' '
	refused "TLS key cert.pem: no PEM private key in it" \
		--tls-cert cert.pem --tls-key cert.pem
'
test_expect_success 'a file that is not a certificate is refused at start, naming it' '
	refused "TLS certificate key.pem: no PEM certificate in it" \
		--tls-cert key.pem --tls-key key.pem
'
test_expect_success 'another certificate'\''s key is refused at start, naming both' '
	refused "TLS key other-key.pem is not the key of the certificate in cert.pem" \
		--tls-cert cert.pem --tls-key other-key.pem
'
test_expect_success 'an encrypted key is refused at start, saying why' '
	refused "TLS key encrypted-key.pem: the key is encrypted" \
		--tls-cert cert.pem --tls-key encrypted-key.pem
'
test_expect_success 'a bad key named in the configuration is refused the same way' '
	printf "tls_cert = %s/cert.pem\ntls_key = %s/other-key.pem\n" "$PWD" "$PWD" >bad.conf &&
	ATTEND_CONFIG=$PWD/bad.conf refused "other-key.pem is not the key of the certificate"
'
test_expect_success 'a certificate without its key is a usage error' '
	test_exit_is 2 $ATTEND --db $db serve --tls-cert cert.pem &&
	test_grep "go together" err
'

test_done
