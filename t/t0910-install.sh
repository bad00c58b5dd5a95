#!/bin/bash
# make install into a staging root (DESTDIR), as a package build does:
# the program, attend(1), the systemd units and their user, a default
# configuration that a second install keeps; the manual says what
# --help says; systemd-analyze verify accepts the units (skipped when
# it is not installed: Debian's systemd package); the unit's own
# command line serves, over HTTPS with a sign-in and the monitoring
# address when the configuration names a certificate; make uninstall
# takes it all away again.
# Bash: the server's port is random.
. "$(dirname "$0")/test-lib.sh"

root=$TMP/root
unitdir=$root/usr/lib/systemd/system
units="attend.service attend-backup.service attend-backup.timer"

# The sanitizer build is the one installed (INSTALL_BIN), so that the
# test builds nothing else; MAKEFLAGS of a make check above would hand
# this make its jobserver.
install_into() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TEST_ROOT" \
		--no-print-directory DESTDIR="$root" PREFIX=/usr \
		INSTALL_BIN="$ATTEND" "$@"
}

test_expect_success 'make install puts every file under DESTDIR' '
	install_into install >install.out 2>&1 &&
	for f in usr/bin/attend usr/share/man/man1/attend.1 \
		usr/lib/systemd/system/attend.service \
		usr/lib/systemd/system/attend-backup.service \
		usr/lib/systemd/system/attend-backup.timer \
		usr/lib/sysusers.d/attend.conf etc/attend/attend.conf; do
		test -f "$root/$f" || { echo "missing: $f"; return 1; }
	done &&
	test -x "$root/usr/bin/attend" &&
	"$root/usr/bin/attend" --version | grep -q "^attend "
'

test_expect_success 'the units name the installed program and configuration' '
	test_grep "^ExecStart=/usr/bin/attend serve$" $unitdir/attend.service &&
	test_grep "^ExecStart=/usr/bin/attend backup$" $unitdir/attend-backup.service &&
	test_grep "^Environment=ATTEND_CONFIG=/etc/attend/attend.conf$" $unitdir/attend.service &&
	! grep -n "@[A-Z]*@" $root/usr/lib/systemd/system/*
'

test_expect_success 'the service runs as its own user, in a sandbox' '
	for d in User=attend Group=attend NoNewPrivileges=yes \
		ProtectSystem=strict ReadWritePaths=/var/lib/attend \
		StateDirectory=attend PrivateTmp=yes ProtectHome=yes \
		CapabilityBoundingSet= \
		"RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
		SystemCallFilter=@system-service MemoryDenyWriteExecute=yes \
		UMask=0077; do
		grep -q -x -F -e "$d" $unitdir/attend.service ||
			{ echo "attend.service has no $d"; return 1; }
	done &&
	grep -q -x NoNewPrivileges=yes $unitdir/attend-backup.service &&
	grep -q -x PrivateNetwork=yes $unitdir/attend-backup.service
'

test_expect_success 'the installed configuration is read by attend as it is' '
	test_grep "^store = /var/lib/attend/attend.db$" $root/etc/attend/attend.conf &&
	test_grep "^backup_dir = /var/lib/attend/backups$" $root/etc/attend/attend.conf &&
	"$ATTEND" --config $root/etc/attend/attend.conf --version >out 2>err &&
	! test -s err
'

test_expect_success 'a second make install keeps a configuration that was changed' '
	echo "port = 9999" >>$root/etc/attend/attend.conf &&
	cp $root/etc/attend/attend.conf changed.conf &&
	install_into install >install2.out 2>&1 &&
	test_cmp changed.conf $root/etc/attend/attend.conf &&
	test_grep "attend.conf kept" install2.out
'

if command -v systemd-sysusers >/dev/null; then
	test_expect_success 'systemd-sysusers makes the user attend, with no shell' '
		systemd-sysusers --root="$root" >sysusers.out 2>&1 &&
		test_grep "^attend:x:[0-9]*:[0-9]*:.*:/var/lib/attend:/usr/sbin/nologin$" $root/etc/passwd &&
		test_grep "^attend:" $root/etc/group
	'
else
	test_skip 'systemd-sysusers makes the user attend, with no shell' \
		'systemd-sysusers is not installed'
fi

# The rendered manual, one line per line, for the checks that follow.
if command -v man >/dev/null; then
	test_expect_success 'man -l renders attend(1) without a warning' '
		MANWIDTH=200 man --warnings -l $root/usr/share/man/man1/attend.1 \
			>man.txt 2>man.err &&
		! test -s man.err &&
		test_grep "^ATTEND\(1\)" man.txt &&
		test_grep "^CONFIGURATION" man.txt
	'
else
	test_skip 'man -l renders attend(1) without a warning' 'man is not installed'
	sed -e "s/\\\\-/-/g" -e "s/\\\\f[BIR]//g" $root/usr/share/man/man1/attend.1 >man.txt
fi

# Every command the help lists, with every option its --help shows.
test_expect_success 'the manual has every command and option --help has' '
	"$ATTEND" --help >top.txt &&
	for c in $(sed -n "s/^  \([a-z][a-z-]*\) .*/\1/p" top.txt); do
		"$ATTEND" $c --help >cmd.txt 2>/dev/null
		if grep -q "^Commands:" cmd.txt; then
			sed -n "s/^  \([a-z][a-z-]*\) .*/$c \1/p" cmd.txt
		else
			echo $c
		fi
	done >commands.txt &&
	test $(wc -l <commands.txt) -gt 40 &&
	while read -r cmd; do
		grep -q "^ *attend $cmd\( \|$\)" man.txt ||
			{ echo "attend $cmd is not in the manual"; return 1; }
		"$ATTEND" $cmd --help >opts.txt &&
		for o in $(sed -n "s/^  \(--[a-z-]*\).*/\1/p" opts.txt); do
			case $o in --db|--help) continue ;; esac
			grep -q -e "$o" man.txt ||
				{ echo "attend $cmd $o is not in the manual"; return 1; }
		done || return 1
	done <commands.txt
'

test_expect_success 'the manual lists every key of the configuration file' '
	for k in store bind port threads tls_cert tls_key oidc_issuer \
		oidc_client_id oidc_client_secret_file oidc_redirect_uri \
		oidc_name oidc_email_link \
		backup_dir backup_keep; do
		grep -q "^ *$k = " man.txt || { echo "no $k"; return 1; }
	done
'

# Without systemd running (as here), verify needs the units it starts
# after: the host's targets, copied beside ours in a root of its own.
if command -v systemd-analyze >/dev/null; then
	test_expect_success 'systemd-analyze verify accepts the units, saying nothing' '
		cp -a "$root" vroot &&
		cp /usr/lib/systemd/system/*.target vroot/usr/lib/systemd/system/ &&
		systemd-analyze verify --man=no --root="$PWD/vroot" \
			$(for u in $units; do echo /usr/lib/systemd/system/$u; done) \
			>verify.out 2>&1 &&
		! test -s verify.out
	'
	test_expect_success 'systemd-analyze security rates the service well sandboxed' '
		systemd-analyze security --offline=yes --root="$root" \
			/usr/lib/systemd/system/attend.service >security.out 2>&1 &&
		level=$(sed -n "s/.*Overall exposure level for attend.service: \([0-9.]*\) .*/\1/p" security.out) &&
		echo "exposure $level" &&
		awk -v l="$level" "BEGIN { exit !(l != \"\" && l <= 2.0) }"
	'
	sed -n 's/^.*\(Overall exposure level.*\)/# \1/p' security.out 2>/dev/null
else
	test_skip 'systemd-analyze verify accepts the units, saying nothing' \
		'systemd-analyze is not installed (Debian: systemd)'
fi

# The unit's ExecStart, run as it is (systemd is not running here), with
# the installed program, on a configuration of the test's own.
server=
test_atexit '[ -z "$server" ] || kill $server 2>/dev/null'
test_expect_success 'the unit'\''s own command line serves' '
	exec_start=$(sed -n "s/^ExecStart=//p" $unitdir/attend.service) &&
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 20000))
		printf "store = %s/svc.db\nport = %d\n" "$PWD" $port >svc.conf
		ATTEND_CONFIG=$PWD/svc.conf $root$exec_start >svc.out 2>svc.log &
		server=$!
		await_url "http://127.0.0.1:$port/login" $server && break
		kill $server 2>/dev/null; wait $server; server=
	done &&
	test -n "$server" &&
	curl -s "http://127.0.0.1:$port/login" | grep -qi "sign in" &&
	kill $server && wait $server; server= &&
	test -s svc.db &&
	test_grep "level=info msg=\"serving\" store=$PWD/svc.db url=http://127.0.0.1:$port/" svc.log
'

# The same command line as an authority runs it: HTTPS with a
# certificate of the test's own (tls_cert, tls_key), a sign-in checked
# against that certificate, and the monitoring on an address of its own.
. "$TEST_DIR/web-lib.sh"
if command -v openssl >/dev/null; then
	test_expect_success 'the unit'\''s own command line serves HTTPS, sign-in and monitoring' '
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
			-addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
			-keyout svc-key.pem -out svc-cert.pem 2>openssl.err &&
		echo "correct horse battery" | ATTEND_CONFIG=$PWD/svc.conf \
			$root/usr/bin/attend user add lead --name "Lena Lead" \
			--role la_lead >/dev/null &&
		export CURL_HOME=$PWD &&
		echo "cacert = \"$PWD/svc-cert.pem\"" >.curlrc &&
		for try in 1 2 3 4 5; do
			port=$((20000 + RANDOM % 20000))
			mport=$((20000 + RANDOM % 20000))
			printf "store = %s/svc.db\nport = %d\ntls_cert = %s\ntls_key = %s\nmetrics_bind = 127.0.0.1:%d\n" \
				"$PWD" $port "$PWD/svc-cert.pem" "$PWD/svc-key.pem" $mport >svc.conf
			ATTEND_CONFIG=$PWD/svc.conf $root$exec_start >svc.out 2>svc-tls.log &
			server=$!
			await_url "https://127.0.0.1:$port/login" $server && break
			kill $server 2>/dev/null; wait $server; server=
		done &&
		test -n "$server" &&
		base=https://127.0.0.1:$port &&
		test_grep "msg=\"serving\" store=$PWD/svc.db url=https://127.0.0.1:$port/" svc-tls.log &&
		login lead &&
		curl -s -D h -b jar.lead "$base/" >dash.html &&
		grep -qi "^strict-transport-security: max-age=" h &&
		grep -q "Lena Lead" dash.html &&
		test_grep "^#HttpOnly_127.0.0.1[[:space:]].*[[:space:]]TRUE[[:space:]][0-9]*[[:space:]]attend_session" jar.lead &&
		test_is "$(status "http://127.0.0.1:$mport/healthz")" 200 &&
		grep -q "\"status\":\"ok\"" body &&
		test_is "$(status "$base/healthz")" 404 &&
		kill $server && wait $server; server=
	'
else
	test_skip 'the unit'\''s own command line serves HTTPS, sign-in and monitoring' \
		'openssl is not installed (sh scripts/deps.sh test)'
fi

test_expect_success 'make uninstall removes what make install put, but the configuration' '
	install_into uninstall >uninstall.out 2>&1 &&
	(cd "$root" && find . -type f | sort) >left &&
	grep -v -e "^./etc/passwd" -e "^./etc/group" -e "^./etc/shadow" \
		-e "^./etc/gshadow" -e "^./etc/.pwd.lock" left >left.files &&
	test_is "$(cat left.files)" "./etc/attend/attend.conf" &&
	test_grep "are left as they are" uninstall.out
'

test_done
