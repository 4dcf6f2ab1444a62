import { tick } from 'svelte';
import { ApiError, errorMessage } from '$lib/api';

/** What a failed submit shows: messages next to fields, and one for the form as a whole. */
export interface FormErrors<Field extends string = string> {
  fields: Partial<Record<Field, string>>;
  message: string | null;
}

export const NO_ERRORS: FormErrors<never> = { fields: {}, message: null };

interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Splits an API error into inline messages: a 400 VALIDATION_FAILED names the fields that
 * failed, and those we show on the form go next to their input. Everything else is general.
 */
export function formErrors<Field extends string>(error: unknown, fields: readonly Field[]): FormErrors<Field> {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED')
    return { fields: {}, message: errorMessage(error) };
  const issues = Array.isArray(error.details.issues) ? (error.details.issues as ValidationIssue[]) : [];
  const byField: Partial<Record<Field, string>> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = fields.find((name) => name === issue.path);
    if (field && !byField[field]) byField[field] = sentence(issue.message);
    else if (!field) rest.push(sentence(issue.message));
  }
  const unplaced = issues.length === 0 ? error.message : rest.join(' ');
  return { fields: byField, message: unplaced || null };
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.message !== null || Object.values(errors.fields).some(Boolean);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** Accepts only same-origin paths, so `?next=` can't send someone to another site after sign-in. */
export function safeNextPath(next: string | null, fallback = '/account'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** After a failed submit, puts keyboard and screen-reader focus on the first field to fix. */
export async function focusFirstInvalid(form: HTMLFormElement | null): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
