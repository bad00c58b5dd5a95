/*
 * The audit log's entries (auth/audit.h): each function's entry read back
 * through audit_list(), the note a rolled-back change leaves, and
 * audit_about() finding one subject's entries.  The store is in memory,
 * and so is its log (store/audit_file.h).
 */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "tap.h"

static struct store *st;

/* The newest entries, newest first: up to 8, their strings copied. */
struct entries {
	int n;
	struct {
		char username[80], action[32], object[96], detail[1200];
		char address[64];
		long long id;
	} e[8];
};

static void keep(const struct audit_entry *a, void *data)
{
	struct entries *es = data;

	if (es->n == 8)
		return;
	snprintf(es->e[es->n].username, 80, "%s", a->username);
	snprintf(es->e[es->n].action, 32, "%s", a->action);
	snprintf(es->e[es->n].object, 96, "%s", a->object);
	snprintf(es->e[es->n].detail, 1200, "%s", a->detail);
	snprintf(es->e[es->n].address, 64, "%s", a->address);
	es->e[es->n].id = (long long)a->id;
	es->n++;
}

static struct entries newest(int limit)
{
	struct entries es = { 0 };
	struct error e = ERROR_INIT;

	if (audit_list(st, NULL, limit, keep, &es, &e))
		fprintf(stderr, "%s\n", e.msg);
	return es;
}

static void test_entries(void)
{
	struct viewer v = { 0 };
	struct error e = ERROR_INIT;
	struct entries es;
	char name[200];

	v.user_id = 7;
	snprintf(v.username, sizeof(v.username), "oaklead");
	ok(!audit_refused(st, &v, "POST", "/cases/A1/move", "10.0.0.9",
			  "You may not change this case.", &e), "a refusal is logged");
	es = newest(1);
	is_str(es.e[0].username, "oaklead", "by the signed-in user");
	is_str(es.e[0].action, "refused", "as refused");
	is_str(es.e[0].object, "/cases/A1/move", "of the path");
	is_str(es.e[0].detail, "POST /cases/A1/move: You may not change this case.",
	       "with the method, path and reason");
	is_str(es.e[0].address, "10.0.0.9", "and the client's address");

	ok(!audit_refused(st, NULL, "GET", "/audit", "10.0.0.9", "sign in first",
			  &e) && !strcmp(newest(1).e[0].username, "-"),
	   "a refusal of no one signed in is by -");

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ok(!audit_sign_in_failed(st, "lead", "192.0.2.1", "wrong password", &e),
	   "a failed sign-in is logged");
	es = newest(1);
	is_str(es.e[0].action, "sign in failed", "as sign in failed");
	is_str(es.e[0].object, "user lead", "of the username tried");
	is_str(es.e[0].detail, "wrong password", "with why");
	is_str(es.e[0].address, "192.0.2.1", "from the client's address");
	ok(!audit_sign_in_failed(st, name, "192.0.2.1", "wrong password", &e) &&
	   strlen(newest(1).e[0].username) == 63,
	   "a 199-byte username tried is cut to 63");

	ok(!audit_command(st, "alice", "case show", "attend case show A1 "
			  "--user lead", &e), "a run of the command line is logged");
	es = newest(1);
	is_str(es.e[0].username, "os:alice", "by the system's user");
	is_str(es.e[0].object, "command case show", "naming the command");
	is_str(es.e[0].detail, "attend case show A1 --user lead",
	       "with its command line");
}

/* A change's entry is written before the change commits; a rollback says so. */
static void test_rollback(void)
{
	struct viewer v = { 0 };
	struct error e = ERROR_INIT;
	struct entries es;
	long long id;

	v.user_id = 3;
	snprintf(v.username, sizeof(v.username), "officer");
	store_begin(st, &e);
	audit_add(st, &v, "change", "case 9", "moved", &e);
	audit_add(st, &v, "change", "case 9", "moved again", &e);
	id = newest(1).e[0].id - 1;
	store_rollback(st);
	es = newest(1);
	is_str(es.e[0].action, "not saved", "a rolled-back change is noted");
	ok(strstr(es.e[0].detail, "entries") && strstr(es.e[0].detail, "not saved"),
	   "as the entries of a change not saved (%s)", es.e[0].detail);
	{
		char object[32];

		snprintf(object, sizeof(object), "audit %lld", id);
		is_str(es.e[0].object, object, "naming the first of them");
	}
	store_begin(st, &e);
	audit_add(st, &v, "change", "case 9", "moved", &e);
	store_commit(st, &e);
	is_str(newest(1).e[0].action, "change", "a committed change leaves no note");
	audit_add(st, &v, "view", "pupil A1", "", &e);
	store_rollback(st);
	is_str(newest(1).e[0].action, "view", "nor does an entry outside a transaction");
}

static void test_about(void)
{
	struct error e = ERROR_INIT;
	struct entries es = { 0 };
	const char *objects[] = { "case 12" }, *terms[] = { "J99_" };

	audit_add(st, NULL, "view", "pupil J99_1", "", &e);
	audit_add(st, NULL, "view", "pupil J9901", "", &e);	/* _ is no wildcard */
	audit_add(st, NULL, "change", "case 12", "stage moved", &e);
	audit_add(st, NULL, "run", "command register", "attend register J99_1", &e);
	audit_add(st, NULL, "change", "case 120", "", &e);
	ok(!audit_about(st, objects, 1, terms, 1, keep, &es, &e),
	   "the entries about a subject are read");
	is_int(es.n, 3, "by object, or a term in the object or detail");
	is_str(es.e[0].object, "pupil J99_1", "oldest first");
	is_str(es.e[1].object, "case 12", "an object matches whole (not case 120)");
	is_str(es.e[2].detail, "attend register J99_1", "a term in the detail");
}

int main(void)
{
	struct error e = ERROR_INIT;

	if (store_open(&st, ":memory:", STORE_WRITE, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	test_entries();
	test_rollback();
	test_about();
	store_close(st);
	return tap_done();
}
