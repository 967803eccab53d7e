import type { CompiledRelation } from '../../read-compiler/compiler';
import { findingOrder } from './finding.loaders';

/** Inspection.findings as findingsByInspectionId answers it: every finding, in `findingOrder`. */
export const compiledInspectionFindings: CompiledRelation = {
  sql(c, _args, parent, fieldNodes, type) {
    const f = c.alias('f');
    return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, f)} ORDER BY ${findingOrder(f)}) FROM finding ${f} WHERE ${f}.inspection_id = ${parent}.id), '[]'::json)`;
  },
};
