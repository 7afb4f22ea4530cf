import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADEQUACY_REGION_VALUES,
  EU_EEA_REGION_VALUES,
  FOREIGN_REGION_PATTERN,
  FOREIGN_REGION_VALUES,
  FOREIGN_REGIONS,
  findForeignRegionPattern,
} from '../../../src/api/regions.ts';

describe('foreign regions', () => {
  test('share no value with the built-in lists', () => {
    for (const value of FOREIGN_REGION_VALUES) {
      assert.ok(!EU_EEA_REGION_VALUES.includes(value), `${value} is also an EU/EEA region`);
      assert.ok(!ADEQUACY_REGION_VALUES.includes(value), `${value} is also an adequacy region`);
    }
  });

  test('patterns match no EU/EEA region', () => {
    for (const value of EU_EEA_REGION_VALUES) {
      assert.equal(findForeignRegionPattern(value), undefined, value);
    }
  });

  test('patterns match only one adequacy region', () => {
    // ap-southeast-6 is New Zealand; built-in values are never checked against the patterns.
    const matched = ADEQUACY_REGION_VALUES.filter((v) => findForeignRegionPattern(v));
    assert.deepEqual(matched, ['ap-southeast-6']);
  });

  test('patterns cover the listed AWS, Google Cloud and Azure regions', () => {
    const big = FOREIGN_REGIONS.filter((r) => ['aws', 'gcp', 'azure'].includes(r.provider));
    for (const region of big) {
      assert.equal(findForeignRegionPattern(region.value)?.provider, region.provider, region.value);
    }
  });

  test('combined pattern agrees with the single ones', () => {
    const combined = new RegExp(FOREIGN_REGION_PATTERN, 'u');
    const samples = ['us-east-9', 'asia-south3', 'westus4', 'fra-dc1', 'eu-central-1', 'nyc3'];
    for (const value of [...samples, ...EU_EEA_REGION_VALUES]) {
      assert.equal(combined.test(value), findForeignRegionPattern(value) !== undefined, value);
    }
  });

  test('patterns leave on-premises site names alone', () => {
    for (const value of ['fra-dc1', 'osl-1', 'dc-zrh', 'usedom-1', 'asia-lab', 'eastus-lab']) {
      assert.equal(findForeignRegionPattern(value), undefined, value);
    }
  });
});
