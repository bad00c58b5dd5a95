/*
 * Fuzzes the Common Transfer File importer: each input is written to a
 * file and imported, whole, by import_file() into a store of this process
 * that holds two schools (URN 100001 / LAESTAB 9992001, and 100002), so
 * inputs that pass the XML and header checks reach pupils and marks.  The
 * store starts afresh every few hundred inputs so it stays small.
 *
 *   make fuzz && build/fuzz/fuzz-ctf -max_len=65536 fuzz/corpus/ctf
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "ingest/import.h"
#include "store/store.h"
#include "util/strbuf.h"

#define RUNS_PER_STORE 500

static char dir[64];
static struct strbuf db = STRBUF_INIT, input = STRBUF_INIT;
static struct store *st;
static struct importer *im;
static long runs;

static int write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f)
		return -1;
	rc = (n && fwrite(data, 1, n, f) != n) ? -1 : 0;
	if (fclose(f))
		rc = -1;
	return rc;
}

static void remove_files(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct strbuf p = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s%s", db.buf, suffix[i]);
		unlink(p.buf);
	}
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/schools.csv", dir);
	unlink(p.buf);
	unlink(input.buf);
	strbuf_release(&p);
}

static void store_down(void)
{
	importer_free(im);
	store_close(st);
	im = NULL;
	st = NULL;
	remove_files();
}

static void at_exit(void)
{
	store_down();
	rmdir(dir);
}

static void store_up(void)
{
	static const char schools[] =
		"urn,laestab,name,phase\n"
		"100001,9992001,Alpha Primary,primary\n"
		"100002,9992002,Beta Primary,primary\n";
	struct strbuf path = STRBUF_INIT;
	struct import_summary sum;
	struct error e = ERROR_INIT;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/attend-fuzz-ctf-XXXXXX",
			 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			abort();
		}
		strbuf_addf(&db, "%s/fuzz.db", dir);
		strbuf_addf(&input, "%s/input.xml", dir);
		setenv("ATTEND_TODAY", "2024-09-21", 1);
		atexit(at_exit);
	}
	strbuf_addf(&path, "%s/schools.csv", dir);
	if (write_file(path.buf, schools, sizeof(schools) - 1) ||
	    store_open(&st, db.buf, STORE_WRITE, &e)) {
		fprintf(stderr, "fuzz-ctf: cannot make a store: %s\n", e.msg);
		abort();
	}
	im = importer_new(st);
	if (import_file(im, path.buf, &sum, &e)) {
		fprintf(stderr, "fuzz-ctf: schools: %s\n", e.msg);
		abort();
	}
	strbuf_release(&path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_summary sum;
	struct error e = ERROR_INIT;

	if (st && ++runs % RUNS_PER_STORE == 0)
		store_down();
	if (!st)
		store_up();
	if (write_file(input.buf, data, size)) {
		perror(input.buf);
		abort();
	}
	import_file(im, input.buf, &sum, &e);
	return 0;
}
