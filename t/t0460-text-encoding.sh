#!/bin/sh
# Text checked at the door: a CSV file's encoding is told (UTF-8 with or
# without a byte-order mark, else Windows-1252, which reads ISO-8859-1's
# printable characters alike), names are stored in UTF-8, and what no
# encoding explains, or a name that holds a control or bidirectional
# override character, is refused with file:line: field: reason and nothing
# stored.  The bytes are written with printf; the UTF-8 expected is worked
# out by hand: é is E9 in Latin-1 and C3 A9 in UTF-8, ë EB and C3 AB, the
# Windows-1252 right quote 92 is U+2019, E2 80 99 in UTF-8.
. "$(dirname "$0")/test-lib.sh"

# G990200125001 and W990200125002 pass the check letter (see t0010).
printf 'urn,laestab,name,phase\n100001,9902001,Oak,primary\n' >schools.csv
test_setup 'the school imports' '
	"$ATTEND" --db s.db import schools.csv >/dev/null
'
sqlite3 s.db .dump >before.sql

hex() {
	sqlite3 s.db "SELECT hex($1) FROM pupil WHERE upn = '$2'"
}

# ISO-8859-1: Renée Zoë (E9, EB); no byte 0x80-0x9F.
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Ren\351e,Zo\353,2016-01-01\n' >latin1.csv
test_expect_success 'an ISO-8859-1 pupils file imports' '
	"$ATTEND" --db s.db import latin1.csv >out 2>err
'
test_expect_success 'its summary says it was read as Windows-1252' '
	test_grep -F "(read as Windows-1252)" out
'
# Renée: 52 65 6E C3A9 65; Zoë: 5A 6F C3AB
test_expect_success 'the names are stored in UTF-8' '
	test_is "$(hex surname G990200125001)" 52656EC3A965 &&
	test_is "$(hex forename G990200125001)" 5A6FC3AB
'

# Windows-1252: O’Brien with the right quote 0x92, and Š (0x8A, U+0160:
# C5 A0) in Šárka (á is E1: C3 A1).
printf 'upn,urn,surname,forename,dob\nW990200125002,100001,O\222Brien,\212\341rka,2016-02-02\n' >cp1252.csv
test_expect_success 'a Windows-1252 pupils file imports' '
	"$ATTEND" --db s.db import cp1252.csv >out 2>err
'
# O E28099 42 72 69 65 6E; C5A0 C3A1 72 6B 61
test_expect_success "O'Brien's quote and Šárka's letters are stored in UTF-8" '
	test_is "$(hex surname W990200125002)" 4FE28099427269656E &&
	test_is "$(hex forename W990200125002)" C5A0C3A1726B61
'

# UTF-8 with and without a byte-order mark: stored as they are.
printf '\357\273\277upn,urn,surname,forename,dob\nG990200125001,100001,Ren\303\251e,Zo\303\253,2016-01-01\n' >bom.csv
test_expect_success 'a UTF-8 file with a byte-order mark imports and changes nothing' '
	"$ATTEND" --db s.db import bom.csv >out 2>err &&
	test_grep -F "0 added, 0 updated, 1 unchanged" out &&
	! grep -q "read as" out
'

sqlite3 s.db .dump >before.sql
refused() {
	test_exit_is 1 "$ATTEND" --db s.db import "$1" &&
	test_grep -F "$2" err &&
	sqlite3 s.db .dump >after.sql &&
	test_cmp before.sql after.sql
}

printf '\357\273\277upn,urn,surname,forename,dob\nG990200125001,100001,Ren\351e,Zo,2016-01-01\n' >bom-bad.csv
test_expect_success 'a byte that is not UTF-8 after a UTF-8 byte-order mark is refused with its line' '
	refused bom-bad.csv "bom-bad.csv:2: byte 0xE9 is not UTF-8, though the file begins with UTF-8"
'
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Ren\303\251e,Zo,2016-01-01\nW990200125002,100001,Zo\353,Bo,2016-02-02\n' >mixed.csv
test_expect_success 'a file mixing UTF-8 and single bytes is refused, naming both lines' '
	refused mixed.csv "mixed.csv:3: byte 0xEB is not UTF-8, yet line 2 holds UTF-8 text"
'
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Ren\351e,Zo,2016-01-01\nW990200125002,100001,A\201b,Bo,2016-02-02\n' >undefined.csv
test_expect_success 'a byte Windows-1252 leaves undefined (0x81) is refused with its line' '
	refused undefined.csv "undefined.csv:3: byte 0x81 is not a character"
'
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,"Ann\tMarie",Zo,2016-01-01\n' >tab.csv
test_expect_success 'a tab inside a name is refused: file:line: field: reason' '
	refused tab.csv "tab.csv:2: surname: '"'"'Ann...'"'"': U+0009 (a tab (a control character)) at character 4"
'
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,"Ann\r\nMarie",Zo,2016-01-01\n' >cr.csv
test_expect_success 'a line break inside a quoted name is refused' '
	refused cr.csv "cr.csv:2: surname: '"'"'Ann...'"'"': U+000D (a carriage return"
'
# U+202E RIGHT-TO-LEFT OVERRIDE is E2 80 AE.
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Smith,\342\200\256nhoJ,2016-01-01\n' >rlo.csv
test_expect_success 'a right-to-left override in a name is refused' '
	refused rlo.csv "rlo.csv:2: forename: U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1 is not allowed in a name"
'
# U+2067 RIGHT-TO-LEFT ISOLATE is E2 81 A7.
printf 'urn,laestab,name,phase\n100002,9902002,Elm\342\201\247,primary\n' >isolate-school.csv
test_expect_success 'a bidirectional isolate in a school name is refused' '
	refused isolate-school.csv "isolate-school.csv:2: name: '"'"'Elm...'"'"': U+2067 (RIGHT-TO-LEFT ISOLATE)"
'
# U+0085, a C1 control, in UTF-8 is C2 85; 0x7F is DELETE.
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Ab\302\205c,Zo,2016-01-01\n' >c1.csv
test_expect_success 'a C1 control character in a name is refused' '
	refused c1.csv "c1.csv:2: surname: '"'"'Ab...'"'"': U+0085 (a control character)"
'
printf 'upn,urn,surname,forename,dob\nG990200125001,100001,Ab\177,Zo,2016-01-01\n' >del.csv
test_expect_success 'DELETE in a name is refused' '
	refused del.csv "del.csv:2: surname: '"'"'Ab...'"'"': U+007F (a control character)"
'

# A CTF's names pass the same check (expat has turned them into UTF-8).
cat >rlo.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <CTFversion>25.0</CTFversion>
    <DateTime>2025-02-01T10:00:00</DateTime>
    <SourceSchool><LEA>990</LEA><Estab>2001</Estab><URN>100001</URN></SourceSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>G990200125001</UPN>
      <Surname>Ren&#xE9;e&#x202E;</Surname>
      <Forename>Zo&#xEB;</Forename>
      <DOB>2016-01-01</DOB>
    </Pupil>
  </CTFpupilData>
</CTfile>
XML
test_expect_success "a right-to-left override in a CTF's Surname is refused, naming the element" '
	refused rlo.xml "rlo.xml:11: CTfile/CTFpupilData/Pupil/Surname: U+202E (RIGHT-TO-LEFT OVERRIDE) at character 6"
'
test_done
