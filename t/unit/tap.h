#ifndef T_TAP_H
#define T_TAP_H

/*
 * A tiny TAP producer for the C unit tests, run under prove:
 *
 *   ok(cond, "name of the behaviour guarded");
 *   is_int(got, want, "name");  is_str(got, want, "name");
 *   return tap_done();          prints the plan, exit status for main
 */
void ok_at(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void is_int_at(long long got, long long want, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void is_str_at(const char *got, const char *want, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int tap_done(void);

#define ok(cond, ...) ok_at(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	is_int_at((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) is_str_at(got, want, __FILE__, __LINE__, __VA_ARGS__)

#endif
