#!/bin/sh
# Builds and runs the durability benchmark (bench/durability.c): casework
# writes and audit entries per second, synchronous = NORMAL against FULL.
#   sh bench/durability.sh [--writes N] [--rounds R] [--dir DIR]
# The store goes in bench/data/ (gitignored) unless --dir names another:
# put it on the disk the service's store is on, since that is what is
# measured.
set -eu
cd "$(dirname "$0")/.."

objs=
for src in src/util/*.c src/core/*.c src/store/*.c src/engine/*.c src/ingest/*.c \
	   src/report/*.c src/auth/*.c src/casework/*.c; do
	objs="$objs build/rel/${src%.c}.o"
done
# shellcheck disable=SC2086
make -s $objs

libs=$(pkg-config --libs sqlite3 expat libsodium 2>/dev/null ||
	echo -lsqlite3 -lexpat -lsodium)
mkdir -p build/bench bench/data
# shellcheck disable=SC2086
cc -O2 -g -std=c17 -D_DEFAULT_SOURCE -Isrc $(pkg-config --cflags sqlite3 2>/dev/null) \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-pthread -o build/bench/durability bench/durability.c $objs $libs -lm -pthread

exec build/bench/durability "$@"
