#ifndef AUTH_AUTH_H
#define AUTH_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/access.h"
#include "store/store.h"
#include "auth/audit.h"
#include "util/strbuf.h"

/*
 * Accounts, sign-in sessions and the audit log, shared by `attend user`
 * and the web application.  Passwords are kept only as argon2id hashes
 * (libsodium's crypto_pwhash_str); session tokens only as BLAKE2b hashes,
 * so a copy of the store lets nobody sign in.  The audit log is
 * auth/audit.h's.
 */
#define AUTH_TOKEN_HEX 64		/* 32 random bytes */
#define AUTH_SESSION_SECONDS (8 * 3600)
#define AUTH_MAX_FAILURES 5		/* per user per AUTH_FAILURE_WINDOW */
#define AUTH_FAILURE_WINDOW 900
#define AUTH_MIN_PASSWORD 10

int auth_init(void);		/* libsodium; -1 if it cannot start */

struct user_spec {
	const char *username, *name, *password;
	enum role role;
	const int32_t *urns;		/* schools: officer, school, governor */
	size_t nr_urns;
	const char *const *upns;	/* caseload: social worker */
	size_t nr_upns;
};

int user_add(struct store *st, const struct user_spec *u, struct error *e);
int user_set_password(struct store *st, const char *username,
		      const char *password, struct error *e);
int user_set_disabled(struct store *st, const char *username, bool disabled,
		      struct error *e);
/* One line per user: "username  role  name  schools  status". */
int user_list(struct store *st, struct strbuf *out, struct error *e);

/*
 * Checks a password; on success fills *v (release with viewer_release).
 * Refuses (ERROR_INPUT, the same message whatever was wrong) after
 * AUTH_MAX_FAILURES failures for the user within AUTH_FAILURE_WINDOW.
 */
int auth_login(struct store *st, const char *username, const char *password,
	       const char *address, struct viewer *v, struct error *e);
int viewer_load(struct store *st, int64_t user_id, struct viewer *v,
		struct error *e);
void viewer_release(struct viewer *v);

/* A new session for the user: its token (for the cookie) and CSRF token. */
int session_create(struct store *st, int64_t user_id,
		   char token[AUTH_TOKEN_HEX + 1], char csrf[AUTH_TOKEN_HEX + 1],
		   struct error *e);
/* The session's user and CSRF token, if the token is live; else -1. */
int session_find(struct store *st, const char *token, int64_t *user_id,
		 char csrf[AUTH_TOKEN_HEX + 1]);
void session_end(struct store *st, const char *token);

/* Constant-time comparison of two NUL-terminated tokens. */
bool token_equal(const char *a, const char *b);

#endif
