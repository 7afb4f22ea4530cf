import { dump, visit, type Node } from 'js-yaml';
import { compareCodePoints } from './compare.ts';
import { buildCrd } from './crd.ts';

/** Path of the generated CRD, relative to the repository root. */
export const CRD_FILE = 'crds/gdprmeet.io_gdprjitsimeets.yaml';

/** Command that regenerates `CRD_FILE`. */
export const GENERATE_COMMAND = 'npm run generate';

function keyOf(node: Node): string {
  return node.kind === 'scalar' ? node.value : '';
}

/**
 * Renders the CRD as YAML with mapping keys sorted by code point (independent of the locale) and
 * no line folding, so the same schema always gives the same bytes.
 */
export function renderCrdYaml(): string {
  const header = `# Generated from src/api/schema.ts by \`${GENERATE_COMMAND}\`. Do not edit.\n`;
  const body = dump(buildCrd(), {
    lineWidth: -1,
    noRefs: true,
    transform: (documents) => {
      visit(documents, (node) => {
        if (node.kind !== 'mapping') return;
        node.items.sort((a, b) => compareCodePoints(keyOf(a.key), keyOf(b.key)));
      });
    },
  });
  return header + body;
}
