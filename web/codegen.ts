import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The app's GraphQL documents (web/src/graphql/*.graphql), typed from the hub's own SDL
 * (schema.graphql, written by `npm run codegen`). Run from the repository root:
 * `npm run codegen:web`; `npm run typecheck` runs it, so a schema change that breaks a
 * document or a screen fails the type check.
 */
const output = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    documentMode: 'string',
    enumsAsTypes: true,
    useTypeImports: true,
    skipTypename: true,
    scalars: { DateTime: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
  },
} as const;

const config: CodegenConfig = {
  schema: 'schema.graphql',
  silent: true,
  generates: {
    'web/src/graphql/__generated__/': { documents: ['web/src/graphql/*.graphql'], ...output },
    // The console's documents in a module of their own: every document is a module-level object,
    // which the bundler keeps wherever its module goes, so the field app's first load would carry them.
    'web/src/console/graphql/__generated__/': { documents: ['web/src/console/graphql/*.graphql'], ...output },
  },
};
export default config;
