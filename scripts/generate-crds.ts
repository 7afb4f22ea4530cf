/**
 * Writes the CRD generated from the schema source. Run with `npm run generate`; a unit test fails
 * when the committed file differs from the output.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CRD_FILE, renderCrdYaml } from '../src/api/crd-yaml.ts';

const root = join(import.meta.dirname, '..');
const target = join(root, CRD_FILE);
await mkdir(dirname(target), { recursive: true });
await writeFile(target, renderCrdYaml());
console.log(`wrote ${CRD_FILE}`);
