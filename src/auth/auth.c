#include "auth/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

/* size - 1 random hex digits and a NUL (size odd). */
static void hex_token_n(char *out, size_t size)
{
	unsigned char raw[64];
	size_t n = (size - 1) / 2;

	randombytes_buf(raw, n);
	sodium_bin2hex(out, size, raw, n);
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES],
			 struct error *e)
{
	if (strlen(password) < AUTH_MIN_PASSWORD)
		return error_set(e, ERROR_INPUT, "a password needs at least %d "
				 "characters", AUTH_MIN_PASSWORD);
	if (crypto_pwhash_str_alg(out, password, strlen(password),
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13))
		return error_set(e, ERROR_INTERNAL, "out of memory hashing a password");
	return 0;
}

static bool valid_username(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '-' || *s == '@'))
			return false;
	return true;
}

static int64_t user_id(struct store *st, const char *username)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id FROM user WHERE username = ?", NULL);
	int64_t id = 0;

	if (!stmt)
		return 0;
	sqlite3_bind_text(stmt, 1, username, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return id;
}

/* Gives user id one of their schools (urn), or else a pupil of their caseload. */
static int user_link(struct store *st, int64_t id, int32_t urn,
		     const char *upn, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, upn ?
		"INSERT OR IGNORE INTO user_pupil (user_id, pupil_id) "
		"SELECT ?, id FROM pupil WHERE upn = ?" :
		"INSERT OR IGNORE INTO user_school (user_id, school_id) "
		"SELECT ?, id FROM school WHERE urn = ?", e);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (upn)
		sqlite3_bind_text(stmt, 2, upn, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int(stmt, 2, urn);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, e, "adding a user");
	if (sqlite3_changes(store_db(st)))
		return 0;
	return upn ? error_set(e, ERROR_INPUT, "pupil %s is not in the store", upn) :
		error_set(e, ERROR_INPUT, "school %06d is not in the store", urn);
}

/* Binds s, or NULL for NULL or "". */
static void bind_or_null(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

/* A failed write to user: the unique subject or email said plainly. */
static int sso_conflict(struct store *st, struct error *e, const char *subject,
			const char *email, const char *what)
{
	const char *msg = sqlite3_errmsg(store_db(st));

	if (strstr(msg, "user.oidc_subject"))
		return error_set(e, ERROR_INPUT, "another user is linked to "
				 "subject '%s' already", subject);
	if (strstr(msg, "user.email"))
		return error_set(e, ERROR_INPUT, "another user has the email "
				 "'%s' already", email);
	if (strstr(msg, "CHECK"))
		return error_set(e, ERROR_INPUT, "'%s' is not an email address, "
				 "or the subject is not 1-255 characters",
				 email ? email : "");
	return store_sqlite_error(st, e, what);
}

int user_add(struct store *st, const struct user_spec *u, struct error *e)
{
	char hash[crypto_pwhash_STRBYTES], now[32];
	sqlite3_stmt *stmt;
	int64_t id;

	if (!valid_username(u->username))
		return error_set(e, ERROR_INPUT, "'%s' is not a username (2-63 of "
				 "letters, digits, . _ - @)", u->username);
	if (!u->name || !*u->name)
		return error_set(e, ERROR_INPUT, "a user needs a name");
	if (role_needs_schools(u->role) && !u->nr_urns)
		return error_set(e, ERROR_INPUT, "a %s account needs its school "
				 "(--school URN)", role_name(u->role));
	if (role_needs_caseload(u->role) && !u->nr_upns)
		return error_set(e, ERROR_INPUT, "a social worker account needs "
				 "a caseload (--pupil UPN, repeated)");
	if (u->password && hash_password(u->password, hash, e))
		return -1;
	if (!u->password && !u->oidc_subject && !u->email)
		return error_set(e, ERROR_INPUT, "a user needs a password, or "
				 "a subject or email to sign in with single "
				 "sign-on");
	if (!u->password)
		hash[0] = '\0';	/* no password verifies against it */
	if (store_begin(st, e))
		return -1;
	if (user_id(st, u->username)) {
		store_rollback(st);
		return error_set(e, ERROR_INPUT, "user '%s' exists already",
				 u->username);
	}
	stmt = store_prepare(st, "INSERT INTO user (username, name, role, "
			     "password_hash, created_at, oidc_subject, email) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!stmt)
		goto fail;
	now_iso(now);
	sqlite3_bind_text(stmt, 1, u->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
	bind_or_null(stmt, 6, u->oidc_subject);
	bind_or_null(stmt, 7, u->email);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		sso_conflict(st, e, u->oidc_subject, u->email, "adding a user");
		goto fail;
	}
	id = sqlite3_last_insert_rowid(store_db(st));
	for (size_t i = 0; i < u->nr_urns; i++)
		if (user_link(st, id, u->urns[i], NULL, e))
			goto fail;
	for (size_t i = 0; i < u->nr_upns; i++)
		if (user_link(st, id, 0, u->upns[i], e))
			goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

static int end_sessions(struct store *st, const char *username,
			struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "DELETE FROM session WHERE "
		"user_id = (SELECT id FROM user WHERE username = ?)", e);

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, username, -1, SQLITE_STATIC);
	return sqlite3_step(stmt) == SQLITE_DONE ? 0 :
		store_sqlite_error(st, e, "ending sessions");
}

int user_set_password(struct store *st, const char *username,
		      const char *password, struct error *e)
{
	char hash[crypto_pwhash_STRBYTES];
	sqlite3_stmt *stmt;

	if (hash_password(password, hash, e))
		return -1;
	stmt = store_prepare(st, "UPDATE user SET password_hash = ? "
			     "WHERE username = ?", e);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, username, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "changing a password");
	if (!sqlite3_changes(store_db(st)))
		return error_set(e, ERROR_INPUT, "no user '%s'", username);
	/* A new password ends every session of the old one. */
	return end_sessions(st, username, e);
}

int user_set_disabled(struct store *st, const char *username, bool disabled,
		      struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"UPDATE user SET disabled = ? WHERE username = ?", e);

	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, disabled);
	sqlite3_bind_text(stmt, 2, username, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "disabling a user");
	if (!sqlite3_changes(store_db(st)))
		return error_set(e, ERROR_INPUT, "no user '%s'", username);
	return disabled ? end_sessions(st, username, e) : 0;
}

int user_set_sso(struct store *st, const char *username, const char *subject,
		 const char *email, struct error *e)
{
	sqlite3_stmt *stmt;
	int64_t id;

	if (store_begin(st, e))
		return -1;
	if (!(id = user_id(st, username))) {
		store_rollback(st);
		return error_set(e, ERROR_INPUT, "no user '%s'", username);
	}
	stmt = store_prepare(st, "UPDATE user SET "
		"oidc_subject = CASE WHEN ?1 THEN ?2 ELSE oidc_subject END, "
		"email = CASE WHEN ?3 THEN ?4 ELSE email END WHERE id = ?5", e);
	if (!stmt)
		goto fail;
	sqlite3_bind_int(stmt, 1, subject != NULL);
	bind_or_null(stmt, 2, subject);
	sqlite3_bind_int(stmt, 3, email != NULL);
	bind_or_null(stmt, 4, email);
	sqlite3_bind_int64(stmt, 5, id);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		sso_conflict(st, e, subject, email, "linking a user");
		sqlite3_reset(stmt);
		goto fail;
	}
	sqlite3_reset(stmt);
	/* Someone else's subject must not inherit a session. */
	if (subject && end_sessions(st, username, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int user_list(struct store *st, struct strbuf *out, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT u.username, u.role, u.name, u.disabled, "
		"(SELECT group_concat(s.urn, ' ') FROM user_school us "
		" JOIN school s ON s.id = us.school_id WHERE us.user_id = u.id), "
		"(SELECT count(*) FROM user_pupil up WHERE up.user_id = u.id), "
		"u.oidc_subject IS NOT NULL, u.email, u.password_hash <> '' "
		"FROM user u ORDER BY u.username", e);

	if (!stmt)
		return -1;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *schools = (const char *)sqlite3_column_text(stmt, 4);
		const char *email = (const char *)sqlite3_column_text(stmt, 7);
		strbuf_addf(out, "%-20s %-15s %-28s %-10s %s%s%s%s%s%s%s\n",
			    (const char *)sqlite3_column_text(stmt, 0),
			    (const char *)sqlite3_column_text(stmt, 1),
			    (const char *)sqlite3_column_text(stmt, 2),
			    sqlite3_column_int(stmt, 3) ? "disabled" : "active",
			    schools ? "schools " : "", schools ? schools : "",
			    sqlite3_column_int(stmt, 5) ? " (caseload)" : "",
			    sqlite3_column_int(stmt, 6) ? " sso-linked" : "",
			    email ? " email " : "", email ? email : "",
			    sqlite3_column_int(stmt, 8) ? "" : " no-password");
	}
	sqlite3_reset(stmt);
	return 0;
}

static void load_ids(struct store *st, const char *sql, int64_t user,
		     int64_t **ids, size_t *nr)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, NULL);
	size_t alloc = 0;

	*ids = NULL;
	*nr = 0;
	if (!stmt)
		return;
	sqlite3_bind_int64(stmt, 1, user);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*nr == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			*ids = xrealloc(*ids, alloc * sizeof(**ids));
		}
		(*ids)[(*nr)++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
}

int viewer_load(struct store *st, int64_t id, struct viewer *v, struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT username, name, role FROM user WHERE id = ? AND NOT disabled", e);
	int r;

	memset(v, 0, sizeof(*v));
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INPUT, "no such user");
	}
	v->user_id = id;
	snprintf(v->username, sizeof(v->username), "%s",
		 (const char *)sqlite3_column_text(stmt, 0));
	snprintf(v->name, sizeof(v->name), "%s",
		 (const char *)sqlite3_column_text(stmt, 1));
	r = role_parse((const char *)sqlite3_column_text(stmt, 2));
	v->role = r < 0 ? ROLE_GOVERNOR : (enum role)r;
	sqlite3_reset(stmt);
	load_ids(st, "SELECT school_id FROM user_school WHERE user_id = ? "
		 "ORDER BY school_id", id, &v->schools, &v->nr_schools);
	load_ids(st, "SELECT pupil_id FROM user_pupil WHERE user_id = ? "
		 "ORDER BY pupil_id", id, &v->pupils, &v->nr_pupils);
	return 0;
}

void viewer_release(struct viewer *v)
{
	free(v->schools);
	free(v->pupils);
	memset(v, 0, sizeof(*v));
}

/*
 * Failed sign-ins for the user within the window: from this address
 * (*here) and from anywhere (*anywhere).  0, or -1 if the store could not
 * be read.
 */
static int recent_failures(struct store *st, const char *username,
			   const char *address, int *here, int *anywhere)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT count(*), coalesce(sum(address = ?), 0) "
		"FROM login_failure WHERE username = ? AND at > ?", NULL);
	int rc = -1;

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, address, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, username, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (int64_t)time(NULL) - AUTH_FAILURE_WINDOW);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*anywhere = sqlite3_column_int(stmt, 0);
		*here = sqlite3_column_int(stmt, 1);
		rc = 0;
	}
	sqlite3_reset(stmt);
	return rc;
}

/* Counts the attempt as a failure until it succeeds; 0, or -1. */
static int note_attempt(struct store *st, const char *username,
			const char *address, int64_t *row)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO login_failure (username, address, at) VALUES (?, ?, ?)",
		NULL);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (int64_t)time(NULL));
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	*row = sqlite3_last_insert_rowid(store_db(st));
	return rc == SQLITE_DONE ? 0 : -1;
}

static int forget_attempt(struct store *st, int64_t row)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"DELETE FROM login_failure WHERE id = ?", NULL);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, row);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_hash_make(void)
{
	char password[33];

	hex_token_n(password, sizeof(password));
	if (crypto_pwhash_str_alg(dummy_hash, password, strlen(password),
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13))
		dummy_hash[0] = '\0';
}

static enum auth_result refuse(struct store *st, const char *username,
			       const char *address, enum auth_result why,
			       const char *reason, const char *message,
			       struct error *e)
{
	audit_sign_in_failed(st, username, address, reason, NULL);
	error_set(e, why == AUTH_UNAVAILABLE ? ERROR_INTERNAL : ERROR_INPUT,
		  "%s", message);
	return why;
}

enum auth_result auth_login(struct store *st, const char *username,
			    const char *password, const char *address,
			    struct viewer *v, struct error *e)
{
	static const char unavailable[] = "signing in is not possible just "
		"now: attend cannot record sign-in attempts; try again later "
		"or tell the service's administrator";
	sqlite3_stmt *stmt;
	char hash[crypto_pwhash_STRBYTES] = "";
	int64_t id = 0, attempt = 0;
	int disabled = 1, good, here, anywhere;
	bool sso_only;

	if (!address)
		address = "";
	/*
	 * Fail closed: an attempt that cannot be counted is not made, so the
	 * answer is the same whatever the password, and no guess goes
	 * uncounted when the store cannot be written.
	 */
	if (recent_failures(st, username, address, &here, &anywhere))
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "the store could not be read", unavailable, e);
	if (here >= AUTH_MAX_FAILURES)
		return refuse(st, username, address, AUTH_LOCKED,
			      "locked out: too many failed sign-ins from this "
			      "address", "too many failed sign-ins for this "
			      "account from here; try again in 15 minutes", e);
	if (anywhere >= AUTH_MAX_FAILURES_ANYWHERE)
		return refuse(st, username, address, AUTH_LOCKED,
			      "locked out: too many failed sign-ins from "
			      "several addresses", "too many failed sign-ins "
			      "for this account; try again in 15 minutes", e);
	if (note_attempt(st, username, address, &attempt))
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "the attempt could not be recorded", unavailable, e);
	stmt = store_prepare(st, "SELECT id, password_hash, disabled FROM user "
			     "WHERE username = ?", e);
	if (!stmt)
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "the store could not be read", unavailable, e);
	sqlite3_bind_text(stmt, 1, username, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		snprintf(hash, sizeof(hash), "%s",
			 (const char *)sqlite3_column_text(stmt, 1));
		disabled = sqlite3_column_int(stmt, 2);
	}
	sqlite3_reset(stmt);
	/* Verify even for unknown users, so timing does not tell them apart. */
	sso_only = id && !hash[0];
	if (!hash[0]) {
		pthread_once(&dummy_once, dummy_hash_make);
		memcpy(hash, dummy_hash, sizeof(hash));
		id = 0;
	}
	good = !crypto_pwhash_str_verify(hash, password, strlen(password));
	if (!good || disabled || !id)
		return refuse(st, username, address, AUTH_REFUSED,
			      !id && sso_only ? "no password: signs in with "
			      "single sign-on only" :
			      !id ? "no such user" : !good ? "wrong password" :
			      "account disabled", "wrong username or password", e);
	if (forget_attempt(st, attempt))
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "the attempt could not be recorded", unavailable, e);
	if (viewer_load(st, id, v, e))
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "the account could not be read", unavailable, e);
	return AUTH_OK;
}

/*
 * The user linked to subject (*id, *disabled, username), else 0 in *id;
 * with email set, the one with that email and no subject instead.
 */
static int sso_find(struct store *st, const char *subject, const char *email,
		    int64_t *id, int *disabled, char username[64],
		    struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, email ?
		"SELECT id, disabled, username FROM user "
		"WHERE email = ? AND oidc_subject IS NULL" :
		"SELECT id, disabled, username FROM user WHERE oidc_subject = ?",
		e);
	int rc;

	*id = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, email ? email : subject, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*disabled = sqlite3_column_int(stmt, 1);
		snprintf(username, 64, "%s",
			 (const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		store_sqlite_error(st, e, "finding a user");
}

/* The first sign-on by email: the subject is the user's from now on. */
static int sso_link(struct store *st, int64_t id, const char *subject,
		    struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE user SET oidc_subject "
					   "= ? WHERE id = ? AND oidc_subject "
					   "IS NULL", e);

	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, id);
	if (sqlite3_step(stmt) != SQLITE_DONE || !sqlite3_changes(store_db(st))) {
		sqlite3_reset(stmt);
		return error_set(e, ERROR_INTERNAL, "the account could not be "
				 "linked to the provider's subject");
	}
	sqlite3_reset(stmt);
	return 0;
}

enum auth_result auth_sso_login(struct store *st, const char *subject,
				const char *email, int email_verified,
				bool link_email, const char *address,
				struct viewer *v, struct error *e)
{
	static const char unavailable[] = "signing in is not possible just "
		"now: attend cannot read its accounts; try again later or "
		"tell the service's administrator";
	char username[64] = "", who[300], reason[400];
	int64_t id;
	int disabled = 0;
	bool by_email = false;

	snprintf(who, sizeof(who), "sso:%s", subject);
	if (!address)
		address = "";
	if (sso_find(st, subject, NULL, &id, &disabled, username, e))
		return refuse(st, who, address, AUTH_UNAVAILABLE,
			      "the store could not be read", unavailable, e);
	if (!id && link_email && email && *email && email_verified != 0) {
		if (sso_find(st, subject, email, &id, &disabled, username, e))
			return refuse(st, who, address, AUTH_UNAVAILABLE,
				      "the store could not be read",
				      unavailable, e);
		by_email = id != 0;
	}
	if (!id) {
		snprintf(reason, sizeof(reason), "single sign-on: no user is "
			 "linked to this subject%s%s", email ? "; email " : "",
			 email ? email : "");
		audit_sign_in_failed(st, who, address, reason, NULL);
		return error_set(e, ERROR_INPUT, "Your council account%s%s%s "
				 "is not set up in attend. Ask your "
				 "authority's attend lead to add you, giving "
				 "them this identifier: %s", email ? " (" : "",
				 email ? email : "", email ? ")" : "",
				 subject), AUTH_REFUSED;
	}
	if (disabled) {
		audit_sign_in_failed(st, username, address, "single sign-on: "
				     "account disabled", NULL);
		return error_set(e, ERROR_INPUT, "Your attend account '%s' is "
				 "disabled. Ask your authority's attend lead "
				 "to enable it.", username), AUTH_REFUSED;
	}
	if (by_email && sso_link(st, id, subject, e))
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "single sign-on: the subject could not be linked",
			      unavailable, e);
	if (viewer_load(st, id, v, e))
		return refuse(st, username, address, AUTH_UNAVAILABLE,
			      "the account could not be read", unavailable, e);
	return AUTH_OK;
}

static void hex_token(char out[AUTH_TOKEN_HEX + 1])
{
	hex_token_n(out, AUTH_TOKEN_HEX + 1);
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static unsigned char login_key[crypto_auth_KEYBYTES];
static pthread_once_t login_key_once = PTHREAD_ONCE_INIT;

static void login_key_make(void)
{
	crypto_auth_keygen(login_key);
}

void login_token_new(char nonce[AUTH_TOKEN_HEX + 1])
{
	hex_token(nonce);
}

int login_token_mac(const char *nonce, char mac[AUTH_TOKEN_HEX + 1])
{
	unsigned char m[crypto_auth_BYTES];

	if (!nonce || strlen(nonce) != AUTH_TOKEN_HEX ||
	    strspn(nonce, "0123456789abcdef") != AUTH_TOKEN_HEX)
		return -1;
	pthread_once(&login_key_once, login_key_make);
	crypto_auth(m, (const unsigned char *)nonce, AUTH_TOKEN_HEX, login_key);
	sodium_bin2hex(mac, AUTH_TOKEN_HEX + 1, m, AUTH_TOKEN_HEX / 2);
	return 0;
}

bool login_token_ok(const char *nonce, const char *mac)
{
	char want[AUTH_TOKEN_HEX + 1];

	return mac && !login_token_mac(nonce, want) && token_equal(mac, want);
}

/* Sessions that have ended, and failures older than the window, go. */
static void sessions_purge(struct store *st, int64_t now)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"DELETE FROM session WHERE expires_at <= ?", NULL);

	if (stmt) {
		sqlite3_bind_int64(stmt, 1, now);
		sqlite3_step(stmt);
		sqlite3_reset(stmt);
	}
	stmt = store_prepare(st, "DELETE FROM login_failure WHERE at <= ?", NULL);
	if (stmt) {
		sqlite3_bind_int64(stmt, 1, now - AUTH_FAILURE_WINDOW);
		sqlite3_step(stmt);
		sqlite3_reset(stmt);
	}
}

/*
 * A session in use lives on: its end moves to AUTH_IDLE_SECONDS from now,
 * never past AUTH_SESSION_SECONDS from its start.  Written at most once
 * a minute, and never waiting: when an import holds the store, the move
 * waits for the next request.
 */
static void session_touch(struct store *st, const char *hash, int64_t now,
			  int64_t created, int64_t expires)
{
	int64_t want = now + AUTH_IDLE_SECONDS;
	sqlite3_stmt *stmt;

	if (want > created + AUTH_SESSION_SECONDS)
		want = created + AUTH_SESSION_SECONDS;
	if (want - expires < 60)
		return;
	stmt = store_prepare(st, "UPDATE session SET expires_at = ? "
			     "WHERE token_hash = ?", NULL);
	if (!stmt)
		return;
	sqlite3_bind_int64(stmt, 1, want);
	sqlite3_bind_text(stmt, 2, hash, -1, SQLITE_STATIC);
	sqlite3_busy_timeout(store_db(st), 0);
	sqlite3_step(stmt);
	sqlite3_reset(stmt);
	sqlite3_busy_timeout(store_db(st), STORE_BUSY_MS);
}

int session_create(struct store *st, int64_t user,
		   char token[AUTH_TOKEN_HEX + 1], char csrf[AUTH_TOKEN_HEX + 1],
		   struct error *e)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO session (token_hash, user_id, csrf, created_at, "
		"expires_at) VALUES (?, ?, ?, ?, ?)", e);
	char h[65];
	int64_t now = (int64_t)time(NULL);

	if (!stmt)
		return -1;
	hex_token(token);
	hex_token(csrf);
	token_hash(token, h);
	sqlite3_bind_text(stmt, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, user);
	sqlite3_bind_text(stmt, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int64(stmt, 5, now + AUTH_IDLE_SECONDS);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_sqlite_error(st, e, "starting a session");
	sessions_purge(st, now);
	return 0;
}

int session_find(struct store *st, const char *token, int64_t *user,
		 char csrf[AUTH_TOKEN_HEX + 1])
{
	sqlite3_stmt *stmt;
	char h[65];
	int rc = -1;
	int64_t now = (int64_t)time(NULL), created = 0, expires = 0;

	if (strlen(token) != AUTH_TOKEN_HEX)
		return -1;
	stmt = store_prepare(st, "SELECT s.user_id, s.csrf, s.created_at, "
			     "s.expires_at FROM session s "
			     "JOIN user u ON u.id = s.user_id "
			     "WHERE s.token_hash = ? AND s.expires_at > ? "
			     "AND NOT u.disabled", NULL);
	if (!stmt)
		return -1;
	token_hash(token, h);
	sqlite3_bind_text(stmt, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, now);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*user = sqlite3_column_int64(stmt, 0);
		snprintf(csrf, AUTH_TOKEN_HEX + 1, "%s",
			 (const char *)sqlite3_column_text(stmt, 1));
		created = sqlite3_column_int64(stmt, 2);
		expires = sqlite3_column_int64(stmt, 3);
		rc = 0;
	}
	sqlite3_reset(stmt);
	if (!rc)
		session_touch(st, h, now, created, expires);
	return rc;
}

void session_end(struct store *st, const char *token)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"DELETE FROM session WHERE token_hash = ?", NULL);
	char h[65];

	if (!stmt)
		return;
	token_hash(token, h);
	sqlite3_bind_text(stmt, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_step(stmt);
	sqlite3_reset(stmt);
}

bool token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && n > 0 && !sodium_memcmp(a, b, n);
}
