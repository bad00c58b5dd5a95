/*
 * src/auth/oidc.c: ID-token validation, pending sign-ins and PKCE.
 *
 * The provider here is a transport in memory (oidc_config.http): it
 * serves a discovery document and a JWKS, and at the token endpoint
 * checks the PKCE verifier against the challenge the authorisation URL
 * carried, as a real provider would, before answering with an ID token
 * the test signed.  Keys are made in the test with libcjose: the
 * provider's RSA key k1, a wrong RSA key that claims to be k1, a key k3
 * the provider rotates to, and an EC P-256 key e1.  Times are around
 * NOW; the windows are OIDC_CLOCK_SKEW = 60 s, OIDC_MAX_TOKEN_AGE = 600 s
 * and OIDC_PENDING_SECONDS = 600 s, and every boundary below is worked
 * out in its comment.  t/t0800-oidc.sh does the same against a real
 * provider.
 */
#include "auth/oidc.h"

#include <cjose/cjose.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define ISSUER "https://login.example.test/tenant-1/v2.0"
#define CLIENT "attend"
#define SECRET "s3cret:with&odd=chars"
#define REDIRECT "https://attend.example.test/oidc/callback"
#define NONCE "n-0S6_WzA2Mj"
#define NOW ((time_t)1740000000)	/* 2025-02-19T21:20:00Z */

static cjose_jwk_t *k1, *wrong_k1, *k3, *e1;

/* ---- the provider in memory ------------------------------------------ */

struct fake {
	char *discovery;		/* served at ISSUER/.well-known/... */
	char *jwks;			/* served at ISSUER/keys */
	int jwks_fetches;
	char challenge[64];		/* the last authorisation URL's */
	char *id_token;			/* what the token endpoint gives */
	int token_calls;
	char *form;			/* the last token request's body */
	char *username, *password;	/* and its Basic authentication */
	int token_unreachable;
};

static struct fake fake;

static void set_str(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

/* Percent-decoding, written here apart from oidc.c's encoder. */
static char *form_get(const char *form, const char *name)
{
	size_t n = strlen(name);
	const char *s = form;

	while (s && *s) {
		if (!strncmp(s, name, n) && s[n] == '=') {
			struct strbuf out = STRBUF_INIT;

			for (s += n + 1; *s && *s != '&'; s++) {
				if (*s == '%' && s[1] && s[2]) {
					char hex[3] = { s[1], s[2], 0 };

					strbuf_addch(&out, (int)strtol(hex, NULL, 16));
					s += 2;
				} else {
					strbuf_addch(&out, *s == '+' ? ' ' : *s);
				}
			}
			return strbuf_detach(&out, NULL);
		}
		s = strchr(s, '&');
		if (s)
			s++;
	}
	return NULL;
}

/* base64url(SHA-256(verifier)), by libsodium directly. */
static void s256(const char *verifier, char out[64])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(out, 64, h, sizeof(h),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int fake_token(const struct oidc_http_request *req, long *status,
		      struct strbuf *body)
{
	char *verifier = form_get(req->form, "code_verifier");
	char *code = form_get(req->form, "code");
	char challenge[64] = "";

	fake.token_calls++;
	set_str(&fake.form, req->form);
	set_str(&fake.username, req->username);
	set_str(&fake.password, req->password);
	if (verifier)
		s256(verifier, challenge);
	if (!code || strcmp(code, "the-code") || strcmp(challenge, fake.challenge)) {
		*status = 400;
		strbuf_addstr(body, "{\"error\":\"invalid_grant\","
			      "\"error_description\":\"code or verifier wrong\"}");
	} else {
		*status = 200;
		strbuf_addf(body, "{\"access_token\":\"at\",\"token_type\":\"Bearer\","
			    "\"id_token\":\"%s\"}", fake.id_token);
	}
	free(verifier);
	free(code);
	return 0;
}

static int fake_http(void *data, const struct oidc_http_request *req,
		     long *status, struct strbuf *body, struct error *e)
{
	(void)data;
	if (!strcmp(req->url, ISSUER "/.well-known/openid-configuration") &&
	    !req->form) {
		*status = 200;
		strbuf_addstr(body, fake.discovery);
		return 0;
	}
	if (!strcmp(req->url, ISSUER "/keys") && !req->form) {
		fake.jwks_fetches++;
		*status = 200;
		strbuf_addstr(body, fake.jwks);
		return 0;
	}
	if (!strcmp(req->url, ISSUER "/token") && req->form &&
	    !fake.token_unreachable)
		return fake_token(req, status, body);
	return error_set(e, ERROR_INTERNAL, "connection refused");
}

/* A discovery document; `algs` a JSON array, or NULL for none listed. */
static void set_discovery(const char *issuer, const char *algs,
			  const char *pkce)
{
	struct strbuf d = STRBUF_INIT;

	strbuf_addf(&d, "{\"issuer\":\"%s\","
		    "\"authorization_endpoint\":\"" ISSUER "/authorize?p=1\","
		    "\"token_endpoint\":\"" ISSUER "/token\","
		    "\"jwks_uri\":\"" ISSUER "/keys\","
		    "\"end_session_endpoint\":\"" ISSUER "/logout\","
		    "\"response_types_supported\":[\"code\",\"id_token\"],"
		    "\"code_challenge_methods_supported\":%s", issuer, pkce);
	if (algs)
		strbuf_addf(&d, ",\"id_token_signing_alg_values_supported\":%s",
			    algs);
	strbuf_addch(&d, '}');
	set_str(&fake.discovery, d.buf);
	strbuf_release(&d);
}

/* The public half of a key as a JWK object, with "use" and "alg". */
static json_t *public_jwk(cjose_jwk_t *key, const char *alg)
{
	char *text = cjose_jwk_to_json(key, false, NULL);
	json_t *j = json_loads(text, 0, NULL);

	free(text);
	json_object_set_new(j, "use", json_string("sig"));
	if (alg)
		json_object_set_new(j, "alg", json_string(alg));
	return j;
}

/* A JWKS of k1 and e1, and k3 too when `rotated`. */
static void set_jwks(bool rotated)
{
	json_t *keys = json_array(), *doc = json_object();
	char *text;

	json_array_append_new(keys, public_jwk(k1, "RS256"));
	json_array_append_new(keys, public_jwk(e1, NULL));
	if (rotated)
		json_array_append_new(keys, public_jwk(k3, "RS256"));
	json_object_set_new(doc, "keys", keys);
	text = json_dumps(doc, JSON_COMPACT);
	set_str(&fake.jwks, text);
	free(text);
	json_decref(doc);
}

static enum oidc_status provider(const char *algorithms,
				 enum oidc_client_auth auth,
				 struct oidc_provider **p, struct error *e)
{
	struct oidc_config c = {
		.issuer = ISSUER, .client_id = CLIENT, .client_secret = SECRET,
		.redirect_uri = REDIRECT, .client_auth = auth,
		.algorithms = algorithms, .http = fake_http,
	};

	return oidc_provider_new(&c, p, e);
}

/* ---- tokens ---------------------------------------------------------- */

static cjose_jwk_t *make_key(const char *kid, bool ec)
{
	static const uint8_t e65537[] = { 1, 0, 1 };
	cjose_jwk_t *k = ec ? cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, NULL)
			    : cjose_jwk_create_RSA_random(2048, e65537, 3, NULL);

	cjose_jwk_set_kid(k, kid, strlen(kid), NULL);
	return k;
}

/* Good claims for NOW: each test spoils one. */
static json_t *claims_at(time_t now)
{
	return json_pack("{ss ss ss sI sI ss ss sb ss}",
			 "iss", ISSUER, "sub", "248289761001", "aud", CLIENT,
			 "exp", (json_int_t)now + 300, "iat", (json_int_t)now,
			 "nonce", NONCE, "email", "jane.officer@council.example",
			 "email_verified", 1, "name", "Jane Officer");
}

/* Signs claims (taking them) with key, alg and kid (NULL: no kid). */
static char *sign_raw(cjose_jwk_t *key, const char *alg, const char *kid,
		      const char *crit, json_t *claims)
{
	cjose_header_t *h = cjose_header_new(NULL);
	char *payload = json_dumps(claims, JSON_COMPACT), *out;
	const char *compact = NULL;
	cjose_jws_t *jws;

	cjose_header_set(h, CJOSE_HDR_ALG, alg, NULL);
	if (kid)
		cjose_header_set(h, CJOSE_HDR_KID, kid, NULL);
	if (crit)
		cjose_header_set_raw(h, "crit", crit, NULL);
	jws = cjose_jws_sign(key, h, (const uint8_t *)payload, strlen(payload), NULL);
	cjose_jws_export(jws, &compact, NULL);
	out = xstrdup(compact ? compact : "signing failed");
	cjose_jws_release(jws);
	cjose_header_release(h);
	free(payload);
	json_decref(claims);
	return out;
}

static char *sign(cjose_jwk_t *key, const char *alg, const char *kid,
		  json_t *claims)
{
	return sign_raw(key, alg, kid, NULL, claims);
}

static void add_b64(struct strbuf *sb, const char *s)
{
	char out[1024];

	sodium_bin2base64(out, sizeof(out), (const unsigned char *)s, strlen(s),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	strbuf_addstr(sb, out);
}

/* An unsigned token: header "alg":"none", and an empty signature. */
static char *unsigned_token(json_t *claims)
{
	struct strbuf sb = STRBUF_INIT;
	char *payload = json_dumps(claims, JSON_COMPACT);

	add_b64(&sb, "{\"alg\":\"none\",\"kid\":\"k1\"}");
	strbuf_addch(&sb, '.');
	add_b64(&sb, payload);
	strbuf_addch(&sb, '.');
	free(payload);
	json_decref(claims);
	return strbuf_detach(&sb, NULL);
}

/* ---- checks ------------------------------------------------------------ */

static struct error err;

/* Validates at now with NONCE, the identity released; the status. */
static enum oidc_status check_at(struct oidc_provider *p, char *jwt, time_t now)
{
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	enum oidc_status st;

	error_clear(&err);
	st = oidc_validate_id_token(p, jwt, NONCE, now, &id, &err);
	oidc_identity_release(&id);
	free(jwt);
	return st;
}

static enum oidc_status check(struct oidc_provider *p, char *jwt)
{
	return check_at(p, jwt, NOW);
}

static json_t *with(json_t *claims, const char *key, json_t *value)
{
	if (value)
		json_object_set_new(claims, key, value);
	else
		json_object_del(claims, key);
	return claims;
}

static void test_pkce(void)
{
	char c[OIDC_RANDOM_CHARS + 1];

	/* RFC 7636 Appendix B: this verifier's S256 challenge (also
	 * python3: base64.urlsafe_b64encode(hashlib.sha256(v).digest())). */
	oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", c);
	is_str(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
	       "the S256 challenge of RFC 7636's example verifier is the RFC's");
}

static void test_config(void)
{
	struct oidc_config c = { .issuer = ISSUER, .client_id = CLIENT,
				 .client_secret = SECRET, .redirect_uri = REDIRECT,
				 .http = fake_http };
	struct oidc_provider *p = NULL;

	c.client_secret = "";
	is_int(oidc_provider_new(&c, &p, &err), OIDC_CONFIG,
	       "a configuration without a client secret is refused");
	ok(strstr(err.msg, "client secret") && err.kind == ERROR_INTERNAL && !p,
	   "  saying so, as the service's fault: %s", err.msg);
	c.client_secret = SECRET;
	c.issuer = "http://login.example.test/tenant-1/v2.0";
	is_int(oidc_provider_new(&c, &p, &err), OIDC_CONFIG,
	       "an http:// issuer that is not this machine is refused");
	c.issuer = ISSUER;
	c.redirect_uri = "http://attend.example.test/oidc/callback";
	is_int(oidc_provider_new(&c, &p, &err), OIDC_CONFIG,
	       "an http:// redirect URI that is not this machine is refused");
	c.redirect_uri = REDIRECT;
	c.algorithms = "RS256 none";
	is_int(oidc_provider_new(&c, &p, &err), OIDC_CONFIG,
	       "'none' among the allowed algorithms is refused");
	c.algorithms = "HS256";
	is_int(oidc_provider_new(&c, &p, &err), OIDC_CONFIG,
	       "an HMAC algorithm among the allowed ones is refused");
	c.algorithms = "RS257";
	is_int(oidc_provider_new(&c, &p, &err), OIDC_CONFIG,
	       "an unknown algorithm is refused");

	set_discovery("https://login.example.test/other/v2.0", NULL, "[\"S256\"]");
	is_int(provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err), OIDC_CONFIG,
	       "a discovery document naming another issuer is refused");
	ok(strstr(err.msg, "other/v2.0"), "  naming it: %s", err.msg);
	set_discovery(ISSUER, NULL, "[\"plain\"]");
	is_int(provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err), OIDC_CONFIG,
	       "a provider without PKCE S256 is refused");
	set_discovery(ISSUER, "[\"ES256\"]", "[\"S256\"]");
	is_int(provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err), OIDC_CONFIG,
	       "a provider that signs only with an algorithm not allowed is refused");
	set_discovery(ISSUER, "[\"RS256\",\"ES256\"]", "[\"S256\"]");
	is_int(provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err), OIDC_OK,
	       "a provider with the allowed algorithm among its own is taken");
	oidc_provider_free(p);
}

static void test_good_token(struct oidc_provider *p)
{
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	char *jwt = sign(k1, "RS256", "k1", claims_at(NOW));
	is_int(oidc_validate_id_token(p, jwt, NONCE, NOW, &id, &err), OIDC_OK,
	       "a good ID token is accepted");
	is_str(id.subject, "248289761001", "  its subject is the token's sub");
	is_str(id.email, "jane.officer@council.example", "  and its email");
	is_int(id.email_verified, 1, "  verified");
	is_str(id.name, "Jane Officer", "  and its name");
	ok(id.preferred_username == NULL, "  and no preferred_username it lacks");
	is_str(id.id_token, jwt, "  with the raw token for the sign-out hint");
	oidc_identity_release(&id);
	ok(id.subject == NULL && id.email_verified == -1,
	   "an identity released is back to its initial value");
	free(jwt);

	is_int(check(p, sign(k1, "RS256", NULL, claims_at(NOW))), OIDC_OK,
	       "a token without kid is checked with the only RS256 key");
}

static void test_audience_and_times(struct oidc_provider *p)
{
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "aud", json_string("another-app")))),
	       OIDC_WRONG_AUDIENCE, "a token for another client is refused");
	ok(strstr(err.msg, "wrong audience") && strstr(err.msg, "another-app") &&
	   err.kind == ERROR_INPUT, "  saying whose it is: %s", err.msg);
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "aud",
				  json_pack("[ss]", "another-app", CLIENT)))),
	       OIDC_WRONG_AUDIENCE, "several audiences without azp are refused");
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(with(claims_at(NOW), "aud",
				       json_pack("[ss]", "another-app", CLIENT)),
				  "azp", json_string(CLIENT)))),
	       OIDC_OK, "several audiences with azp the client id are accepted");
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "azp", json_string("another-app")))),
	       OIDC_WRONG_AUDIENCE, "an azp that is another client is refused");

	/* exp = NOW - 60: NOW >= exp + 60, refused; exp = NOW - 59 is
	 * inside the skew. */
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW - 300), "exp", json_integer(NOW - 60)))),
	       OIDC_EXPIRED, "a token 60 s past its exp is refused as expired");
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW - 300), "exp", json_integer(NOW - 59)))),
	       OIDC_OK, "a token 59 s past its exp is inside the clock skew");
	/* iat = NOW + 61 > NOW + 60; NOW + 60 is not. */
	is_int(check(p, sign(k1, "RS256", "k1", claims_at(NOW + 61))),
	       OIDC_NOT_YET_VALID, "a token issued 61 s in the future is refused");
	is_int(check(p, sign(k1, "RS256", "k1", claims_at(NOW + 60))),
	       OIDC_OK, "a token issued 60 s in the future is inside the skew");
	/* iat = NOW - 661 < NOW - 600 - 60 (exp still ahead). */
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW - 661), "exp", json_integer(NOW + 300)))),
	       OIDC_TOO_OLD, "a token issued 661 s ago is refused as too old");
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "nbf", json_integer(NOW + 120)))),
	       OIDC_NOT_YET_VALID, "a token with nbf 120 s ahead is refused");
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "exp", json_string("soon")))),
	       OIDC_TOKEN_MALFORMED, "a token whose exp is not a number is refused");
}

static void test_signatures(struct oidc_provider *p)
{
	char *jwt;

	is_int(check(p, sign(wrong_k1, "RS256", "k1", claims_at(NOW))),
	       OIDC_BAD_SIGNATURE, "a token signed with another key is refused");
	jwt = sign(k1, "RS256", "k1", claims_at(NOW));
	{
		/* The same signature over claims saying another sub. */
		char *dot1 = strchr(jwt, '.'), *dot2 = strchr(dot1 + 1, '.');
		struct strbuf forged = STRBUF_INIT;
		json_t *c = with(claims_at(NOW), "sub", json_string("admin"));
		char *payload = json_dumps(c, JSON_COMPACT);

		strbuf_add(&forged, jwt, (size_t)(dot1 - jwt) + 1);
		add_b64(&forged, payload);
		strbuf_addstr(&forged, dot2);
		is_int(check(p, strbuf_detach(&forged, NULL)), OIDC_BAD_SIGNATURE,
		       "a token whose claims were changed after signing is refused");
		free(payload);
		json_decref(c);
		free(jwt);
	}
	is_int(check(p, unsigned_token(claims_at(NOW))), OIDC_ALG_REFUSED,
	       "an unsigned token (alg none) is refused");
	ok(strstr(err.msg, "unsigned"), "  saying so: %s", err.msg);
	{
		const char *secret = SECRET;
		cjose_jwk_t *hs = cjose_jwk_create_oct_spec(
			(const uint8_t *)secret, strlen(secret), NULL);

		is_int(check(p, sign(hs, "HS256", "k1", claims_at(NOW))),
		       OIDC_ALG_REFUSED, "an HMAC token keyed with the client "
		       "secret is refused");
		cjose_jwk_release(hs);
	}
	is_int(check(p, sign(e1, "ES256", "e1", claims_at(NOW))), OIDC_ALG_REFUSED,
	       "an ES256 token is refused when only RS256 is allowed");
	is_int(check(p, sign(k1, "RS256", "e1", claims_at(NOW))), OIDC_ALG_REFUSED,
	       "a token whose kid names a key of another type is refused");
	is_int(check(p, sign_raw(k1, "RS256", "k1", "[\"exp\"]", claims_at(NOW))),
	       OIDC_ALG_REFUSED, "a token with a crit header is refused");
}

static void test_other_claims(struct oidc_provider *p)
{
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "iss",
				  json_string("https://login.example.test/other/v2.0")))),
	       OIDC_WRONG_ISSUER, "a token from another issuer is refused");
	is_int(check(p, sign(k1, "RS256", "k1",
			     with(claims_at(NOW), "nonce", json_string("replayed-nonce")))),
	       OIDC_WRONG_NONCE, "a token with another nonce is refused");
	is_int(check(p, sign(k1, "RS256", "k1", with(claims_at(NOW), "nonce", NULL))),
	       OIDC_WRONG_NONCE, "a token without a nonce is refused");
	is_int(check(p, sign(k1, "RS256", "k1", with(claims_at(NOW), "sub", NULL))),
	       OIDC_TOKEN_MALFORMED, "a token without a subject is refused");
	is_int(check(p, xstrdup("a.b.c.d.e")), OIDC_TOKEN_MALFORMED,
	       "an encrypted (five-part) token is refused");
	is_int(check(p, xstrdup("not a token")), OIDC_TOKEN_MALFORMED,
	       "a string that is no token is refused");
}

static void test_unknown_kid(struct oidc_provider *p)
{
	fake.jwks_fetches = 0;
	is_int(check(p, sign(k3, "RS256", "k9", claims_at(NOW))), OIDC_KEY_UNKNOWN,
	       "a token naming an unknown kid is refused");
	is_int(fake.jwks_fetches, 1, "  after fetching the provider's keys again once");
	is_int(check(p, sign(k3, "RS256", "k8", claims_at(NOW))), OIDC_KEY_UNKNOWN,
	       "another unknown kid within the minute is refused");
	is_int(fake.jwks_fetches, 1, "  without fetching the keys yet again");
}

/* The provider rotates to k3 after attend has started. */
static void test_key_rotation(void)
{
	struct oidc_provider *p2 = NULL;

	set_jwks(false);
	if (provider("RS256,ES256", OIDC_CLIENT_SECRET_BASIC, &p2, &err)) {
		ok(0, "the second provider is set up: %s", err.msg);
		return;
	}
	set_jwks(true);
	fake.jwks_fetches = 0;
	is_int(check(p2, sign(k3, "RS256", "k3", claims_at(NOW))), OIDC_OK,
	       "a token signed with a key rotated in since start is accepted");
	is_int(fake.jwks_fetches, 1, "  once the keys are fetched again");
	is_int(check(p2, sign(e1, "ES256", "e1", claims_at(NOW))), OIDC_OK,
	       "an ES256 token is accepted when ES256 is allowed");
	oidc_provider_free(p2);
}

static void test_tokens(void)
{
	struct oidc_provider *p = NULL;

	set_discovery(ISSUER, "[\"RS256\",\"ES256\"]", "[\"S256\"]");
	set_jwks(false);
	fake.jwks_fetches = 0;
	if (provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err)) {
		ok(0, "the provider is set up: %s", err.msg);
		return;
	}
	is_int(fake.jwks_fetches, 1, "the provider's keys are fetched once at start");
	test_good_token(p);
	test_audience_and_times(p);
	test_signatures(p);
	test_other_claims(p);
	test_unknown_kid(p);
	oidc_provider_free(p);
	test_key_rotation();
}

/* ---- pending sign-ins ----------------------------------------------- */

/* Begins a sign-in at `at`: the state, and the challenge noted for the
 * token endpoint; the token it will give is signed for `token_at`. */
static void begin(struct oidc_provider *p, time_t at, time_t token_at,
		  char state[OIDC_RANDOM_CHARS + 1], struct strbuf *url)
{
	char *q, *nonce, *challenge;

	strbuf_reset(url);
	oidc_begin(p, at, url, state, &err);
	q = strchr(url->buf, '?');
	nonce = form_get(q + 1, "nonce");
	challenge = form_get(q + 1, "code_challenge");
	snprintf(fake.challenge, sizeof(fake.challenge), "%s", challenge);
	free(fake.id_token);
	fake.id_token = sign(k1, "RS256", "k1",
			     with(claims_at(token_at), "nonce", json_string(nonce)));
	free(nonce);
	free(challenge);
}

static enum oidc_status finish_at(struct oidc_provider *p, const char *state,
				  const char *code, const char *error, time_t at)
{
	struct oidc_callback cb = { state, code, error, error ? "the user said no" : NULL };
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	enum oidc_status st;

	error_clear(&err);
	st = oidc_finish(p, &cb, at, &id, &err);
	if (!st && strcmp(id.subject, "248289761001"))
		st = -1;
	oidc_identity_release(&id);
	return st;
}

/* The URL of a sign-in begun, and the sign-in finished. */
static void test_good_sign_in(struct oidc_provider *p, struct strbuf *url)
{
	char state[OIDC_RANDOM_CHARS + 1], *q, *v;

	begin(p, NOW, NOW, state, url);
	ok(!strncmp(url->buf, ISSUER "/authorize?p=1&response_type=code&", 60),
	   "the authorisation URL extends the provider's endpoint: %s", url->buf);
	q = strchr(url->buf, '?') + 1;
	v = form_get(q, "client_id");
	is_str(v, CLIENT, "  with the client id");
	free(v);
	v = form_get(q, "redirect_uri");
	is_str(v, REDIRECT, "  the redirect URI");
	free(v);
	ok(strstr(url->buf, "&scope=openid%20email%20profile&"),
	   "  the scope openid email profile, encoded");
	v = form_get(q, "state");
	is_str(v, state, "  and the state oidc_begin gave");
	free(v);
	is_int(strlen(state), 43, "a state is 43 base64url characters (32 bytes)");
	v = form_get(q, "nonce");
	ok(v && strlen(v) == 43 && strcmp(v, state), "  the nonce 43 others");
	free(v);
	ok(strstr(url->buf, "&code_challenge_method=S256") &&
	   strlen(fake.challenge) == 43, "  and the PKCE challenge is S256");

	is_int(finish_at(p, state, "the-code", NULL, NOW + 5), OIDC_OK,
	       "a sign-in comes back and is finished");
	v = form_get(fake.form, "grant_type");
	is_str(v, "authorization_code", "  the code went to the token endpoint");
	free(v);
	v = form_get(fake.form, "redirect_uri");
	is_str(v, REDIRECT, "  with the redirect URI");
	free(v);
	is_str(fake.username, CLIENT, "  and the client id as Basic user");
	is_str(fake.password, "s3cret%3Awith%26odd%3Dchars",
	       "  and the secret, form-encoded, as password (RFC 6749 2.3.1)");
	ok(!strstr(fake.form, "client_secret"), "  not in the body");

	is_int(finish_at(p, state, "the-code", NULL, NOW + 6), OIDC_STATE_REPLAYED,
	       "the same state a second time is refused as replayed");
	ok(err.kind == ERROR_INPUT && strstr(err.msg, "already been used"),
	   "  saying so: %s", err.msg);
	is_int(finish_at(p, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
			 "the-code", NULL, NOW), OIDC_STATE_UNKNOWN,
	       "a state attend never gave is refused as unknown");
	is_int(finish_at(p, "", "the-code", NULL, NOW), OIDC_STATE_UNKNOWN,
	       "a callback without state is refused as unknown");
}

static void test_states(struct oidc_provider *p, struct strbuf *url)
{
	char state[OIDC_RANDOM_CHARS + 1], first[OIDC_RANDOM_CHARS + 1];

	/* Begun at NOW: NOW + 601 is past the 600 s, NOW + 600 is not. */
	begin(p, NOW, NOW + 601, state, url);
	is_int(finish_at(p, state, "the-code", NULL, NOW + 601), OIDC_STATE_EXPIRED,
	       "a sign-in finished 601 s after it began is refused as expired");
	begin(p, NOW, NOW + 600, state, url);
	is_int(finish_at(p, state, "the-code", NULL, NOW + 600), OIDC_OK,
	       "a sign-in finished 600 s after it began is in time");

	begin(p, NOW, NOW, state, url);
	is_int(finish_at(p, state, NULL, "access_denied", NOW), OIDC_PROVIDER_REFUSED,
	       "a callback carrying the provider's error is refused");
	ok(strstr(err.msg, "access_denied: the user said no"),
	   "  with the provider's words: %s", err.msg);
	is_int(finish_at(p, state, "the-code", NULL, NOW), OIDC_STATE_REPLAYED,
	       "  and its state is spent");

	begin(p, NOW, NOW, first, url);
	for (int i = 0; i < OIDC_MAX_PENDING; i++)
		begin(p, NOW + 1, NOW + 1, state, url);
	is_int(finish_at(p, first, "the-code", NULL, NOW + 1), OIDC_STATE_UNKNOWN,
	       "past OIDC_MAX_PENDING sign-ins the oldest is forgotten");
	is_int(finish_at(p, state, "the-code", NULL, NOW + 1), OIDC_OK,
	       "  and the newest still finishes");
}

static void test_token_endpoint(struct oidc_provider *p, struct strbuf *url)
{
	char state[OIDC_RANDOM_CHARS + 1];

	begin(p, NOW, NOW, state, url);
	is_int(finish_at(p, state, "another-code", NULL, NOW), OIDC_PROVIDER_REFUSED,
	       "a code the token endpoint refuses is refused");
	ok(strstr(err.msg, "invalid_grant"), "  naming its error: %s", err.msg);

	begin(p, NOW, NOW, state, url);
	snprintf(fake.challenge, sizeof(fake.challenge), "another-challenge");
	is_int(finish_at(p, state, "the-code", NULL, NOW), OIDC_PROVIDER_REFUSED,
	       "the provider refuses a verifier that is not the challenge's");

	begin(p, NOW, NOW, state, url);
	fake.token_unreachable = 1;
	is_int(finish_at(p, state, "the-code", NULL, NOW), OIDC_NETWORK,
	       "an unreachable token endpoint is a network failure");
	ok(err.kind == ERROR_INTERNAL, "  the service's, not the user's");
	fake.token_unreachable = 0;
}

static void test_sign_in(void)
{
	char state[OIDC_RANDOM_CHARS + 1], *v;
	struct strbuf url = STRBUF_INIT;
	struct oidc_provider *p = NULL;

	set_discovery(ISSUER, NULL, "[\"S256\"]");
	set_jwks(false);
	if (provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err)) {
		ok(0, "the provider is set up: %s", err.msg);
		return;
	}
	test_good_sign_in(p, &url);
	test_states(p, &url);
	test_token_endpoint(p, &url);
	strbuf_reset(&url);
	is_int(oidc_logout_url(p, "the.id.token", "https://attend.example.test/",
			       &url), 0, "a provider with end_session_endpoint "
	       "gives a sign-out URL");
	is_str(url.buf, ISSUER "/logout?id_token_hint=the.id.token&client_id="
	       CLIENT "&post_logout_redirect_uri=https%3A%2F%2Fattend.example.test%2F",
	       "  with the hint, the client and where to come back");
	oidc_provider_free(p);

	set_discovery(ISSUER, NULL, "[\"S256\"]");
	if (provider(NULL, OIDC_CLIENT_SECRET_POST, &p, &err)) {
		ok(0, "the client_secret_post provider is set up: %s", err.msg);
		strbuf_release(&url);
		return;
	}
	begin(p, NOW, NOW, state, &url);
	is_int(finish_at(p, state, "the-code", NULL, NOW), OIDC_OK,
	       "a sign-in with client_secret_post finishes");
	v = form_get(fake.form, "client_secret");
	is_str(v, SECRET, "  the secret went in the body");
	free(v);
	ok(!fake.username, "  and not as Basic authentication");
	oidc_provider_free(p);
	strbuf_release(&url);
}

/* ---- threads ---------------------------------------------------------- */

#define RACERS 8

struct race {
	struct oidc_provider *p;
	const char *state;
	pthread_barrier_t *start;
	enum oidc_status got;
};

/* Finishes the shared state with the provider's error: no network. */
static void *racer(void *arg)
{
	struct race *r = arg;
	struct oidc_callback cb = { r->state, NULL, "access_denied", NULL };
	struct oidc_identity id = OIDC_IDENTITY_INIT;
	struct error e = ERROR_INIT;

	pthread_barrier_wait(r->start);
	r->got = oidc_finish(r->p, &cb, NOW, &id, &e);
	oidc_identity_release(&id);
	return NULL;
}

static void test_threads(void)
{
	char state[OIDC_RANDOM_CHARS + 1];
	struct strbuf url = STRBUF_INIT;
	struct oidc_provider *p = NULL;
	struct race r[RACERS];
	pthread_t t[RACERS];
	pthread_barrier_t start;
	int firsts = 0, replays = 0;

	set_discovery(ISSUER, NULL, "[\"S256\"]");
	if (provider(NULL, OIDC_CLIENT_SECRET_BASIC, &p, &err)) {
		ok(0, "the provider is set up: %s", err.msg);
		return;
	}
	oidc_begin(p, NOW, &url, state, &err);
	pthread_barrier_init(&start, NULL, RACERS);
	for (int i = 0; i < RACERS; i++) {
		r[i] = (struct race){ p, state, &start, OIDC_OK };
		pthread_create(&t[i], NULL, racer, &r[i]);
	}
	for (int i = 0; i < RACERS; i++) {
		pthread_join(t[i], NULL);
		firsts += r[i].got == OIDC_PROVIDER_REFUSED;
		replays += r[i].got == OIDC_STATE_REPLAYED;
	}
	pthread_barrier_destroy(&start);
	is_int(firsts, 1, "of %d threads finishing one state at once, one gets it",
	       RACERS);
	is_int(replays, RACERS - 1, "  and every other is told it is replayed");
	strbuf_release(&url);
	oidc_provider_free(p);
}

static void test_names(void)
{
	is_str(oidc_status_name(OIDC_WRONG_AUDIENCE), "wrong_audience",
	       "statuses have names for the log");
	is_str(oidc_status_name((enum oidc_status)99), "unknown",
	       "  and a status out of range is 'unknown'");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	k1 = make_key("k1", false);
	wrong_k1 = make_key("k1", false);
	k3 = make_key("k3", false);
	e1 = make_key("e1", true);
	set_jwks(false);
	test_pkce();
	test_config();
	test_tokens();
	test_sign_in();
	test_threads();
	test_names();
	cjose_jwk_release(k1);
	cjose_jwk_release(wrong_k1);
	cjose_jwk_release(k3);
	cjose_jwk_release(e1);
	free(fake.discovery);
	free(fake.jwks);
	free(fake.id_token);
	free(fake.form);
	free(fake.username);
	free(fake.password);
	return tap_done();
}
