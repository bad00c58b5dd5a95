/*
 * Fuzzes the CSV importers through import_file(): each input is written to
 * a file and imported into one store kept for the life of the process,
 * in a directory made by mkdtemp under /tmp and removed at exit.  The
 * store is seeded once with three schools, six pupils with valid UPNs and
 * their enrolments, a calendar and a few register marks, so register, MIS
 * and calendar rows can get past the roll checks; MIS exports without a
 * URN column belong to school 100001, whose saved column mapping is
 * Adno, Day, Morning, Afternoon (the usual names work too).  The
 * authority is LA 999 (la_code), for GIAS extracts.  Imports that
 * succeed accumulate in the store.
 *
 * After each import, aborts unless:
 *   - no transaction is left open;
 *   - a failed import has an error kind and a message, and left every
 *     table an import writes (schools, pupils, enrolments, marks, mark
 *     history, imports, calendars, areas, DfE rows) with the rows it had
 *     before (held marks, data-quality notes and exclusions too): an
 *     import is one transaction;
 *   - an import that succeeded recorded itself in the import table.
 *
 * With $FUZZ_VERBOSE set, each import's outcome goes to standard error:
 * a way to see which paths the corpus reaches.
 *
 *   make fuzz && build/fuzz/fuzz-import -dict=fuzz/import.dict fuzz/corpus/import
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "ingest/import.h"
#include "store/store.h"
#include "util/strbuf.h"

#define check(cond) do { if (!(cond)) abort(); } while (0)

enum { NR_TABLES = 12, IMPORTS = 5 };

static const char counts_sql[] =
	"SELECT (SELECT count(*) FROM school), (SELECT count(*) FROM pupil), "
	"(SELECT count(*) FROM enrolment), (SELECT count(*) FROM marks), "
	"(SELECT count(*) FROM mark_history), (SELECT count(*) FROM import), "
	"(SELECT count(*) FROM calendar_event), (SELECT count(*) FROM area), "
	"(SELECT count(*) FROM dfe_absence), (SELECT count(*) FROM held_mark), "
	"(SELECT count(*) FROM data_quality), (SELECT count(*) FROM exclusion)";

/* The seed, imported once in this order.  UPNs carry their check letter. */
static const struct {
	const char *name, *text;
} seed[] = {
	{ "schools.csv",
	  "urn,laestab,name,phase\n"
	  "100001,9992001,Alpha Primary,primary\n"
	  "100002,9992002,Beta Academy,secondary\n"
	  "100003,9992003,Gamma School,special\n" },
	{ "pupils.csv",
	  "upn,urn,surname,forename,dob,sex,fsm,sen,social_care,early_help,"
	  "youth_justice,eal,postcode,year_group,start_date,end_date\n"
	  "R999200120001,100001,Able,Ann,2016-01-01,F,Y,N,,N,N,N,KM4 1AA,4,,\n"
	  "F999200120002,100001,Best,Bo,2016-02-02,M,N,K,CIN,Y,N,Y,KM4 2BB,4,"
	  "2023-09-01,\n"
	  "V999200120003,100001,Cole,Cy,2015-03-03,M,,E,CLA,,,,,5,2022-09-01,"
	  "2025-07-22\n"
	  "V999200120003,100002,Cole,Cy,2015-03-03,M,,E,CLA,,,,,6,2025-09-03,\n"
	  "T999200220004,100002,Dunn,Di,2012-04-04,F,N,N,CP,N,Y,N,KM5 3CC,9,,\n"
	  "Q999200320005,100003,Eyre,Ed,2013-05-05,,,E,,,,,,8,,\n"
	  "C99920012000A,100001,Ford,Flo,2017-06-06,F,,,,,,,,R,,\n" },
	{ "calendar.csv",
	  "urn,from,to,kind,label\n"
	  ",2024-09-02,2024-12-20,term,Autumn\n"
	  "100001,2024-10-28,2024-11-01,closure,Half term\n" },
	{ "register.csv",
	  "upn,urn,date,session,code\n"
	  "R999200120001,100001,2024-08-16,AM,H\n"
	  "R999200120001,100001,2024-09-02,AM,/\n"
	  "R999200120001,100001,2024-09-02,PM,\\\n"
	  "F999200120002,100001,2024-09-02,AM,N\n"
	  "T999200220004,100002,2025-01-06,PM,C2\n" },
};

static char dir[64];
static struct strbuf input = STRBUF_INIT;
static struct store *st;
static struct importer *im;
static sqlite3_stmt *counts;
static int verbose;	/* $FUZZ_VERBOSE: each import's outcome on stderr */

static int write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return close(fd);
}

static void remove_in_dir(const char *name)
{
	struct strbuf p = STRBUF_INIT;

	strbuf_addf(&p, "%s/%s", dir, name);
	unlink(p.buf);
	strbuf_release(&p);
}

static void at_exit(void)
{
	static const char *const db_files[] = {
		"fuzz.db", "fuzz.db-wal", "fuzz.db-shm", "fuzz.db-journal",
	};

	sqlite3_finalize(counts);
	importer_free(im);
	store_close(st);
	for (size_t i = 0; i < sizeof(db_files) / sizeof(db_files[0]); i++)
		remove_in_dir(db_files[i]);
	for (size_t i = 0; i < sizeof(seed) / sizeof(seed[0]); i++)
		remove_in_dir(seed[i].name);
	unlink(input.buf);
	strbuf_release(&input);
	rmdir(dir);
}

static void die(const char *what, const struct error *e)
{
	fprintf(stderr, "fuzz-import: %s: %s\n", what, e ? e->msg : "failed");
	abort();
}

static void setup(void)
{
	struct strbuf path = STRBUF_INIT;
	struct import_summary sum;
	struct error e = ERROR_INIT;

	snprintf(dir, sizeof(dir), "/tmp/attend-fuzz-import-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	atexit(at_exit);
	setenv("ATTEND_TODAY", "2025-03-01", 1);	/* dates of birth */
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	strbuf_addf(&input, "%s/input.csv", dir);
	strbuf_addf(&path, "%s/fuzz.db", dir);
	if (store_open(&st, path.buf, STORE_WRITE, &e))
		die("store_open", &e);
	if (store_meta_set(st, "config.la_code", "999", &e))
		die("la_code", &e);
	im = importer_new(st);
	for (size_t i = 0; i < sizeof(seed) / sizeof(seed[0]); i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, seed[i].name);
		if (write_file(path.buf, seed[i].text, strlen(seed[i].text)))
			die(path.buf, NULL);
		if (import_file(im, path.buf, &sum, &e))
			die(seed[i].name, &e);
	}
	if (importer_set_school(im, 100001, "upn=Adno,date=Day,am=Morning,"
				"pm=Afternoon", &e))
		die("importer_set_school", &e);
	strbuf_release(&path);
	if (sqlite3_prepare_v2(store_db(st), counts_sql, -1, &counts, NULL))
		die(sqlite3_errmsg(store_db(st)), NULL);
}

static void count_rows(sqlite3_int64 n[NR_TABLES])
{
	check(sqlite3_step(counts) == SQLITE_ROW);
	for (int i = 0; i < NR_TABLES; i++)
		n[i] = sqlite3_column_int64(counts, i);
	sqlite3_reset(counts);
}

static void progress(void *ctx, const char *file, size_t done, size_t total)
{
	(void)ctx;
	check(file && done <= total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3_int64 before[NR_TABLES], after[NR_TABLES];
	struct import_summary sum;
	struct error e = ERROR_INIT;

	if (!st)
		setup();
	importer_set_progress(im, progress, NULL);
	if (write_file(input.buf, data, size))
		die(input.buf, NULL);
	count_rows(before);
	if (import_file(im, input.buf, &sum, &e)) {
		if (verbose)
			fprintf(stderr, "fuzz-import: failed: %s\n", e.msg);
		check(e.kind != ERROR_NONE && e.msg[0]);
		check(memchr(e.msg, '\0', sizeof(e.msg)));
		check(sqlite3_get_autocommit(store_db(st)));
		count_rows(after);
		check(!memcmp(before, after, sizeof(before)));
	} else {
		check(sqlite3_get_autocommit(store_db(st)));
		check((unsigned)sum.kind < IMPORT_KIND_COUNT);
		if (verbose) {
			struct strbuf line = STRBUF_INIT;

			import_summary_format(&sum, &line);
			fprintf(stderr, "fuzz-import: imported: %s\n", line.buf);
			strbuf_release(&line);
		}
		count_rows(after);
		check(after[IMPORTS] == before[IMPORTS] + 1);
	}
	return 0;
}
