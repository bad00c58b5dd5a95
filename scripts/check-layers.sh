#!/bin/sh
# The layers of src/ (make check-layers): prints each violation as
# FILE:LINE: what is wrong, and exits 1 if there is any.
#
#   core/ knows nothing of storage, HTTP or files: it includes only core/
#   and util/, and not SQLite;
#   web/ and cli/ reach the store through functions: no sqlite3.h and no
#   sqlite3_ calls;
#   web/ and demo/ do not include ingest/;
#   upload/ (the upload service between web/ and ingest/) includes
#   neither web/ nor cli/, and reaches the store through functions too.
cd "$(dirname "$0")/.." || exit 2

inc='^[[:space:]]*#[[:space:]]*include[[:space:]]*'
where='^src\/\([a-z]*\)\(\/[^:]*:[0-9]*\):'
out=$({
	grep -nE "$inc\"" src/core/*.[ch] |
		grep -vE ":[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*\"(core|util)/" |
		sed "s/$where.*\"\(.*\)\".*/src\/\1\2: core\/ includes only core\/ and util\/, not \3/"
	grep -nE "$inc<sqlite3\.h>" src/core/*.[ch] |
		sed "s/$where.*/src\/\1\2: core\/ includes sqlite3.h/"
	grep -nE "$inc<sqlite3\.h>|sqlite3_[a-z0-9_]+" src/web/*.[ch] src/cli/*.[ch] src/upload/*.[ch] |
		sed "s/$where.*\(sqlite3[._][a-z0-9_]*\).*/src\/\1\2: \1\/ calls SQLite (\3): use a function of the store's side/"
	grep -nE "$inc\"ingest/" src/web/*.[ch] src/demo/*.[ch] |
		sed "s/$where.*\"\(.*\)\".*/src\/\1\2: \1\/ includes ingest\/ (\3)/"
	grep -nE "$inc\"(web|cli)/" src/upload/*.[ch] |
		sed "s/$where.*\"\(.*\)\".*/src\/\1\2: upload\/ is a service: it includes no \3/"
})
[ -z "$out" ] && exit 0
printf '%s\n' "$out"
echo "check-layers: $(printf '%s\n' "$out" | wc -l) violation(s)" >&2
exit 1
