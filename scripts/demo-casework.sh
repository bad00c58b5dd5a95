#!/bin/sh
# Casework for the demo authority (run once by scripts/demo.sh after the
# registers are in): named officers for every school, this term's
# Targeting Support Meetings, proposed cases (the authority's rule), of
# which the officers open the severely absent ones and dismiss a few, a
# few cases taken further (support, a legal decision, notices),
# a part-time timetable, and the alert queues.  Everything goes through
# the attend command, as an officer would do it.
#   scripts/demo-casework.sh DB PASSWORD
set -eu
db=$1
password=$2
a() { ./attend --db "$db" "$@"; }

# Officers: four named officers share the schools round-robin.
for i in 2 3 4; do
	echo "$password" | a user add "officer$i" --name "Officer $i" \
		--role la_officer >/dev/null
done
n=0
for urn in $(sqlite3 "$db" "SELECT printf('%06d', urn) FROM school ORDER BY urn"); do
	case $((n % 4)) in
	0) who=officer ;;
	*) who=officer$((n % 4 + 1)) ;;
	esac
	a tsm officer "$urn" "$who" --user lead >/dev/null
	# This term's meeting, offered on 1 September for a day between
	# mid-September and December: most accepted, and held once the day
	# came (the dates are given as "today" then, as it happened).
	day=$(printf '2026-%02d-%02d' $((9 + n % 4)) $((7 + n % 20)))
	id=$(ATTEND_TODAY=2026-09-01 a tsm schedule "$urn" --user lead --date "$day" |
		sed -n 's/^meeting \([0-9]*\) offered.*/\1/p')
	if [ -n "$id" ]; then
		if [ $((n % 9)) -eq 4 ]; then
			ATTEND_TODAY=2026-09-03 a tsm respond "$id" --user lead \
				--decline --on 2026-09-03 >/dev/null
		else
			ATTEND_TODAY=2026-09-03 a tsm respond "$id" --user lead \
				--accept --on 2026-09-03 >/dev/null
			if [ "$day" \< 2026-11-23 ] && [ $((n % 13)) -ne 6 ]; then
				ATTEND_TODAY=$day a tsm hold "$id" --user lead --held \
					--on "$day" --notes "Reviewed the PA and SA lists \
with the school; agreed first-day calling for the SA pupils" >/dev/null
			fi
		fi
	fi
	n=$((n + 1))
done
echo "attend: named officers and $n Targeting Support Meetings"

a case propose --user lead
# The officers open a case for each severely absent pupil proposed (SA
# first in the list), and for every twentieth of the others; they dismiss
# one in twenty of the rest as known to the school.  The rest wait in
# the queue, as they would on a Monday morning.
a case proposals --user lead --format csv |
	awk -F, 'NR > 1 { n++; if ($8 == "sa" || n % 20 == 0) print "accept", $1;
		else if (n % 20 == 10) print "dismiss", $1 }' >"$db.decide"
while read -r how id; do
	if [ "$how" = accept ]; then
		a case accept "$id" --user officer --reason "Agreed with the school" >/dev/null
	else
		a case dismiss "$id" --user officer \
			--reason "Known to the school: a bereavement, support in place" >/dev/null
	fi
done <"$db.decide"
rm -f "$db.decide"
echo "attend: $(a case list --user lead --format csv | sed 1d | wc -l) cases opened from the proposals"

# Five severely absent pupils of compulsory school age taken along the
# graduated response.
for upn in $(./attend --db "$db" pupils --format csv |
	awk -F, 'NR > 1 && $8 == "sa" { print $1 }' | head -n 5); do
	a case move "$upn" --user officer --to listen \
		--reason "Meeting with the family to understand the barriers" >/dev/null &&
	a case barrier "$upn" --user officer --barrier anxiety_ebsa \
		--detail "Anxiety about returning after illness" >/dev/null 2>&1 || true
	a case move "$upn" --user officer --to facilitate \
		--reason "Early help assessment agreed" >/dev/null || continue
	a case move "$upn" --user officer --to formalise \
		--reason "Attendance contract agreed with the family" \
		--support-offered "Attendance contract, school nurse, mentor" \
		--support-outcome "Attendance improved for three weeks, then fell again" \
		>/dev/null || continue
	a parent add "$upn" --user officer --name "Parent of $upn" \
		--relationship mother >/dev/null 2>&1 || true
done
echo "attend: five cases taken to formal support"
a alerts --user lead --refresh >/dev/null
echo "attend: alert queues refreshed"
