#ifndef WEB_TLS_H
#define WEB_TLS_H

#include <time.h>

#include "util/error.h"

/*
 * attend serve's own TLS, without a proxy: libmicrohttpd with GnuTLS,
 * given the certificate chain and its private key as PEM text.
 *
 * web_tls_load() reads both files at start-up and checks them with
 * GnuTLS before the server is started, so that what is wrong is said in
 * a sentence naming the file, not as a server that will not start:
 *
 *   - a file that cannot be read (with the system's reason);
 *   - a certificate file holding no PEM certificate;
 *   - a key file holding no PEM private key, or an encrypted one (the
 *     service starts unattended: the key is kept unencrypted, readable
 *     by the user attend alone);
 *   - a key that is not the certificate's.
 *
 * A certificate that has expired, or is not valid yet, is not refused
 * (an authority's monitoring should say so, and a refusal would take the
 * service down at the worst moment): t->not_after lets the caller warn.
 */
struct web_tls {
	char *cert_pem;		/* the chain, server certificate first */
	char *key_pem;
	time_t not_before, not_after;	/* of the server certificate */
};
#define WEB_TLS_INIT { NULL, NULL, 0, 0 }

/*
 * Protocol versions and ciphers (GnuTLS priority string): TLS 1.3 and
 * 1.2 only, and in 1.2 only forward-secret key exchange with AEAD
 * ciphers (Mozilla's "intermediate" configuration).
 */
extern const char web_tls_priorities[];

/* 0 with t filled; -1 with e naming the file and what is wrong. */
int web_tls_load(struct web_tls *t, const char *cert_file,
		 const char *key_file, struct error *e);
void web_tls_release(struct web_tls *t);

#endif
