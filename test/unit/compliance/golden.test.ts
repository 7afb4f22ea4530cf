/**
 * Compares the Markdown report of the basic example (rendered offline) with the committed file
 * in test/golden/compliance. A change in a check, a message or a document shows up here. After
 * an intended change, refresh the file and review the diff:
 *
 *   UPDATE_GOLDEN=1 node --test test/unit/compliance/golden.test.ts
 */

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { buildReport } from '../../../src/compliance/documents/report.ts';
import { renderMarkdown } from '../../../src/compliance/render/markdown.ts';
import { GOLDEN_DIR, rendered } from './fixtures.ts';

const update = process.env['UPDATE_GOLDEN'] === '1';

function checkGolden(file: string, actual: string): void {
  const path = join(GOLDEN_DIR, file);
  if (update) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${file} differs; rerun with UPDATE_GOLDEN=1 if intended`,
  );
}

describe('golden compliance report', () => {
  it('renders the basic example as Markdown', () => {
    checkGolden('basic.md', renderMarkdown(buildReport(rendered())));
  });
});
