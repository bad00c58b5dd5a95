// Walks the web application in headless chromium as every role: sign in,
// the main pages, a filter form, the CSRF and sign-out flows.  Prints TAP;
// screenshots of every page go to $SHOTS.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE;
const shots = process.env.SHOTS || 'screenshots';
const password = process.env.PASSWORD || 'correct horse battery';
mkdirSync(shots, { recursive: true });

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

async function signIn(user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/');
  ok(page.url().endsWith('/login'), `${user}: a signed-out visit lands on the sign-in page`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  ok(!page.url().endsWith('/login'), `${user}: signing in leaves the sign-in page`);
  return { context, page };
}

async function visit(page, user, path, expectText, shot) {
  const response = await page.goto(base + path);
  const body = await page.content();
  ok(response.status() === 200 && body.includes(expectText),
     `${user}: ${path} shows "${expectText}" (status ${response.status()})`);
  await page.screenshot({ path: `${shots}/${shot}.png`, fullPage: true });
}

const walks = {
  lead: [['/', 'Authority attendance', 'lead-dashboard'],
         ['/schools', 'Schools', 'lead-schools'],
         ['/schools/100001', 'Attendance band by cohort', 'lead-school'],
         ['/lists/pa', 'Persistent absence', 'lead-list-pa'],
         ['/hotspots', 'Hotspots', 'lead-hotspots'],
         ['/audit', 'Audit log', 'lead-audit']],
  oak: [['/schools/100001', 'Weekly absence', 'school-page'],
        ['/lists/caseload', 'Children I may see', 'school-list']],
  sw: [['/lists/caseload', 'Children I may see', 'social-worker-list']],
  vs: [['/lists/caseload', 'Children I may see', 'virtual-school-list']],
  gov: [['/schools/100001', 'Attendance bands', 'governor-school']],
};

for (const [user, pages] of Object.entries(walks)) {
  const { context, page } = await signIn(user);
  for (const [path, text, shot] of pages)
    await visit(page, user, path, text, shot);
  if (user === 'lead') {
    // a pupil page from a list
    await page.goto(base + '/lists/caseload');
    await page.locator('main table a[href^="/pupils/"]').first().click();
    await page.waitForLoadState();
    ok((await page.content()).includes('Register'), 'lead: a pupil link opens the pupil page with the register');
    await page.screenshot({ path: `${shots}/lead-pupil.png`, fullPage: true });
    // the filter form
    await page.goto(base + '/lists/caseload');
    await page.getByLabel('School (URN)').fill('100002');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForLoadState();
    const rows = await page.locator('main table tbody tr').allTextContents();
    ok(rows.length > 0 && rows.every(r => !r.includes('Oak')), 'lead: filtering a list by school keeps only that school');
    // a form whose CSRF token has been tampered with is refused
    const [forged] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() => {
        document.querySelector('form.signout input[name=csrf]').value = 'forged';
        document.querySelector('form.signout').submit();
      }),
    ]);
    ok(forged.status() === 403, 'lead: a form with a forged CSRF token is refused');
    await page.goto(base + '/');
    ok(page.url() === base + '/', 'lead: the session survives the refused forgery');
  }
  if (user === 'oak') {
    const r = await page.goto(base + '/schools/100002');
    ok(r.status() === 403, 'oak: another school\'s page is refused in the browser');
  }
  // sign out
  await page.goto(base + '/lists/caseload');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState();
  ok(page.url().endsWith('/login'), `${user}: signing out returns to the sign-in page`);
  await page.goto(base + '/');
  ok(page.url().endsWith('/login'), `${user}: after signing out the dashboard needs a sign-in again`);
  await context.close();
}

// On a phone (390 pixels) no page is wider than the screen: wide tables
// and long select boxes scroll or shrink inside it.
{
  const { context, page } = await signIn('lead');
  await page.setViewportSize({ width: 390, height: 800 });
  for (const path of ['/week', '/proposals', '/lists/caseload', '/cases',
                      '/upload', '/schools/100001', '/alerts']) {
    await page.goto(base + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(width <= 390, `lead: ${path} fits a 390-pixel phone (${width} pixels wide)`);
    await page.screenshot({ path: `${shots}/phone${path.replace(/\//g, '-')}.png` });
  }
  await context.close();
}

await browser.close();
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
