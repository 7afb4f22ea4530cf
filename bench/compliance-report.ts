/**
 * Measures what a quiet reconcile spends on the privacy checks and the documents for one
 * instance (examples/basic.yaml): the median of 30 runs of each step, in milliseconds.
 * Run: node_modules/.bin/node bench/compliance-report.ts
 */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { GdprJitsiMeet } from '../src/api/types.ts';
import {
  buildReport,
  renderedContext,
  renderHtml,
  renderMarkdown,
  runChecks,
} from '../src/compliance/index.ts';

const RUNS = 30;

function medianMs(step: () => unknown): string {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return (times[Math.floor(RUNS / 2)] ?? Number.NaN).toFixed(2);
}

const instance = load(
  readFileSync(new URL('../examples/basic.yaml', import.meta.url), 'utf8'),
) as GdprJitsiMeet;
instance.metadata.namespace = 'bench';
const context = renderedContext(instance, '0.0.0-bench');

console.log(`checks and host scan: ${medianMs(() => runChecks(context))} ms`);
console.log(
  `checks, documents, Markdown and HTML: ${medianMs(() => {
    const documents = buildReport(context);
    renderMarkdown(documents);
    renderHtml(documents);
  })} ms`,
);
