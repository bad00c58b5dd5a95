#!/bin/sh
# Builds and runs the attend vs SQLite benchmark (bench/README.md).
#   sh bench/run.sh                      1,000,000 enrolments, updates bench/RESULTS.md
#   sh bench/run.sh --enrolments 20000   a quick run (prints only)
# Arguments go to the benchmark (bench --help lists them).  The stores go
# in bench/data/ (gitignored): about 1 GB for attend and 10+ GB for the
# SQLite baseline at the full size.
set -eu
cd "$(dirname "$0")/.."

# The library objects, built by the Makefile's own rules and flags (not
# the CLI, so work in progress there cannot stop the benchmark).
objs=
for src in src/util/*.c src/core/*.c src/store/*.c src/engine/*.c src/ingest/*.c \
	   src/report/*.c; do
	objs="$objs build/rel/${src%.c}.o"
done
# shellcheck disable=SC2086
make -s $objs

libs=$(pkg-config --libs sqlite3 expat libxxhash 2>/dev/null || echo -lsqlite3 -lexpat -lxxhash)
mkdir -p build/bench bench/data
# shellcheck disable=SC2086
cc -O2 -g -std=c17 -D_DEFAULT_SOURCE -Isrc $(pkg-config --cflags sqlite3 2>/dev/null) \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-pthread -o build/bench/bench bench/bench.c $objs $libs -lm -pthread

BENCH_COMMAND="sh bench/run.sh${*:+ $*}" exec build/bench/bench "$@"
