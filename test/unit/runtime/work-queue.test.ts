import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../../src/runtime/work-queue.ts';

test('work queue collapses repeated adds of one key', async () => {
  const queue = new WorkQueue('test');
  queue.add('ns/a');
  queue.add('ns/a');
  queue.add('ns/b');
  assert.equal(queue.length, 2);
  assert.equal(await queue.get(), 'ns/a');
  assert.equal(await queue.get(), 'ns/b');
  assert.equal(queue.length, 0);
});

test('work queue never hands a key in progress to a second worker', async () => {
  const queue = new WorkQueue('test');
  queue.add('ns/a');
  const first = await queue.get();
  queue.add('ns/a');
  assert.equal(queue.length, 0, 'key re-added during processing must wait for done()');
  queue.done(first ?? '');
  assert.equal(queue.length, 1);
  assert.equal(await queue.get(), 'ns/a');
});

test('work queue wakes a waiting worker on add', async () => {
  const queue = new WorkQueue('test');
  const waiting = queue.get();
  queue.add('ns/late');
  assert.equal(await waiting, 'ns/late');
});

test('work queue backoff doubles per failure and resets on forget', () => {
  const queue = new WorkQueue('test', { baseMs: 2000, maxMs: 10_000 });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => queue.addRateLimited('ns/a')),
    [2000, 4000, 8000, 10_000],
  );
  assert.equal(queue.failureCount('ns/a'), 4);
  queue.forget('ns/a');
  assert.equal(queue.failureCount('ns/a'), 0);
  queue.shutDown();
});

test('default backoff allows at most five retries in a minute', () => {
  const queue = new WorkQueue('test');
  let elapsed = 0;
  let retries = 0;
  for (;;) {
    elapsed += queue.addRateLimited('ns/a');
    if (elapsed > 60_000) break;
    retries += 1;
  }
  queue.shutDown();
  assert.ok(retries <= 5, `retries in the first minute: ${retries}`);
  assert.ok(retries >= 3, `retries in the first minute: ${retries}`);
});

test('work queue get resolves undefined after shutdown', async () => {
  const queue = new WorkQueue('test');
  const waiting = queue.get();
  queue.shutDown();
  assert.equal(await waiting, undefined);
});

test('addAfter delivers the key after the delay', async () => {
  const queue = new WorkQueue('test');
  queue.addAfter('ns/a', 20);
  assert.equal(queue.length, 0);
  const key = await Promise.race([
    queue.get(),
    new Promise((resolve) =>
      setTimeout(() => {
        resolve('timeout');
      }, 2000),
    ),
  ]);
  assert.equal(key, 'ns/a');
});
