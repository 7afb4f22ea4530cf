/**
 * Writes the files generated from the schema source: the CRD and the tables of docs/api.md.
 * Run with `npm run generate`; unit tests fail when a committed file differs from the output.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CRD_FILE, renderCrdYaml } from '../src/api/crd-yaml.ts';
import { updateApiDoc } from '../src/api/api-doc.ts';

const root = join(import.meta.dirname, '..');

const crd = join(root, CRD_FILE);
await mkdir(dirname(crd), { recursive: true });
await writeFile(crd, renderCrdYaml());
console.log(`wrote ${CRD_FILE}`);

const apiDoc = join(root, 'docs', 'api.md');
await writeFile(apiDoc, updateApiDoc(await readFile(apiDoc, 'utf8')));
console.log('updated the generated tables in docs/api.md');
