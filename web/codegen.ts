import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The app's GraphQL documents (web/src/graphql/*.graphql), typed from the hub's own SDL
 * (schema.graphql, written by `npm run codegen`). Run from the repository root:
 * `npm run codegen:web`; `npm run typecheck` runs it, so a schema change that breaks a
 * document or a screen fails the type check.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/graphql/*.graphql'],
  silent: true,
  generates: {
    'web/src/graphql/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: { DateTime: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};
export default config;
