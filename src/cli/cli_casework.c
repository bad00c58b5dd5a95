/*
 * What the casework commands (cli_case.c, cli_legal.c, cli_parent.c,
 * cli_notice.c, cli_timetable.c, cli_tsm.c, cli_cme.c, cli_alerts.c)
 * share: each parses its options, opens the store as the acting user
 * (--user NAME), calls one service function of src/casework/ and prints
 * what it did or the rows it returned.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "casework/casework.h"
#include "cli/cli.h"

int acting_open(struct cli *cli, struct acting *s)
{
	struct error e = ERROR_INIT;
	int rc;

	if (!s->user)
		return cli_usage_error(cli, "say who is acting: --user NAME");
	if ((rc = cli_open_store(cli, &s->st)))
		return rc;
	if (casework_viewer(s->st, s->user, &s->v, &e)) {
		store_close(s->st);
		s->st = NULL;
		return cli_fail(&e);
	}
	return -1;
}

void acting_close(struct acting *s)
{
	viewer_release(&s->v);
	store_close(s->st);
}

int acting_end(struct acting *s, int rc, struct error *e)
{
	acting_close(s);
	return rc ? cli_fail(e) : 0;
}

int acting_fail(struct acting *s, struct error *e)
{
	return acting_end(s, -1, e);
}

int listing_end(struct listing *l, void *rows)
{
	free(rows);
	acting_close(&l->s);
	return cli_output_end(&l->o);
}

int id_arg(struct cli *cli, const char *text, int64_t *id)
{
	return cli_id(text, id) ? -1 :
		cli_usage_error(cli, "'%s' is not an id", text);
}

int urn_arg(struct cli *cli, const char *text, int32_t *urn)
{
	return cli_urn(text, urn) ? -1 :
		cli_usage_error(cli, "'%s' is not a URN (6 digits)", text);
}

const char *date_cell(day_t d, char out[11])
{
	out[0] = '\0';
	if (d != DAY_NONE)
		date_format(d, out);
	return out;
}

const char *pence_cell(int32_t pence, char out[16])
{
	snprintf(out, 16, "%d.%02d", pence / 100, pence % 100);
	return out;
}
