/*
 * Matching a single sign-on to attend's own user (auth_sso_login) and
 * linking accounts (user_add with a subject or email, user_set_sso): by
 * subject always; by email only when allowed, only once, never when the
 * provider says the email is unverified; unknown and disabled users
 * refused.  The store is in memory.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "tap.h"

static struct store *st;

static enum auth_result sign_on(const char *sub, const char *email,
				int verified, bool link_email, char *who)
{
	struct viewer v;
	struct error e = ERROR_INIT;
	enum auth_result r;

	r = auth_sso_login(st, sub, email, verified, link_email, "10.0.0.1",
			   &v, &e);
	snprintf(who, 256, "%.250s", r == AUTH_OK ? v.username : e.msg);
	if (r == AUTH_OK)
		viewer_release(&v);
	return r;
}

static void test_matching(void)
{
	struct user_spec u = { "ann", "Ann Lead", NULL, "sub-ann", NULL,
			       ROLE_LA_LEAD, NULL, 0, NULL, 0 };
	struct user_spec b = { "bob", "Bob Lead", NULL, NULL,
			       "Bob@Council.example", ROLE_LA_LEAD,
			       NULL, 0, NULL, 0 };
	struct user_spec c = { "cy", "Cy Lead", NULL, NULL, NULL,
			       ROLE_LA_LEAD, NULL, 0, NULL, 0 };
	struct error e = ERROR_INIT;
	char who[256];

	ok(!user_add(st, &u, &e), "a user with a subject and no password");
	ok(!user_add(st, &b, &e), "a user with an email and no password");
	ok(user_add(st, &c, &e), "a user with neither is refused");
	u.username = "ann2";
	ok(user_add(st, &u, &e) && strstr(e.msg, "subject 'sub-ann'"),
	   "a second user with the same subject is refused: %s", e.msg);

	is_int(sign_on("sub-ann", NULL, -1, false, who), AUTH_OK,
	       "the subject signs ann in");
	is_str(who, "ann", "as ann");
	is_int(sign_on("sub-x", "bob@council.example", 1, false, who),
	       AUTH_REFUSED, "bob's email does not link without oidc_email_link");
	ok(strstr(who, "identifier: sub-x") != NULL, "the page names the subject");
	is_int(sign_on("sub-x", "bob@council.example", 0, true, who),
	       AUTH_REFUSED, "nor when the provider says it is unverified");
	is_int(sign_on("sub-bob", "bob@council.example", -1, true, who),
	       AUTH_OK, "with it, an email not said to be unverified links bob "
	       "(case aside)");
	is_str(who, "bob", "as bob");
	is_int(sign_on("sub-bob", NULL, -1, false, who), AUTH_OK,
	       "from then on his subject alone signs him in");
	is_int(sign_on("sub-other", "bob@council.example", 1, true, who),
	       AUTH_REFUSED, "and his email links nobody else");

	ok(!user_set_disabled(st, "bob", true, &e), "bob disabled");
	is_int(sign_on("sub-bob", NULL, -1, false, who), AUTH_REFUSED,
	       "a disabled user is refused");
	ok(strstr(who, "disabled") != NULL, "saying so: %s", who);
	ok(!user_set_disabled(st, "bob", false, &e), "bob enabled");

	ok(user_set_sso(st, "ann", "sub-bob", NULL, &e) &&
	   strstr(e.msg, "another user"), "bob's subject cannot go to ann");
	ok(!user_set_sso(st, "ann", "", "", &e), "ann unlinked");
	is_int(sign_on("sub-ann", NULL, -1, false, who), AUTH_REFUSED,
	       "and refused after");
	ok(user_set_sso(st, "nobody", "s", NULL, &e), "no such user to link");
}

int main(void)
{
	struct error e = ERROR_INIT;

	if (auth_init() || store_open(&st, ":memory:", STORE_WRITE, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	test_matching();
	store_close(st);
	return tap_done();
}
