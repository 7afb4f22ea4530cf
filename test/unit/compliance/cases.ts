/**
 * Table runner for the check tests: each row names a check, how to make it pass and fail from
 * the rendered basic example, and what the result message must match.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checkById } from '../../../src/compliance/registry.ts';
import { runCheck } from '../../../src/compliance/run.ts';
import type { CheckResult, ComplianceContext, Result } from '../../../src/compliance/types.ts';
import { rendered } from './fixtures.ts';

export type Change = (context: ComplianceContext) => ComplianceContext;

export interface Outcome {
  /** What the test shows, e.g. "passes the rendered example". */
  name: string;
  change?: Change;
  result: Result;
  message: RegExp;
}

export interface CheckCases {
  id: string;
  outcomes: Outcome[];
}

export function evaluate(id: string, context: ComplianceContext): CheckResult {
  return runCheck(checkById(id), context);
}

/** Runs every outcome of every check as its own test. */
export function runCases(title: string, table: CheckCases[]): void {
  describe(title, () => {
    for (const { id, outcomes } of table) {
      for (const outcome of outcomes) {
        it(`${id} ${outcome.name}`, () => {
          const context = (outcome.change ?? ((c) => c))(rendered());
          const result = evaluate(id, context);
          assert.equal(result.result, outcome.result, `${id}: ${result.message}`);
          assert.match(result.message, outcome.message);
          assert.ok(
            result.evidence.length > 0 || outcome.result === 'not-applicable',
            `${id} has no evidence`,
          );
        });
      }
    }
  });
}

/** Builds the common pass row: the rendered example as the operator builds it. */
export function passesRender(message: RegExp): Outcome {
  return { name: 'passes the rendered example', result: 'pass', message };
}
