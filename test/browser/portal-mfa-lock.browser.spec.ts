import request from 'supertest';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfaEnrolmentSchema } from '../../src/identity/http/identity.responses';
import { totpCode, totpStep } from '../../src/platform/auth/totp';
import { CLOCK, type Clock } from '../../src/shared-kernel/clock';
import { launchBrowser } from '../support/browser';
import { PASSWORD, signUp } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, secretFromOtpauthUri } from '../support/portal';
import { present } from '../support/present';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/** The server's clock stands still, so the lock holds for as long as the test needs it. */
describe('Portal: MFA lock after wrong codes (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let nowMs = Date.now();
  const clock: Clock = { now: () => new Date(nowMs) };

  beforeAll(async () => {
    app = await startTestApp({ configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock) });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('says when to try again, next to the code, once wrong codes have locked MFA; the right code then works after the lock', async () => {
    const user = await signUp(app);
    const enrolled = await request(app.baseUrl).post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200);
    const secret = secretFromOtpauthUri(json(enrolled, mfaEnrolmentSchema).otpauthUri);
    const codeAt = (offsetSteps: number) => totpCode(secret, totpStep(nowMs) + offsetSteps);
    await request(app.baseUrl)
      .post('/api/v1/auth/mfa/confirm')
      .set(user.auth)
      .send({ code: codeAt(0) })
      .expect(200);
    const accepted = new Set([codeAt(-1), codeAt(0), codeAt(1)]);
    const wrong = present(
      ['111111', '222222', '333333', '444444'].find((code) => !accepted.has(code)),
      'a code the server does not accept now',
    );

    const { page, pageErrors } = await openPortal(browser);
    await page.goto(`${app.baseUrl}/signin`);
    await page.locator('#signin-email').fill(user.email);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('signin-second-factor').waitFor(SETTLE);
    const error = page.getByTestId('totp-code-error');
    // The button is disabled while a code is checked, and click() waits for it: one code at a time.
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await page.getByTestId('totp-code').fill(wrong);
      await page.getByTestId('verify-mfa').click();
      await expect.poll(() => error.textContent(), SETTLE).toContain('wrong');
    }

    await page.getByTestId('totp-code').fill(codeAt(1));
    await page.getByTestId('verify-mfa').click();
    await expect.poll(() => error.textContent(), SETTLE).toBe('Too many wrong codes; try again in 1 s');

    nowMs += 1000;
    await page.getByTestId('verify-mfa').click();
    await page.waitForURL(`${app.baseUrl}/`, SETTLE);
    expect(pageErrors).toEqual([]);
  });
});
