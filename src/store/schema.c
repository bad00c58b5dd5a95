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

	/*
	 * 5: casework (issue 6): parents and households, cases on the
	 * graduated response with their append-only history, joint legal
	 * decisions, notices, part-time timetables, Targeting Support
	 * Meetings, children missing education and alerts.  Dates are
	 * YYYY-MM-DD, '' when not (yet) known; "at" columns are UTC times.
	 * The case table is pupil_case: CASE is an SQL keyword.
	 */
	"CREATE TABLE household ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE parent ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  contact TEXT NOT NULL DEFAULT '',"
	"  household_id INTEGER REFERENCES household (id));"
	"CREATE INDEX parent_household ON parent (household_id);"
	"CREATE TABLE pupil_parent ("
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  parent_id INTEGER NOT NULL REFERENCES parent (id),"
	"  relationship TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (pupil_id, parent_id)) WITHOUT ROWID;"
	"CREATE INDEX pupil_parent_parent ON pupil_parent (parent_id);"

	"CREATE TABLE pupil_case ("
	"  id INTEGER PRIMARY KEY,"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  stage TEXT NOT NULL CHECK (stage IN ('expect', 'monitor', 'listen',"
	"    'facilitate', 'formalise', 'enforce')),"
	"  opened TEXT NOT NULL,"
	"  closed TEXT NOT NULL DEFAULT '',"
	"  closed_reason TEXT NOT NULL DEFAULT '');"
	/* at most one open case per pupil */
	"CREATE UNIQUE INDEX pupil_case_open ON pupil_case (pupil_id)"
	"  WHERE closed = '';"
	"CREATE TABLE case_event ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES pupil_case (id),"
	"  at TEXT NOT NULL,"
	"  user_id INTEGER REFERENCES user (id),"
	"  from_stage TEXT NOT NULL DEFAULT '',"	/* '' when opened */
	"  to_stage TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  support_offered TEXT NOT NULL DEFAULT '',"
	"  support_outcome TEXT NOT NULL DEFAULT '',"
	"  not_appropriate TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX case_event_case ON case_event (case_id);"
	"CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event"
	"  BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;"
	"CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event"
	"  BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;"
	"CREATE TABLE case_barrier ("
	"  case_id INTEGER NOT NULL REFERENCES pupil_case (id),"
	"  barrier TEXT NOT NULL CHECK (barrier IN ('health', 'send',"
	"    'anxiety_ebsa', 'family', 'transport', 'bullying', 'young_carer',"
	"    'other')),"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  recorded TEXT NOT NULL,"
	"  user_id INTEGER REFERENCES user (id),"
	"  PRIMARY KEY (case_id, barrier)) WITHOUT ROWID;"
	"CREATE TABLE case_agency ("
	"  case_id INTEGER NOT NULL REFERENCES pupil_case (id),"
	"  agency TEXT NOT NULL CHECK (agency IN ('early_help_taf', 'camhs',"
	"    'send', 'social_care', 'school_nursing', 'youth_justice', 'other')),"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  since TEXT NOT NULL,"
	"  user_id INTEGER REFERENCES user (id),"
	"  PRIMARY KEY (case_id, agency)) WITHOUT ROWID;"
	"CREATE TABLE case_action ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES pupil_case (id),"
	"  what TEXT NOT NULL CHECK (what <> ''),"
	"  owner TEXT NOT NULL CHECK (owner <> ''),"
	"  due TEXT NOT NULL,"
	"  done TEXT NOT NULL DEFAULT '',"
	"  outcome TEXT NOT NULL DEFAULT '',"
	"  agreed TEXT NOT NULL,"
	"  user_id INTEGER REFERENCES user (id));"
	"CREATE INDEX case_action_case ON case_action (case_id);"

	"CREATE TABLE legal_decision ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES pupil_case (id),"
	"  decided TEXT NOT NULL,"
	"  user_id INTEGER REFERENCES user (id),"
	"  policy_followed TEXT NOT NULL DEFAULT '',"	/* step 1 */
	"  officer_discussed TEXT NOT NULL DEFAULT '',"	/* step 2 */
	"  support_considered TEXT NOT NULL DEFAULT '',"	/* step 3 */
	"  social_worker_required INTEGER NOT NULL,"	/* step 4 */
	"  social_worker_id INTEGER REFERENCES user (id),"
	"  social_worker_agreed TEXT NOT NULL DEFAULT '',"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('proceed', 'on_hold',"
	"    'no_action')),"
	"  review TEXT NOT NULL DEFAULT '',"		/* step 5 */
	"  reviewed TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX legal_decision_case ON legal_decision (case_id);"

	"CREATE TABLE penalty_notice ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER REFERENCES pupil_case (id),"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  parent_id INTEGER NOT NULL REFERENCES parent (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('nti', 'penalty')),"
	"  issued TEXT NOT NULL,"
	"  threshold_met TEXT NOT NULL,"
	"  no_nti_reason TEXT NOT NULL DEFAULT '',"
	"  amount_pence INTEGER NOT NULL DEFAULT 0,"
	"  reduced_until TEXT NOT NULL DEFAULT '',"
	"  due TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued',"
	"    'paid', 'unpaid', 'withdrawn')),"
	"  outcome_date TEXT NOT NULL DEFAULT '',"
	"  paid_pence INTEGER NOT NULL DEFAULT 0,"
	"  outcome TEXT NOT NULL DEFAULT '',"
	"  user_id INTEGER REFERENCES user (id),"
	"  FOREIGN KEY (pupil_id, parent_id) REFERENCES pupil_parent"
	"    (pupil_id, parent_id));"
	"CREATE INDEX penalty_notice_pupil ON penalty_notice (pupil_id, parent_id);"

	"CREATE TABLE part_time_timetable ("
	"  id INTEGER PRIMARY KEY,"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  school_id INTEGER NOT NULL REFERENCES school (id),"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL,"
	"  review_date TEXT NOT NULL,"
	"  hours_tenths INTEGER NOT NULL CHECK (hours_tenths BETWEEN 1 AND 325),"
	"  reason TEXT NOT NULL CHECK (reason <> ''),"
	"  parent_agreed INTEGER NOT NULL CHECK (parent_agreed = 1),"
	"  la_notified TEXT NOT NULL,"
	"  reviewed TEXT NOT NULL DEFAULT '',"
	"  ended TEXT NOT NULL DEFAULT '',"
	"  user_id INTEGER REFERENCES user (id),"
	"  CHECK (start_date < end_date AND review_date >= start_date));"
	"CREATE INDEX part_time_pupil ON part_time_timetable (pupil_id);"

	"CREATE TABLE school_officer ("
	"  school_id INTEGER PRIMARY KEY REFERENCES school (id),"
	"  user_id INTEGER NOT NULL REFERENCES user (id));"
	"CREATE TABLE tsm ("
	"  id INTEGER PRIMARY KEY,"
	"  school_id INTEGER NOT NULL REFERENCES school (id),"
	"  term TEXT NOT NULL,"			/* 2024-autumn */
	"  meeting_date TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('offered', 'accepted',"
	"    'declined', 'held', 'not_held')),"
	"  offered TEXT NOT NULL,"
	"  accepted TEXT NOT NULL DEFAULT '',"
	"  declined TEXT NOT NULL DEFAULT '',"
	"  held TEXT NOT NULL DEFAULT '',"
	"  not_held TEXT NOT NULL DEFAULT '',"
	"  officer_id INTEGER REFERENCES user (id),"
	"  notes TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX tsm_school ON tsm (school_id, meeting_date);"
	/* an action agreed at a meeting; a pupil's is also a case action */
	"CREATE TABLE tsm_action ("
	"  id INTEGER PRIMARY KEY,"
	"  tsm_id INTEGER NOT NULL REFERENCES tsm (id),"
	"  what TEXT NOT NULL CHECK (what <> ''),"
	"  owner TEXT NOT NULL CHECK (owner <> ''),"
	"  due TEXT NOT NULL,"
	"  case_action_id INTEGER REFERENCES case_action (id),"
	"  done TEXT NOT NULL DEFAULT '',"
	"  outcome TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX tsm_action_tsm ON tsm_action (tsm_id);"

	"CREATE TABLE cme ("
	"  id INTEGER PRIMARY KEY,"
	"  pupil_id INTEGER REFERENCES pupil (id),"
	"  name TEXT NOT NULL,"
	"  dob TEXT NOT NULL DEFAULT '',"
	"  school_id INTEGER REFERENCES school (id),"	/* last known */
	"  source TEXT NOT NULL CHECK (source IN ('referral',"
	"    'removal_from_roll', 'no_school_place')),"
	"  status TEXT NOT NULL CHECK (status IN ('referred', 'investigating',"
	"    'located', 'on_roll', 'closed')),"
	"  referred TEXT NOT NULL,"
	"  updated TEXT NOT NULL,"
	"  outcome TEXT NOT NULL DEFAULT '',"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  user_id INTEGER REFERENCES user (id),"
	"  CHECK (pupil_id IS NOT NULL OR name <> ''));"

	/* one row per alert; dedupe_key makes re-running generation idempotent */
	"CREATE TABLE alert ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  pupil_id INTEGER REFERENCES pupil (id),"
	"  school_id INTEGER REFERENCES school (id),"
	"  target_user_id INTEGER REFERENCES user (id),"
	"  target_role TEXT NOT NULL DEFAULT '',"
	"  created TEXT NOT NULL,"
	"  message TEXT NOT NULL,"
	"  dedupe_key TEXT NOT NULL UNIQUE,"
	"  acknowledged_by INTEGER REFERENCES user (id),"
	"  acknowledged_at TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX alert_open ON alert (acknowledged_at, target_role);",

	/*
	 * 6: which import last wrote each marks blob, and last changed what
	 * the analytics engine and the web server's figures keep of a pupil
	 * or an enrolment, so a running server takes in only what changed
	 * since (0: before this migration).  A change is stamped with the latest import's id,
	 * the one under way; one made outside an import is stamped with the
	 * last, and taken in at the next (engine_refresh() reads from the
	 * version it has, inclusive).  New enrolments need no stamp: their
	 * ids are higher than any the engine has.
	 */
	"ALTER TABLE marks ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX marks_import ON marks (import_id);"
	"ALTER TABLE pupil ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX pupil_import ON pupil (import_id);"
	"ALTER TABLE enrolment ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX enrolment_import ON enrolment (import_id);"
	"CREATE TRIGGER pupil_changed AFTER UPDATE OF upn, surname, forename,"
	"  dob, sex, fsm, sen, social_care, early_help, youth_justice, eal,"
	"  postcode ON pupil"
	"  WHEN old.upn IS NOT new.upn OR old.surname IS NOT new.surname"
	"    OR old.forename IS NOT new.forename"
	"    OR old.dob IS NOT new.dob OR old.sex IS NOT new.sex"
	"    OR old.fsm IS NOT new.fsm OR old.sen IS NOT new.sen"
	"    OR old.social_care IS NOT new.social_care"
	"    OR old.early_help IS NOT new.early_help"
	"    OR old.youth_justice IS NOT new.youth_justice"
	"    OR old.eal IS NOT new.eal OR old.postcode IS NOT new.postcode"
	"  BEGIN UPDATE pupil SET import_id ="
	"    (SELECT coalesce(max(id), 0) FROM import) WHERE id = new.id; END;"
	"CREATE TRIGGER enrolment_changed AFTER UPDATE OF pupil_id, school_id,"
	"  year_group ON enrolment"
	"  WHEN old.pupil_id IS NOT new.pupil_id"
	"    OR old.school_id IS NOT new.school_id"
	"    OR old.year_group IS NOT new.year_group"
	"  BEGIN UPDATE enrolment SET import_id ="
	"    (SELECT coalesce(max(id), 0) FROM import) WHERE id = new.id; END;"
	/* names this store's cache files apart from another's at that path */
	"INSERT OR IGNORE INTO meta (key, value) "
	"  VALUES ('store_id', lower(hex(randomblob(8))));",

	/*
	 * 7: real files, every day, losing nothing (issue 17; see
	 * docs/imports.md).  MIS exports with a row per session; each
	 * school's type and closing date (from GIAS); marks held for pupils
	 * not yet on the roll, with the file and line they came from; notes
	 * on the data's quality; suspensions and exclusions.
	 */
	"ALTER TABLE mis_mapping ADD COLUMN session_column TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE mis_mapping ADD COLUMN mark_column TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE school ADD COLUMN type TEXT NOT NULL DEFAULT ''"
	"  CHECK (type IN ('', 'academy', 'maintained', 'free_school', 'special',"
	"    'pru_ap', 'independent'));"
	"ALTER TABLE school ADD COLUMN closed TEXT NOT NULL DEFAULT '';"
	/* one mark waiting for its pupil's record at the school */
	"CREATE TABLE held_mark ("
	"  id INTEGER PRIMARY KEY,"
	"  urn INTEGER NOT NULL,"
	"  upn TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  session TEXT NOT NULL CHECK (session IN ('AM', 'PM')),"
	"  code TEXT NOT NULL,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  import_id INTEGER NOT NULL REFERENCES import (id),"
	"  held_at TEXT NOT NULL,"
	"  UNIQUE (urn, upn, date, session));"
	/*
	 * totals: a CTF year whose Sessions* totals disagree with its marks
	 * (given_*: NULL when not given); closed_day, sunday: marks other
	 * than '#' on days the school's calendar has it closed, or Sundays,
	 * counted per pupil, year and file.  A file imported again notes
	 * nothing new.
	 */
	"CREATE TABLE data_quality ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('totals', 'closed_day', 'sunday')),"
	"  urn INTEGER NOT NULL,"
	"  upn TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  first_date TEXT NOT NULL,"
	"  last_date TEXT NOT NULL,"
	"  marks INTEGER NOT NULL DEFAULT 0,"
	"  given_possible INTEGER, given_attended INTEGER,"
	"  given_authorised INTEGER, given_unauthorised INTEGER,"
	"  marks_possible INTEGER, marks_attended INTEGER,"
	"  marks_authorised INTEGER, marks_unauthorised INTEGER,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  import_id INTEGER NOT NULL REFERENCES import (id),"
	"  noted_at TEXT NOT NULL);"
	"CREATE UNIQUE INDEX data_quality_once ON data_quality (urn, upn, kind,"
	"  year, first_date, last_date, marks, coalesce(given_possible, -1),"
	"  coalesce(given_attended, -1), coalesce(given_authorised, -1),"
	"  coalesce(given_unauthorised, -1));"
	/* category: suspension (DfE FIXD), permanent (PERM), lunchtime (LUNC) */
	"CREATE TABLE exclusion ("
	"  id INTEGER PRIMARY KEY,"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  school_id INTEGER NOT NULL REFERENCES school (id),"
	"  category TEXT NOT NULL"
	"    CHECK (category IN ('suspension', 'permanent', 'lunchtime')),"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL DEFAULT '',"
	"  reason TEXT NOT NULL DEFAULT '',"
	"  sessions INTEGER,"
	"  import_id INTEGER NOT NULL REFERENCES import (id),"
	"  UNIQUE (pupil_id, school_id, start_date, category));"
	"CREATE INDEX exclusion_school ON exclusion (school_id, start_date);",

	/*
	 * 8: the audit log in a file of its own, PATH.audit
	 * (store/audit_file.h), so that an import's write lock on the store
	 * never holds up a view's audit row.  store_open() has copied the
	 * rows and checked the copy before this runs.
	 */
	"DROP TABLE audit;"
	"INSERT INTO meta (key, value) VALUES ('audit_file', 'own file');",

	/*
	 * 9: an enrolment's start and end dates are what a former school
	 * may see by (core/access.h): a change to them is stamped as
	 * migration 6 stamps its other columns, so the web server's roll
	 * takes it in.
	 */
	"CREATE TRIGGER enrolment_dates_changed AFTER UPDATE OF start_date,"
	"  end_date ON enrolment"
	"  WHEN old.start_date IS NOT new.start_date"
	"    OR old.end_date IS NOT new.end_date"
	"  BEGIN UPDATE enrolment SET import_id ="
	"    (SELECT coalesce(max(id), 0) FROM import) WHERE id = new.id; END;",

	/*
	 * 10: retention (report/retention.h).  A legal hold keeps all of a
	 * pupil's records whatever their age.  retention_erase holds, only
	 * inside the transaction of `attend retention apply`, the pupils
	 * whose registers or casework are past the authority's period: the
	 * append-only histories let rows of those pupils, and no others, be
	 * deleted, and a held pupil cannot be put there.
	 */
	"CREATE TABLE retention_hold ("
	"  pupil_id INTEGER PRIMARY KEY REFERENCES pupil (id),"
	"  reason TEXT NOT NULL CHECK (reason <> ''),"
	"  held_at TEXT NOT NULL,"
	"  held_by TEXT NOT NULL);"
	"CREATE TABLE retention_erase ("
	"  pupil_id INTEGER PRIMARY KEY);"
	"CREATE TRIGGER retention_erase_not_held BEFORE INSERT ON retention_erase"
	"  WHEN EXISTS (SELECT 1 FROM retention_hold WHERE pupil_id = NEW.pupil_id)"
	"  BEGIN SELECT RAISE(ABORT, 'a legal hold keeps this pupil''s records');"
	"  END;"
	"DROP TRIGGER mark_history_no_delete;"
	"CREATE TRIGGER mark_history_no_delete BEFORE DELETE ON mark_history"
	"  WHEN NOT EXISTS (SELECT 1 FROM retention_erase r JOIN enrolment en"
	"    ON en.pupil_id = r.pupil_id WHERE en.id = OLD.enrolment_id)"
	"  BEGIN SELECT RAISE(ABORT, 'mark history is append-only'); END;"
	"DROP TRIGGER case_event_no_delete;"
	"CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event"
	"  WHEN NOT EXISTS (SELECT 1 FROM retention_erase r JOIN pupil_case c"
	"    ON c.pupil_id = r.pupil_id WHERE c.id = OLD.case_id)"
	"  BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;",

	/*
	 * 11: the officer's working day (issue 14).  Cases proposed by the
	 * rule of core/proposal.h and opened, or dismissed with a reason,
	 * by people: at most one open proposal per pupil; `band` is the
	 * band when proposed, so a dismissed proposal is made again only
	 * when the pupil's band gets worse.  Alerts: the day of the event
	 * an alert reports, the day it expires unacknowledged, and its
	 * subject (kind, what it is about and for whom): a new alert of the
	 * same subject supersedes the open one (casework.h).
	 */
	"CREATE TABLE case_proposal ("
	"  id INTEGER PRIMARY KEY,"
	"  pupil_id INTEGER NOT NULL REFERENCES pupil (id),"
	"  school_id INTEGER NOT NULL REFERENCES school (id),"
	"  year INTEGER NOT NULL,"
	"  proposed TEXT NOT NULL,"
	"  ground TEXT NOT NULL CHECK (ground IN ('band', 'rising', 'vulnerable')),"
	"  band TEXT NOT NULL,"
	"  absent INTEGER NOT NULL,"
	"  possible INTEGER NOT NULL,"
	"  absent_before INTEGER NOT NULL,"
	"  possible_before INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (status IN ('open', 'accepted', 'dismissed')),"
	"  decided TEXT NOT NULL DEFAULT '',"
	"  decided_by INTEGER REFERENCES user (id),"
	"  decision_reason TEXT NOT NULL DEFAULT '',"
	"  case_id INTEGER REFERENCES pupil_case (id));"
	"CREATE UNIQUE INDEX case_proposal_open ON case_proposal (pupil_id)"
	"  WHERE status = 'open';"
	"CREATE INDEX case_proposal_pupil ON case_proposal (pupil_id, year);"
	"ALTER TABLE alert ADD COLUMN event_date TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE alert ADD COLUMN expires TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE alert ADD COLUMN subject TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE alert ADD COLUMN superseded_by INTEGER REFERENCES alert (id);"
	"CREATE INDEX alert_subject ON alert (subject) WHERE acknowledged_at = '';",

	/*
	 * 12: single sign-on (auth/oidc.h, docs/sso.md).  A user may be
	 * linked to the OpenID Connect provider's subject ("sub"), which
	 * is then who they are at sign-on; and may have an email address,
	 * by which an administrator lets the first sign-on link the
	 * subject.  Both are unique when set.  A user with an empty
	 * password_hash signs in through the provider only.
	 */
	"ALTER TABLE user ADD COLUMN oidc_subject TEXT"
	"  CHECK (oidc_subject IS NULL OR length(oidc_subject) BETWEEN 1 AND 255);"
	"ALTER TABLE user ADD COLUMN email TEXT COLLATE NOCASE"
	"  CHECK (email IS NULL OR email LIKE '_%@_%');"
	"CREATE UNIQUE INDEX user_oidc_subject ON user (oidc_subject)"
	"  WHERE oidc_subject IS NOT NULL;"
	"CREATE UNIQUE INDEX user_email ON user (email) WHERE email IS NOT NULL;",
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
