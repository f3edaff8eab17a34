import { IConstruct } from 'constructs';
import { formatFinding, Finding } from '../../core/findings';

/**
 * Where in a fleet file each construct a FleetFile built comes from: construct path ->
 * `file:line:column: tenant <name>` (or `gateway <name>`), per app. Constructs built in code
 * have no place, and their findings read exactly as before.
 */
const places = new WeakMap<IConstruct, Map<string, string>>();

/** Records that `construct` was built from the entry at `place`. */
export function recordFilePlace(construct: IConstruct, place: string): void {
  const root = construct.node.root;
  let map = places.get(root);
  if (!map) places.set(root, (map = new Map()));
  map.set(construct.node.path, place);
}

/** The place of the construct at `path` or of its nearest recorded ancestor; undefined when none. */
export function filePlaceOf(scope: IConstruct, path: string): string | undefined {
  const map = places.get(scope.node.root);
  if (!map) return undefined;
  for (let p = path; p !== ''; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
    const place = map.get(p);
    if (place !== undefined) return place;
  }
  return undefined;
}

/**
 * A finding as one line, prefixed with the fleet file entry its construct was built from (as
 * the errors thrown while building are), e.g. `fleet.yaml:14:3: tenant Contoso: CBC010: …`.
 */
export function formatFindingWithPlace(scope: IConstruct, f: Finding): string {
  const place = filePlaceOf(scope, f.path);
  return place === undefined ? formatFinding(f) : `${place}: ${formatFinding(f)}`;
}
