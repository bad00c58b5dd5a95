/* The files of a store and their modes (store/files.h). */
#include "store/files.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/audit_file.h"

mode_t store_file_mode(const char *store_path)
{
	char dir[4200], *slash;
	struct stat sb;

	snprintf(dir, sizeof(dir), "%s", store_path);
	if (!(slash = strrchr(dir, '/')))
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (!stat(dir, &sb) && (sb.st_mode & S_ISGID))
		return 0640;
	return 0600;
}

int store_file_create(const char *path, const char *store_path,
		      struct error *e)
{
	mode_t mode = store_file_mode(store_path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return error_set(e, ERROR_INTERNAL, "%s: cannot create: %s", path,
				 strerror(errno));
	}
	/* the umask may have taken the group's read away */
	if (fchmod(fd, mode)) {
		int err = errno;

		close(fd);
		return error_set(e, ERROR_INTERNAL, "%s: %s", path, strerror(err));
	}
	if (close(fd))
		return error_set(e, ERROR_INTERNAL, "%s: %s", path, strerror(errno));
	return 0;
}

static int one_file(const char *path, enum store_file_kind kind,
		    store_file_fn *fn, void *data)
{
	return access(path, F_OK) ? 0 : fn(path, kind, data);
}

int store_files_each(const char *store_path, store_file_fn *fn, void *data)
{
	static const char *const journals[] = { "-wal", "-shm" };
	char path[4300], audit[4200];
	glob_t g;
	int rc;

	if (!strcmp(store_path, ":memory:"))
		return 0;
	audit_file_path(store_path, audit, sizeof(audit));
	if ((rc = one_file(store_path, STORE_FILE_STORE, fn, data)) ||
	    (rc = one_file(audit, STORE_FILE_AUDIT, fn, data)))
		return rc;
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s%s", store_path, journals[i]);
		if ((rc = one_file(path, STORE_FILE_JOURNAL, fn, data)))
			return rc;
		snprintf(path, sizeof(path), "%s%s", audit, journals[i]);
		if ((rc = one_file(path, STORE_FILE_JOURNAL, fn, data)))
			return rc;
	}
	snprintf(path, sizeof(path), "%s.engine-*", store_path);
	if (glob(path, 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc && !rc; i++)
		rc = fn(g.gl_pathv[i], STORE_FILE_CACHE, data);
	globfree(&g);
	return rc;
}

struct check {
	FILE *out;
	int warnings;
};

static int check_one(const char *path, enum store_file_kind kind, void *data)
{
	struct check *c = data;
	struct stat sb;
	mode_t allowed = S_IRWXU | S_IRGRP;

	(void)kind;
	if (stat(path, &sb))
		return 0;
	if (!(sb.st_mode & (S_IRWXG | S_IRWXO) & ~allowed))
		return 0;
	fprintf(c->out, "attend: warning: %s is %s by others (mode %04o): "
		"it holds children's data; chmod 600 it (or 640, with the "
		"directory set-group-ID, to share it with a group)\n", path,
		sb.st_mode & S_IROTH ? "readable" : "writable",
		(unsigned)(sb.st_mode & 07777));
	c->warnings++;
	return 0;
}

int store_files_check(const char *store_path, FILE *out)
{
	struct check c = { out, 0 };

	store_files_each(store_path, check_one, &c);
	return c.warnings;
}
