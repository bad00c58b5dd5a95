/*
 * attend backup and attend restore: a checked copy of the store taken
 * while it is in use, N of them kept; and the store replaced by one of
 * them.  How a copy is taken and checked: src/store/backup.h.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/backup.h"
#include "store/schema.h"
#include "util/log.h"

#define BACKUP_KEEP_DEFAULT 7

struct progress {
	int on;
	double last;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* On a terminal, a line that says how far the copy has gone. */
static void show_progress(void *ctx, const char *file, int64_t done,
			  int64_t total)
{
	struct progress *p = ctx;
	double t = now_seconds();

	if (!p->on || (done < total && t - p->last < 0.1))
		return;
	p->last = t;
	fprintf(stderr, "\rbackup: %s %3d%% (%lld of %lld pages)\033[K", file,
		total ? (int)(100 * done / total) : 100, (long long)done,
		(long long)total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	const char *keep_text = NULL, *dir;
	const struct cli_option opts[] = {
		OPT_STRING("keep", "N", &keep_text, "how many backups to keep "
			   "in DEST, this one with them (default: backup_keep "
			   "in the configuration, else 7)"),
		OPT_END(),
	};
	struct strbuf path = STRBUF_INIT, q1 = STRBUF_INIT, q2 = STRBUF_INIT;
	struct progress p = { 0, 0 };
	struct backup_info info;
	struct error e = ERROR_INIT;
	double start = now_seconds();
	size_t removed;
	long keep;
	char *end;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	dir = argc ? argv[0] : cli->config->backup_dir;
	if (!dir)
		return cli_usage_error(cli, "name the directory to keep backups "
				       "in (DEST), or set backup_dir in the "
				       "configuration file");
	keep = cli->config->backup_keep ? cli->config->backup_keep :
	       BACKUP_KEEP_DEFAULT;
	if (keep_text) {
		keep = strtol(keep_text, &end, 10);
		if (*end || !*keep_text || keep < 1 || keep > 10000)
			return cli_usage_error(cli, "--keep takes a number from 1 "
					       "to 10000, not '%s'", keep_text);
	}
	p.on = isatty(STDERR_FILENO);
	if (backup_take(cli->db_path, dir, (int)keep, show_progress, &p, &path,
			&info, &removed, &e)) {
		strbuf_release(&path);
		return cli_fail(&e);
	}
	log_info("backup taken", "store=%s backup=%s import=%lld schema=%d "
		 "tables=%zu rows=%lld bytes=%lld ms=%.0f keep=%ld removed=%zu",
		 log_quote(&q1, cli->db_path), log_quote(&q2, path.buf),
		 (long long)info.version, info.schema, info.tables,
		 (long long)info.rows, (long long)info.bytes,
		 (now_seconds() - start) * 1000, keep, removed);
	printf("%s\n", path.buf);
	strbuf_release(&path);
	strbuf_release(&q1);
	strbuf_release(&q2);
	return 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	int force = 0, check = 0;
	const struct cli_option opts[] = {
		OPT_BOOL("force", &force, "replace a store whose data is newer "
			 "than the backup's, or that cannot be read"),
		OPT_BOOL("check", &check, "check the backup as a restore "
			 "would, and replace nothing"),
		OPT_END(),
	};
	struct strbuf q1 = STRBUF_INIT, q2 = STRBUF_INIT;
	struct backup_info info;
	struct error e = ERROR_INIT;

	if ((argc = cli_parse(cli, argc, argv, opts, 0)) < 0)
		return cli_exit(argc);
	if (check) {
		if (backup_check(argv[0], &info, &e))
			return cli_fail(&e);
		printf("%s: sound; schema version %d, import %lld%s%s\n", argv[0],
		       info.schema, (long long)info.version,
		       info.imported_at[0] ? " of " : "", info.imported_at);
		return 0;
	}
	if (backup_restore(argv[0], cli->db_path, force, &info, &e))
		return cli_fail(&e);
	log_info("store restored", "store=%s backup=%s import=%lld schema=%d",
		 log_quote(&q1, cli->db_path), log_quote(&q2, argv[0]),
		 (long long)info.version, info.schema);
	if ((size_t)info.schema < schema_migration_count())
		fprintf(stderr, "attend: the backup's schema is version %d, "
			"older than this attend's %zu: the store is migrated "
			"(after a backup of its own) when next opened\n",
			info.schema, schema_migration_count());
	strbuf_release(&q1);
	strbuf_release(&q2);
	return 0;
}
