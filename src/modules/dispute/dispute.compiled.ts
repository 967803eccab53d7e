import type { CompiledRelation } from '../../read-compiler/compiler';

/** Finding.disputes as disputesByFindingId answers it: by lodging time, then id. */
export const compiledFindingDisputes: CompiledRelation = {
  sql(c, _args, parent, fieldNodes, type) {
    const d = c.alias('d');
    return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, d)} ORDER BY ${d}.lodged_at, ${d}.id) FROM dispute ${d} WHERE ${d}.finding_id = ${parent}.id), '[]'::json)`;
  },
};
