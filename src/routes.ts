import type { Express, Request } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Ctx } from './context';
import type { Services } from './services';
import { mountAttachmentRoutes } from './modules/attachment/attachment.routes';
import { mountVerificationCsv } from './modules/verification/verification-csv';
import { mountReportRoutes } from './modules/report/report.routes';
import { mountNoticeRoutes } from './modules/notice/notice.routes';

/** What a plain HTTP route (uploads, CSV exports) gets: the same context as GraphQL. */
export interface RouteDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  services: Services;
  contextFor(req: Request): Promise<Ctx>;
}

/** Plain HTTP routes beside /graphql; each module that has some adds its mount function here. */
export const httpRoutes: ((app: Express, deps: RouteDeps) => void)[] = [];
httpRoutes.push(mountAttachmentRoutes);
httpRoutes.push(mountVerificationCsv);
httpRoutes.push(mountReportRoutes);
httpRoutes.push(mountNoticeRoutes);

