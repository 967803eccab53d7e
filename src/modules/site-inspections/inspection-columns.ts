import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Lighter hydration for this read path: the Inspection columns a selection needs. Scalar fields
 * read the entity property of the same name (no resolver); relation fields need their foreign
 * key (or just the id). A field not listed here (another module may extend Inspection) makes
 * the loader fetch every column, so a new field never sees a half-filled row.
 * tests/integration/nested-read.test.ts checks every listed field against inspection(id).
 */
export const COLUMNS_FOR_FIELD: Record<string, string[]> = {
  __typename: [],
  id: [],
  status: ['status'],
  dueAt: ['dueAt'],
  startedAt: ['startedAt'],
  submittedAt: ['submittedAt'],
  closedAt: ['closedAt'],
  cancelledAt: ['cancelledAt'],
  cancelReason: ['cancelReason'],
  filedOffline: ['filedOffline'],
  receivedAt: ['receivedAt'],
  score: ['score'],
  pointsEarned: ['pointsEarned'],
  pointsPossible: ['pointsPossible'],
  outcome: ['outcome'],
  passMark: ['passMark'],
  correctionReason: ['correctionReason'],
  version: ['version'],
  createdAt: ['createdAt'],
  site: [],
  team: ['teamId'],
  checklistVersion: ['checklistVersionId'],
  scheduledBy: ['scheduledById'],
  submittedBy: ['submittedById'],
  members: [],
  answers: ['checklistVersionId'],
  findings: [],
  previousInspection: ['previousInspectionId'],
  previousOpenFindings: ['previousInspectionId'],
  correctsInspection: ['correctsInspectionId'],
  correctedBy: [],
};

/** Always fetched: the key and the site the rows are grouped by. */
const ALWAYS = ['id', 'siteId'];

/** graphql-js shares one fieldNodes array among the items of a list: compute once per array. */
const cache = new WeakMap<readonly FieldNode[], string[] | null>();

/** The entity properties the selection of `info`'s field needs, or null for "all of them". */
export function columnsForSelection(info: GraphQLResolveInfo): string[] | null {
  if (cache.has(info.fieldNodes)) return cache.get(info.fieldNodes)!;
  const needed = new Set(ALWAYS);
  const visit = (set: SelectionSetNode | undefined): boolean => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        const cols = COLUMNS_FOR_FIELD[sel.name.value];
        if (!cols) return false;
        cols.forEach((c) => needed.add(c));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(sel.selectionSet)) return false;
      } else {
        const fragment = info.fragments[sel.name.value];
        if (!fragment || !visit(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  const columns = info.fieldNodes.every((f: FieldNode) => visit(f.selectionSet)) ? [...needed].sort() : null;
  cache.set(info.fieldNodes, columns);
  return columns;
}
