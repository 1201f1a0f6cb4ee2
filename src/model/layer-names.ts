/**
 * Unique layer names: a node's own name when it has one, else `<opType>_<index>`. The first holder of a name keeps
 * it; later ones get `_2`, `_3`, ... (skipping names some other node really has).
 */
export function uniqueLayerNames(nodes: ReadonlyArray<{ name: string; opType: string; index: number }>): string[] {
  const ownNames = new Set(nodes.map((n) => n.name).filter((name) => name !== ''));
  const taken = new Set<string>();
  return nodes.map((n) => {
    const base = n.name !== '' ? n.name : `${n.opType}_${n.index}`;
    const reservedByOther = n.name === '' && ownNames.has(base);
    let name = base;
    for (let k = 2; taken.has(name) || (name === base ? reservedByOther : ownNames.has(name)); k++) {
      name = `${base}_${k}`;
    }
    taken.add(name);
    return name;
  });
}
