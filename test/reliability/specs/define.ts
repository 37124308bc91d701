import type { Entry, PackageName } from '../harness/types.js';

export type EntryDef = Omit<Entry, 'package' | 'export' | 'name'> & { name?: string };

/** An entry of `pkg`'s table for the export `exportName` (name defaults to the export). */
export function definer(pkg: PackageName) {
  return (exportName: string, def: EntryDef): Entry => ({
    ...def,
    package: pkg,
    export: exportName,
    name: def.name ?? exportName,
  });
}
