#!/bin/bash
# The configuration file (src/util/config.c; its parser's own tests are
# t/unit/test-config.c): which file is read, that every command reads it,
# and the order in which it, the environment and the command line
# override one another: the command line, then the environment, then
# the file, then attend's defaults.  Bash: the server's port is random.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'the store the configuration names is the store' '
	printf "# a test\nstore = %s/conf.db\n" "$PWD" >a.conf &&
	test_exit_is 0 "$ATTEND" --config a.conf init &&
	test -s conf.db && ! test -e attend.db
'

test_expect_success '$ATTEND_CONFIG names the file when there is no --config' '
	printf "store = %s/env-conf.db\n" "$PWD" >b.conf &&
	ATTEND_CONFIG=b.conf "$ATTEND" init >out 2>err &&
	test -s env-conf.db
'

test_expect_success '--config wins over $ATTEND_CONFIG' '
	ATTEND_CONFIG=b.conf "$ATTEND" --config a.conf init >out 2>err &&
	test_grep "conf.db ready" out && ! test_grep -F env-conf.db out
'

test_expect_success '$ATTEND_DB wins over the file, --db over both' '
	ATTEND_DB=env.db "$ATTEND" --config a.conf init >out 2>err &&
	test -s env.db &&
	ATTEND_DB=env.db "$ATTEND" --config a.conf --db opt.db init >out 2>err &&
	test -s opt.db &&
	ATTEND_DB=env.db "$ATTEND" --config a.conf init --db late.db >out 2>err &&
	test -s late.db
'

test_expect_success 'an empty $ATTEND_CONFIG reads no file at all' '
	ATTEND_CONFIG= "$ATTEND" --db none.db init >out 2>err &&
	test -s none.db
'

test_expect_success 'an unknown key is refused by every command, naming file and line' '
	printf "store = x.db\n\nprot = 8080\n" >bad.conf &&
	for c in init "schools" "user list" "serve"; do
		test_exit_is 1 "$ATTEND" --config bad.conf $c &&
		test_is "$(cat err)" "attend: bad.conf:3: unknown key '\''prot'\''" ||
		return 1
	done &&
	! test -e x.db
'

test_expect_success 'a bad value is refused, naming the key' '
	printf "port = 80000\n" >port.conf &&
	test_exit_is 1 "$ATTEND" --config port.conf init &&
	test_grep "port.conf:1: port: takes a number from 1 to 65535, not .80000." err
'

test_expect_success 'a file named by --config or $ATTEND_CONFIG must exist' '
	test_exit_is 1 "$ATTEND" --config missing.conf init &&
	test_grep "missing.conf: cannot read the configuration: No such file" err &&
	ATTEND_CONFIG=missing.conf test_exit_is 1 "$ATTEND" init &&
	test_grep "missing.conf: cannot read" err
'

test_expect_success 'attend --help names the configuration file' '
	test_exit_is 0 "$ATTEND" --help &&
	test_grep -F -- "--config FILE" out &&
	test_grep -F "/etc/attend/attend.conf" out
'

test_expect_success 'a bad $ATTEND_LOG_LEVEL is a usage error' '
	ATTEND_LOG_LEVEL=loud test_exit_is 2 "$ATTEND" --db conf.db schools &&
	test_grep "ATTEND_LOG_LEVEL must be debug, info, warning or error" err
'

# attend serve takes its address from the file, and logs as it starts.
serve() {
	server=
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 20000))
		printf "store = %s/conf.db\nport = %d\nbind = 127.0.0.1\n%s" \
			"$PWD" $port "$1" >serve.conf
		"$ATTEND" --config serve.conf serve >server.out 2>server.log &
		server=$!
		await_url "http://127.0.0.1:$port/login" $server && return 0
		kill $server 2>/dev/null; wait $server; server=
	done
	return 1
}
stop() {
	kill $server && wait $server
	server=
}
test_atexit '[ -z "$server" ] || kill $server 2>/dev/null'

test_expect_success 'attend serve listens on the port the file gives' '
	serve "" && stop
'

test_expect_success 'it logs its start and stop as key=value events' '
	test_grep "^time=20[0-9-]*T[0-9:]*Z level=info msg=\"computing the figures\" store=$PWD/conf.db$" server.log &&
	test_grep "level=info msg=\"serving\" store=$PWD/conf.db url=http://127.0.0.1:$port/ threads=4$" server.log &&
	test_grep "level=info msg=\"stopped\"" server.log
'

test_expect_success 'log_level = warning leaves the info events out' '
	serve "log_level = warning
threads = 2
" && stop &&
	! test_grep "level=info" server.log
'

test_expect_success '$ATTEND_LOG_LEVEL wins over the file' '
	ATTEND_LOG_LEVEL=info serve "log_level = warning
" && stop &&
	test_grep "level=info msg=\"serving\"" server.log
'

test_done
