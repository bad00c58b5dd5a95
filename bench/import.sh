#!/bin/sh
# Import speed (issue 4), in one run so the ratios are fair:
#  1. the demo authority's CTFs parsed and stored by attend, against expat
#     parsing the same files with handlers that do nothing (interleaved,
#     best of RUNS, default 5: on a shared machine single runs vary);
#  2. a daily update: one school day's marks for the whole authority.
# Usage: bench/import.sh   (makes bench/data/import/, about 1 GB)
set -eu
cd "$(dirname "$0")/.."
make -s attend
dir=bench/data/import
mkdir -p "$dir"
cc -O2 -o "$dir/expat_bare" bench/expat_bare.c -lexpat
if [ ! -s "$dir/demo.db" ]; then
	rm -rf "$dir/demo"
	ATTEND_TODAY=${ATTEND_TODAY:-2026-11-23} ./attend --db "$dir/demo.db" demo \
		--out "$dir/demo" --ctf --quiet
fi
now() { date +%s.%N; }
mb() { echo "scale=1; $1 / 1000000" | bc; }
bytes=$(cat "$dir"/demo/ctf/*.xml | wc -c)
marks=$(grep -o '<SessionsPossible>' "$dir"/demo/ctf/*.xml | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "CTF files: $(ls "$dir"/demo/ctf | wc -l), $(mb "$bytes") MB"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

best_bare=999 best_import=999
for run in $(seq "${RUNS:-5}"); do
	# shellcheck disable=SC2046 # two words: bytes and seconds
	set -- $("$dir/expat_bare" "$dir"/demo/ctf/*.xml)
	t=$2
	best_bare=$(echo "if ($t < $best_bare) $t else $best_bare" | bc)
	rm -f "$dir/ctf.db"*
	./attend --db "$dir/ctf.db" import --quiet "$dir/demo/schools.csv"
	t0=$(now)
	./attend --db "$dir/ctf.db" import --quiet "$dir"/demo/ctf/*.xml
	t1=$(now)
	t=$(echo "$t1 - $t0" | bc)
	best_import=$(echo "if ($t < $best_import) $t else $best_import" | bc)
done
stored=$(sqlite3 "$dir/ctf.db" "SELECT sum(length(codes)) FROM marks")
marked=$(./attend --db "$dir/ctf.db" pupils --from 2025-08-01 --to 2027-07-31 --format csv |
	awk -F, 'NR > 1 { s += $3 } END { print s }')
echo "bare expat parse:       ${best_bare} s  $(echo "scale=1; $bytes / $best_bare / 1000000" | bc) MB/s"
echo "attend parse and store: ${best_import} s  $(echo "scale=1; $bytes / $best_import / 1000000" | bc) MB/s," \
	"$(echo "scale=0; $marked / $best_import" | bc) possible sessions/s"
echo "ratio attend / bare expat: $(echo "scale=2; $best_import / $best_bare" | bc)"

# A daily update: the last school day's marks for every pupil, a tenth of
# them changed (late registers corrected, reasons given for N).
last=$(sqlite3 "$dir/demo.db" "SELECT value FROM meta WHERE key = 'latest_mark'")
cat "$dir"/demo/register/*-2026.csv | awk -F, -v d="$last" 'NR == 1 || $3 == d' |
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
		 { if (NR % 10 == 0 && $5 == "N") $5 = "I"; else if (NR % 10 == 0) $5 = "L"; print }' \
	>"$dir/day.csv"
rows=$(($(wc -l <"$dir/day.csv") - 1))
cp "$dir/demo.db" "$dir/day.db"
t0=$(now)
./attend --db "$dir/day.db" import "$dir/day.csv"
t1=$(now)
echo "daily update: $rows marks for $last in $(echo "$t1 - $t0" | bc) s"
