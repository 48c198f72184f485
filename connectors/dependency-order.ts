/** The outcome of ordering a dependency graph: an order, or what made it impossible. */
export type DependencyOrder =
  | { readonly ok: true; readonly order: readonly string[]; readonly levels: readonly (readonly string[])[] }
  | { readonly ok: false; readonly unknown: { readonly node: string; readonly dependency: string } }
  | { readonly ok: false; readonly cycle: readonly string[] };

/**
 * Orders nodes so that each comes after everything it depends on (Kahn's algorithm). Self-edges are
 * ignored (a record may reference a record of its own entity). Ties keep declaration order, so
 * the result is stable. `levels` groups nodes whose dependencies are all in earlier levels: the
 * nodes of one level can run in parallel.
 */
export function orderByDependencies(
  nodes: readonly { readonly name: string; readonly dependsOn: readonly string[] }[],
): DependencyOrder {
  const names = new Set(nodes.map((node) => node.name));
  for (const node of nodes) {
    const missing = node.dependsOn.find((dependency) => !names.has(dependency));
    if (missing !== undefined) return { ok: false, unknown: { node: node.name, dependency: missing } };
  }
  const remaining = new Map(
    nodes.map((node) => [
      node.name,
      new Set(node.dependsOn.filter((dependency) => dependency !== node.name)),
    ]),
  );
  const order: string[] = [];
  const levels: string[][] = [];
  while (remaining.size > 0) {
    const level = [...remaining].filter(([, dependencies]) => dependencies.size === 0).map(([name]) => name);
    if (level.length === 0) return { ok: false, cycle: findCycle(remaining) };
    for (const name of level) remaining.delete(name);
    for (const dependencies of remaining.values()) for (const name of level) dependencies.delete(name);
    order.push(...level);
    levels.push(level);
  }
  return { ok: true, order, levels };
}

/** A cycle among nodes that all still have dependencies, as a path that returns to its start. */
function findCycle(remaining: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const [start] = remaining.keys();
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  for (let node = start; node !== undefined;) {
    const index = seenAt.get(node);
    if (index !== undefined) return [...path.slice(index), node];
    seenAt.set(node, path.length);
    path.push(node);
    node = [...(remaining.get(node) ?? [])][0];
  }
  return path;
}
