/*
 * Documents as files: written whole, or printed to PDF by headless
 * chromium (the TSM pack, a subject access export).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/strbuf.h"

int cli_write_file(const char *path, const struct strbuf *sb, struct error *e)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(sb->buf, 1, sb->len, f) != sb->len) {
		int err = errno;
		if (f)
			fclose(f);
		return error_set(e, ERROR_INPUT, "%s: %s", path, strerror(err));
	}
	if (fclose(f))
		return error_set(e, ERROR_INPUT, "%s: %s", path, strerror(errno));
	return 0;
}

/* The first of chromium's names on $PATH, or NULL. */
static const char *find_chromium(char *buf, size_t n)
{
	static const char *const names[] = { "chromium", "chromium-browser",
					     "google-chrome" };
	const char *path = getenv("PATH");

	for (size_t k = 0; k < COUNT(names); k++) {
		const char *p = path ? path : "/usr/bin:/bin";
		while (*p) {
			size_t len = strcspn(p, ":");
			snprintf(buf, n, "%.*s/%s", (int)len, p, names[k]);
			if (len && access(buf, X_OK) == 0)
				return buf;
			p += len + (p[len] == ':');
		}
	}
	return NULL;
}

/* Prints html (a file) to pdf with headless chromium. */
static int print_file(const char *html, const char *pdf, struct error *e)
{
	char chromium[PATH_MAX], arg[PATH_MAX + 32], url[PATH_MAX + 16];
	char dir[PATH_MAX], *slash, *abs_pdf;
	int status;
	pid_t pid;

	if (!find_chromium(chromium, sizeof(chromium)))
		return error_set(e, ERROR_INPUT, "a PDF needs chromium, which is "
				 "not installed (on Debian: apt-get install "
				 "chromium); the HTML prints from a browser "
				 "instead");
	/* chromium resolves paths from its own directory: make them absolute */
	snprintf(dir, sizeof(dir), "%s", pdf);
	if (!(slash = strrchr(dir, '/')))
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	abs_pdf = realpath(dir, NULL);
	if (!abs_pdf)
		return error_set(e, ERROR_INPUT, "%s: %s", pdf, strerror(errno));
	snprintf(arg, sizeof(arg), "--print-to-pdf=%s/%s", abs_pdf,
		 strrchr(pdf, '/') ? strrchr(pdf, '/') + 1 : pdf);
	free(abs_pdf);
	snprintf(url, sizeof(url), "file://%s", html);
	fflush(NULL);
	if ((pid = fork()) < 0)
		return error_set(e, ERROR_INTERNAL, "fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl(chromium, chromium, "--headless", "--no-sandbox",
		      "--disable-gpu", "--no-pdf-header-footer",
		      "--run-all-compositor-stages-before-draw", arg, url,
		      (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return error_set(e, ERROR_INTERNAL, "chromium could not print "
				 "%s", pdf);
	if (access(pdf, R_OK))
		return error_set(e, ERROR_INTERNAL, "chromium wrote no %s", pdf);
	return 0;
}

int cli_print_pdf(const struct strbuf *doc, const char *pdf, struct error *e)
{
	char tmp[] = "/tmp/attend-print-XXXXXX.html";
	int fd = mkstemps(tmp, 5), rc;

	if (fd < 0)
		return error_set(e, ERROR_INTERNAL, "a temporary file: %s",
				 strerror(errno));
	close(fd);
	rc = cli_write_file(tmp, doc, e);
	if (!rc)
		rc = print_file(tmp, pdf, e);
	unlink(tmp);
	return rc;
}
