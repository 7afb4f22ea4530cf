import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADEQUACY_COUNTRIES,
  ADEQUACY_REGION_VALUES,
  ADEQUACY_REGIONS,
  EU_COUNTRIES,
  EU_EEA_COUNTRIES,
  EU_EEA_REGION_VALUES,
  EU_EEA_REGIONS,
  euEeaStatus,
  findEuEeaRegions,
  PROVIDERS,
} from '../../../src/api/regions.ts';

describe('country lists', () => {
  test('EU has 27 members and EU/EEA 30', () => {
    assert.equal(EU_COUNTRIES.length, 27);
    assert.equal(EU_EEA_COUNTRIES.length, 30);
  });

  test('Norway, Iceland and Liechtenstein are EEA, not EU', () => {
    for (const c of ['NO', 'IS', 'LI']) assert.equal(euEeaStatus(c), 'EEA', c);
    assert.equal(euEeaStatus('DE'), 'EU');
    assert.equal(euEeaStatus('GB'), undefined);
    assert.equal(euEeaStatus('CH'), undefined);
  });

  test('adequacy countries are outside the EU/EEA', () => {
    for (const c of ADEQUACY_COUNTRIES) assert.ok(!EU_EEA_COUNTRIES.includes(c), c);
  });

  test('US is not an adequacy country', () => {
    assert.ok(!(ADEQUACY_COUNTRIES as readonly string[]).includes('US'));
  });
});

describe('provider region lists', () => {
  test('every EU/EEA region is in an EU/EEA country with matching status', () => {
    for (const r of EU_EEA_REGIONS) {
      assert.equal(euEeaStatus(r.country), r.status, `${r.provider} ${r.value}`);
    }
  });

  test('every adequacy region is in an adequacy country', () => {
    for (const r of ADEQUACY_REGIONS) {
      assert.ok(
        (ADEQUACY_COUNTRIES as readonly string[]).includes(r.country),
        `${r.provider} ${r.value}`,
      );
    }
  });

  test('no value is in both lists', () => {
    const both = EU_EEA_REGION_VALUES.filter((v) => ADEQUACY_REGION_VALUES.includes(v));
    assert.deepEqual(both, []);
  });

  test('a value shared by providers means one country', () => {
    for (const value of EU_EEA_REGION_VALUES) {
      const countries = new Set(findEuEeaRegions(value).map((r) => r.country));
      assert.equal(countries.size, 1, `${value}: ${[...countries].join(', ')}`);
    }
  });

  test('no provider lists a value twice', () => {
    for (const list of [EU_EEA_REGIONS, ADEQUACY_REGIONS]) {
      const keys = list.map((r) => `${r.provider}/${r.value}`);
      assert.equal(new Set(keys).size, keys.length);
    }
  });

  test('every provider of an entry is named', () => {
    for (const r of [...EU_EEA_REGIONS, ...ADEQUACY_REGIONS]) assert.ok(r.provider in PROVIDERS);
  });

  test('value lists are sorted and unique', () => {
    for (const values of [EU_EEA_REGION_VALUES, ADEQUACY_REGION_VALUES]) {
      assert.deepEqual([...values], [...new Set(values)].sort());
    }
  });

  test('European-looking prefixes outside the EU are not allowed', () => {
    // London and Zurich under eu-/europe- names, and Linode's London.
    for (const trap of [
      'eu-west-2',
      'eu-central-2',
      'europe-west2',
      'europe-west6',
      'eu-west',
      'eu-ch2',
    ]) {
      assert.ok(!EU_EEA_REGION_VALUES.includes(trap), trap);
      assert.ok(ADEQUACY_REGION_VALUES.includes(trap), trap);
    }
  });

  test('zones and case variants are not region values', () => {
    for (const value of ['eu-central-1a', 'europe-west1-b', 'gra11', 'FSN1', 'eu', 'fsn1-dc14']) {
      assert.ok(!EU_EEA_REGION_VALUES.includes(value), value);
    }
  });

  test('ambiguous placeholders are never listed', () => {
    for (const value of ['RegionOne', 'external', 'ash', 'hil', 'sin']) {
      assert.ok(!EU_EEA_REGION_VALUES.includes(value), value);
      assert.ok(!ADEQUACY_REGION_VALUES.includes(value), value);
    }
  });

  test('well-known EU regions of each large provider are listed', () => {
    for (const value of [
      'eu-central-1',
      'europe-west3',
      'germanywestcentral',
      'fsn1',
      'GRA11',
      'fr-par',
      'norwayeast',
    ]) {
      assert.ok(EU_EEA_REGION_VALUES.includes(value), value);
    }
  });
});
