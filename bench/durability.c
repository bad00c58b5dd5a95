/*
 * The cost of durable casework (docs/privacy.md, "Durability"): casework
 * writes per second with the store's synchronous = NORMAL against FULL,
 * and audit entries per second with the audit log's NORMAL against FULL,
 * in the same run, on the same disk.
 *
 * A casework write is casework_add_action(): one store transaction (the
 * action's row) with its audit entry, as a saved note, decision or
 * acknowledgement is.  In WAL mode NORMAL syncs the WAL only at
 * checkpoints, so a power cut can lose the last transactions committed;
 * FULL syncs it at every commit.  Rounds alternate NORMAL and FULL, so
 * that whatever else the machine does falls on both alike; the best
 * round of each is reported.
 *
 *	sh bench/durability.sh [--writes N] [--rounds R] [--dir DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "casework/casework.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct error *e)
{
	fprintf(stderr, "durability: %s: %s\n", what, e ? e->msg : "");
	exit(1);
}

static void sync_mode(sqlite3 *db, const char *mode)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA synchronous = %s", mode);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL))
		die(sql, NULL);
}

/* n casework writes; their rate per second. */
static double casework_round(struct store *st, const struct viewer *v,
			     const char *upn, int n)
{
	struct error e = ERROR_INIT;
	double t0 = now();
	int64_t id;

	for (int i = 0; i < n; i++)
		if (casework_add_action(st, v, upn, "call home", "office",
					date_today() + 30, &id, &e))
			die("a casework write", &e);
	return n / (now() - t0);
}

/* n audit entries of a view; their rate per second. */
static double audit_round(struct store *st, const struct viewer *v, int n)
{
	struct error e = ERROR_INIT;
	double t0 = now();

	for (int i = 0; i < n; i++)
		if (audit_add(st, v, "view", "pupil A990200199001", "/pupils", &e))
			die("an audit entry", &e);
	return n / (now() - t0);
}

static int int_arg(const char *s)
{
	int v = atoi(s);

	if (v < 1) {
		fprintf(stderr, "durability: '%s' is not a positive number\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *dir = "bench/data", *upn = "A990200199001";
	int writes = 300, rounds = 3;
	double best[2][2] = { { 0 } };	/* [casework|audit][NORMAL|FULL] */
	static const char *const modes[2] = { "NORMAL", "FULL" };
	char path[4096], cmd[12400];
	struct store *st;
	struct viewer v;
	struct error e = ERROR_INIT;
	struct user_spec lead = { "lead", "Bench Lead", "correct horse battery",
				  ROLE_LA_LEAD, NULL, 0, NULL, 0 };
	int64_t case_id;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--writes") && i + 1 < argc)
			writes = int_arg(argv[++i]);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = int_arg(argv[++i]);
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else {
			fprintf(stderr, "usage: durability [--writes N] [--rounds R] "
				"[--dir DIR]\n");
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%s/durability.db", dir);
	snprintf(cmd, sizeof(cmd), "rm -f '%s' '%s'-* '%s'.*", path, path, path);
	if (system(cmd))
		die("removing the last run's store", NULL);
	if (auth_init() || store_open(&st, path, STORE_WRITE, &e))
		die("opening the store", &e);
	if (store_exec(st, "INSERT INTO school (urn, laestab, name, phase) "
		       "VALUES (100001, 9902001, 'Oak', 'primary');"
		       "INSERT INTO pupil (upn, surname, forename, dob) VALUES "
		       "('A990200199001', 'Able', 'Ann', '2016-01-01');"
		       "INSERT INTO enrolment (pupil_id, school_id) VALUES (1, 1);",
		       &e) ||
	    user_add(st, &lead, &e) || casework_viewer(st, "lead", &v, &e) ||
	    casework_open(st, &v, upn, STAGE_MONITOR, "bench", &case_id, &e))
		die("the store's pupil and case", &e);
	if (!store_audit_db(st, &e))
		die("the audit log", &e);
	for (int r = 0; r < rounds; r++)
		for (int m = 0; m < 2; m++) {
			double cw, au;

			sync_mode(store_db(st), modes[m]);
			sync_mode(store_audit_db(st, &e), "FULL");
			cw = casework_round(st, &v, upn, writes);
			sync_mode(store_audit_db(st, &e), modes[m]);
			au = audit_round(st, &v, writes);
			if (cw > best[0][m])
				best[0][m] = cw;
			if (au > best[1][m])
				best[1][m] = au;
			fprintf(stderr, "round %d, %-6s: %8.0f casework writes/s, "
				"%8.0f audit entries/s\n", r + 1, modes[m], cw, au);
		}
	printf("| writes | synchronous = NORMAL | synchronous = FULL | "
	       "FULL / NORMAL |\n|---|---:|---:|---:|\n");
	printf("| casework (store; its audit entry FULL in both) | %.0f/s "
	       "(%.2f ms) | %.0f/s (%.2f ms) | %.2f |\n", best[0][0],
	       1000 / best[0][0], best[0][1], 1000 / best[0][1],
	       best[0][1] / best[0][0]);
	printf("| audit entry of a view (audit log) | %.0f/s (%.2f ms) | "
	       "%.0f/s (%.2f ms) | %.2f |\n", best[1][0], 1000 / best[1][0],
	       best[1][1], 1000 / best[1][1], best[1][1] / best[1][0]);
	printf("\n%d writes a round, best of %d rounds each, %s\n", writes,
	       rounds, path);
	viewer_release(&v);
	store_close(st);
	return 0;
}
