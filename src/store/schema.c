#include "store/schema.h"

/*
 * Migration N takes the schema from version N-1 to N.  Never edit a
 * migration that has shipped: add the next one.
 */
static const char *const migrations[] = {
	/* 1: the foundation */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"

	"CREATE TABLE area ("
	"  postcode_district TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  imd_decile INTEGER NOT NULL CHECK (imd_decile BETWEEN 1 AND 10));"

	"CREATE TABLE school ("
	"  id INTEGER PRIMARY KEY,"
	"  urn INTEGER NOT NULL UNIQUE,"
	"  laestab INTEGER NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  phase TEXT NOT NULL"
	"    CHECK (phase IN ('primary', 'secondary', 'special', 'ap')));"

	/* urn 0: every school in the authority */
	"CREATE TABLE calendar_event ("
	"  id INTEGER PRIMARY KEY,"
	"  urn INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  day_from TEXT NOT NULL,"
	"  day_to TEXT NOT NULL,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind IN ('term', 'inset', 'bank_holiday', 'closure')),"
	"  label TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX calendar_event_urn ON calendar_event (urn, year);"

	"CREATE TABLE pupil ("
	"  id INTEGER PRIMARY KEY,"
	"  upn TEXT NOT NULL UNIQUE,"
	"  surname TEXT NOT NULL,"
	"  forename TEXT NOT NULL,"
	"  dob TEXT NOT NULL,"
	"  sex TEXT NOT NULL DEFAULT '',"
	"  fsm TEXT NOT NULL DEFAULT '',"
	"  sen TEXT NOT NULL DEFAULT '',"
	"  social_care TEXT NOT NULL DEFAULT '',"
	"  early_help TEXT NOT NULL DEFAULT '',"
	"  youth_justice TEXT NOT NULL DEFAULT '',"
	"  eal TEXT NOT NULL DEFAULT '',"
	"  postcode TEXT NOT NULL DEFAULT '');"

	"CREATE TABLE enrolment ("
	"  id INTEGER PRIMARY KEY,"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  school_id INTEGER NOT NULL REFERENCES school (id),"
	"  year_group TEXT NOT NULL DEFAULT '',"
	"  start_date TEXT NOT NULL DEFAULT '',"
	"  end_date TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (pupil_id, school_id));"
	"CREATE INDEX enrolment_school ON enrolment (school_id);"

	/* id = year << 32 | enrolment_id: a year is one range of the table */
	"CREATE TABLE marks ("
	"  id INTEGER PRIMARY KEY,"
	"  enrolment_id INTEGER NOT NULL REFERENCES enrolment (id),"
	"  year INTEGER NOT NULL,"
	"  codes BLOB NOT NULL,"
	"  CHECK (id = (year << 32 | enrolment_id)));"

	"CREATE TABLE import ("
	"  id INTEGER PRIMARY KEY,"
	"  file TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  started_at TEXT NOT NULL,"
	"  summary TEXT NOT NULL DEFAULT '');"

	"CREATE TABLE mark_history ("
	"  id INTEGER PRIMARY KEY,"
	"  enrolment_id INTEGER NOT NULL REFERENCES enrolment (id),"
	"  date TEXT NOT NULL,"
	"  session TEXT NOT NULL CHECK (session IN ('AM', 'PM')),"
	"  old_code TEXT NOT NULL,"
	"  new_code TEXT NOT NULL,"
	"  changed_at TEXT NOT NULL,"
	"  import_id INTEGER NOT NULL REFERENCES import (id));"
	"CREATE INDEX mark_history_enrolment ON mark_history (enrolment_id, date);"
	"CREATE TRIGGER mark_history_no_update BEFORE UPDATE ON mark_history"
	"  BEGIN SELECT RAISE(ABORT, 'mark history is append-only'); END;"
	"CREATE TRIGGER mark_history_no_delete BEFORE DELETE ON mark_history"
	"  BEGIN SELECT RAISE(ABORT, 'mark history is append-only'); END;",

	/* 2: DfE published absence tables, for comparisons and rankings */
	"CREATE TABLE dfe_absence ("
	"  time_period INTEGER NOT NULL,"		/* 202324 */
	"  geographic_level TEXT NOT NULL,"	/* National, Regional, Local authority */
	"  area_code TEXT NOT NULL,"		/* new_la_code, region_code, country_code */
	"  old_la_code TEXT NOT NULL DEFAULT '',"	/* 3-digit LA number */
	"  area_name TEXT NOT NULL DEFAULT '',"
	"  region_name TEXT NOT NULL DEFAULT '',"
	"  education_phase TEXT NOT NULL DEFAULT 'Total',"
	"  enrolments INTEGER,"
	"  overall_pct REAL,"		/* NULL where the table suppresses */
	"  authorised_pct REAL,"
	"  unauthorised_pct REAL,"
	"  pa_pct REAL,"
	"  sa_pct REAL,"
	"  PRIMARY KEY (time_period, geographic_level, area_code, education_phase));",

	/* 3: people who sign in, what they may see, and what they did */
	"CREATE TABLE user ("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('la_lead', 'la_officer', 'school',"
	"    'social_worker', 'virtual_school', 'governor')),"
	"  password_hash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL);"
	/* officers' assigned schools; a school lead's or governor's school */
	"CREATE TABLE user_school ("
	"  user_id INTEGER NOT NULL REFERENCES user (id),"
	"  school_id INTEGER NOT NULL REFERENCES school (id),"
	"  PRIMARY KEY (user_id, school_id)) WITHOUT ROWID;"
	/* a social worker's caseload */
	"CREATE TABLE user_pupil ("
	"  user_id INTEGER NOT NULL REFERENCES user (id),"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  PRIMARY KEY (user_id, pupil_id)) WITHOUT ROWID;"
	/* only a hash of the session token is kept */
	"CREATE TABLE session ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user (id),"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE login_failure ("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL COLLATE NOCASE,"
	"  address TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX login_failure_user ON login_failure (username, at);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  user_id INTEGER,"
	"  username TEXT NOT NULL,"
	"  action TEXT NOT NULL,"		/* view, change, login, acknowledge... */
	"  object TEXT NOT NULL,"		/* "pupil J990200025000", "user 3" */
	"  detail TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX audit_object ON audit (object);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;",

	/* 4: how a school's MIS names the columns of its register exports */
	"CREATE TABLE mis_mapping ("
	"  urn INTEGER PRIMARY KEY,"
	"  upn_column TEXT NOT NULL DEFAULT '',"
	"  urn_column TEXT NOT NULL DEFAULT '',"
	"  date_column TEXT NOT NULL DEFAULT '',"
	"  am_column TEXT NOT NULL DEFAULT '',"
	"  pm_column TEXT NOT NULL DEFAULT '');",
};

size_t schema_migration_count(void)
{
	return sizeof(migrations) / sizeof(migrations[0]);
}

const char *schema_migration(size_t version)
{
	if (version < 1 || version > schema_migration_count())
		return NULL;
	return migrations[version - 1];
}
