#ifndef CORE_ROLL_H
#define CORE_ROLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/*
 * Schools, pupils and enrolments: who is on which school's roll, with the
 * cohort attributes every report breaks down by (docs/methodology.md).
 */
enum phase { PHASE_PRIMARY, PHASE_SECONDARY, PHASE_SPECIAL, PHASE_AP, PHASE_COUNT };

enum sen { SEN_UNKNOWN = 0, SEN_NONE, SEN_SUPPORT, SEN_EHCP };
enum social_care { CARE_UNKNOWN = 0, CARE_NONE, CARE_CIN, CARE_CP, CARE_CLA };
enum sex { SEX_UNKNOWN = 0, SEX_MALE, SEX_FEMALE };
/* Yes/no attributes where an empty cell means "not known". */
enum flag { FLAG_UNKNOWN = 0, FLAG_NO, FLAG_YES };

struct school {
	int64_t id;
	int32_t urn;		/* 6 digits */
	int32_t laestab;	/* 7 digits: LA number and establishment */
	char name[128];
	enum phase phase;
};

struct pupil {
	int64_t id;
	char upn[14];
	char surname[64];
	char forename[64];
	day_t dob;
	enum sex sex;
	enum flag fsm, early_help, youth_justice, eal;
	enum sen sen;
	enum social_care social_care;
	char postcode[12];
};

/* Year groups N1, N2, R, 1..14 stored as -2, -1, 0, 1..14; 99 unknown. */
#define YEAR_GROUP_UNKNOWN 99

struct enrolment {
	int64_t id;
	int64_t pupil_id;
	int64_t school_id;
	day_t start;		/* DAY_NONE if not known */
	day_t end;		/* DAY_NONE while on roll */
	int year_group;
};

#define DAY_NONE INT32_MIN

const char *phase_name(enum phase p);
int phase_parse(const char *s, size_t len);	/* -1 if unknown */

/* Each parse returns 0, or -1 if the text is not one of the values. */
int sex_parse(const char *s, size_t len, enum sex *out);
int flag_parse(const char *s, size_t len, enum flag *out);
int sen_parse(const char *s, size_t len, enum sen *out);
int social_care_parse(const char *s, size_t len, enum social_care *out);
int year_group_parse(const char *s, size_t len, int *out);

const char *sex_code(enum sex s);		/* "M", "F", "" */
const char *flag_code(enum flag f);		/* "Y", "N", "" */
const char *sen_code(enum sen s);		/* "N", "K", "E", "" */
const char *social_care_code(enum social_care c);	/* "CIN", ... "" */
/* Writes "N1", "R", "7" or "" into out. */
char *year_group_format(int year_group, char out[4]);

#endif
