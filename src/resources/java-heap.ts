import { parseQuantity } from '../api/quantity.ts';
import type { Component, EffectiveSpec } from '../api/types.ts';
import { IMAGE_FACTS } from './image-facts.ts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Smallest heap the builders accept, in MiB; below it Jicofo and the JVB fail under load. */
const MIN_HEAP_MIB = 128;

/**
 * Bytes of a Kubernetes memory quantity such as `1536Mi`, `2G` or `1e9`. Throws on anything
 * else, naming `field`.
 */
export function parseMemoryQuantity(quantity: string, field: string): number {
  const bytes = parseQuantity(quantity);
  if (bytes === undefined) {
    throw new Error(
      `${field} is "${quantity}", which is not a memory quantity; write bytes with a suffix ` +
        'such as 512Mi or 2Gi',
    );
  }
  return bytes;
}

/**
 * Heap setting for a Java component, derived from its memory limit: half the limit, or the
 * limit minus 1 GiB when that is more. The rest stays for metaspace, threads and the direct
 * buffers the videobridge moves media through. A 4 GiB limit gives the images' own default of
 * 3072m; the default 1536Mi limit of the JVB gives 768m.
 *
 * Returns no variable for components that are not Java programs or have no memory limit (the
 * image default of 3072m then applies). Throws when the limit leaves less than 128 MiB of heap.
 */
export function javaHeapEnv(spec: EffectiveSpec, component: Component): Record<string, string> {
  const name = IMAGE_FACTS[component].heapEnv;
  const limit = spec.resources[component].limits.memory;
  if (name === undefined || limit === undefined) return {};
  const field = `spec.resources.${component}.limits.memory`;
  const bytes = parseMemoryQuantity(limit, field);
  const heapMib = Math.floor(Math.max(bytes / 2, bytes - GIB) / MIB);
  if (heapMib < MIN_HEAP_MIB) {
    throw new Error(
      `${field} is ${limit}, which leaves a ${heapMib} MiB Java heap; ` +
        `set at least ${2 * MIN_HEAP_MIB}Mi`,
    );
  }
  return { [name]: `${heapMib}m` };
}
