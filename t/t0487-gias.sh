#!/bin/sh
# The register of schools from GIAS: the DfE's Get Information about
# Schools establishment extract, with its published header (every column
# of edubasealldata, t/data/gias/header.txt; see src/ingest/import_gias.c
# for where it is from) and Windows-1252 text, imported for the authority
# (la_code 990): each school's type, phase and closing date; independent
# schools, closed ones, establishments that are not schools and other
# authorities' rows told apart.  Today is 2025-03-01 (test-lib.sh), so
# "last academic year" began on 1 August 2023.
. "$(dirname "$0")/test-lib.sh"

python3 - "$TEST_DIR/data/gias/header.txt" <<'PY'
import csv, sys
header = open(sys.argv[1]).read().strip().split(",")
rows = [
 # URN, LA, estab, name, type, group, status, phase, low age, close date
 ("100001", "990", "2001", "Oak Community Primary School", "Community school",
  "Local authority maintained schools", "Open", "Primary", "4", ""),
 ("100002", "990", "4001", "Elm Academy", "Academy converter", "Academies",
  "Open", "Secondary", "11", ""),
 ("100003", "990", "6001", "\u00c9cole Fran\u00e7aise de Kingsmead", "Other independent school",
  "Independent schools", "Open", "Not applicable", "3", ""),
 ("100004", "990", "1101", "Kingsmead Pupil Referral Unit", "Pupil referral unit",
  "Local authority maintained schools", "Open", "Not applicable", "11", ""),
 ("100005", "990", "7001", "Ash Special School", "Community special school",
  "Special schools", "Open", "Not applicable", "2", ""),
 ("100006", "990", "2002", "St Mary\u2019s C of E Primary School", "Voluntary aided school",
  "Local authority maintained schools", "Closed", "Primary", "4", "31-08-2024"),
 ("100007", "990", "2003", "Old Mill Infant School", "Community school",
  "Local authority maintained schools", "Closed", "Primary", "4", "31-08-2010"),
 ("100008", "990", "4002", "Birch Free School", "Free schools", "Free Schools",
  "Open, but proposed to close", "Secondary", "11", ""),
 ("100009", "990", "8001", "Kingsmead College", "Further education", "Colleges",
  "Open", "16 plus", "16", ""),
 ("100010", "990", "4001", "Elm High School", "Foundation school",
  "Local authority maintained schools", "Closed", "Secondary", "11", "31-12-2023"),
 ("100011", "991", "2001", "Another Authority Primary", "Community school",
  "Local authority maintained schools", "Open", "Primary", "4", ""),
 ("100012", "990", "6002", "Hazel House School", "Other independent special school",
  "Independent schools", "Open", "Not applicable", "7", ""),
 ("100013", "990", "4003", "Rowan All-Through School", "Academy sponsor led", "Academies",
  "Proposed to open", "All-through", "4", ""),
]
names = ["URN", "LA (code)", "EstablishmentNumber", "EstablishmentName",
         "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
         "EstablishmentStatus (name)", "PhaseOfEducation (name)",
         "StatutoryLowAge", "CloseDate"]
with open("edubasealldata20250301.csv", "w", encoding="cp1252", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        row = [""] * len(header)
        for n, v in zip(names, r):
            row[header.index(n)] = v
        row[header.index("LA (name)")] = "Kingsmead"
        row[header.index("Postcode")] = "KM4 1AA"
        w.writerow(row)
PY

test_expect_success 'a GIAS extract is refused until the authority is named' '
	test_exit_is 1 "$ATTEND" --db s.db import edubasealldata20250301.csv &&
	test_grep -F "attend config la_code NNN" err
'
test_expect_success 'with la_code set, the extract imports' '
	"$ATTEND" --db s.db config la_code 990 >/dev/null &&
	"$ATTEND" --db s.db import edubasealldata20250301.csv >out 2>err
'
# 13 rows: 100011 is another authority's, 100009 a college; 100007 closed
# in 2010 and 100010 closed giving its LAESTAB 9904001 to 100002: skipped.
# Nine schools stored.
test_expect_success 'the summary counts the schools and what was skipped' '
	test_grep -F "13 GIAS establishments: schools 9 added, 0 updated, 0 unchanged; 1 of other authorities, 1 not schools and 2 closed before last year (or renumbered) skipped (read as Windows-1252)" out
'
cat >expect.txt <<'EOF2'
100001|9902001|Oak Community Primary School|primary|maintained|
100002|9904001|Elm Academy|secondary|academy|
100003|9906001|École Française de Kingsmead|primary|independent|
100004|9901101|Kingsmead Pupil Referral Unit|ap|pru_ap|
100005|9907001|Ash Special School|special|special|
100006|9902002|St Mary’s C of E Primary School|primary|maintained|2024-08-31
100008|9904002|Birch Free School|secondary|free_school|
100012|9906002|Hazel House School|primary|independent|
100013|9904003|Rowan All-Through School|secondary|academy|
EOF2
test_expect_success "each school has its LAESTAB, name in UTF-8, phase, type and closing date" '
	sqlite3 s.db "SELECT urn, laestab, name, phase, type, closed FROM school ORDER BY urn" >got.txt &&
	test_cmp expect.txt got.txt
'
test_expect_success 'importing the extract again changes nothing' '
	"$ATTEND" --db s.db import edubasealldata20250301.csv >out 2>err &&
	test_grep -F "schools 0 added, 0 updated, 9 unchanged" out &&
	sqlite3 s.db "SELECT urn, laestab, name, phase, type, closed FROM school ORDER BY urn" >got.txt &&
	test_cmp expect.txt got.txt
'

# The plain schools file stays, with an optional type column.
printf 'urn,laestab,name,phase,type\n100001,9902001,Oak Community Primary School,primary,academy\n100020,9902020,Yew Primary,primary,\n' >schools.csv
test_expect_success 'a schools file with a type column sets the type' '
	"$ATTEND" --db s.db import schools.csv >out 2>err &&
	test_grep -F "2 schools: 1 added, 1 updated, 0 unchanged" out &&
	test_is "$(sqlite3 s.db "SELECT urn || \" \" || type FROM school WHERE urn IN (100001, 100020) ORDER BY urn")" "100001 academy
100020 "
'
printf 'urn,laestab,name,phase\n100002,9904001,Elm Academy,secondary\n' >no-type.csv
test_expect_success 'a schools file without one keeps the type GIAS gave' '
	"$ATTEND" --db s.db import no-type.csv >out 2>err &&
	test_grep -F "1 schools: 0 added, 0 updated, 1 unchanged" out &&
	test_is "$(sqlite3 s.db "SELECT type FROM school WHERE urn = 100002")" academy
'
printf 'urn,laestab,name,phase,type\n100021,9902021,Fir Primary,primary,church\n' >bad-type.csv
test_expect_success 'a type that is none of them is refused with file:line: field' '
	test_exit_is 1 "$ATTEND" --db s.db import bad-type.csv &&
	test_grep -F "bad-type.csv:2: type: '"'"'church'"'"' is not a type" err
'

# A closed establishment of the authority without its CloseDate.
head -n 1 edubasealldata20250301.csv >no-date.csv
sed -n 7p edubasealldata20250301.csv | sed 's/31-08-2024//' >>no-date.csv
test_expect_success 'a closed school without the day it closed is refused, naming the column' '
	test_exit_is 1 "$ATTEND" --db s.db import no-date.csv &&
	test_grep -F "no-date.csv:2: CloseDate: a closed establishment needs the day it closed" err
'
test_done
