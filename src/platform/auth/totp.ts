import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/**
 * RFC 6238 TOTP through otplib, with the parameters every authenticator app defaults to and that
 * enrolled apps already use: SHA-1, 6 digits, 30 s steps, 20-byte secrets.
 */
const PARAMETERS = { algorithm: 'sha1', digits: 6, period: 30 } as const;
const SECRET_BYTES = 20;
// One step of clock drift either way: otplib turns ±30 s around now into the steps now-1..now+1.
const DRIFT_SECONDS = PARAMETERS.period;

export function generateTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

export function totpCode(secretBase32: string, step: number): string {
  return generateSync({ secret: secretBase32, ...PARAMETERS, epoch: step * PARAMETERS.period });
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PARAMETERS.period);
}

/**
 * The step a code matches within the drift, or null. Steps at or before `lastUsedStep` are
 * refused so a code can't be replayed. otplib compares the codes in constant time.
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number, lastUsedStep: number): number | null {
  // otplib throws for a last-used step past the window (a clock set back); no code can be newer then.
  if (lastUsedStep > totpStep(nowMs) + 1) return null;
  const epoch = Math.floor(nowMs / 1000);
  const result = verifySync({
    secret: secretBase32,
    token: code,
    ...PARAMETERS,
    epoch,
    epochTolerance: DRIFT_SECONDS,
    afterTimeStep: lastUsedStep,
  });
  // The result type also covers HOTP, whose results carry no step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function otpauthUri(secretBase32: string, accountLabel: string, issuer = 'SmartStart'): string {
  return generateURI({ issuer, label: accountLabel, secret: secretBase32, ...PARAMETERS });
}
