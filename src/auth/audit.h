#ifndef AUTH_AUDIT_H
#define AUTH_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "store/store.h"
#include "util/error.h"

/*
 * The audit log: who did what to which object, and when; in its own
 * file beside the store (store/audit_file.h), so that no import can
 * hold up an entry, and append-only.  Each function here commits its
 * entry (to disk) before it returns 0; -1 with e set means there is no
 * entry, and what was to be logged must not happen (a view is refused).
 */

/* Appends to the audit log: who, what, which object. */
int audit_add(struct store *st, const struct viewer *v, const char *action,
	      const char *object, const char *detail, struct error *e);

/*
 * A request refused as not allowed (403): by v (NULL or user_id 0: not
 * signed in), of METHOD PATH, from address, with the reason given.
 * Action "refused", object the path.
 */
int audit_refused(struct store *st, const struct viewer *v, const char *method,
		  const char *path, const char *address, const char *reason,
		  struct error *e);

/*
 * A failed sign-in: the username tried (cut to 63 bytes), the client's
 * address and why (wrong password, locked out...).  Action "sign in
 * failed", object "user USERNAME".
 */
int audit_sign_in_failed(struct store *st, const char *username,
			 const char *address, const char *reason,
			 struct error *e);

/*
 * A command of the command line that shows named pupils: the operating-
 * system user who ran it (username "os:NAME"), the command ("register",
 * "case show") and its whole command line.  Action "run", object
 * "command NAME".
 */
int audit_command(struct store *st, const char *os_user, const char *command,
		  const char *line, struct error *e);

struct audit_entry {
	const char *at;		/* 2025-03-01T12:00:00Z */
	const char *username, *action, *object, *detail;
	const char *address;	/* the client's, or "" */
	int64_t id;
};
typedef void audit_fn(const struct audit_entry *a, void *data);

/*
 * Calls fn for the newest `limit` entries, newest first, whose user,
 * object or action contains q (NULL or "": every entry); the strings
 * last only for the call.
 */
int audit_list(struct store *st, const char *q, int limit, audit_fn *fn,
	       void *data, struct error *e);

/*
 * Calls fn, oldest first, for every entry whose object is one of
 * objects[] or whose object or detail contains one of terms[] (a UPN,
 * say): the entries about one person, for a subject access request.
 */
int audit_about(struct store *st, const char *const *objects, size_t nr_objects,
		const char *const *terms, size_t nr_terms, audit_fn *fn,
		void *data, struct error *e);

#endif
