import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareQuantities, parseQuantity } from '../../../src/api/quantity.ts';

test('parses decimal and binary suffixes', () => {
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity('1.5'), 1.5);
  assert.equal(parseQuantity('1k'), 1000);
  assert.equal(parseQuantity('256Mi'), 256 * 2 ** 20);
  assert.equal(parseQuantity('1Gi'), 2 ** 30);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('.5'), 0.5);
});

test('rejects text that is not a quantity', () => {
  for (const text of ['', '1GB', '-1', 'one', '1 Gi', '1.2.3']) {
    assert.equal(parseQuantity(text), undefined, text);
  }
});

test('compares across units', () => {
  assert.equal(compareQuantities('1000m', '1'), 0);
  assert.equal(compareQuantities('1Gi', '1024Mi'), 0);
  assert.equal(compareQuantities('1G', '1Gi'), -1);
  assert.equal(compareQuantities('2', '1500m'), 1);
  assert.equal(compareQuantities('x', '1'), undefined);
});
