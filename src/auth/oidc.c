/*
 * attend as an OpenID Connect relying party (see oidc.h for the
 * contract).
 *
 * Sources, all read for this file:
 *   OpenID Connect Core 1.0: 3.1.2.1 (the authorisation request),
 *     3.1.3.1-3.1.3.3 (the token request and its answer), 3.1.3.7 (ID
 *     token validation: the list oidc.h repeats), 2 (the claims: sub is
 *     at most 255 ASCII characters; exp and iat are JSON numbers of
 *     seconds, RFC 7519 NumericDate, possibly not whole);
 *   OpenID Connect Discovery 1.0: 4 (the document's URL: the issuer, any
 *     terminating "/" removed, then /.well-known/openid-configuration),
 *     4.3 (its issuer must be identical to the one used to find it),
 *     3 (token_endpoint_auth_methods_supported defaults to
 *     client_secret_basic when absent);
 *   RFC 7636 (PKCE): 4.1 (a 43-character verifier from 32 random bytes,
 *     base64url), 4.2 (S256), Appendix B (the worked example the unit
 *     test checks);
 *   RFC 6749 2.3.1: client id and secret are form-encoded before they go
 *     into HTTP Basic;
 *   RFC 7515 4.1.11: a JWS with a "crit" header we do not understand
 *     must be refused; RFC 7517 4.2 and 4.4: a JWK's "use" and "alg".
 *
 * The cryptography is libraries': libcjose verifies signatures (with
 * OpenSSL underneath), libsodium makes the random state, nonce and
 * verifier and the SHA-256 of the challenge, and base64url comes from
 * libsodium too.  libcurl (GnuTLS) speaks HTTP; jansson reads JSON,
 * refusing duplicate keys, so a claim cannot be given twice.
 *
 * Decided here:
 *   - the JOSE header is read before libcjose sees the token, so that
 *     "none", HMAC and unlisted algorithms are refused by name before any
 *     verification code runs, and a symmetric ("oct") key from the JWKS
 *     is never kept: an HS256 token "signed" with a public key's bytes
 *     cannot pass;
 *   - a state is marked spent before the code is exchanged, so two
 *     callbacks with one state racing each other cannot both get in;
 *   - spent states stay in the table until they would have expired, so
 *     a replay within OIDC_PENDING_SECONDS is named as such, not merely
 *     "unknown";
 *   - the provider's keys are looked up under the mutex and retained
 *     (libcjose counts references), so a refetch in another thread may
 *     swap the set while a verification is under way.
 */
#include "auth/oidc.h"

#include <arpa/inet.h>
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JWKS_REFETCH_SECONDS 60	/* at most one refetch for an unknown kid */
#define PROVIDER_TEXT_MAX 200	/* bytes of the provider's text in a message */

/* ---- names ---------------------------------------------------------- */

static const char *const status_names[] = {
	[OIDC_OK] = "ok",
	[OIDC_CONFIG] = "config",
	[OIDC_NETWORK] = "network",
	[OIDC_PROVIDER_REFUSED] = "provider_refused",
	[OIDC_STATE_UNKNOWN] = "state_unknown",
	[OIDC_STATE_REPLAYED] = "state_replayed",
	[OIDC_STATE_EXPIRED] = "state_expired",
	[OIDC_TOKEN_MALFORMED] = "token_malformed",
	[OIDC_ALG_REFUSED] = "alg_refused",
	[OIDC_KEY_UNKNOWN] = "key_unknown",
	[OIDC_BAD_SIGNATURE] = "bad_signature",
	[OIDC_WRONG_ISSUER] = "wrong_issuer",
	[OIDC_WRONG_AUDIENCE] = "wrong_audience",
	[OIDC_EXPIRED] = "expired",
	[OIDC_NOT_YET_VALID] = "not_yet_valid",
	[OIDC_TOO_OLD] = "too_old",
	[OIDC_WRONG_NONCE] = "wrong_nonce",
};

const char *oidc_status_name(enum oidc_status status)
{
	if ((unsigned)status < sizeof(status_names) / sizeof(*status_names) &&
	    status_names[status])
		return status_names[status];
	return "unknown";
}

int oidc_client_auth_parse(const char *name, enum oidc_client_auth *out)
{
	if (name && !strcmp(name, "client_secret_basic"))
		*out = OIDC_CLIENT_SECRET_BASIC;
	else if (name && !strcmp(name, "client_secret_post"))
		*out = OIDC_CLIENT_SECRET_POST;
	else
		return -1;
	return 0;
}

static const char *client_auth_name(enum oidc_client_auth a)
{
	return a == OIDC_CLIENT_SECRET_POST ? "client_secret_post"
					    : "client_secret_basic";
}

/*
 * Sets e and returns status, with the error kind oidc.h promises:
 * the configuration's or the provider's fault is ERROR_INTERNAL, a
 * refused sign-in ERROR_INPUT.
 */
static enum oidc_status fail(struct error *e, enum oidc_status status,
			     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum oidc_status fail(struct error *e, enum oidc_status status,
			     const char *fmt, ...)
{
	va_list ap;

	if (e) {
		e->kind = status == OIDC_CONFIG || status == OIDC_NETWORK ?
			  ERROR_INTERNAL : ERROR_INPUT;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return status;
}

/* The provider's own words for a message: short, printable ASCII only. */
static const char *tidy(const char *s, char buf[PROVIDER_TEXT_MAX + 1])
{
	size_t i = 0;

	if (!s)
		return "";
	for (; *s && i < PROVIDER_TEXT_MAX; s++)
		buf[i++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
	buf[i] = '\0';
	return buf;
}

/* ---- random values, base64url, PKCE ---------------------------------- */

static void base64url(char *out, size_t size, const unsigned char *bin,
		      size_t n)
{
	sodium_bin2base64(out, size, bin, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void random_value(char out[OIDC_RANDOM_CHARS + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	base64url(out, OIDC_RANDOM_CHARS + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void oidc_pkce_challenge(const char *verifier,
			 char challenge[OIDC_RANDOM_CHARS + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	base64url(challenge, OIDC_RANDOM_CHARS + 1, h, sizeof(h));
}

/* ---- URLs ------------------------------------------------------------ */

static bool host_is_loopback(const char *host)
{
	struct in_addr a;

	if (!strcasecmp(host, "localhost") || !strcmp(host, "[::1]"))
		return true;
	return inet_pton(AF_INET, host, &a) == 1 &&
	       (ntohl(a.s_addr) >> 24) == 127;
}

/* https://, or http:// to this machine only. */
static bool url_allowed(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = false;

	if (u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
	    !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &host, 0))
		ok = !strcmp(scheme, "https") ||
		     (!strcmp(scheme, "http") && host_is_loopback(host));
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* Percent-encodes all but RFC 3986's unreserved characters. */
static void add_escaped(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			strbuf_addch(sb, c);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

/* Appends "name=value", after *sep when it is not NUL; *sep becomes '&'. */
static void add_param(struct strbuf *sb, char *sep, const char *name,
		      const char *value)
{
	if (*sep)
		strbuf_addch(sb, *sep);
	*sep = '&';
	add_escaped(sb, name);
	strbuf_addch(sb, '=');
	add_escaped(sb, value);
}

static char url_separator(const char *url)
{
	return strchr(url, '?') ? '&' : '?';
}

/* ---- the provider ----------------------------------------------------- */

struct alg_info {
	const char *name;
	cjose_jwk_kty_t kty;
	int curve;			/* EC only */
};

static const struct alg_info algs[] = {
	{ "RS256", CJOSE_JWK_KTY_RSA, 0 },
	{ "RS384", CJOSE_JWK_KTY_RSA, 0 },
	{ "RS512", CJOSE_JWK_KTY_RSA, 0 },
	{ "PS256", CJOSE_JWK_KTY_RSA, 0 },
	{ "PS384", CJOSE_JWK_KTY_RSA, 0 },
	{ "PS512", CJOSE_JWK_KTY_RSA, 0 },
	{ "ES256", CJOSE_JWK_KTY_EC, CJOSE_JWK_EC_P_256 },
	{ "ES384", CJOSE_JWK_KTY_EC, CJOSE_JWK_EC_P_384 },
	{ "ES512", CJOSE_JWK_KTY_EC, CJOSE_JWK_EC_P_521 },
};
#define NR_ALGS (sizeof(algs) / sizeof(*algs))

struct oidc_key {
	char *kid;			/* NULL when the JWK has none */
	char *alg;			/* the JWK's own "alg", or NULL */
	cjose_jwk_t *jwk;
	cjose_jwk_kty_t kty;
	int curve;
};

struct pending {
	char state[OIDC_RANDOM_CHARS + 1];
	char nonce[OIDC_RANDOM_CHARS + 1];
	char verifier[OIDC_RANDOM_CHARS + 1];
	time_t created;
	bool live, used;
};

struct oidc_provider {
	char *issuer, *client_id, *client_secret, *redirect_uri, *ca_file;
	enum oidc_client_auth client_auth;
	long timeout;
	oidc_http_fn http;
	void *http_data;
	unsigned algs;			/* bit i: algs[i] is accepted */
	char *authorization_endpoint, *token_endpoint, *jwks_uri;
	char *end_session_endpoint;

	pthread_mutex_t lock;		/* guards everything below */
	struct oidc_key *keys;
	size_t nr_keys;
	bool refetched;			/* refetched_at is set */
	struct timespec refetched_at;	/* CLOCK_MONOTONIC */
	struct pending *pending;	/* OIDC_MAX_PENDING slots */
};

static int alg_index(const char *name)
{
	for (size_t i = 0; i < NR_ALGS; i++)
		if (!strcmp(algs[i].name, name))
			return (int)i;
	return -1;
}

static void add_alg_names(struct strbuf *sb, unsigned mask)
{
	const char *sep = "";

	for (size_t i = 0; i < NR_ALGS; i++)
		if (mask & (1u << i)) {
			strbuf_addf(sb, "%s%s", sep, algs[i].name);
			sep = " ";
		}
}

static enum oidc_status parse_algorithms(const char *list, unsigned *mask,
					 struct error *e)
{
	char *copy = xstrdup(list && *list ? list : "RS256"), *save, *w;
	enum oidc_status st = OIDC_OK;

	*mask = 0;
	for (w = strtok_r(copy, " ,\t", &save); w && !st;
	     w = strtok_r(NULL, " ,\t", &save)) {
		int i = alg_index(w);

		if (i >= 0)
			*mask |= 1u << i;
		else if (!strcasecmp(w, "none") || !strncasecmp(w, "HS", 2))
			st = fail(e, OIDC_CONFIG, "sso: algorithm '%s' is never "
				  "accepted for ID tokens", w);
		else
			st = fail(e, OIDC_CONFIG, "sso: unknown algorithm '%s' "
				  "(attend knows RS256, RS384, RS512, PS256, "
				  "PS384, PS512, ES256, ES384, ES512)", w);
	}
	free(copy);
	if (!st && !*mask)
		st = fail(e, OIDC_CONFIG, "sso: no algorithm is allowed");
	return st;
}

static const char *jstr(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* 1 when the array at key holds the string, 0 when not, -1 when absent. */
static int array_has(const json_t *obj, const char *key, const char *s)
{
	json_t *a = json_object_get(obj, key), *v;
	size_t i;

	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

/* ---- HTTP --------------------------------------------------------------- */

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static int global_status;

static void global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    sodium_init() < 0)
		global_status = -1;
}

struct sink {
	struct strbuf *body;
	bool too_big;
};

static size_t sink_write(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (s->body->len + len > OIDC_MAX_RESPONSE) {
		s->too_big = true;
		return 0;
	}
	strbuf_add(s->body, data, len);
	return len;
}

static int curl_transport(const struct oidc_provider *p,
			  const struct oidc_http_request *req, long *status,
			  struct strbuf *body, struct error *e)
{
	char why[CURL_ERROR_SIZE] = "";
	struct sink sink = { body, false };
	struct curl_slist *headers;
	CURL *c = curl_easy_init();
	CURLcode rc;

	if (!c)
		return error_set(e, ERROR_INTERNAL, "libcurl cannot start");
	headers = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, p->timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, p->timeout);
	curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, p->ca_file);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "attend");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	if (req->form)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->form);
	if (req->username) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, req->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, req->password);
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	if (rc == CURLE_OK)
		return 0;
	if (sink.too_big)
		return error_set(e, ERROR_INTERNAL, "the answer is longer than "
				 "%d bytes", OIDC_MAX_RESPONSE);
	return error_set(e, ERROR_INTERNAL, "%s",
			 *why ? why : curl_easy_strerror(rc));
}

/*
 * One request, its answer read as a JSON object into *out (NULL when
 * it is not one).  Returns OIDC_NETWORK when there was no answer.
 */
static enum oidc_status http_json(const struct oidc_provider *p,
				  const struct oidc_http_request *req,
				  const char *what, long *status, json_t **out,
				  struct error *e)
{
	struct strbuf body = STRBUF_INIT;
	struct error why = ERROR_INIT;
	int rc;

	*out = NULL;
	*status = 0;
	rc = p->http ? p->http(p->http_data, req, status, &body, &why)
		     : curl_transport(p, req, status, &body, &why);
	if (rc) {
		strbuf_release(&body);
		return fail(e, OIDC_NETWORK, "sso: cannot reach the provider's "
			    "%s (%s): %s", what, req->url, why.msg);
	}
	*out = json_loadb(body.buf, body.len, JSON_REJECT_DUPLICATES, NULL);
	if (*out && !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
	}
	sodium_memzero(body.buf, body.len);
	strbuf_release(&body);
	return OIDC_OK;
}

/* A GET that must answer 200 with a JSON object. */
static enum oidc_status get_document(const struct oidc_provider *p,
				     const char *url, const char *what,
				     json_t **out, struct error *e)
{
	struct oidc_http_request req = { url, NULL, NULL, NULL };
	enum oidc_status st;
	long status;

	st = http_json(p, &req, what, &status, out, e);
	if (st)
		return st;
	if (status != 200 || !*out) {
		json_decref(*out);
		*out = NULL;
		return fail(e, OIDC_NETWORK, "sso: the provider's %s (%s) "
			    "answered HTTP %ld%s", what, url, status,
			    status == 200 ? " but not with a JSON object" : "");
	}
	return OIDC_OK;
}

/* ---- keys ----------------------------------------------------------- */

static void free_keys(struct oidc_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(keys[i].kid);
		free(keys[i].alg);
		cjose_jwk_release(keys[i].jwk);
	}
	free(keys);
}

/*
 * The keys of a JWKS that can verify a signature: RSA and EC keys whose
 * "use", if any, is "sig".  Symmetric keys are dropped (see the top).
 */
static enum oidc_status fetch_keys(const struct oidc_provider *p,
				   struct oidc_key **out, size_t *nr,
				   struct error *e)
{
	struct oidc_key *keys = NULL;
	json_t *doc, *list, *k;
	enum oidc_status st;
	size_t i, n = 0;

	*out = NULL;
	*nr = 0;
	st = get_document(p, p->jwks_uri, "JWKS", &doc, e);
	if (st)
		return st;
	list = json_object_get(doc, "keys");
	if (json_is_array(list))
		keys = xcalloc(json_array_size(list) + 1, sizeof(*keys));
	json_array_foreach(list, i, k) {
		const char *use = jstr(k, "use");
		cjose_err cerr;
		cjose_jwk_t *jwk;
		char *text;

		if (!json_is_object(k) || (use && strcmp(use, "sig")))
			continue;
		text = json_dumps(k, JSON_COMPACT);
		jwk = text ? cjose_jwk_import(text, strlen(text), &cerr) : NULL;
		free(text);
		if (!jwk)
			continue;
		keys[n].kty = cjose_jwk_get_kty(jwk, &cerr);
		if (keys[n].kty != CJOSE_JWK_KTY_RSA &&
		    keys[n].kty != CJOSE_JWK_KTY_EC) {
			cjose_jwk_release(jwk);
			continue;
		}
		keys[n].jwk = jwk;
		if (keys[n].kty == CJOSE_JWK_KTY_EC)
			keys[n].curve = cjose_jwk_EC_get_curve(jwk, &cerr);
		if (jstr(k, "kid"))
			keys[n].kid = xstrdup(jstr(k, "kid"));
		if (jstr(k, "alg"))
			keys[n].alg = xstrdup(jstr(k, "alg"));
		n++;
	}
	json_decref(doc);
	if (!n) {
		free(keys);
		return fail(e, OIDC_CONFIG, "sso: the provider's JWKS (%s) has "
			    "no RSA or EC signing key", p->jwks_uri);
	}
	*out = keys;
	*nr = n;
	return OIDC_OK;
}

static bool key_fits(const struct oidc_key *k, const struct alg_info *a)
{
	return k->kty == a->kty && (a->kty != CJOSE_JWK_KTY_EC ||
				    k->curve == a->curve) &&
	       (!k->alg || !strcmp(k->alg, a->name));
}

/*
 * The key to verify a token of algorithm a and kid (NULL: none named),
 * retained for the caller to release.
 */
static enum oidc_status find_key(struct oidc_provider *p, const char *kid,
				 const struct alg_info *a, cjose_jwk_t **out,
				 struct error *e)
{
	enum oidc_status st = OIDC_OK;
	size_t i, fits = 0, named = 0;
	cjose_jwk_t *found = NULL;
	char buf[PROVIDER_TEXT_MAX + 1];

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->nr_keys; i++) {
		const struct oidc_key *k = &p->keys[i];

		if (kid && (!k->kid || strcmp(k->kid, kid)))
			continue;
		named++;
		if (key_fits(k, a) && !fits++)
			found = k->jwk;
	}
	if (found && (kid || fits == 1))
		cjose_jwk_retain(found, NULL);
	else if (kid && named)
		st = fail(e, OIDC_ALG_REFUSED, "the provider's key '%s' is not "
			  "one for %s", tidy(kid, buf), a->name);
	else if (kid)
		st = fail(e, OIDC_KEY_UNKNOWN, "the provider has no key '%s'",
			  tidy(kid, buf));
	else if (!fits)
		st = fail(e, OIDC_KEY_UNKNOWN, "the provider has no key for %s",
			  a->name);
	else
		st = fail(e, OIDC_KEY_UNKNOWN, "the token names no key and the "
			  "provider has %zu for %s", fits, a->name);
	pthread_mutex_unlock(&p->lock);
	*out = st ? NULL : found;
	return st;
}

/* True for the first call, then once each JWKS_REFETCH_SECONDS. */
static bool may_refetch(struct oidc_provider *p)
{
	struct timespec now;
	bool ok;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&p->lock);
	ok = !p->refetched ||
	     now.tv_sec - p->refetched_at.tv_sec >= JWKS_REFETCH_SECONDS;
	if (ok) {
		p->refetched = true;
		p->refetched_at = now;
	}
	pthread_mutex_unlock(&p->lock);
	return ok;
}

static enum oidc_status refetch_keys(struct oidc_provider *p, struct error *e)
{
	struct oidc_key *keys, *old;
	size_t n, old_n;
	enum oidc_status st = fetch_keys(p, &keys, &n, e);

	if (st)
		return st;
	pthread_mutex_lock(&p->lock);
	old = p->keys;
	old_n = p->nr_keys;
	p->keys = keys;
	p->nr_keys = n;
	pthread_mutex_unlock(&p->lock);
	free_keys(old, old_n);
	return OIDC_OK;
}

/* ---- the provider object ------------------------------------------- */

static enum oidc_status need(const char *value, const char *name,
			     struct error *e)
{
	if (value && *value)
		return OIDC_OK;
	return fail(e, OIDC_CONFIG, "sso: %s is not set", name);
}

static enum oidc_status need_url(const char *url, const char *name,
				 struct error *e)
{
	char buf[PROVIDER_TEXT_MAX + 1];

	if (url_allowed(url))
		return OIDC_OK;
	return fail(e, OIDC_CONFIG, "sso: %s '%s' is not an https:// URL "
		    "(http:// is allowed only to this machine)", name,
		    tidy(url, buf));
}

static enum oidc_status check_config(const struct oidc_config *c,
				     struct error *e)
{
	enum oidc_status st;

	if ((st = need(c->issuer, "the issuer", e)) ||
	    (st = need(c->client_id, "the client id", e)) ||
	    (st = need(c->client_secret, "the client secret", e)) ||
	    (st = need(c->redirect_uri, "the redirect URI", e)) ||
	    (st = need_url(c->issuer, "the issuer", e)) ||
	    (st = need_url(c->redirect_uri, "the redirect URI", e)))
		return st;
	return OIDC_OK;
}

/*
 * Keeps of the allowed algorithms those the provider says it signs ID
 * tokens with (all of them when it does not say).
 */
static enum oidc_status intersect_algorithms(struct oidc_provider *p,
					     const json_t *doc, struct error *e)
{
	json_t *list = json_object_get(doc,
				       "id_token_signing_alg_values_supported");
	struct strbuf mine = STRBUF_INIT, theirs = STRBUF_INIT;
	unsigned offered = 0;
	json_t *v;
	size_t i;

	if (!json_is_array(list))
		return OIDC_OK;
	json_array_foreach(list, i, v) {
		int a = json_is_string(v) ? alg_index(json_string_value(v)) : -1;

		if (a >= 0)
			offered |= 1u << a;
	}
	if (p->algs & offered) {
		p->algs &= offered;
		return OIDC_OK;
	}
	add_alg_names(&mine, p->algs);
	add_alg_names(&theirs, offered);
	fail(e, OIDC_CONFIG, "sso: the provider signs ID tokens with none of "
	     "the allowed algorithms (allowed: %s; the provider's: %s)",
	     mine.buf, theirs.len ? theirs.buf : "none attend accepts");
	strbuf_release(&mine);
	strbuf_release(&theirs);
	return OIDC_CONFIG;
}

/* Reads the endpoints and checks the provider can do what attend needs. */
static enum oidc_status load_discovery(struct oidc_provider *p, json_t *doc,
				       struct error *e)
{
	const char *issuer = jstr(doc, "issuer"), *end_session;
	char buf[PROVIDER_TEXT_MAX + 1];
	const char *names[] = { "authorization_endpoint", "token_endpoint",
				"jwks_uri" };
	char **slots[] = { &p->authorization_endpoint, &p->token_endpoint,
			   &p->jwks_uri };
	enum oidc_status st;
	size_t i;

	if (!issuer || strcmp(issuer, p->issuer))
		return fail(e, OIDC_CONFIG, "sso: the provider says its issuer "
			    "is '%s', not '%s' as configured",
			    tidy(issuer ? issuer : "(none)", buf), p->issuer);
	for (i = 0; i < 3; i++) {
		const char *url = jstr(doc, names[i]);

		if (!url)
			return fail(e, OIDC_CONFIG, "sso: the provider's "
				    "discovery document has no %s", names[i]);
		if ((st = need_url(url, names[i], e)))
			return st;
		*slots[i] = xstrdup(url);
	}
	if ((end_session = jstr(doc, "end_session_endpoint"))) {
		if ((st = need_url(end_session, "end_session_endpoint", e)))
			return st;
		p->end_session_endpoint = xstrdup(end_session);
	}
	if (!array_has(doc, "response_types_supported", "code"))
		return fail(e, OIDC_CONFIG, "sso: the provider does not offer "
			    "the authorisation-code flow");
	if (!array_has(doc, "code_challenge_methods_supported", "S256"))
		return fail(e, OIDC_CONFIG, "sso: the provider does not offer "
			    "PKCE with S256");
	if (!array_has(doc, "token_endpoint_auth_methods_supported",
		       client_auth_name(p->client_auth)))
		return fail(e, OIDC_CONFIG, "sso: the provider does not offer "
			    "%s at its token endpoint",
			    client_auth_name(p->client_auth));
	return intersect_algorithms(p, doc, e);
}

static char *xstrdup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

enum oidc_status oidc_provider_new(const struct oidc_config *c,
				   struct oidc_provider **out, struct error *e)
{
	struct oidc_provider *p;
	struct strbuf url = STRBUF_INIT;
	enum oidc_status st;
	unsigned mask;
	json_t *doc;

	*out = NULL;
	pthread_once(&global_once, global_init);
	if (global_status)
		return fail(e, OIDC_CONFIG, "sso: libcurl or libsodium cannot "
			    "start");
	if ((st = check_config(c, e)) ||
	    (st = parse_algorithms(c->algorithms, &mask, e)))
		return st;

	p = xcalloc(1, sizeof(*p));
	p->issuer = xstrdup(c->issuer);
	p->client_id = xstrdup(c->client_id);
	p->client_secret = xstrdup(c->client_secret);
	p->redirect_uri = xstrdup(c->redirect_uri);
	p->ca_file = xstrdup_or_null(c->ca_file);
	p->client_auth = c->client_auth;
	p->timeout = c->timeout > 0 ? c->timeout : OIDC_DEFAULT_TIMEOUT;
	p->http = c->http;
	p->http_data = c->http_data;
	p->algs = mask;
	pthread_mutex_init(&p->lock, NULL);
	p->pending = xcalloc(OIDC_MAX_PENDING, sizeof(*p->pending));

	strbuf_addstr(&url, p->issuer);
	if (url.len && url.buf[url.len - 1] == '/')
		url.buf[--url.len] = '\0';
	strbuf_addstr(&url, "/.well-known/openid-configuration");
	st = get_document(p, url.buf, "discovery document", &doc, e);
	strbuf_release(&url);
	if (!st) {
		st = load_discovery(p, doc, e);
		json_decref(doc);
	}
	if (!st)
		st = fetch_keys(p, &p->keys, &p->nr_keys, e);
	if (st) {
		oidc_provider_free(p);
		return st;
	}
	*out = p;
	return OIDC_OK;
}

void oidc_provider_free(struct oidc_provider *p)
{
	if (!p)
		return;
	free_keys(p->keys, p->nr_keys);
	sodium_memzero(p->pending, OIDC_MAX_PENDING * sizeof(*p->pending));
	free(p->pending);
	pthread_mutex_destroy(&p->lock);
	sodium_memzero(p->client_secret, strlen(p->client_secret));
	free(p->client_secret);
	free(p->issuer);
	free(p->client_id);
	free(p->redirect_uri);
	free(p->ca_file);
	free(p->authorization_endpoint);
	free(p->token_endpoint);
	free(p->jwks_uri);
	free(p->end_session_endpoint);
	free(p);
}

const char *oidc_end_session_endpoint(const struct oidc_provider *p)
{
	return p->end_session_endpoint;
}

/* ---- pending sign-ins ------------------------------------------------ */

static bool pending_expired(const struct pending *s, time_t now)
{
	return now - s->created > OIDC_PENDING_SECONDS;
}

/* A free slot, else an expired one, else the oldest.  Under the lock. */
static struct pending *pending_slot(struct oidc_provider *p, time_t now)
{
	struct pending *oldest = &p->pending[0];

	for (size_t i = 0; i < OIDC_MAX_PENDING; i++) {
		struct pending *s = &p->pending[i];

		if (!s->live || pending_expired(s, now))
			return s;
		if (s->created < oldest->created)
			oldest = s;
	}
	return oldest;
}

/* The slot of a state, comparing in constant time.  Under the lock. */
static struct pending *pending_find(struct oidc_provider *p, const char *state)
{
	struct pending *found = NULL;

	if (strlen(state) != OIDC_RANDOM_CHARS)
		return NULL;
	for (size_t i = 0; i < OIDC_MAX_PENDING; i++)
		if (p->pending[i].live &&
		    !sodium_memcmp(p->pending[i].state, state, OIDC_RANDOM_CHARS))
			found = &p->pending[i];
	return found;
}

enum oidc_status oidc_begin(struct oidc_provider *p, time_t now,
			    struct strbuf *url,
			    char state[OIDC_RANDOM_CHARS + 1], struct error *e)
{
	char nonce[OIDC_RANDOM_CHARS + 1], verifier[OIDC_RANDOM_CHARS + 1];
	char challenge[OIDC_RANDOM_CHARS + 1];
	char sep = url_separator(p->authorization_endpoint);
	struct pending *s;

	(void)e;
	random_value(state);
	random_value(nonce);
	random_value(verifier);
	oidc_pkce_challenge(verifier, challenge);

	pthread_mutex_lock(&p->lock);
	s = pending_slot(p, now);
	memcpy(s->state, state, sizeof(s->state));
	memcpy(s->nonce, nonce, sizeof(s->nonce));
	memcpy(s->verifier, verifier, sizeof(s->verifier));
	s->created = now;
	s->live = true;
	s->used = false;
	pthread_mutex_unlock(&p->lock);
	sodium_memzero(verifier, sizeof(verifier));

	strbuf_addstr(url, p->authorization_endpoint);
	add_param(url, &sep, "response_type", "code");
	add_param(url, &sep, "client_id", p->client_id);
	add_param(url, &sep, "redirect_uri", p->redirect_uri);
	add_param(url, &sep, "scope", OIDC_SCOPE);
	add_param(url, &sep, "state", state);
	add_param(url, &sep, "nonce", nonce);
	add_param(url, &sep, "code_challenge", challenge);
	add_param(url, &sep, "code_challenge_method", "S256");
	return OIDC_OK;
}

/*
 * Spends the state of a callback, copying its nonce and verifier out.
 */
static enum oidc_status pending_take(struct oidc_provider *p,
				     const char *state, time_t now,
				     char nonce[OIDC_RANDOM_CHARS + 1],
				     char verifier[OIDC_RANDOM_CHARS + 1],
				     struct error *e)
{
	enum oidc_status st = OIDC_OK;
	struct pending *s;
	long age = 0;

	if (!state || !*state)
		return fail(e, OIDC_STATE_UNKNOWN, "the sign-in came back "
			    "without its state");
	pthread_mutex_lock(&p->lock);
	s = pending_find(p, state);
	if (s && !s->used && !pending_expired(s, now)) {
		s->used = true;
		memcpy(nonce, s->nonce, OIDC_RANDOM_CHARS + 1);
		memcpy(verifier, s->verifier, OIDC_RANDOM_CHARS + 1);
	} else if (s && s->used) {
		st = OIDC_STATE_REPLAYED;
	} else if (s) {
		st = OIDC_STATE_EXPIRED;
		age = (long)(now - s->created);
	} else {
		st = OIDC_STATE_UNKNOWN;
	}
	pthread_mutex_unlock(&p->lock);
	switch (st) {
	case OIDC_STATE_REPLAYED:
		return fail(e, st, "this sign-in has already been used; "
			    "start again");
	case OIDC_STATE_EXPIRED:
		return fail(e, st, "this sign-in was begun %ld seconds ago, "
			    "longer than the %d allowed; start again", age,
			    OIDC_PENDING_SECONDS);
	case OIDC_STATE_UNKNOWN:
		return fail(e, st, "this sign-in is not one attend began (or "
			    "attend has restarted since); start again");
	default:
		return OIDC_OK;
	}
}

/* Exchanges the code for an ID token (Core 3.1.3.1-3.1.3.3). */
static enum oidc_status exchange_code(struct oidc_provider *p,
				      const char *code, const char *verifier,
				      char **id_token, struct error *e)
{
	struct strbuf form = STRBUF_INIT, user = STRBUF_INIT, pass = STRBUF_INIT;
	struct oidc_http_request req = { p->token_endpoint, NULL, NULL, NULL };
	char sep = 0, b1[PROVIDER_TEXT_MAX + 1], b2[PROVIDER_TEXT_MAX + 1];
	enum oidc_status st;
	const char *err;
	json_t *answer;
	long status;

	*id_token = NULL;
	add_param(&form, &sep, "grant_type", "authorization_code");
	add_param(&form, &sep, "code", code);
	add_param(&form, &sep, "redirect_uri", p->redirect_uri);
	add_param(&form, &sep, "code_verifier", verifier);
	if (p->client_auth == OIDC_CLIENT_SECRET_POST) {
		add_param(&form, &sep, "client_id", p->client_id);
		add_param(&form, &sep, "client_secret", p->client_secret);
	} else {
		add_escaped(&user, p->client_id);
		add_escaped(&pass, p->client_secret);
		req.username = user.buf;
		req.password = pass.buf;
	}
	req.form = form.buf;
	st = http_json(p, &req, "token endpoint", &status, &answer, e);
	sodium_memzero(form.buf, form.len);
	sodium_memzero(pass.buf, pass.len);
	strbuf_release(&form);
	strbuf_release(&user);
	strbuf_release(&pass);
	if (st)
		return st;
	err = jstr(answer, "error");
	if (status != 200 && err)
		st = fail(e, OIDC_PROVIDER_REFUSED, "the provider refused the "
			  "sign-in code: %s%s%s", tidy(err, b1),
			  jstr(answer, "error_description") ? ": " : "",
			  tidy(jstr(answer, "error_description"), b2));
	else if (status != 200 || !answer)
		st = fail(e, OIDC_NETWORK, "sso: the provider's token endpoint "
			  "(%s) answered HTTP %ld%s", p->token_endpoint, status,
			  status == 200 ? " but not with a JSON object" : "");
	else if (!jstr(answer, "id_token"))
		st = fail(e, OIDC_PROVIDER_REFUSED, "the provider gave no ID "
			  "token (is the openid scope allowed for attend?)");
	else
		*id_token = xstrdup(jstr(answer, "id_token"));
	json_decref(answer);
	return st;
}

enum oidc_status oidc_finish(struct oidc_provider *p,
			     const struct oidc_callback *cb, time_t now,
			     struct oidc_identity *out, struct error *e)
{
	char nonce[OIDC_RANDOM_CHARS + 1], verifier[OIDC_RANDOM_CHARS + 1];
	char b1[PROVIDER_TEXT_MAX + 1], b2[PROVIDER_TEXT_MAX + 1];
	enum oidc_status st;
	char *id_token;

	*out = (struct oidc_identity)OIDC_IDENTITY_INIT;
	if ((st = pending_take(p, cb->state, now, nonce, verifier, e)))
		return st;
	if (cb->error && *cb->error)
		st = fail(e, OIDC_PROVIDER_REFUSED, "the provider refused the "
			  "sign-in: %s%s%s", tidy(cb->error, b1),
			  cb->error_description ? ": " : "",
			  tidy(cb->error_description, b2));
	else if (!cb->code || !*cb->code)
		st = fail(e, OIDC_PROVIDER_REFUSED, "the sign-in came back "
			  "with neither a code nor an error");
	else if (!(st = exchange_code(p, cb->code, verifier, &id_token, e))) {
		st = oidc_validate_id_token(p, id_token, nonce, now, out, e);
		free(id_token);
	}
	sodium_memzero(verifier, sizeof(verifier));
	return st;
}

/* ---- the ID token ------------------------------------------------------ */

/* One base64url part of a compact JWS, as a JSON object, or NULL. */
static json_t *decode_part(const char *b64, size_t len)
{
	size_t cap = len / 4 * 3 + 3, n;
	unsigned char *bin = xmalloc(cap);
	json_t *j = NULL;

	if (!sodium_base642bin(bin, cap, b64, len, NULL, &n, NULL,
			       sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		j = json_loadb((const char *)bin, n, JSON_REJECT_DUPLICATES,
			       NULL);
	free(bin);
	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

/* The header's algorithm, if it is one this provider accepts. */
static enum oidc_status check_header(const struct oidc_provider *p,
				     const json_t *header,
				     const struct alg_info **alg,
				     const char **kid, struct error *e)
{
	const char *name = jstr(header, "alg");
	char buf[PROVIDER_TEXT_MAX + 1];
	int i;

	if (!name)
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token's header "
			    "names no algorithm");
	if (json_object_get(header, "crit"))
		return fail(e, OIDC_ALG_REFUSED, "the ID token has critical "
			    "header extensions attend does not know");
	if (!strcasecmp(name, "none"))
		return fail(e, OIDC_ALG_REFUSED, "the ID token is unsigned "
			    "(alg 'none')");
	i = alg_index(name);
	if (i < 0 || !(p->algs & (1u << i))) {
		struct strbuf allowed = STRBUF_INIT;

		add_alg_names(&allowed, p->algs);
		fail(e, OIDC_ALG_REFUSED, "the ID token is signed with '%s', "
		     "which is not allowed (allowed: %s)", tidy(name, buf),
		     allowed.buf);
		strbuf_release(&allowed);
		return OIDC_ALG_REFUSED;
	}
	if (json_object_get(header, "kid") && !jstr(header, "kid"))
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token's kid is not "
			    "a string");
	*alg = &algs[i];
	*kid = jstr(header, "kid");
	return OIDC_OK;
}

/* Verifies the signature, refetching the keys once for an unknown kid. */
static enum oidc_status verify(struct oidc_provider *p, const char *jwt,
			       const struct alg_info *alg, const char *kid,
			       json_t **claims, struct error *e)
{
	enum oidc_status st;
	cjose_jwk_t *key;
	cjose_jws_t *jws;
	cjose_err cerr;
	uint8_t *plain;
	size_t n;

	*claims = NULL;
	st = find_key(p, kid, alg, &key, e);
	if (st == OIDC_KEY_UNKNOWN && kid && may_refetch(p)) {
		struct error why = ERROR_INIT;
		char first[sizeof(why.msg)];

		if (refetch_keys(p, &why)) {
			snprintf(first, sizeof(first), "%s", e ? e->msg : "");
			return fail(e, OIDC_KEY_UNKNOWN, "%s, and fetching its "
				    "keys again failed: %s", first, why.msg);
		}
		st = find_key(p, kid, alg, &key, e);
	}
	if (st)
		return st;
	jws = cjose_jws_import(jwt, strlen(jwt), &cerr);
	if (!jws)
		st = fail(e, OIDC_TOKEN_MALFORMED, "the ID token is not a JWS "
			  "libcjose can read");
	else if (!cjose_jws_verify(jws, key, &cerr))
		st = fail(e, OIDC_BAD_SIGNATURE, "the ID token's signature "
			  "does not verify with the provider's key");
	else if (!cjose_jws_get_plaintext(jws, &plain, &n, &cerr) ||
		 !(*claims = json_loadb((const char *)plain, n,
					JSON_REJECT_DUPLICATES, NULL)) ||
		 !json_is_object(*claims)) {
		json_decref(*claims);
		*claims = NULL;
		st = fail(e, OIDC_TOKEN_MALFORMED, "the ID token's claims are "
			  "not a JSON object");
	}
	cjose_jws_release(jws);
	cjose_jwk_release(key);
	return st;
}

static enum oidc_status check_audience(const struct oidc_provider *p,
				       const json_t *claims, struct error *e)
{
	json_t *aud = json_object_get(claims, "aud"), *v;
	const char *azp = jstr(claims, "azp");
	char buf[PROVIDER_TEXT_MAX + 1];
	bool mine = false;
	size_t i, n = 1;

	if (json_is_string(aud)) {
		mine = !strcmp(json_string_value(aud), p->client_id);
	} else if (json_is_array(aud) && json_array_size(aud)) {
		n = json_array_size(aud);
		json_array_foreach(aud, i, v) {
			if (!json_is_string(v))
				return fail(e, OIDC_TOKEN_MALFORMED, "the ID "
					    "token's aud holds a non-string");
			if (!strcmp(json_string_value(v), p->client_id))
				mine = true;
		}
	} else {
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token has no aud");
	}
	if (!mine)
		return fail(e, OIDC_WRONG_AUDIENCE, "wrong audience: the ID "
			    "token is for '%s', not '%s'",
			    tidy(json_is_string(aud) ? json_string_value(aud) :
				 "others", buf), p->client_id);
	if (n > 1 && !azp)
		return fail(e, OIDC_WRONG_AUDIENCE, "wrong audience: the ID "
			    "token has %zu audiences and no azp", n);
	if (json_object_get(claims, "azp") &&
	    (!azp || strcmp(azp, p->client_id)))
		return fail(e, OIDC_WRONG_AUDIENCE, "wrong audience: the ID "
			    "token was issued to '%s' (azp), not '%s'",
			    tidy(azp ? azp : "?", buf), p->client_id);
	return OIDC_OK;
}

/* A NumericDate claim; -1 when absent, -2 when not a number. */
static int numeric_date(const json_t *claims, const char *key, double *out)
{
	json_t *v = json_object_get(claims, key);

	if (!v)
		return -1;
	if (!json_is_number(v))
		return -2;
	*out = json_number_value(v);
	return 0;
}

static enum oidc_status check_times(const json_t *claims, time_t now,
				    struct error *e)
{
	double t = (double)now, exp, iat, nbf = 0;
	int has_nbf = numeric_date(claims, "nbf", &nbf);

	if (numeric_date(claims, "exp", &exp) ||
	    numeric_date(claims, "iat", &iat) || has_nbf == -2)
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token lacks a "
			    "numeric exp or iat, or has a nbf that is not one");
	if (t >= exp + OIDC_CLOCK_SKEW)
		return fail(e, OIDC_EXPIRED, "the ID token expired %.0f seconds "
			    "ago", t - exp);
	if (iat > t + OIDC_CLOCK_SKEW)
		return fail(e, OIDC_NOT_YET_VALID, "the ID token is issued "
			    "%.0f seconds in the future (is a clock wrong?)",
			    iat - t);
	if (iat < t - OIDC_MAX_TOKEN_AGE - OIDC_CLOCK_SKEW)
		return fail(e, OIDC_TOO_OLD, "the ID token was issued %.0f "
			    "seconds ago, more than the %d allowed", t - iat,
			    OIDC_MAX_TOKEN_AGE);
	if (!has_nbf && nbf > t + OIDC_CLOCK_SKEW)
		return fail(e, OIDC_NOT_YET_VALID, "the ID token is not valid "
			    "for another %.0f seconds (nbf)", nbf - t);
	return OIDC_OK;
}

static enum oidc_status check_claims(const struct oidc_provider *p,
				     const json_t *claims, const char *nonce,
				     time_t now, struct error *e)
{
	const char *iss = jstr(claims, "iss"), *sub = jstr(claims, "sub");
	const char *got = jstr(claims, "nonce");
	char buf[PROVIDER_TEXT_MAX + 1];
	enum oidc_status st;

	if (!iss || strcmp(iss, p->issuer))
		return fail(e, OIDC_WRONG_ISSUER, "the ID token is from '%s', "
			    "not '%s'", tidy(iss ? iss : "(no iss)", buf),
			    p->issuer);
	if ((st = check_audience(p, claims, e)) ||
	    (st = check_times(claims, now, e)))
		return st;
	if (!got || !nonce || strlen(got) != strlen(nonce) ||
	    sodium_memcmp(got, nonce, strlen(nonce)))
		return fail(e, OIDC_WRONG_NONCE, "the ID token's nonce is not "
			    "the one sent with this sign-in");
	if (!sub || !*sub || strlen(sub) > 255)
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token's sub is "
			    "missing or longer than 255 characters");
	return OIDC_OK;
}

static void fill_identity(const json_t *claims, const char *jwt,
			  struct oidc_identity *out)
{
	json_t *verified = json_object_get(claims, "email_verified");

	out->subject = xstrdup(jstr(claims, "sub"));
	out->email = xstrdup_or_null(jstr(claims, "email"));
	out->name = xstrdup_or_null(jstr(claims, "name"));
	out->preferred_username =
		xstrdup_or_null(jstr(claims, "preferred_username"));
	out->id_token = xstrdup(jwt);
	/* Some providers send the boolean as a string. */
	if (json_is_boolean(verified))
		out->email_verified = json_is_true(verified);
	else if (json_is_string(verified))
		out->email_verified =
			!strcmp(json_string_value(verified), "true");
}

enum oidc_status oidc_validate_id_token(struct oidc_provider *p,
					const char *jwt, const char *nonce,
					time_t now, struct oidc_identity *out,
					struct error *e)
{
	const char *dot1, *dot2;
	const struct alg_info *alg = NULL;
	const char *kid = NULL;
	json_t *header, *claims = NULL;
	enum oidc_status st;
	size_t dots = 0;

	*out = (struct oidc_identity)OIDC_IDENTITY_INIT;
	for (const char *s = jwt ? jwt : ""; *s; s++)
		dots += *s == '.';
	if (dots == 4)
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token is encrypted "
			    "(JWE); attend accepts signed tokens only");
	if (dots != 2)
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token is not a "
			    "compact JWS");
	dot1 = strchr(jwt, '.');
	dot2 = strchr(dot1 + 1, '.');
	header = decode_part(jwt, (size_t)(dot1 - jwt));
	if (!header)
		return fail(e, OIDC_TOKEN_MALFORMED, "the ID token's header is "
			    "not base64url JSON");
	st = check_header(p, header, &alg, &kid, e);
	if (!st && dot2[1] == '\0')
		st = fail(e, OIDC_ALG_REFUSED, "the ID token has no signature");
	if (!st)
		st = verify(p, jwt, alg, kid, &claims, e);
	if (!st)
		st = check_claims(p, claims, nonce, now, e);
	if (!st)
		fill_identity(claims, jwt, out);
	json_decref(claims);
	json_decref(header);
	return st;
}

void oidc_identity_release(struct oidc_identity *id)
{
	free(id->subject);
	free(id->email);
	free(id->name);
	free(id->preferred_username);
	if (id->id_token) {
		sodium_memzero(id->id_token, strlen(id->id_token));
		free(id->id_token);
	}
	*id = (struct oidc_identity)OIDC_IDENTITY_INIT;
}

/* ---- sign-out ---------------------------------------------------------- */

int oidc_logout_url(const struct oidc_provider *p, const char *id_token_hint,
		    const char *post_logout_redirect_uri, struct strbuf *url)
{
	char sep;

	if (!p->end_session_endpoint)
		return -1;
	sep = url_separator(p->end_session_endpoint);
	strbuf_addstr(url, p->end_session_endpoint);
	if (id_token_hint)
		add_param(url, &sep, "id_token_hint", id_token_hint);
	add_param(url, &sep, "client_id", p->client_id);
	if (post_logout_redirect_uri)
		add_param(url, &sep, "post_logout_redirect_uri",
			  post_logout_redirect_uri);
	return 0;
}
