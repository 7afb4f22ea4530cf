/**
 * Writes the install files generated from the chart. `crds` copies crds/*.yaml into the chart
 * (run by `make generate` and `npm run generate`); `all` also renders deploy/install.yaml and
 * deploy/kustomize/ with helm (run by `make chart`). Unit tests fail when a committed file
 * differs from the output.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  CHART_CRD_DIR,
  ROOT,
  chartCrdFiles,
  deployFiles,
  findHelm,
  type FileSet,
} from './install-manifests.ts';

const mode = process.argv[2];
if (mode !== 'crds' && mode !== 'all') {
  console.error('usage: node scripts/generate-install.ts crds|all');
  process.exit(1);
}

/** Replaces every .yaml file in `dir` with the files of `files` that lie in it. */
async function replaceYamlFiles(dir: string, files: FileSet): Promise<void> {
  await mkdir(join(ROOT, dir), { recursive: true });
  for (const name of await readdir(join(ROOT, dir))) {
    if (name.endsWith('.yaml') && !files.has(`${dir}/${name}`)) await rm(join(ROOT, dir, name));
  }
  for (const [path, content] of files) {
    await mkdir(dirname(join(ROOT, path)), { recursive: true });
    await writeFile(join(ROOT, path), content);
    console.log(`wrote ${path}`);
  }
}

await replaceYamlFiles(CHART_CRD_DIR, chartCrdFiles());
if (mode === 'all') {
  const files = await deployFiles(await findHelm());
  await replaceYamlFiles(
    'deploy/kustomize',
    new Map([...files].filter(([p]) => p.startsWith('deploy/kustomize/'))),
  );
  await replaceYamlFiles(
    'deploy',
    new Map([...files].filter(([p]) => !p.startsWith('deploy/kustomize/'))),
  );
}
