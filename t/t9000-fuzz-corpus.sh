#!/bin/sh
# Every fuzz target's corpus replays clean under the sanitizers: for each
# fuzz/fuzz-NAME.c, ${BUILD:-build}/san/replay-fuzz-NAME (the target linked
# with fuzz/replay.c, built by make check) runs every file of
# fuzz/corpus/NAME without crashing, breaking an invariant or leaking.
#
# One test per target.  The replay's own TAP (a line per input) is read
# and summarised; on failure its failing lines and the end of its standard
# error (the sanitizer's report) are shown as diagnostics.  Inputs that
# still crash are kept out of the corpus, in fuzz/crashes/, until fixed.
#
# Run from the top of the repository: prove --exec '' t/t9000-fuzz-corpus.sh
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
BUILD=${BUILD:-build}
case $BUILD in
/*) ;;
*) BUILD=$(pwd)/$BUILD ;;
esac
cd "$ROOT" || exit 1

LC_ALL=C
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LC_ALL ASAN_OPTIONS UBSAN_OPTIONS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/attend-t9000.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

n=0
failed=0

for src in fuzz/fuzz-*.c; do
	[ -f "$src" ] || continue
	name=${src#fuzz/fuzz-}
	name=${name%.c}
	bin=$BUILD/san/replay-fuzz-$name
	corpus=fuzz/corpus/$name
	n=$((n + 1))
	what="fuzz-$name replays fuzz/corpus/$name clean under the sanitizers"

	if ! [ -d "$corpus" ]; then
		echo "not ok $n - $what"
		echo "# $src has no corpus: add seed inputs to $corpus"
		failed=$((failed + 1))
		continue
	fi
	if ! [ -x "$bin" ]; then
		echo "ok $n - $what # SKIP not built (make build/san/replay-fuzz-$name)"
		continue
	fi

	start=$(date +%s)
	"$bin" "$corpus" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	secs=$(($(date +%s) - start))
	inputs=$(find "$corpus" -maxdepth 1 -type f ! -name '.*' | wc -l)
	oks=$(grep -c '^ok ' "$tmp/out")
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$tmp/out")

	if [ "$rc" = 0 ] && [ "$plan" = "$inputs" ] && [ "$oks" = "$inputs" ] &&
	   ! grep -q '^not ok' "$tmp/out"; then
		echo "ok $n - $what"
		echo "# $inputs inputs in ${secs}s"
		continue
	fi
	echo "not ok $n - $what"
	failed=$((failed + 1))
	echo "# $bin $corpus: exit status $rc, $oks of $inputs inputs ok${plan:+, plan 1..$plan}${plan:- (no plan: it died)}"
	grep '^not ok' "$tmp/out" | sed 's/^/#   /'
	grep '^#' "$tmp/out" | head -n 10 | sed 's/^/#   /'
	if [ -s "$tmp/err" ]; then
		echo "# its standard error ends:"
		tail -n 40 "$tmp/err" | sed 's/^/#   /'
	fi
done

echo "1..$n"
[ "$failed" = 0 ]
