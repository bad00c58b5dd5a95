/*
 * Reading and checking the TLS certificate and key (web/tls.h).  The
 * checks are GnuTLS's own, the library libmicrohttpd serves TLS with, so
 * that what passes here is what the server will accept.
 */
#include "web/tls.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "util/strbuf.h"

const char web_tls_priorities[] =
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"
	"-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:"
	"-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA";

static int read_pem(const char *file, const char *what, char **out,
		    struct error *e)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, file)) {
		int saved = errno;

		strbuf_release(&sb);
		return error_set(e, ERROR_INPUT, "%s %s: cannot read it: %s",
				 what, file, strerror(saved));
	}
	if (memchr(sb.buf, '\0', sb.len)) {
		strbuf_release(&sb);
		return error_set(e, ERROR_INPUT, "%s %s: not PEM text (it "
				 "holds a NUL byte: DER? convert it with "
				 "openssl x509 -outform PEM)", what, file);
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

static gnutls_datum_t datum(const char *s)
{
	gnutls_datum_t d = { (unsigned char *)(uintptr_t)s,
			     (unsigned)strlen(s) };

	return d;
}

/* The chain parses; the first certificate's validity into t. */
static int check_cert(struct web_tls *t, const char *file, struct error *e)
{
	gnutls_datum_t d = datum(t->cert_pem);
	gnutls_x509_crt_t *crts = NULL;
	unsigned n = 0;
	int rc = gnutls_x509_crt_list_import2(&crts, &n, &d,
					      GNUTLS_X509_FMT_PEM, 0);

	if (rc < 0 || n == 0)
		return error_set(e, ERROR_INPUT, "TLS certificate %s: no PEM "
				 "certificate in it (%s)", file,
				 rc < 0 ? gnutls_strerror(rc) : "empty");
	t->not_before = gnutls_x509_crt_get_activation_time(crts[0]);
	t->not_after = gnutls_x509_crt_get_expiration_time(crts[0]);
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	return 0;
}

static int check_key(struct web_tls *t, const char *file, struct error *e)
{
	gnutls_datum_t d = datum(t->key_pem);
	gnutls_x509_privkey_t key;
	int rc;

	if (strstr(t->key_pem, "ENCRYPTED"))
		return error_set(e, ERROR_INPUT, "TLS key %s: the key is "
				 "encrypted; attend starts unattended and "
				 "needs it unencrypted, readable by its user "
				 "alone (openssl pkey -in KEY -out NEW)", file);
	if ((rc = gnutls_x509_privkey_init(&key)) < 0)
		return error_set(e, ERROR_INTERNAL, "TLS key %s: %s", file,
				 gnutls_strerror(rc));
	rc = gnutls_x509_privkey_import2(key, &d, GNUTLS_X509_FMT_PEM, NULL, 0);
	gnutls_x509_privkey_deinit(key);
	if (rc < 0)
		return error_set(e, ERROR_INPUT, "TLS key %s: no PEM private "
				 "key in it (%s)", file, gnutls_strerror(rc));
	return 0;
}

/* The key is the certificate's: as GnuTLS checks it for the server. */
static int check_pair(struct web_tls *t, const char *cert_file,
		      const char *key_file, struct error *e)
{
	gnutls_certificate_credentials_t cred;
	gnutls_datum_t c = datum(t->cert_pem), k = datum(t->key_pem);
	int rc;

	if ((rc = gnutls_certificate_allocate_credentials(&cred)) < 0)
		return error_set(e, ERROR_INTERNAL, "TLS: %s",
				 gnutls_strerror(rc));
	rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k,
						  GNUTLS_X509_FMT_PEM, NULL, 0);
	gnutls_certificate_free_credentials(cred);
	if (rc == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
		return error_set(e, ERROR_INPUT, "TLS key %s is not the key "
				 "of the certificate in %s", key_file,
				 cert_file);
	if (rc < 0)
		return error_set(e, ERROR_INPUT, "TLS certificate %s with key "
				 "%s: %s", cert_file, key_file,
				 gnutls_strerror(rc));
	return 0;
}

int web_tls_load(struct web_tls *t, const char *cert_file,
		 const char *key_file, struct error *e)
{
	memset(t, 0, sizeof(*t));
	if (read_pem(cert_file, "TLS certificate", &t->cert_pem, e) ||
	    read_pem(key_file, "TLS key", &t->key_pem, e) ||
	    check_cert(t, cert_file, e) || check_key(t, key_file, e) ||
	    check_pair(t, cert_file, key_file, e)) {
		web_tls_release(t);
		return -1;
	}
	return 0;
}

void web_tls_release(struct web_tls *t)
{
	free(t->cert_pem);
	if (t->key_pem) {
		/* the private key does not linger in freed memory */
		explicit_bzero(t->key_pem, strlen(t->key_pem));
		free(t->key_pem);
	}
	memset(t, 0, sizeof(*t));
}
