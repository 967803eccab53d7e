import type { CompiledRelation } from './compiler';

/**
 * A many-to-one relation compiled as its by-id DataLoader answers it: the row of `table` whose id
 * is the parent row's `column` (null when there is none). For relations whose parent is already
 * in the actor's reach, so the related row needs no access check of its own.
 */
export const belongsTo = (table: string, column: string): CompiledRelation => ({
  sql(c, _args, parent, fieldNodes, type) {
    const a = c.alias(table.charAt(0));
    return `(SELECT ${c.element(type, fieldNodes, a)} FROM ${table} ${a} WHERE ${a}.id = ${parent}.${column})`;
  },
});
