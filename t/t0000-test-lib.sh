#!/bin/sh
# The test library itself (t/test-lib.sh), as git's t0000-basic.sh checks
# git's: small scripts are written here, run, and their TAP compared with
# what each helper promises.  If these fail, no other script's results
# can be trusted.
. "$(dirname "$0")/test-lib.sh"

# run_sub NAME: writes NAME.sh from stdin after a line sourcing test-lib,
# runs it (ATTEND as ours) with its TAP in NAME.out, its exit status in
# NAME.rc and its standard error in NAME.err.
run_sub() {
	{
		echo ". '$TEST_DIR/test-lib.sh'"
		cat
	} >"$1.sh" &&
	ATTEND=$ATTEND TMPDIR=$TMP sh "$1.sh" >"$1.out" 2>"$1.err"
	echo $? >"$1.rc"
}

run_sub pass <<\EOF
test_expect_success 'true passes' 'true'
test_done
EOF
test_expect_success 'a body that succeeds is "ok 1 - NAME", the plan follows, exit 0' '
	printf "%s\n" "ok 1 - true passes" "1..1" >want &&
	test_cmp want pass.out &&
	test "$(cat pass.rc)" = 0
'

run_sub fail <<\EOF
test_expect_success 'false fails' 'echo evidence && false'
test_expect_success 'then one passes' 'true'
test_done
EOF
test_expect_success 'a body that fails is "not ok", with its body and output as diagnostics, exit 1' '
	test_grep "^not ok 1 - false fails$" fail.out &&
	test_grep "^# failed body:$" fail.out &&
	test_grep "^# echo evidence && false$" fail.out &&
	test_grep "^# evidence$" fail.out &&
	test_grep "^ok 2 - then one passes$" fail.out &&
	test_grep "^1\.\.2$" fail.out &&
	test "$(cat fail.rc)" = 1
'

run_sub return <<\EOF
test_expect_success 'a loop that returns 1' '
	for x in a b; do
		test $x = a || return 1
	done
'
test_expect_success 'the next check' 'true'
test_done
EOF
test_expect_success 'a body failing with "return 1" is reported failed, not dropped' '
	test_grep "^not ok 1 - a loop that returns 1$" return.out &&
	test_grep "^ok 2 - the next check$" return.out &&
	test_grep "^1\.\.2$" return.out &&
	test "$(cat return.rc)" = 1
'

run_sub stdin <<\EOF
test_expect_success 'a body from standard input' - <<\EOT
quoted='it'\''s'
test "$quoted" = "it's" && seen=yes
EOT
test_expect_success 'a variable set by a body is seen by the next' '
	test "$seen" = yes
'
test_done
EOF
test_expect_success 'a body read from stdin may quote freely; bodies share variables' '
	printf "%s\n" "ok 1 - a body from standard input" \
		"ok 2 - a variable set by a body is seen by the next" "1..2" >want &&
	test_cmp want stdin.out
'

run_sub skip <<\EOF
test_skip 'needs chromium' 'chromium is not installed'
test_done
EOF
test_expect_success 'test_skip is an "ok ... # skip REASON" line' '
	printf "%s\n" "ok 1 - needs chromium # skip chromium is not installed" "1..1" >want &&
	test_cmp want skip.out && test "$(cat skip.rc)" = 0
'

run_sub setup <<\EOF
test_setup 'the fixture' 'echo why && false'
test_expect_success 'never reached' 'true'
test_done
EOF
test_expect_success 'a failed test_setup bails out before any check, exit 1' '
	test_grep "^Bail out! the fixture$" setup.out &&
	test_grep "^# why$" setup.out &&
	! grep -q "^ok\|^1\.\." setup.out &&
	test "$(cat setup.rc)" = 1
'

cat >tap-full <<\EOF
#!/bin/sh
echo "ok 1 - first"
echo "# a note"
echo "not ok 2 - second"
echo "1..2"
EOF
cat >tap-short <<\EOF
#!/bin/sh
echo "ok 1 - only one"
echo "1..3"
echo "it died" >&2
exit 1
EOF
chmod +x tap-full tap-short
run_sub include <<EOF
test_expect_success 'before' 'true'
test_include_tap "$TMP/tap-full"
test_include_tap "$TMP/tap-short"
test_done
EOF
test_expect_success 'test_include_tap numbers another program'\''s checks after ours' '
	printf "%s\n" "ok 1 - before" "ok 2 - first" "# a note" "not ok 3 - second" \
		"ok 4 - only one" >want &&
	head -n 5 include.out >got &&
	test_cmp want got
'
test_expect_success 'and fails once more when the program stops short of its plan' '
	test_grep "^not ok 5 - $TMP/tap-short ran all its checks \(exit 1, plan 3, 1 seen\)$" include.out &&
	test_grep "^# it died$" include.out &&
	test_grep "^1\.\.5$" include.out &&
	test "$(cat include.rc)" = 1
'

run_sub atexit <<EOF
test_atexit 'echo second >>"$TMP/atexit.log"'
test_atexit 'echo first >>"$TMP/atexit.log"; echo "\$TMP" >"$TMP/atexit.tmp"'
exit 3
EOF
test_expect_success 'test_atexit commands run at exit, last first, then the directory goes' '
	printf "%s\n" first second >want &&
	test_cmp want atexit.log &&
	test "$(cat atexit.rc)" = 3 &&
	test -s atexit.tmp && ! test -e "$(cat atexit.tmp)"
'

test_expect_success 'test_is shows what it got and what it expected' '
	! test_is apple pear >msg &&
	test_grep "got: .apple." msg && test_grep "expected: .pear." msg &&
	test_is same same
'

test_expect_success 'test_grep -F matches a fixed string, and shows the file when not' '
	echo "a.b (c)" >text &&
	test_grep -F "a.b (c)" text &&
	! test_grep -F "a.b (d)" text >msg &&
	test_grep -F "it holds:" msg
'

test_done
