#!/bin/sh
# make demo: generate the demo authority (once), add demo accounts, and
# serve it on http://127.0.0.1:${PORT:-8080}/.
set -eu
cd "$(dirname "$0")/.."
db=demo/attend.db
port=${PORT:-8080}
password="demo-password"
if [ ! -s "$db" ]; then
	mkdir -p demo
	./attend --db "$db" demo --out demo/data
	./attend --db "$db" import --quiet data/dfe/absence_sample.csv
	./attend --db "$db" config la_code 990
	./attend --db "$db" config statistical_neighbours \
		"$(sqlite3 "$db" "SELECT group_concat(old_la_code) FROM (SELECT old_la_code FROM dfe_absence WHERE geographic_level = 'Local authority' AND education_phase = 'Total' AND old_la_code <> '990' AND region_name = 'East Midlands' GROUP BY old_la_code LIMIT 10)")"
	school=$(sqlite3 "$db" "SELECT printf('%06d', urn) FROM school WHERE phase = 'secondary' ORDER BY urn LIMIT 1")
	primary=$(sqlite3 "$db" "SELECT printf('%06d', urn) FROM school WHERE phase = 'primary' ORDER BY urn LIMIT 1")
	caseload=$(sqlite3 "$db" "SELECT group_concat(upn) FROM (SELECT upn FROM pupil WHERE social_care IN ('CIN', 'CP') ORDER BY upn LIMIT 12)")
	add() { echo "$password" | ./attend --db "$db" user add "$@" >/dev/null; }
	add lead --name "Lee Attendance-Lead" --role la_lead
	add officer --name "Olu Officer" --role la_officer --schools "$school,$primary"
	add school --name "Sasha School-Lead" --role school --schools "$school"
	add social --name "Sam Social-Worker" --role social_worker --pupils "$caseload"
	add virtual --name "Val Virtual-School" --role virtual_school
	add governor --name "Gus Governor" --role governor --schools "$primary"
	sh scripts/demo-casework.sh "$db" "$password"
else
	echo "attend: using the demo authority in $db (delete demo/ to make a new one)"
fi
echo
./attend --db "$db" compare --format table || true
cat <<EOT

Demo logins (password for all: $password)
  lead       LA attendance lead: the whole authority, audit log
  officer    LA attendance officer (also officer2, officer3, officer4:
             each the named officer of a quarter of the schools)
  school     a secondary school's attendance lead
  social     a social worker with a caseload
  virtual    the virtual school head (children looked after)
  governor   a primary school's governor (summaries, no names)

EOT
# Plain HTTP on this machine only, so the cookie cannot be marked Secure.
ATTEND_INSECURE_COOKIE=1 exec ./attend --db "$db" serve --port "$port"
