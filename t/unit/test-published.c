/*
 * The rules of a like-for-like comparison with the DfE's tables
 * (core/published.h).  Dates worked out by hand from the calendar:
 * Easter Sunday 2025 is 20 April, 2026 is 5 April.
 */
#include <string.h>

#include "core/published.h"
#include "tap.h"

#define S(x) x, strlen(x)

static day_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void test_spans(void)
{
	day_t from, to;

	is_int(published_span_parse(S("Academic year")), SPAN_YEAR,
	       "Academic year is the full year");
	is_int(published_span_parse(S("full academic year")), SPAN_YEAR,
	       "any case");
	is_int(published_span_parse(S("Autumn term")), SPAN_AUTUMN, "autumn");
	is_int(published_span_parse(S("Autumn and spring term")),
	       SPAN_AUTUMN_SPRING, "autumn and spring");
	is_int(published_span_parse(S("Calendar year")), -1,
	       "an identifier that is not a span of a school year");
	is_int(published_span_from_key("autumn_spring"), SPAN_AUTUMN_SPRING,
	       "keys round-trip");
	is_int(published_span_from_key("term"), -1, "an unknown key");

	published_span_days(2024, SPAN_YEAR, &from, &to);
	ok(from == ymd(2024, 8, 1) && to == ymd(2025, 7, 31), "2024/25 in full");
	published_span_days(2024, SPAN_AUTUMN, &from, &to);
	ok(from == ymd(2024, 8, 1) && to == ymd(2024, 12, 31),
	   "autumn: 1 August to 31 December");
	published_span_days(2024, SPAN_AUTUMN_SPRING, &from, &to);
	ok(from == ymd(2024, 8, 1) && to == ymd(2025, 4, 20),
	   "autumn and spring 2024/25 end on Easter Sunday, 20 April 2025");
	published_span_days(2025, SPAN_SPRING, &from, &to);
	ok(from == ymd(2026, 1, 1) && to == ymd(2026, 4, 5),
	   "spring 2025/26: 1 January to 5 April 2026");
	published_span_days(2025, SPAN_SUMMER, &from, &to);
	ok(from == ymd(2026, 4, 6) && to == ymd(2026, 7, 31),
	   "summer 2025/26 from Easter Monday");
}

static void test_complete(void)
{
	/* autumn 2024 ends 31 December; slack 21 days: after 10 December */
	ok(!published_span_complete(2024, SPAN_AUTUMN, ymd(2024, 12, 20),
				    ymd(2024, 12, 20)),
	   "autumn not over yet on 20 December");
	ok(published_span_complete(2024, SPAN_AUTUMN, ymd(2024, 12, 20),
				   ymd(2025, 1, 2)),
	   "over on 2 January, last mark 20 December: complete");
	ok(!published_span_complete(2024, SPAN_AUTUMN, ymd(2024, 12, 6),
				    ymd(2025, 1, 2)),
	   "over, but the marks stop on 6 December: not complete");
	ok(published_span_complete(2024, SPAN_AUTUMN, ymd(2025, 1, 6),
				   ymd(2025, 1, 6)),
	   "a mark in January: autumn complete");
	ok(!published_span_complete(2024, SPAN_YEAR, ymd(2025, 1, 6),
				    ymd(2025, 1, 6)),
	   "January: the year is not");
	ok(published_span_complete(2024, SPAN_YEAR, ymd(2025, 7, 18),
				   ymd(2025, 8, 1)),
	   "last mark 18 July, seen on 1 August: the year is complete");
}

static void test_scope(void)
{
	is_int(school_scope_of(PHASE_PRIMARY, "academy"), SCOPE_TOTAL,
	       "an academy is in the LA total");
	is_int(school_scope_of(PHASE_SPECIAL, ""), SCOPE_TOTAL,
	       "a special school of unknown type is in it");
	is_int(school_scope_of(PHASE_AP, ""), SCOPE_AP, "AP is apart");
	is_int(school_scope_of(PHASE_SECONDARY, "pru_ap"), SCOPE_AP,
	       "a PRU is apart whatever its phase");
	is_int(school_scope_of(PHASE_SECONDARY, "independent"), SCOPE_NONE,
	       "an independent school is in no total");
	is_str(published_school_type(S("State-funded primary")), "primary",
	       "primary");
	is_str(published_school_type(S("total")), "total", "Total, any case");
	ok(published_school_type(S("Independent")) == NULL,
	   "a type the DfE total does not use is kept as published");
}

static void test_hundredths(void)
{
	is_int(published_hundredths(S("7.1")), 710, "7.1");
	is_int(published_hundredths(S("21.235")), 2124, "21.235 half up");
	is_int(published_hundredths(S("7.124999")), 712, "7.124999 down");
	is_int(published_hundredths(S("100")), 10000, "100");
	is_int(published_hundredths(S("0")), 0, "0");
	is_int(published_hundredths(S("100.01")), -1, "over 100");
	is_int(published_hundredths(S("c")), -1, "a symbol");
	is_int(published_hundredths(S("1.")), -1, "no decimals after the point");
	is_int(published_hundredths(S(".5")), -1, "no digits before it");
	is_int(published_hundredths(S("-1")), -1, "negative");
	is_int(published_hundredths(S("1.1234567")), -1, "7 decimals");
}

static void test_rank(void)
{
	static const int64_t others[] = { 700, 500, 600, 600 };
	int rank, of;

	/* lower than us: 500 -> rank 2; ties with the two 600s share it */
	published_rank(others, 4, true, 600, &rank, &of);
	ok(rank == 2 && of == 5, "600 among 700 500 600 600: 2 of 5 (got %d of %d)",
	   rank, of);
	published_rank(others, 4, true, 650, &rank, &of);
	ok(rank == 4 && of == 5, "650: 500 600 600 lower, 4 of 5");
	published_rank(others, 4, true, 400, &rank, &of);
	ok(rank == 1 && of == 5, "lowest: 1 of 5");
	published_rank(others, 4, true, 700, &rank, &of);
	ok(rank == 4 && of == 5, "tied with the highest: 4 of 5, not 5");
	published_rank(others, 4, false, 0, &rank, &of);
	ok(rank == 0 && of == 4, "no figure of ours: no rank, 4 others");
	published_rank(NULL, 0, true, 600, &rank, &of);
	ok(rank == 1 && of == 1, "alone: 1 of 1");
}

int main(void)
{
	test_spans();
	test_complete();
	test_scope();
	test_hundredths();
	test_rank();
	return tap_done();
}
