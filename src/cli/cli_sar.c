/*
 * attend sar: a subject access request answered (report/sar.h).  Writes
 * DIR/sar-SUBJECT.json (every table, for a machine), .html and .pdf (the
 * same, to read and send), in a directory and files only the user who
 * ran it may read.  Logged twice: the run (cli_open_store()) and, before
 * any file is written, what was exported about whom.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/audit.h"
#include "cli/cli.h"
#include "report/sar.h"
#include "web/html.h"

static void json_table(struct strbuf *o, const struct sar_table *t)
{
	strbuf_addstr(o, ",\n");
	json_str(o, t->key);
	strbuf_addstr(o, ": [");
	for (size_t r = 0; r < t->nr_rows; r++) {
		strbuf_addstr(o, r ? ",\n  {" : "\n  {");
		for (size_t c = 0; c < t->nr_columns; c++) {
			size_t k = r * t->nr_columns + c;

			if (c)
				strbuf_addstr(o, ", ");
			json_str(o, t->columns[c]);
			strbuf_addstr(o, ": ");
			if (!t->cells[k])
				strbuf_addstr(o, "null");
			else if (t->number[k])
				strbuf_addstr(o, t->cells[k]);
			else
				json_str(o, t->cells[k]);
		}
		strbuf_addch(o, '}');
	}
	strbuf_addstr(o, t->nr_rows ? "\n]" : "]");
}

static const char sar_note[] =
	"Everything attend holds about the subject, as recorded. Free text "
	"(reasons, notes, outcomes) may name other people: review it before "
	"the export is sent.";

static void sar_json(const struct sar *s, struct strbuf *o)
{
	strbuf_addstr(o, "{\"subject_access\": {\"kind\": ");
	json_str(o, s->kind);
	strbuf_addstr(o, ", \"subject\": ");
	json_str(o, s->subject);
	strbuf_addstr(o, ", \"name\": ");
	json_str(o, s->name);
	strbuf_addstr(o, ", \"generated_at\": ");
	json_str(o, s->generated_at);
	strbuf_addstr(o, ", \"note\": ");
	json_str(o, sar_note);
	strbuf_addch(o, '}');
	for (size_t i = 0; i < s->nr_tables; i++)
		json_table(o, &s->tables[i]);
	strbuf_addstr(o, "\n}\n");
}

static void html_table(struct strbuf *o, const struct sar_table *t)
{
	strbuf_addstr(o, "<h2>");
	html_text(o, t->title);
	strbuf_addstr(o, "</h2>\n");
	if (!t->nr_rows) {
		strbuf_addstr(o, "<p class=\"muted\">None held.</p>\n");
		return;
	}
	strbuf_addstr(o, "<table><thead><tr>");
	for (size_t c = 0; c < t->nr_columns; c++) {
		strbuf_addstr(o, "<th scope=\"col\">");
		html_text(o, t->columns[c]);
		strbuf_addstr(o, "</th>");
	}
	strbuf_addstr(o, "</tr></thead><tbody>\n");
	for (size_t r = 0; r < t->nr_rows; r++) {
		strbuf_addstr(o, "<tr>");
		for (size_t c = 0; c < t->nr_columns; c++) {
			size_t k = r * t->nr_columns + c;

			strbuf_addstr(o, t->number[k] ? "<td class=\"n\">" : "<td>");
			html_text(o, t->cells[k] ? t->cells[k] : "");
			strbuf_addstr(o, "</td>");
		}
		strbuf_addstr(o, "</tr>\n");
	}
	strbuf_addstr(o, "</tbody></table>\n");
}

static void sar_html(const struct sar *s, struct strbuf *o)
{
	strbuf_addstr(o, "<!doctype html>\n<html lang=\"en-GB\"><head><meta "
		      "charset=\"utf-8\"><title>Subject access: ");
	html_text(o, s->name);
	strbuf_addf(o, "</title><style>%s</style></head><body><main>\n<h1>"
		    "Subject access: ", web_css);
	html_text(o, s->name);
	strbuf_addstr(o, " (");
	html_text(o, strcmp(s->kind, "pupil") ? "parent " : "UPN ");
	html_text(o, s->subject);
	strbuf_addstr(o, ")</h1>\n<p>Made ");
	html_text(o, s->generated_at);
	strbuf_addstr(o, " (UTC) by attend.</p>\n<p class=\"muted\">");
	html_text(o, sar_note);
	strbuf_addstr(o, "</p>\n");
	for (size_t i = 0; i < s->nr_tables; i++)
		html_table(o, &s->tables[i]);
	strbuf_addstr(o, "</main></body></html>\n");
}

/* DIR/sar-SUBJECT.EXT */
static void out_path(char *path, size_t n, const char *dir, const struct sar *s,
		     const char *ext)
{
	snprintf(path, n, "%s/sar-%s%s.%s", dir, strcmp(s->kind, "pupil") ?
		 "parent-" : "", s->subject, ext);
}

static int write_export(const struct sar *s, const char *dir, int pdf,
			struct error *e)
{
	struct strbuf json = STRBUF_INIT, html = STRBUF_INIT;
	char path[4200];
	int rc;

	if (mkdir(dir, 0700) && errno != EEXIST)
		return error_set(e, ERROR_INPUT, "%s: %s", dir, strerror(errno));
	sar_json(s, &json);
	sar_html(s, &html);
	out_path(path, sizeof(path), dir, s, "json");
	rc = cli_write_file(path, &json, e);
	out_path(path, sizeof(path), dir, s, "html");
	if (!rc)
		rc = cli_write_file(path, &html, e);
	out_path(path, sizeof(path), dir, s, "pdf");
	if (!rc && pdf)
		rc = cli_print_pdf(&html, path, e);
	strbuf_release(&json);
	strbuf_release(&html);
	return rc;
}

int cmd_sar(struct cli *cli, int argc, char **argv)
{
	const char *out = NULL, *parent_text = NULL;
	int no_pdf = 0;
	const struct cli_option opts[] = {
		OPT_STRING("parent", "ID", &parent_text, "a parent's, not a "
			   "child's (attend parent list gives the id)"),
		OPT_STRING("out", "DIR", &out, "where to write it (default "
			   "sar-UPN or sar-parent-ID, here)"),
		OPT_BOOL("no-pdf", &no_pdf, "JSON and HTML only (no chromium)"),
		OPT_END(),
	};
	struct error e = ERROR_INIT;
	struct store *st;
	struct sar s;
	struct viewer who;
	char dir[256], object[48], detail[4400];
	int64_t parent = 0;
	size_t rows = 0;
	int rc;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (parent_text ? argc != 0 : argc != 1)
		return cli_usage_error(cli, "name the child by UPN, or a parent "
				       "with --parent ID, not both");
	if (parent_text && (rc = id_arg(cli, parent_text, &parent)) >= 0)
		return rc;
	/* What it writes is for the user who ran it alone. */
	umask(077);
	if ((rc = cli_open_store(cli, &st)))
		return rc;
	if (parent ? sar_parent(st, parent, &s, &e) : sar_pupil(st, argv[0], &s, &e))
		return report_fail(st, &e);
	for (size_t i = 0; i < s.nr_tables; i++)
		rows += s.tables[i].nr_rows;
	snprintf(dir, sizeof(dir), "sar-%s%s", parent ? "parent-" : "", s.subject);
	if (!out)
		out = dir;
	snprintf(object, sizeof(object), "%s %s", s.kind, s.subject);
	snprintf(detail, sizeof(detail), "exported to %s: %zu tables, %zu rows, "
		 "%zu audit entries", out, s.nr_tables, rows, s.nr_audit);
	rc = audit_add(st, cli_os_viewer(&who), "subject access", object, detail,
		       &e);
	store_close(st);
	if (!rc)
		rc = write_export(&s, out, !no_pdf, &e);
	if (!rc)
		printf("subject access for %s %s (%s): %zu rows, %zu audit "
		       "entries, written to %s/\n", s.kind, s.subject, s.name,
		       rows, s.nr_audit, out);
	sar_release(&s);
	return rc ? cli_fail(&e) : 0;
}
