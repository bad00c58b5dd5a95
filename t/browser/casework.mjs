// Walks casework in headless chromium as an LA officer: a case from Monitor
// to a penalty notice (open, a refused move to Enforce, moves with support
// recorded, a barrier and an action, the joint legal decision, a parent, a
// Notice to Improve then a penalty notice), then a Targeting Support
// Meeting (offer, accept, hold, record an action, open the pack, print it
// to PDF), then the alerts queue.  Prints TAP; screenshots of every page
// go to $SHOTS (and to $COPY when set).
import { chromium } from 'playwright-core';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';

const base = process.env.BASE;
const shots = process.env.SHOTS || 'screenshots';
const copy = process.env.COPY || '';
const upn = process.env.UPN;		// a pupil of Oak with ten N a week
const password = process.env.PASSWORD || 'correct horse battery';
const today = process.env.ATTEND_TODAY;
mkdirSync(shots, { recursive: true });
if (copy) mkdirSync(copy, { recursive: true });

let n = 0, failed = 0;
function ok(cond, name) {
  n++;
  if (!cond) failed++;
  console.log(`${cond ? '' : 'not '}ok ${n} - ${name}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update',
         '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();

async function shot(name) {
  const path = `${shots}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  if (copy) copyFileSync(path, `${copy}/${name}.png`);
}

// Submits a form and waits for the page it leads to; returns its status.
async function submit(form, button) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    form.getByRole('button', { name: button }).click(),
  ]);
  return response.status();
}

// Opens the <details> holding a form (a click on its summary, as a person would).
async function reveal(id) {
  const d = page.locator(`details#${id}`);
  if (!(await d.evaluate(e => e.open))) await d.locator('summary').click();
  return d.locator('form');
}

async function move(to, reason, extra = {}) {
  const f = await reveal('move');
  await f.getByLabel('To stage').selectOption({ label: to });
  await f.getByLabel('Why', { exact: true }).fill(reason);
  for (const [label, value] of Object.entries(extra))
    await f.getByLabel(label).fill(value);
  return submit(f, 'Move case');
}

// sign in
await page.goto(base + '/login');
await page.getByLabel('Username').fill('officer');
await page.getByLabel('Password').fill(password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForLoadState();
ok(!page.url().endsWith('/login'), 'officer: signs in');

// the cases list, from the navigation
await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
await page.waitForLoadState();
ok(page.url().endsWith('/cases') && (await page.content()).includes('Open a case'),
   'officer: the Cases link leads to the cases list with a form to open one');
await shot('01-cases-empty');

// open a case at Monitor
{
  const f = page.locator('form[action="/cases"][method="post"]');
  await f.getByLabel("Pupil's UPN").fill(upn);
  await f.getByLabel('Stage', { exact: true }).selectOption('monitor');
  await f.getByLabel('Why', { exact: true }).fill('Ten unexplained absences in a fortnight');
  const status = await submit(f, 'Open case');
  ok(status === 200 && page.url().includes(`/cases/${upn}`),
     'opening a case lands on the case page');
  ok((await page.locator('[aria-current="step"]').textContent()).includes('Monitor'),
     'the new case is at Monitor');
}
await shot('02-case-monitor');

// Enforce straight away is refused, with the reason and the typing kept
{
  const status = await move('Enforce', 'Straight to a notice <b>now</b>');
  const alert = await page.getByRole('alert').textContent();
  ok(status === 422 && alert.includes('support comes before enforcement'),
     `a move to Enforce without support is refused with the reason (status ${status})`);
  ok((await page.locator('#move-reason').inputValue()) === 'Straight to a notice <b>now</b>',
     'the refused form keeps what was typed');
  ok((await page.locator('[aria-current="step"]').textContent()).includes('Monitor'),
     'after the refusal the case is still at Monitor');
  await shot('03-case-refused-enforce');
}

// through the stages, with support recorded on the way
ok(await move('Listen and understand', 'Met the family at home') === 200,
   'moved to Listen and understand');
{
  const f = await reveal('barrier');
  await f.getByLabel('Barrier').selectOption('anxiety_ebsa');
  await f.getByLabel('What is known').fill('Worried about the walk to school');
  ok(await submit(f, 'Record barrier') === 200 &&
     (await page.content()).includes('Anxiety'), 'a barrier is recorded');
}
ok(await move('Facilitate support', 'Early help assessment agreed') === 200,
   'moved to Facilitate support');
{
  const f = await reveal('action');
  await f.getByLabel('What is to be done').fill('Walk to school with a mentor');
  await f.getByLabel('Who owns it').fill('Pastoral lead');
  await f.getByLabel('Due by').fill('2025-11-28');
  ok(await submit(f, 'Add action') === 200 &&
     (await page.content()).includes('Walk to school with a mentor'), 'an action is added');
}
ok(await move('Formalise support', 'Attendance did not improve',
   { 'Formal support offered (contract, ESO)': 'Parenting contract',
     'What happened': 'Signed, then not kept' }) === 200,
   'moved to Formalise support with the support offered and its outcome');
ok(await move('Enforce', 'The contract was not kept') === 200 &&
   (await page.locator('[aria-current="step"]').textContent()).includes('Enforce'),
   'the move to Enforce is allowed once support was recorded');
await shot('04-case-enforce');

// the joint legal decision
{
  const f = await reveal('legal');
  await f.getByLabel('1. The school followed its attendance policy: evidence').fill('Letters of 1 and 15 October');
  await f.getByLabel('2. Discussed with the named LA officer: who, when').fill('Olly Officer, 3 November');
  await f.getByLabel('3. Other support considered').fill('Early help, mentor, contract');
  await f.getByLabel('5 and 6. Decision').selectOption('proceed');
  ok(await submit(f, 'Record decision') === 200 &&
     (await page.locator('#legal-decisions + table').textContent()).includes('Proceed'),
     'the joint legal decision to proceed is recorded');
}

// a parent, then a Notice to Improve, then a penalty notice
{
  const f = await reveal('parent');
  await f.getByLabel('Name', { exact: true }).fill('Pat Able');
  await f.getByLabel('Relationship (mother, carer...)').fill('mother');
  ok(await submit(f, 'Add parent') === 200 &&
     (await page.locator('#parents + table').textContent()).includes('Pat Able'),
     'a parent is added');
}
{
  const f = await reveal('notice');
  await f.getByLabel('Kind').selectOption('penalty');
  const status = await submit(f, 'Issue notice');
  ok(status === 422 && (await page.getByRole('alert').textContent()).includes('Notice to Improve should come first'),
     'a penalty notice before a Notice to Improve is refused');
}
{
  const f = await reveal('notice');
  await f.getByLabel('Kind').selectOption('nti');
  ok(await submit(f, 'Issue notice') === 200 &&
     (await page.locator('#notices + table').textContent()).includes('Notice to Improve'),
     'a Notice to Improve is issued');
}
{
  const f = await reveal('notice');
  await f.getByLabel('Kind').selectOption('penalty');
  ok(await submit(f, 'Issue notice') === 200, 'a penalty notice is issued');
  const row = await page.locator('#notices + table tbody tr').nth(1).textContent();
  ok(row.includes('Penalty notice') && row.includes('£80.00'),
     `the penalty notice is £80 (reduced rate): ${row.slice(0, 80)}`);
}
await shot('05-case-penalty-notice');

// the cases list shows the case at Enforce
await page.goto(base + '/cases?stage=enforce');
ok((await page.locator('main table tbody').textContent()).includes(upn),
   'the cases list filtered to Enforce shows the case');
await shot('06-cases-enforce');

// a Targeting Support Meeting
await page.getByRole('navigation').getByRole('link', { name: 'TSMs' }).click();
await page.waitForLoadState();
await shot('07-tsm-empty');
{
  const f = page.locator('form[action="/tsm"]');
  await f.getByLabel('School', { exact: true }).selectOption('100001');
  await f.getByLabel('Meeting date').fill(today);
  ok(await submit(f, 'Offer meeting') === 200 &&
     (await page.content()).includes('offered'), 'a meeting is offered');
}
const id = await page.locator('details[id^="respond"]').first().getAttribute('id');
const meeting = id.replace('respond', '');
{
  const f = await reveal(`respond${meeting}`);
  await f.getByLabel('The school').selectOption('accept');
  ok(await submit(f, 'Record answer') === 200 &&
     (await page.locator('main table').nth(1).textContent()).includes('accepted'),
     'the school accepts');
}
{
  const f = await reveal(`hold${meeting}`);
  await f.getByLabel('The meeting was').selectOption('held');
  await f.getByLabel('Priorities and notes').fill('School: cut N codes by half. LA: severe absence in Year 5.');
  ok(await submit(f, 'Record meeting') === 200 &&
     (await page.locator('main table').nth(1).textContent()).includes('held'),
     'the meeting is recorded as held');
}
{
  const f = await reveal(`action${meeting}`);
  await f.getByLabel('What is to be done').fill('Home visit before half term');
  await f.getByLabel('Who owns it').fill('Olly Officer');
  await f.getByLabel('Due by').fill('2025-11-21');
  await f.getByLabel("Pupil's UPN (if about one pupil)").fill(upn);
  ok(await submit(f, 'Record action') === 200, 'an action agreed at the meeting is recorded');
}
ok((await page.locator('.cards').textContent()).includes('1 of 2'),
   'the authority count shows one school of two accepted and held a meeting');
await shot('08-tsm-held');

// the pack
await page.getByRole('link', { name: 'TSM pack' }).first().click();
await page.waitForLoadState();
{
  const body = await page.content();
  ok(body.includes('Attendance bands') && body.includes('Severe absence: named pupils') &&
     body.includes('Home visit before half term') && body.includes('cut N codes by half'),
     'the pack shows bands, named SA pupils, the meeting\'s priorities and its actions');
  ok((await page.locator('main table').filter({ hasText: 'Home visit before half term' }).count()) > 0,
     'the pack lists the last meeting\'s actions in a table');
}
await shot('09-tsm-pack');
await page.emulateMedia({ media: 'print' });
await shot('10-tsm-pack-print');
await page.pdf({ path: `${shots}/tsm-pack.pdf`, format: 'A4' });
if (copy) copyFileSync(`${shots}/tsm-pack.pdf`, `${copy}/tsm-pack.pdf`);
ok(statSync(`${shots}/tsm-pack.pdf`).size > 10000, 'the pack prints to PDF');
await page.emulateMedia({ media: 'screen' });

// the action agreed at the meeting is on the case too
await page.goto(base + `/cases/${upn}`);
ok((await page.locator('#actions + table').textContent()).includes('Home visit before half term'),
   'the meeting\'s action for the pupil is on their case');

// alerts
await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
await page.waitForLoadState();
ok((await page.content()).includes('<h1>Alerts</h1>'), 'the alerts page opens from the navigation');
const buttons = page.getByRole('button', { name: /^Acknowledge alert/ });
if (await buttons.count()) {
  const before = await buttons.count();
  const [r] = await Promise.all([page.waitForNavigation(), buttons.first().click()]);
  ok(r.status() === 200 && await buttons.count() === before - 1, 'an alert is acknowledged');
} else {
  ok(false, 'an alert is in the officer\'s queue to acknowledge');
}
await shot('11-alerts');

await browser.close();
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
