import type { CompiledRelation } from '../../read-compiler/compiler';
import { literal } from '../../read-compiler/compiler';
import { attachmentUrl } from './attachment.routes';

/**
 * `<Type>.evidence` as attachmentsByEntity answers it (`<entityType>:<id>`): the files linked to
 * the record, oldest upload first. The record is already in the actor's reach.
 */
export function compiledEvidence(entityType: string): CompiledRelation {
  return {
    sql(c, _args, parent, fieldNodes, type) {
      const a = c.alias('a');
      const l = c.alias('l');
      return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, a)} ORDER BY ${a}.uploaded_at, ${a}.id)
        FROM attachment_link ${l} JOIN attachment ${a} ON ${a}.id = ${l}.attachment_id
        WHERE ${l}.entity_type = ${literal(entityType)} AND ${l}.entity_id = ${parent}.id), '[]'::json)`;
    },
  };
}

/** Attachment.url: attachmentUrl's text around the id. */
const [urlBefore, urlAfter] = attachmentUrl('\u0000').split('\u0000');
export const compiledAttachmentUrl: CompiledRelation = {
  sql: (_c, _args, a) => `(${literal(urlBefore)} || ${a}.id::text || ${literal(urlAfter)})`,
};
