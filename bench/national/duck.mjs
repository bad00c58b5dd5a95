// DuckDB's side of the national-scale benchmark (bench/national/run.sh).
//
//   node duck.mjs DATA_DIR SQL_DIR ANSWER_DIR RUNS
//
// Loads DATA_DIR/marks.csv (one row per mark) and enrolments.csv into
// native in-memory tables, builds the layout of our choice (one row per
// enrolment with its marks as a list in slot order), then times each
// query in SQL_DIR (*.sql): one warm-up, then the best of RUNS, every
// result row read into the client (runAndReadAll).  Answers are written
// afterwards with COPY, untimed.  Prints "key value" lines.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dataDir, sqlDir, answerDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await instance.connect();
const now = () => Number(process.hrtime.bigint()) / 1e9;

let t = now();
await con.run(`CREATE TABLE mark AS SELECT * FROM read_csv('${join(dataDir, 'marks.csv')}',
  header = false, columns = {'enrolment_id': 'UINTEGER', 'slot': 'USMALLINT', 'code': 'UTINYINT'})`);
await con.run(`CREATE TABLE enrolment AS SELECT * FROM read_csv('${join(dataDir, 'enrolments.csv')}',
  header = false, columns = {'enrolment_id': 'UINTEGER', 'school': 'UINTEGER', 'flags': 'USMALLINT'})`);
await con.run(`CREATE TABLE cohort AS SELECT range::INTEGER AS c FROM range(11)`);
console.log(`duckdb_load_s ${(now() - t).toFixed(3)}`);
t = now();
await con.run(`CREATE TABLE enrolment_marks AS SELECT m.enrolment_id, e.school,
  list(m.code ORDER BY m.slot) AS marks FROM mark m JOIN enrolment e USING (enrolment_id)
  GROUP BY m.enrolment_id, e.school`);
console.log(`duckdb_list_layout_s ${(now() - t).toFixed(3)}`);

const files = readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort();
for (const f of files) {
  const name = f.replace(/\.sql$/, '');
  const sql = readFileSync(join(sqlDir, f), 'utf8').trim().replace(/;$/, '');
  let best = Infinity;
  let rows = 0;
  for (let r = 0; r <= runs; r++) {
    const t0 = now();
    const reader = await con.runAndReadAll(sql);
    const dt = now() - t0;
    rows = reader.currentRowCount;
    if (r > 0 && dt < best) best = dt;
  }
  console.log(`duckdb_${name}_s ${best.toFixed(4)}`);
  console.log(`duckdb_${name}_rows ${rows}`);
  if (answerDir) {
    await con.run(`COPY (${sql}) TO '${join(answerDir, name + '.txt')}'
      (HEADER false, DELIMITER ' ', QUOTE '')`);
  }
}
console.log(`duckdb_peak_rss_bytes ${process.resourceUsage().maxRSS * 1024}`);
