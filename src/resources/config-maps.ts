import { COMPONENTS } from '../api/types.ts';
import { sortedRecord } from './canonical.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { childNames } from './names.ts';
import type { RenderedConfig } from './rendered-config.ts';

/**
 * Builds one ConfigMap per component, `<instance>-<component>-config`, with its rendered files by
 * key. A component without files still gets an empty ConfigMap, so the set of objects does not
 * depend on the configuration.
 */
export function buildConfigMaps(ctx: BuildContext, rendered: RenderedConfig): DesiredObject[] {
  return COMPONENTS.map((component) => {
    const data: Record<string, string> = {};
    for (const file of rendered[component].files) data[file.key] = file.content;
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: childMetadata(ctx, childNames(ctx.instance.name).configMap(component), component),
      data: sortedRecord(data),
    };
  });
}
