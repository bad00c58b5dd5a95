#ifndef AUTH_OIDC_H
#define AUTH_OIDC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/error.h"
#include "util/strbuf.h"

/*
 * Single sign-on: attend as an OpenID Connect relying party, with the
 * authorisation-code flow and PKCE (OpenID Connect Core 1.0 section 3.1,
 * RFC 7636 with S256), against any provider that publishes a discovery
 * document: Microsoft Entra ID, Keycloak, Glewlwyd and so on.
 *
 * The web layer's part, in order:
 *
 *   oidc_provider_new(&config, &p, &e)     once, at start: reads the
 *                                          provider's discovery document
 *                                          and signing keys
 *   oidc_begin(p, now, &url, state, &e)    GET /login/sso: remembers a
 *                                          pending sign-in, gives the URL
 *                                          to redirect the browser to
 *   oidc_finish(p, &callback, now, &id, &e)  GET /oidc/callback: checks
 *                                          the state, exchanges the code,
 *                                          validates the ID token and
 *                                          says who signed in
 *   oidc_logout_url(p, ...)                sign-out at the provider too
 *   oidc_provider_free(p)                  at exit
 *
 * Who the person is in attend (role, schools, caseload) is not the
 * provider's business: the caller matches oidc_identity.subject (or the
 * email) against attend's own user record.
 *
 * What is checked, and refused with a reason of its own (enum
 * oidc_status), is OpenID Connect Core 3.1.3.7:
 *
 *   - the ID token is a JWS (a JWE, five parts, is refused), with no
 *     "crit" header, signed with an algorithm that is both in the
 *     configured list and in the provider's
 *     id_token_signing_alg_values_supported: RS256, RS384, RS512, PS256,
 *     PS384, PS512, ES256, ES384, ES512.  "none" and the HMAC algorithms
 *     are never accepted, whatever the configuration says;
 *   - the signature verifies (libcjose) with the provider's key named by
 *     the token's "kid", of the algorithm's key type (and curve); a key
 *     that says "use" other than "sig", or an "alg" other than the
 *     token's, is not used.  A token without a kid is checked with the
 *     provider's only key, and refused when it has several;
 *   - "iss" is exactly the issuer of the discovery document, which is
 *     itself exactly the configured issuer (OpenID Connect Discovery 4.3);
 *   - "aud" (a string or an array) contains the client id; with several
 *     audiences "azp" must be present, and when present it must be the
 *     client id;
 *   - "exp" is after now - OIDC_CLOCK_SKEW; "iat" is not after now +
 *     OIDC_CLOCK_SKEW nor before now - OIDC_MAX_TOKEN_AGE - OIDC_CLOCK_SKEW;
 *     "nbf", if present, is not after now + OIDC_CLOCK_SKEW;
 *   - "nonce" is the one sent with this sign-in;
 *   - "sub" is present, 1 to 255 characters.
 *
 * Every HTTP call (discovery, keys, token endpoint) has the configured
 * timeout, follows no redirects, reads at most OIDC_MAX_RESPONSE bytes,
 * uses TLS 1.2 or later with the certificate checked (against the
 * configured CA file, else the system's), and goes only to https:// URLs,
 * or http:// on a loopback address (127.0.0.0/8, [::1], localhost), for a
 * provider on the same machine and the tests.
 *
 * Pending sign-ins are kept in memory by the provider object, behind a
 * mutex, so oidc_begin() and oidc_finish() may be called from any thread
 * at once.  A restart forgets them: a person who was at the provider's
 * page then is told their sign-in is unknown and starts again.  At most
 * OIDC_MAX_PENDING are kept; beyond that the oldest is forgotten (so a
 * flood of /login/sso requests costs memory only up to that bound).
 *
 * Errors: every function that can fail returns an enum oidc_status,
 * OIDC_OK (0) on success, and fills the struct error (src/util/error.h):
 * ERROR_INTERNAL when the configuration or the provider is at fault
 * (OIDC_CONFIG, OIDC_NETWORK: the page says sign-in is unavailable),
 * ERROR_INPUT for a sign-in refused (every other status).  Messages name
 * what was wrong ("wrong audience: the token is for 'x', not 'attend'");
 * they never contain a token, a code or the client secret, and text from
 * the provider in them is cut short and stripped of control characters,
 * so a message is one printable line for the log (the page must still
 * escape it).  Nothing here exits or aborts, except strbuf's
 * out-of-memory rule.
 */

#define OIDC_CLOCK_SKEW 60		/* seconds of leeway on exp, iat, nbf */
#define OIDC_MAX_TOKEN_AGE 600		/* an ID token's iat at most this old */
#define OIDC_PENDING_SECONDS 600	/* a sign-in must finish within this */
#define OIDC_MAX_PENDING 4096		/* pending sign-ins kept at once */
#define OIDC_DEFAULT_TIMEOUT 10		/* seconds for each HTTP call */
#define OIDC_MAX_RESPONSE (1 << 20)	/* bytes read from the provider */
#define OIDC_RANDOM_CHARS 43		/* state, nonce, PKCE verifier: 32
					   random bytes, base64url */
#define OIDC_SCOPE "openid email profile"

enum oidc_status {
	OIDC_OK = 0,
	OIDC_CONFIG,		/* the configuration, or what the provider
				   publishes, cannot work (ERROR_INTERNAL) */
	OIDC_NETWORK,		/* the provider could not be reached or gave
				   no usable answer (ERROR_INTERNAL) */
	OIDC_PROVIDER_REFUSED,	/* the provider said no: "error" at the
				   callback, or from the token endpoint */
	OIDC_STATE_UNKNOWN,	/* never issued here, or forgotten */
	OIDC_STATE_REPLAYED,	/* already used once */
	OIDC_STATE_EXPIRED,	/* older than OIDC_PENDING_SECONDS */
	OIDC_TOKEN_MALFORMED,	/* not a compact JWS of a JSON object, or a
				   claim missing or of the wrong type */
	OIDC_ALG_REFUSED,	/* "none", HMAC, not allowed, or "crit" */
	OIDC_KEY_UNKNOWN,	/* no provider key for the token's kid */
	OIDC_BAD_SIGNATURE,
	OIDC_WRONG_ISSUER,
	OIDC_WRONG_AUDIENCE,	/* aud lacks the client id, or azp wrong */
	OIDC_EXPIRED,		/* exp has passed */
	OIDC_NOT_YET_VALID,	/* iat or nbf in the future */
	OIDC_TOO_OLD,		/* iat before now - OIDC_MAX_TOKEN_AGE */
	OIDC_WRONG_NONCE,
};

/* A stable lower-case name for logs: "wrong_audience", "ok", ... */
const char *oidc_status_name(enum oidc_status status);

/* How attend proves itself at the token endpoint (RFC 6749 2.3.1). */
enum oidc_client_auth {
	OIDC_CLIENT_SECRET_BASIC = 0,	/* HTTP Basic: the default */
	OIDC_CLIENT_SECRET_POST,	/* id and secret in the body */
};

/* "client_secret_basic" or "client_secret_post"; -1 for anything else. */
int oidc_client_auth_parse(const char *name, enum oidc_client_auth *out);

/*
 * A request to the provider, as the transport sees it.  `form` is the
 * body of a POST (application/x-www-form-urlencoded), NULL for a GET;
 * `username` and `password`, when set, go as HTTP Basic authentication
 * (already form-encoded, as RFC 6749 2.3.1 asks).
 */
struct oidc_http_request {
	const char *url;
	const char *form;
	const char *username, *password;
};

/*
 * A transport: appends the response body to `body`, sets *status to the
 * HTTP status and returns 0, or returns -1 with `e` set when there is no
 * response at all.  The default is libcurl; tests supply their own.
 */
typedef int (*oidc_http_fn)(void *data, const struct oidc_http_request *req,
			    long *status, struct strbuf *body, struct error *e);

/*
 * What an authority configures.  Strings are copied by
 * oidc_provider_new(); the caller keeps ownership of its own.
 */
struct oidc_config {
	const char *issuer;		/* Entra ID: "https://login.
					   microsoftonline.com/TENANT/v2.0" */
	const char *client_id;		/* the application (client) id */
	const char *client_secret;
	const char *redirect_uri;	/* "https://HOST/oidc/callback" */
	enum oidc_client_auth client_auth;
	const char *algorithms;		/* "RS256 ES256" (spaces or commas);
					   NULL or "" = "RS256" */
	const char *ca_file;		/* PEM bundle for a private provider;
					   NULL = the system's */
	long timeout;			/* seconds per HTTP call; 0 = default */
	oidc_http_fn http;		/* NULL = libcurl (tests set these) */
	void *http_data;
};

struct oidc_provider;

/*
 * Checks the configuration, fetches the discovery document
 * (issuer + "/.well-known/openid-configuration", a trailing "/" of the
 * issuer dropped first) and the JWKS it names, and returns a provider
 * for the caller to free with oidc_provider_free().  The document must
 * carry issuer (equal to the configured one), authorization_endpoint,
 * token_endpoint and jwks_uri; end_session_endpoint is kept if present.
 * Refused (OIDC_CONFIG) when a required setting is empty, a URL is
 * neither https nor loopback http, an algorithm is unknown or never
 * acceptable, no configured algorithm is one the provider uses, the
 * provider lists code_challenge_methods_supported without S256 or
 * token_endpoint_auth_methods_supported without the configured method,
 * or its JWKS has no key attend can verify with.  OIDC_NETWORK when a
 * document cannot be fetched or is not JSON.  *out is NULL on failure.
 */
enum oidc_status oidc_provider_new(const struct oidc_config *config,
				   struct oidc_provider **out, struct error *e);
void oidc_provider_free(struct oidc_provider *p);	/* NULL is fine */

/* The provider's end_session_endpoint, or NULL; owned by p. */
const char *oidc_end_session_endpoint(const struct oidc_provider *p);

/*
 * Starts a sign-in: makes a fresh state, nonce and PKCE verifier
 * (libsodium's randombytes), remembers them as pending from `now`, and
 * appends to `url` the authorisation URL to send the browser to
 * (response_type=code, client_id, redirect_uri, scope OIDC_SCOPE, state,
 * nonce, code_challenge, code_challenge_method=S256).  `state` receives
 * the state (OIDC_RANDOM_CHARS base64url characters and a NUL): the web
 * layer should also put it in a short-lived cookie and, at the callback,
 * refuse a state that is not the cookie's, so that nobody can finish a
 * sign-in in someone else's browser.  Cannot fail; returns OIDC_OK.
 */
enum oidc_status oidc_begin(struct oidc_provider *p, time_t now,
			    struct strbuf *url,
			    char state[OIDC_RANDOM_CHARS + 1], struct error *e);

/* The query parameters of the redirect to redirect_uri, URL-decoded. */
struct oidc_callback {
	const char *state;
	const char *code;
	const char *error;		/* set when the provider refused */
	const char *error_description;
};

/* Who signed in.  The caller owns it: oidc_identity_release() frees it. */
struct oidc_identity {
	char *subject;			/* "sub": stable, unique at this issuer */
	char *email;			/* "email", or NULL */
	int email_verified;		/* 1 true, 0 false, -1 not said */
	char *name;			/* "name", or NULL */
	char *preferred_username;	/* Entra's UPN, say; or NULL */
	char *id_token;			/* the raw token, for id_token_hint at
					   sign-out; treat as a secret */
};

#define OIDC_IDENTITY_INIT { NULL, NULL, -1, NULL, NULL, NULL }

void oidc_identity_release(struct oidc_identity *id);

/*
 * Finishes the sign-in the callback belongs to.  The state is looked up
 * first: unknown (OIDC_STATE_UNKNOWN), used before (OIDC_STATE_REPLAYED)
 * or begun more than OIDC_PENDING_SECONDS before `now`
 * (OIDC_STATE_EXPIRED) ends it there.  Otherwise the state is spent, so
 * it can never be used again, whatever happens next.  A callback with
 * `error` gives OIDC_PROVIDER_REFUSED with the provider's error and
 * description; one without a code OIDC_PROVIDER_REFUSED too.  Then the
 * code is exchanged at the token endpoint with the PKCE verifier
 * (a refusal there is OIDC_PROVIDER_REFUSED, no answer OIDC_NETWORK),
 * and the ID token returned is checked by oidc_validate_id_token() with
 * the pending nonce.  On OIDC_OK *out is filled (release it); on failure
 * it is left empty (OIDC_IDENTITY_INIT).
 */
enum oidc_status oidc_finish(struct oidc_provider *p,
			     const struct oidc_callback *callback, time_t now,
			     struct oidc_identity *out, struct error *e);

/*
 * Checks an ID token (the compact JWS `jwt`) as listed above, against
 * `nonce` and the time `now`, and fills *out (release it) on OIDC_OK.
 * When the token names a kid the provider's keys lack, the JWKS is
 * fetched again once (at most once a minute, so a stream of unknown kids
 * does not become a stream of fetches) to pick up a rotated key.
 * Exposed for the tests; the web layer calls oidc_finish().
 */
enum oidc_status oidc_validate_id_token(struct oidc_provider *p,
					const char *jwt, const char *nonce,
					time_t now, struct oidc_identity *out,
					struct error *e);

/*
 * The RFC 7636 S256 challenge of a verifier: base64url without padding
 * of SHA-256 (libsodium) of its ASCII bytes, always 43 characters.
 */
void oidc_pkce_challenge(const char *verifier,
			 char challenge[OIDC_RANDOM_CHARS + 1]);

/*
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): appends
 * to `url` the provider's end_session_endpoint with id_token_hint (if not
 * NULL), client_id and post_logout_redirect_uri (if not NULL), and
 * returns 0; returns -1, appending nothing, when the provider has no
 * end_session_endpoint.  The caller ends attend's own session first,
 * whatever this returns.
 */
int oidc_logout_url(const struct oidc_provider *p, const char *id_token_hint,
		    const char *post_logout_redirect_uri, struct strbuf *url);

#endif
