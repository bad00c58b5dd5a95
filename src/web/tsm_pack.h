#ifndef WEB_TSM_PACK_H
#define WEB_TSM_PACK_H

#include "core/access.h"
#include "report/figures.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strbuf.h"

/*
 * The pack for a school's Targeting Support Meeting, as HTML: its bands
 * and cohorts against the authority, named SA and PA pupils with their
 * cases and actions, legal actions, successes since the last meeting
 * and that meeting's actions.  Drawn from f (the figures) and from the
 * casework in st as v may see it; writes nothing to the store.  The web
 * page (/tsm/URN/pack) and `attend tsm pack` both draw it.
 */

/*
 * The pack of school index `school` in f, appended to out without a page
 * frame.  ERROR_INPUT if v may not see the school's pupils.
 */
int tsm_pack_render(struct strbuf *out, struct store *st,
		    const struct viewer *v, const struct figures *f, long school,
		    struct error *e);
/* The same as a whole HTML document, the stylesheet inline, for print. */
int tsm_pack_document(struct strbuf *out, struct store *st,
		      const struct viewer *v, const struct figures *f,
		      long school, struct error *e);

#endif
