import { makeDataSource } from './src/db/data-source';

/**
 * The DataSource the TypeORM CLI uses (migration:generate / migration:run / migration:revert).
 * Point it at a PostgreSQL with DATABASE_URL; it defaults to a `hub_dev` database on the local
 * server. The hub itself never uses this file: src/main.ts builds its own from the config.
 */
export default makeDataSource({
  url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub_dev',
  applicationName: 'epi-hub-cli',
});
