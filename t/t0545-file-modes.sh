#!/bin/bash
# The store, its WAL and shared memory, the audit log and the engine's
# caches hold children's data: attend creates each readable by its user
# alone (0600) whatever the umask, or by a group as well (0640) when the
# store's directory is set-group-ID; and attend serve says, on stderr,
# which of them others may read (src/store/files.h).
. "$(dirname "$0")/test-lib.sh"

A=$(upn 990200145001)
printf "urn,laestab,name,phase\n100001,9902001,Oak,primary\n" >schools.csv
printf "upn,urn,surname,forename,dob\n%s,100001,Able,Ann,2016-01-01\n" "$A" >pupils.csv
printf "upn,urn,date,session,code\n%s,100001,2025-01-06,AM,N\n" "$A" >register.csv

modes() {	# DIR: "mode name" of each file of the store s.db there
	(cd "$1" && for f in s.db*; do echo "$(stat -c %a "$f") $f"; done)
}

test_expect_success 'with umask 022, every file of a store is 0600' - <<\EOT
mkdir plain &&
(umask 022 &&
 "$ATTEND" --db plain/s.db import --quiet schools.csv pupils.csv register.csv &&
 "$ATTEND" --db plain/s.db pupils >/dev/null) &&
modes plain >got &&
cat got | test_diag &&
grep -q " s.db$" got && grep -q " s.db.audit$" got &&
grep -q " s.db.engine-" got && grep -q " s.db-wal$" got &&
! grep -v "^600 " got
EOT
test_expect_success 'in a set-group-ID directory they are 0640, even with umask 077' - <<\EOT
mkdir shared && chmod 2770 shared &&
(umask 077 &&
 "$ATTEND" --db shared/s.db import --quiet schools.csv pupils.csv register.csv &&
 "$ATTEND" --db shared/s.db pupils >/dev/null) &&
modes shared >got &&
cat got | test_diag &&
grep -q " s.db.engine-" got &&
! grep -v "^640 " got
EOT

# stop_server PID: SIGTERM, then SIGKILL if it has not gone in 5 s
stop_server() {
	kill "$1" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# serve_warnings DB: what attend serve says on stderr as it starts
serve_warnings() {
	for try in 1 2 3; do
		port=$((20000 + RANDOM % 20000))
		"$ATTEND" --db "$1" serve --port $port >serve.out 2>serve.err &
		pid=$!
		for i in $(seq 100); do
			grep -q serving serve.out serve.err && break
			kill -0 $pid 2>/dev/null || break
			sleep 0.1
		done
		stop_server $pid
		grep -q serving serve.out serve.err && return 0
	done
	return 1
}

test_expect_success 'attend serve says nothing of files no one else may read' '
	serve_warnings plain/s.db &&
	! grep -q warning serve.err
'
test_expect_success 'it warns of each file others may read, naming it and its mode' - <<\EOT
chmod 644 plain/s.db && chmod 604 plain/s.db.audit &&
serve_warnings plain/s.db &&
cat serve.err | test_diag &&
test_grep -F "warning: plain/s.db is readable by others (mode 0644)" serve.err &&
test_grep -F "warning: plain/s.db.audit is readable by others (mode 0604)" serve.err &&
test_is "$(grep -c warning serve.err)" 2
EOT
test_expect_success 'a cache others may write is named too' - <<\EOT
chmod 600 plain/s.db plain/s.db.audit &&
cache=$(ls plain/s.db.engine-* | head -1) &&
chmod 622 "$cache" &&
serve_warnings plain/s.db &&
test_grep -F "warning: $cache is writable by others (mode 0622)" serve.err
EOT

test_done
