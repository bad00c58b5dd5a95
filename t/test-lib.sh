# Shared by every end-to-end test (t/tNNNN-*.sh; see t/README).  Source
# it first:
#
#	. "$(dirname "$0")/test-lib.sh"
#
# It sets
#	TEST_DIR   the t/ directory (absolute), where oracle.py lives
#	TEST_ROOT  the top of the repository (absolute)
#	ATTEND     the program under test: $ATTEND, else build/san/attend
#	BUILD      the build directory: $BUILD, else build/ (absolute)
#	TMP        a fresh directory, removed at exit; the script runs in it
# and speaks TAP on stdout: every check prints "ok N - what it guards" or
# "not ok N - ..." with the evidence as "# " lines, and test_done prints
# the plan at the end.  Diagnostics of a failure go to stdout (as TAP
# comments) so that prove -v shows them next to the test they belong to.
#
# A script that does not run attend (the fuzz corpus replay) sets
# TEST_NO_ATTEND=1 before sourcing, so that it is not skipped when
# attend is not built.
#
# Fixed for reproducibility: $ATTEND_TODAY (dates of birth are checked
# against "today"), the locale, no $ATTEND_DB from the caller, and no
# configuration file (not the machine's /etc/attend/attend.conf).

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
TEST_ROOT=$(cd "$TEST_DIR/.." && pwd)
ATTEND=${ATTEND:-$TEST_ROOT/build/san/attend}
case $ATTEND in
/*) ;;
*) ATTEND=$(pwd)/$ATTEND ;;
esac
BUILD=${BUILD:-$TEST_ROOT/build}
case $BUILD in
/*) ;;
*) BUILD=$(pwd)/$BUILD ;;
esac
ATTEND_TODAY=${ATTEND_TODAY:-2025-03-01}
LC_ALL=C
export ATTEND_TODAY LC_ALL
unset ATTEND_DB ATTEND_LOG_LEVEL
ATTEND_CONFIG=/dev/null
export ATTEND_CONFIG
# Leak checking is part of what the sanitizer build is for.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

test_count=0
test_failed=0

if [ -z "$TEST_NO_ATTEND" ] && ! [ -x "$ATTEND" ]; then
	echo "1..0 # SKIP $ATTEND is not built (make build/san/attend)"
	exit 0
fi

# test_atexit COMMAND: runs COMMAND (a string, evaluated then) when the
# script ends, however it ends, before $TMP is removed: to stop a server
# the script started.  The last registered runs first.
test_atexit_=
test_atexit() {
	test_atexit_="$1${test_atexit_:+; $test_atexit_}"
}
test_cleanup_() {
	eval "$test_atexit_"
	cd / && rm -rf "$TMP"
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/attend-test.XXXXXX") || exit 1
trap 'test_cleanup_' EXIT
trap 'exit 130' INT TERM
cd "$TMP" || exit 1

# Prefixes every line of stdin with "# ".
test_diag() {
	sed 's/^/# /'
}

# test_todo: when set (to a reason), the next checks are TAP TODO items:
# reported, but not counted as failures, for work known to be unfinished.
test_todo=

test_ok_() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1${test_todo:+ # TODO $test_todo}"
}

test_not_ok_() {
	test_count=$((test_count + 1))
	[ -n "$test_todo" ] || test_failed=$((test_failed + 1))
	echo "not ok $test_count - $1${test_todo:+ # TODO $test_todo}"
}

# ok STATUS DESCRIPTION: passes when STATUS is 0.  Write new checks with
# test_expect_success; ok and is remain for scripts written before it.
ok() {
	if [ "$1" = 0 ]; then
		test_ok_ "$2"
	else
		test_not_ok_ "$2"
	fi
}

# is GOT EXPECTED DESCRIPTION: string equality, showing both on failure.
is() {
	if [ "$1" = "$2" ]; then
		test_ok_ "$3"
	else
		test_not_ok_ "$3"
		printf '%s\n' "     got: '$1'" "expected: '$2'" | test_diag
	fi
}

# test_eval_ BODY: evaluates BODY in a function of its own, so that a
# "return 1" in a loop of the body fails the test instead of returning
# from test_expect_success before the result is printed.
test_eval_() {
	eval "$1"
}

# test_expect_success DESCRIPTION BODY: evaluates BODY (in this shell, so
# it may set variables; chain its steps with && and end a loop's failure
# with "|| return 1").  On failure shows the body and everything it
# printed.  A BODY of "-" is read from standard input, for bodies that
# hold single quotes (SQL):
#
#	test_expect_success 'what it guards' - <<\EOT
#	test "$(sqlite3 s.db "SELECT count(*) FROM pupil WHERE surname = 'Able'")" = 1
#	EOT
test_expect_success() {
	test_body_=$2
	if [ "$test_body_" = - ]; then
		test_body_=$(cat)
	fi
	test_body_out_=$TMP/.test-output
	if test_eval_ "$test_body_" >"$test_body_out_" 2>&1; then
		test_ok_ "$1"
	else
		test_not_ok_ "$1"
		{ echo "failed body:"; printf '%s\n' "$test_body_"; echo "output:";
		  head -n 60 "$test_body_out_"; } | test_diag
	fi
}

# test_skip DESCRIPTION REASON: a check that cannot run here, reported as
# TAP's skip (it passes, and prove -v shows why).
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # skip $2"
}

# test_setup DESCRIPTION BODY: like test_expect_success for a step that
# only prepares the checks that follow (the web fixture in the browser
# scripts): not a test of its own, it stops the script ("Bail out!", with
# its output) when it fails.
test_setup() {
	test_body_out_=$TMP/.test-output
	if ! test_eval_ "$2" >"$test_body_out_" 2>&1; then
		echo "Bail out! $1"
		{ echo "failed body:"; printf '%s\n' "$2"; echo "output:";
		  head -n 60 "$test_body_out_"; } | test_diag
		exit 1
	fi
}

# test_include_tap COMMAND...: runs COMMAND, a program that speaks TAP
# itself (the browser walks, t/browser/*.mjs), and reports each of its
# checks as one of this script's, streaming.  Its plan is checked: when
# it stops early or exits non-zero, one more check fails, showing the end
# of its standard error.
test_include_tap() {
	test_tap_fifo_=$TMP/.tap-fifo
	rm -f "$test_tap_fifo_"
	mkfifo "$test_tap_fifo_" || return 1
	"$@" >"$test_tap_fifo_" 2>"$TMP/.tap-err" &
	test_tap_pid_=$!
	test_tap_plan_=
	test_tap_seen_=0
	while IFS= read -r test_tap_line_; do
		case $test_tap_line_ in
		"not ok"*|"ok"*)
			test_tap_name_=${test_tap_line_#not ok}
			test_tap_name_=${test_tap_name_#ok}
			test_tap_name_=${test_tap_name_# }
			test_tap_name_=${test_tap_name_#"${test_tap_name_%%[!0-9]*}"}
			test_tap_name_=${test_tap_name_# }
			test_tap_name_=${test_tap_name_#- }
			test_tap_seen_=$((test_tap_seen_ + 1))
			case $test_tap_line_ in
			"not ok"*) test_not_ok_ "$test_tap_name_" ;;
			*) test_ok_ "$test_tap_name_" ;;
			esac
			;;
		1..*)
			test_tap_plan_=${test_tap_line_#1..}
			;;
		"#"*)
			printf '%s\n' "$test_tap_line_"
			;;
		*)
			printf '%s\n' "$test_tap_line_" | test_diag
			;;
		esac
	done <"$test_tap_fifo_"
	wait "$test_tap_pid_"
	test_tap_rc_=$?
	rm -f "$test_tap_fifo_"
	if [ "$test_tap_rc_" != 0 ] || [ "$test_tap_plan_" != "$test_tap_seen_" ]; then
		test_not_ok_ "$1 ran all its checks (exit $test_tap_rc_, plan ${test_tap_plan_:-none}, $test_tap_seen_ seen)"
		tail -n 40 "$TMP/.tap-err" | test_diag
	fi
}

# test_is GOT EXPECTED: true when the two strings are equal; inside a test
# body, prints both when they differ.
test_is() {
	if [ "$1" = "$2" ]; then
		return 0
	fi
	printf '%s\n' "     got: '$1'" "expected: '$2'"
	return 1
}

# test_cmp EXPECTED ACTUAL: like cmp, printing a unified diff when they
# differ (inside a test body its output lands in the diagnostics).
test_cmp() {
	if cmp -s "$1" "$2"; then
		return 0
	fi
	echo "--- $1 (expected) +++ $2 (got)"
	diff -u "$1" "$2" | head -n 40
	return 1
}

# test_grep [-F] PATTERN FILE: grep -E (with -F: a fixed string), printing
# the file when nothing matches.
test_grep() {
	test_grep_how_=-E
	if [ "$1" = -F ]; then
		test_grep_how_=-F
		shift
	fi
	[ "$1" = -- ] && shift
	if grep "$test_grep_how_" -q -e "$1" -- "$2"; then
		return 0
	fi
	echo "no line of $2 matches /$1/; it holds:"
	head -n 20 "$2"
	return 1
}

# test_exit_is EXPECTED COMMAND...: runs COMMAND with stdout in ./out and
# stderr in ./err, true when it exits EXPECTED (prints what it said if not).
test_exit_is() {
	test_want_=$1
	shift
	"$@" >out 2>err
	test_got_=$?
	if [ "$test_got_" = "$test_want_" ]; then
		return 0
	fi
	echo "'$*' exited $test_got_, expected $test_want_"
	echo "stdout:"; head -n 10 out
	echo "stderr:"; head -n 20 err
	return 1
}

# sanitizer_clean FILE: true when FILE has no AddressSanitizer / UBSan
# report (a report usually also changes the exit status, but not always).
sanitizer_clean() {
	if grep -E -q 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; then
		echo "sanitizer report in $1:"
		head -n 30 "$1"
		return 1
	fi
	return 0
}

# store_dump DB: the whole store as SQL text, for before/after comparison.
store_dump() {
	sqlite3 "$1" .dump
}

# upn TWELVE_CHARS: prints the full UPN with its check letter (DfE: the
# characters 2-13 weighted 2..13, sum mod 23, into A-Z without I, O, S;
# a letter in position 13 of a temporary UPN counts as its index in that
# alphabet).  Written here independently of src/core/upn.c.
upn() {
	python3 -c '
import sys
L = "ABCDEFGHJKLMNPQRTUVWXYZ"
t = sys.argv[1]
s = sum((int(c) if c.isdigit() else L.index(c)) * (i + 2) for i, c in enumerate(t))
print(L[s % 23] + t)' "$1"
}

# await_url URL PID [TRIES]: 0 once curl gets an answer from URL (tried
# every 0.1 s), 1 if process PID ends first or TRIES (50) tries pass: a
# server just started on a port that may turn out to be taken.
await_url() {
	for _try in $(seq "${3:-50}"); do
		curl -s -o /dev/null "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# test_done: the plan, and the exit status prove expects.
test_done() {
	echo "1..$test_count"
	if [ "$test_failed" -gt 0 ]; then
		echo "# failed $test_failed of $test_count" >&2
		exit 1
	fi
	exit 0
}
