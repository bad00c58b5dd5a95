#!/bin/sh
# Every fuzz target's corpus replays clean under the sanitizers: for each
# fuzz/fuzz-NAME.c, $BUILD/san/replay-fuzz-NAME (the target linked with
# fuzz/replay.c, built by make check) runs every file of fuzz/corpus/NAME
# without crashing, breaking an invariant or leaking.
#
# One test per target.  The replay's own TAP (a line per input) is read
# and summarised; on failure its failing lines and the end of its standard
# error (the sanitizer's report) are shown as diagnostics.  Inputs that
# still crash are kept out of the corpus, in fuzz/crashes/, until fixed.
TEST_NO_ATTEND=1
. "$(dirname "$0")/test-lib.sh"

# replay_clean BIN CORPUS: BIN replays every input of CORPUS, each "ok",
# with a plan of as many inputs and exit status 0
replay_clean() {
	start=$(date +%s)
	"$1" "$2" >replay.out 2>replay.err
	rc=$?
	secs=$(($(date +%s) - start))
	inputs=$(find "$2" -maxdepth 1 -type f ! -name '.*' | wc -l)
	oks=$(grep -c '^ok ' replay.out)
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' replay.out)
	echo "$1 $2: exit status $rc, $oks of $inputs inputs ok in ${secs}s${plan:+, plan 1..$plan}${plan:- (no plan: it died)}"
	if [ "$rc" = 0 ] && [ "$plan" = "$inputs" ] && [ "$oks" = "$inputs" ] &&
	   ! grep -q '^not ok' replay.out; then
		replayed="$inputs inputs in ${secs}s"
		return 0
	fi
	grep '^not ok' replay.out
	grep '^#' replay.out | head -n 10
	if [ -s replay.err ]; then
		echo "its standard error ends:"
		tail -n 40 replay.err
	fi
	return 1
}

for src in "$TEST_ROOT"/fuzz/fuzz-*.c; do
	[ -f "$src" ] || continue
	name=${src##*/fuzz-}
	name=${name%.c}
	bin=$BUILD/san/replay-fuzz-$name
	corpus=$TEST_ROOT/fuzz/corpus/$name
	what="fuzz-$name replays fuzz/corpus/$name clean under the sanitizers"

	if [ -d "$corpus" ] && ! [ -x "$bin" ]; then
		test_skip "$what" "not built (make build/san/replay-fuzz-$name)"
		continue
	fi
	replayed=
	test_expect_success "$what" '
		test -d "$corpus" || {
			echo "fuzz/fuzz-$name.c has no corpus: add seed inputs to fuzz/corpus/$name"
			false
		} &&
		replay_clean "$bin" "$corpus"
	'
	[ -z "$replayed" ] || echo "# $replayed"
done

test_done
