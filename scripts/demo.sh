#!/bin/sh
# make demo: generate the demo authority (once) and show its figures.
set -eu
cd "$(dirname "$0")/.."
db=demo/attend.db
if [ ! -s "$db" ]; then
	mkdir -p demo
	./attend --db "$db" demo --out demo/data
else
	echo "attend: using the demo authority in $db (delete demo/ to make a new one)"
fi
echo
./attend --db "$db" schools --format table | head -n 12
echo "   ... ($(./attend --db "$db" schools --format csv | tail -n +2 | wc -l) schools in all)"
echo
echo "Try:  ./attend --db $db pupils --format table | less"
echo "      ./attend --db $db penalty --format table"
