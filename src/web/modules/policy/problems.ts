// Validation problems (单据校验) and server errors name a field of ProposalInput by path
// ('motor.vehicle.vin', 'beneficiaries.1.sharePercent', 'motor.coverages[0].limit'). The wizards
// keep their form close to that shape; these helpers turn the paths into antd field names so each
// problem shows under the field the clerk has to fix.
import type { ValidationProblem } from '../../../contracts/policy';
import { ApiError } from '../../app/api';

export type FieldName = (string | number)[];

/** 'a.b[1].c' / 'a.b.1.c' → ['a', 'b', 1, 'c'] (antd matches list rows by number). */
export function problemPath(field: string): FieldName {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function sameName(a: FieldName, b: FieldName): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

export interface PlacedProblems {
  /** For form.setFields: one entry per field, every message of that field. */
  fields: { name: FieldName; errors: string[] }[];
  /** Problems whose field the form does not show (listed above the form instead). */
  unplaced: ValidationProblem[];
}

/**
 * Sorts problems into those a form field shows and the rest. `resolve` maps a problem's path to
 * the form's field name, or null when the form has no such field.
 */
export function placeProblems(problems: readonly ValidationProblem[], resolve: (path: FieldName) => FieldName | null): PlacedProblems {
  const fields: PlacedProblems['fields'] = [];
  const unplaced: ValidationProblem[] = [];
  for (const problem of problems) {
    const name = problem.field ? resolve(problemPath(problem.field)) : null;
    if (!name) {
      unplaced.push(problem);
      continue;
    }
    const existing = fields.find((f) => sameName(f.name, name));
    if (existing) {
      if (!existing.errors.includes(problem.message)) existing.errors.push(problem.message);
    } else {
      fields.push({ name, errors: [problem.message] });
    }
  }
  return { fields, unplaced };
}

/** Whether `name` lies under one of `prefixes` (the top-level fields of a wizard step). */
export function underAny(name: FieldName, prefixes: readonly FieldName[]): boolean {
  return prefixes.some((prefix) => prefix.length <= name.length && prefix.every((part, i) => part === name[i]));
}

/**
 * A 400/422 answer to a save naming a field the form shows, as a problem to place under that
 * field; null for any other error (the caller notifies it).
 */
export function problemOfError(error: unknown, resolve: (path: FieldName) => FieldName | null): ValidationProblem | null {
  if (!(error instanceof ApiError) || typeof error.details?.field !== 'string') return null;
  const field = error.details.field;
  return resolve(problemPath(field)) ? { code: error.code, field, message: error.message } : null;
}
