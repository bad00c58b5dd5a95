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
#define AUTH_SESSION_SECONDS (8 * 3600)	/* a session's longest life */
#define AUTH_IDLE_SECONDS (30 * 60)	/* ends after this long unused */
#define AUTH_MAX_FAILURES 5		/* per user and address per window */
#define AUTH_MAX_FAILURES_ANYWHERE 20	/* per user, from anywhere */
#define AUTH_FAILURE_WINDOW 900
#define AUTH_MIN_PASSWORD 10

int auth_init(void);		/* libsodium; -1 if it cannot start */

struct user_spec {
	const char *username, *name;
	const char *password;		/* NULL: single sign-on only */
	const char *oidc_subject;	/* the provider's "sub", or NULL */
	const char *email;		/* for a first sign-on to link, or NULL */
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
/*
 * Links a user to the single sign-on provider: subject (its "sub"
 * claim) and email, each NULL to leave it as it is or "" to clear it.
 * A subject or email another user has is refused.  Changing the subject
 * ends the user's sessions.
 */
int user_set_sso(struct store *st, const char *username, const char *subject,
		 const char *email, struct error *e);
/* One line per user: "username  role  name  schools  status". */
int user_list(struct store *st, struct strbuf *out, struct error *e);

enum auth_result {
	AUTH_OK = 0,
	AUTH_REFUSED,		/* wrong username or password, or disabled */
	AUTH_LOCKED,		/* too many failures: not even checked */
	AUTH_UNAVAILABLE,	/* the attempt could not be counted */
};

/*
 * Checks a password; on success (AUTH_OK) fills *v (release with
 * viewer_release).  Every refusal is in the audit log, with its reason.
 *
 * Locked out (AUTH_LOCKED, the password not checked): after
 * AUTH_MAX_FAILURES failures for the user from this address within
 * AUTH_FAILURE_WINDOW, so that a stranger elsewhere cannot lock the
 * account's owner out; and after AUTH_MAX_FAILURES_ANYWHERE from all
 * addresses together, a guessing attack from many places.
 *
 * Fails closed (AUTH_UNAVAILABLE, the same answer whatever the
 * password): each attempt is counted as a failure before the password
 * is checked and forgotten when it is right, so an attempt that cannot
 * be counted (the store cannot be written) is not made.
 */
enum auth_result auth_login(struct store *st, const char *username,
			    const char *password, const char *address,
			    struct viewer *v, struct error *e);
/*
 * Who signed in through the provider, as attend knows them: the user
 * whose oidc_subject is subject; else, when link_email is set and the
 * provider did not say the email is unverified (email_verified 0), the
 * user with that email and no subject yet, who is linked to subject
 * from now on.  AUTH_OK fills *v; AUTH_REFUSED (no such user, or
 * disabled) has in e a message for the person saying whom to ask; each
 * refusal is in the audit log like a failed password sign-in, under
 * the username, else "sso:SUBJECT".
 */
enum auth_result auth_sso_login(struct store *st, const char *subject,
				const char *email, int email_verified,
				bool link_email, const char *address,
				struct viewer *v, struct error *e);
int viewer_load(struct store *st, int64_t user_id, struct viewer *v,
		struct error *e);
void viewer_release(struct viewer *v);

/* A new session for the user: its token (for the cookie) and CSRF token. */
int session_create(struct store *st, int64_t user_id,
		   char token[AUTH_TOKEN_HEX + 1], char csrf[AUTH_TOKEN_HEX + 1],
		   struct error *e);
/*
 * The session's user and CSRF token, if the token is live; else -1.  A
 * session ends AUTH_IDLE_SECONDS after it was last used, and
 * AUTH_SESSION_SECONDS after it began whatever its use; ended sessions
 * are deleted when the next one is made.
 */
int session_find(struct store *st, const char *token, int64_t *user_id,
		 char csrf[AUTH_TOKEN_HEX + 1]);
void session_end(struct store *st, const char *token);

/*
 * The sign-in form's own CSRF token, before there is a session: a random
 * nonce, sent as a cookie, and its MAC under a key this process made at
 * random, sent in the form.  A cross-site form can carry neither (the
 * cookie is SameSite=Strict), and a cookie planted by a neighbouring
 * site has no MAC that checks.  Tokens end with the process: a form
 * left open over a restart asks to be signed in again.
 */
void login_token_new(char nonce[AUTH_TOKEN_HEX + 1]);
/* The MAC for nonce; -1 if nonce is not AUTH_TOKEN_HEX hex digits. */
int login_token_mac(const char *nonce, char mac[AUTH_TOKEN_HEX + 1]);
bool login_token_ok(const char *nonce, const char *mac);

/* Constant-time comparison of two NUL-terminated tokens. */
bool token_equal(const char *a, const char *b);

#endif
