#!/bin/sh
# The national-scale benchmark (issue 7), in one script so the ratios are
# fair: the same generated data and the same five questions (per-enrolment
# bands, school summary, cohort breakdown, penalty threshold first-met,
# weekly trend) answered by attend's engine, DuckDB, SQLite and
# PostgreSQL 15, every answer compared across all four.
#
#   sh bench/national/run.sh [--enrolments N] [--systems "engine duckdb sqlite postgres"]
#                            [--runs R] [--db-runs R] [--keep] [--perf]
#
#   --enrolments N  enrolments x 380 sessions (default 100000)
#   --systems LIST  which systems to run (default all four)
#   --runs R        engine and DuckDB: best of R after a warm-up (3)
#   --db-runs R     SQLite and PostgreSQL: best of R, no warm-up (1)
#   --keep          keep SQLite's database (bench/data/national/N/rows.db)
#   --perf          perf record the engine's questions (perf.*.txt)
#   --engine-only   national scale: generate, engine alone, no CSV
#
# Data goes to bench/data/national/N/ (git-ignored); the PostgreSQL
# cluster to a temporary directory, removed at the end.  Prints a summary
# and writes it to bench/data/national/N/summary.txt.
set -eu
cd "$(dirname "$0")/../.."

N=100000
SYSTEMS="engine duckdb sqlite postgres"
RUNS=3
DB_RUNS=1
KEEP=0
PERF=0
ENGINE_ONLY=0
while [ $# -gt 0 ]; do
	case "$1" in
	--enrolments) N=$2; shift 2 ;;
	--systems) SYSTEMS=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--db-runs) DB_RUNS=$2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--perf) PERF=1; shift ;;
	--engine-only) ENGINE_ONLY=1; SYSTEMS=engine; shift ;;
	*) echo "usage: run.sh [--enrolments N] [--systems LIST] [--runs R]" \
		"[--db-runs R] [--keep] [--perf] [--engine-only]" >&2; exit 2 ;;
	esac
done

DIR=bench/data/national/$N
ANS=$DIR/answers
QUESTIONS="bands schools cohorts penalty weekly"
mkdir -p "$DIR" "$ANS"
OUT=$DIR/results.txt
: > "$OUT"

say() { echo "$*" | tee -a "$OUT"; }
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.3f", $1 - $2 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

say "# national benchmark: $N enrolments x 380 sessions, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
say "load_average_start $(loadavg)"

make --no-print-directory -s national >/dev/null

# ---- data ----------------------------------------------------------------
if [ ! -f "$DIR/engine.bin" ] || { [ $ENGINE_ONLY = 0 ] && [ ! -f "$DIR/marks.csv" ]; }; then
	if [ $ENGINE_ONLY = 1 ]; then
		build/rel/bench/national/gen --enrolments "$N" --out "$DIR" | tee -a "$OUT"
	else
		build/rel/bench/national/gen --enrolments "$N" --out "$DIR" --csv | tee -a "$OUT"
	fi
fi

# ---- the questions in SQL (one row per mark) -----------------------------
# Codes are the engine's mark bytes; categories are ranges of them
# (src/core/code.c): possible >= 14, absent (authorised or unauthorised)
# >= 23, unauthorised >= 35; 0 missing, 12 '#' (closure).  Week of the
# year: (slot / 2 + 4) / 7, 2025-08-01 being a Friday (week 0 starts on
# Monday 28 July), as engine_weekly() numbers them.
write_sql() {	# dialect, integer division operator
	d=$DIR/sql/$1
	div=$2
	mkdir -p "$d"
	per="SELECT enrolment_id, count(*) FILTER (WHERE code >= 14) AS p,
  count(*) FILTER (WHERE code >= 23) AS a, count(*) FILTER (WHERE code >= 35) AS u
  FROM mark GROUP BY enrolment_id"
	band="CASE WHEN p = 0 THEN 0 WHEN 20 * a <= p THEN 1 WHEN 10 * a < p THEN 2
  WHEN 5 * a <= p THEN 3 WHEN 2 * a < p THEN 4 ELSE 5 END"
	week="((m.slot $div 2 + 4) $div 7)"
	cat > "$d/bands.sql" <<EOF
WITH per AS ($per)
SELECT enrolment_id, p, p - a, a - u, u, $band FROM per;
EOF
	cat > "$d/schools.sql" <<EOF
WITH per AS ($per)
SELECT e.school, count(*), sum(p), sum(p - a), sum(a - u), sum(u),
  count(*) FILTER (WHERE 10 * a >= p), count(*) FILTER (WHERE 2 * a >= p)
FROM per JOIN enrolment e USING (enrolment_id) WHERE p > 0 GROUP BY e.school;
EOF
	cat > "$d/cohorts.sql" <<EOF
WITH per AS ($per),
b AS (SELECT e.flags, $band AS band FROM per JOIN enrolment e USING (enrolment_id) WHERE p > 0)
SELECT c.c, b.band, count(*) FROM b JOIN cohort c ON ((b.flags >> c.c) & 1) = 1
GROUP BY c.c, b.band;
EOF
	cat > "$d/penalty.sql" <<EOF
WITH sw AS (SELECT DISTINCT e.school, $week AS week FROM mark m
  JOIN enrolment e USING (enrolment_id) WHERE m.code <> 0 AND m.code <> 12),
so AS (SELECT school, week, row_number() OVER (PARTITION BY school ORDER BY week) AS ord FROM sw),
u AS (SELECT m.enrolment_id, m.slot, so.ord FROM mark m JOIN enrolment e USING (enrolment_id)
  JOIN so ON so.school = e.school AND so.week = $week WHERE m.code >= 35),
w AS (SELECT enrolment_id, slot,
  ord - lag(ord, 9) OVER (PARTITION BY enrolment_id ORDER BY slot) AS weeks FROM u)
SELECT enrolment_id, min(slot) FROM w WHERE weeks < 10 GROUP BY enrolment_id;
EOF
	cat > "$d/weekly.sql" <<EOF
SELECT e.school, $week AS week, count(*) FILTER (WHERE m.code >= 14),
  count(*) FILTER (WHERE m.code >= 23)
FROM mark m JOIN enrolment e USING (enrolment_id) GROUP BY e.school, $week
HAVING count(*) FILTER (WHERE m.code >= 14) > 0;
EOF
}
write_sql duckdb //
# DuckDB's second layout: one row per enrolment, its marks a list in slot
# order (table enrolment_marks, built by duck.mjs).
lp="SELECT enrolment_id, school, len(list_filter(marks, x -> x >= 14)) AS p,
  len(list_filter(marks, x -> x >= 23)) AS a, len(list_filter(marks, x -> x >= 35)) AS u
  FROM enrolment_marks"
lband="CASE WHEN p = 0 THEN 0 WHEN 20 * a <= p THEN 1 WHEN 10 * a < p THEN 2
  WHEN 5 * a <= p THEN 3 WHEN 2 * a < p THEN 4 ELSE 5 END"
cat > "$DIR/sql/duckdb/bands_list.sql" <<EOF
WITH per AS ($lp)
SELECT enrolment_id, p, p - a, a - u, u, $lband FROM per;
EOF
cat > "$DIR/sql/duckdb/schools_list.sql" <<EOF
WITH per AS ($lp)
SELECT school, count(*), sum(p), sum(p - a), sum(a - u), sum(u),
  count(*) FILTER (WHERE 10 * a >= p), count(*) FILTER (WHERE 2 * a >= p)
FROM per WHERE p > 0 GROUP BY school;
EOF
write_sql sqlite /
write_sql postgres /

# ---- 1. the engine ---------------------------------------------------------
case " $SYSTEMS " in *" engine "*)
	mkdir -p "$ANS/engine"
	extra=""
	[ $ENGINE_ONLY = 1 ] && extra="--no-counts"
	[ $ENGINE_ONLY = 1 ] && ANSWERS="" || ANSWERS="--out $ANS/engine"
	# shellcheck disable=SC2086
	build/rel/bench/national/engine_bench --engine "$DIR/engine.bin" $ANSWERS \
		--runs "$RUNS" $extra | sed 's/^/engine_/' | tee -a "$OUT"
	say "load_average_after_engine $(loadavg)"
	if [ $PERF = 1 ] && command -v perf >/dev/null; then
		for q in bands schools penalty weekly; do
			perf record -q -o "$DIR/perf.$q.data" -- build/rel/bench/national/engine_bench \
				--engine "$DIR/engine.bin" --only "$q" --repeat 50 $extra \
				>/dev/null 2>&1 || true
			perf report -q -i "$DIR/perf.$q.data" --stdio --sort symbol 2>/dev/null |
				grep -v '^$' | head -12 > "$DIR/perf.$q.txt" || true
		done
	fi
	;;
esac

# ---- 2. DuckDB ---------------------------------------------------------------
case " $SYSTEMS " in *" duckdb "*)
	if [ ! -d bench/national/node_modules/@duckdb/node-api ]; then
		(cd bench/national && npm ci --silent)
	fi
	mkdir -p "$ANS/duckdb"
	node bench/national/duck.mjs "$DIR" "$DIR/sql/duckdb" "$ANS/duckdb" "$RUNS" | tee -a "$OUT"
	say "load_average_after_duckdb $(loadavg)"
	;;
esac

# ---- 3. SQLite, one row per mark, indexed -------------------------------
case " $SYSTEMS " in *" sqlite "*)
	DB=$DIR/rows.db
	if [ ! -f "$DB" ]; then
		t=$(now)
		sqlite3 "$DB.tmp" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE mark (enrolment_id INTEGER NOT NULL, slot INTEGER NOT NULL,
  code INTEGER NOT NULL, PRIMARY KEY (enrolment_id, slot)) WITHOUT ROWID;
CREATE TABLE enrolment (enrolment_id INTEGER PRIMARY KEY, school INTEGER NOT NULL,
  flags INTEGER NOT NULL);
CREATE TABLE cohort (c INTEGER PRIMARY KEY);
WITH RECURSIVE r(c) AS (SELECT 0 UNION ALL SELECT c + 1 FROM r WHERE c < 10)
INSERT INTO cohort SELECT c FROM r;
.mode csv
.import $DIR/marks.csv mark
.import $DIR/enrolments.csv enrolment
CREATE INDEX enrolment_school ON enrolment (school);
ANALYZE;
EOF
		mv "$DB.tmp" "$DB"
		say "sqlite_load_s $(since "$t")"
	fi
	say "sqlite_bytes $(stat -c %s "$DB")"
	mkdir -p "$ANS/sqlite"
	for q in $QUESTIONS; do
		best=""
		r=0
		while [ $r -lt "$DB_RUNS" ]; do
			t=$(now)
			sqlite3 -readonly "$DB" >"$ANS/sqlite/$q.txt" <<EOF
.output /dev/null
PRAGMA cache_size = -1048576;
PRAGMA mmap_size = 34359738368;
PRAGMA temp_store = MEMORY;
.output stdout
.mode list
.separator " "
.headers off
$(cat "$DIR/sql/sqlite/$q.sql")
EOF
			s=$(since "$t")
			best=$(echo "$s ${best:-$s}" | awk '{ print ($1 < $2) ? $1 : $2 }')
			r=$((r + 1))
		done
		say "sqlite_${q}_s $best"
	done
	say "load_average_after_sqlite $(loadavg)"
	[ $KEEP = 1 ] || rm -f "$DB"
	;;
esac

# ---- 4. PostgreSQL 15, one row per mark, indexed ------------------------
case " $SYSTEMS " in *" postgres "*)
	PGBIN=/usr/lib/postgresql/15/bin
	if [ ! -x $PGBIN/initdb ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15
	fi
	PGTMP=$(mktemp -d /tmp/attend-pg.XXXXXX)
	chown postgres "$PGTMP"
	PORT=54329
	pg_stop() {
		runuser -u postgres -- $PGBIN/pg_ctl -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
		rm -rf "$PGTMP"
	}
	trap pg_stop EXIT INT TERM
	runuser -u postgres -- $PGBIN/initdb -D "$PGTMP/data" -A trust -U postgres \
		--no-sync >/dev/null
	runuser -u postgres -- $PGBIN/pg_ctl -D "$PGTMP/data" -l "$PGTMP/log" -w -o \
		"-p $PORT -k $PGTMP -c listen_addresses=127.0.0.1 -c shared_buffers=4GB \
		-c work_mem=512MB -c maintenance_work_mem=2GB -c max_wal_size=16GB \
		-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
		-c max_parallel_workers_per_gather=2" start >/dev/null
	PSQL="psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PORT -U postgres"
	say "postgres_version $($PSQL -At -c 'SHOW server_version')"
	t=$(now)
	$PSQL <<EOF
CREATE TABLE mark (enrolment_id integer NOT NULL, slot smallint NOT NULL, code smallint NOT NULL);
CREATE TABLE enrolment (enrolment_id integer PRIMARY KEY, school integer NOT NULL,
  flags integer NOT NULL);
CREATE TABLE cohort (c integer PRIMARY KEY);
INSERT INTO cohort SELECT generate_series(0, 10);
\copy mark FROM '$DIR/marks.csv' CSV
\copy enrolment FROM '$DIR/enrolments.csv' CSV
ALTER TABLE mark ADD PRIMARY KEY (enrolment_id, slot);
CREATE INDEX ON enrolment (school);
VACUUM ANALYZE;
EOF
	say "postgres_load_s $(since "$t")"
	say "postgres_bytes $($PSQL -At -c "SELECT pg_database_size('postgres')")"
	mkdir -p "$ANS/postgres"
	for q in $QUESTIONS; do
		best=""
		r=0
		while [ $r -lt "$DB_RUNS" ]; do
			t=$(now)
			$PSQL -At -F ' ' -f "$DIR/sql/postgres/$q.sql" -o "$ANS/postgres/$q.txt"
			s=$(since "$t")
			best=$(echo "$s ${best:-$s}" | awk '{ print ($1 < $2) ? $1 : $2 }')
			r=$((r + 1))
		done
		say "postgres_${q}_s $best"
	done
	say "load_average_after_postgres $(loadavg)"
	pg_stop
	trap - EXIT INT TERM
	;;
esac

# ---- every answer identical? ----------------------------------------------
ran=""
for s in engine duckdb sqlite postgres; do
	case " $SYSTEMS " in *" $s "*) ran="$ran $s" ;; esac
done
differ=0
if [ $ENGINE_ONLY = 0 ]; then
	for q in $QUESTIONS; do
		ref=""
		line="answers_$q"
		for s in $ran; do
			h=$(LC_ALL=C sort "$ANS/$s/$q.txt" | sha256sum | cut -c1-16)
			n=$(wc -l < "$ANS/$s/$q.txt")
			line="$line $s=$h($n)"
			if [ -z "$ref" ]; then
				ref=$h
			elif [ "$h" != "$ref" ]; then
				differ=1
				say "ANSWERS DIFFER: $q: $s differs from $(echo $ran | cut -d' ' -f1)"
			fi
		done
		say "$line"
	done
	case " $SYSTEMS " in *" duckdb "*)
		for q in bands schools; do
			h=$(LC_ALL=C sort "$ANS/duckdb/${q}_list.txt" | sha256sum | cut -c1-16)
			ref=$(LC_ALL=C sort "$ANS/$(echo $ran | cut -d' ' -f1)/$q.txt" | sha256sum | cut -c1-16)
			say "answers_${q}_list duckdb_list=$h"
			if [ "$h" != "$ref" ]; then
				differ=1
				say "ANSWERS DIFFER: $q: DuckDB's list layout differs"
			fi
		done
		;;
	esac
fi

# ---- summary: times and ratios ---------------------------------------------
awk -v systems="$ran" '
	{ v[$1] = $2 }
	END {
		n = split("bands schools cohorts penalty weekly bands_list schools_list", q, " ")
		printf "\n%-10s %12s", "question", "engine"
		ns = split(systems, s, " ")
		for (j = 1; j <= ns; j++) if (s[j] != "engine") printf " %12s %9s", s[j], "ratio"
		printf "\n"
		for (i = 1; i <= n; i++) {
			base = q[i]
			if (sub(/_list$/, "", base) && v["duckdb_" q[i] "_s"] == "")
				continue
			e = v["engine_" base "_s"]
			printf "%-10s %12s", q[i], e == "" ? "-" : sprintf("%.4f s", e)
			for (j = 1; j <= ns; j++) {
				if (s[j] == "engine") continue
				x = v[s[j] "_" q[i] "_s"]
				printf " %12s %9s", x == "" ? "-" : sprintf("%.3f s", x),
					(x == "" || e == "" || e == 0) ? "-" : sprintf("%.0fx", x / e)
			}
			printf "\n"
		}
		bw = v["engine_bandwidth_before_gbs"] + 0
		if (v["engine_bandwidth_after_gbs"] + 0 > bw)
			bw = v["engine_bandwidth_after_gbs"] + 0
		if (v["engine_bands_s"] != "" && bw > 0) {
			bytes = v["engine_enrolments"] * v["engine_stride"]
			printf "\nband pass %.1f GB/s = %.0f%% of measured bandwidth %.1f GB/s" \
				" (the higher of before and after; plain matrix scan %.1f GB/s)\n",
				bytes / v["engine_bands_s"] / 1e9,
				100 * bytes / v["engine_bands_s"] / 1e9 / bw,
				bw, v["engine_scan_gbs"]
			printf "penalty / band pass %.2fx, weekly / band pass %.2fx\n",
				v["engine_penalty_s"] / v["engine_bands_s"],
				v["engine_weekly_s"] / v["engine_bands_s"]
			printf "engine peak RSS %.3f bytes/mark\n", v["engine_bytes_per_mark"]
		}
	}' "$OUT" | tee -a "$OUT"
say "load_average_end $(loadavg)"
cp "$OUT" "$DIR/summary.txt"
if [ $differ = 1 ]; then
	echo "run.sh: the answers differ (see above)" >&2
	exit 1
fi
