#!/bin/sh
# The foundation benchmark: bench/foundation.c against SQLite, one run.
#   bench/foundation.sh [--enrolments N]   (default 1,000,000; the first run
#   builds bench/data/foundation/, ~6 GB, several minutes)
set -eu
cd "$(dirname "$0")/.."
make -s attend
objs=$(ls build/rel/src/util/*.o build/rel/src/core/*.o build/rel/src/store/*.o \
	build/rel/src/engine/*.o \
	build/rel/src/report/*.o | tr '\n' ' ')
cc -std=c17 -D_DEFAULT_SOURCE -O2 -g -Isrc -o build/foundation bench/foundation.c \
	$objs -lsqlite3 -lm -pthread
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem/ {print $2}') GiB"
exec build/foundation "$@"
