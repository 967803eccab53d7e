import type { Express } from 'express';
import type { RouteDeps } from './context';
import { mountAttachmentRoutes } from './modules/attachment/attachment.routes';
import { mountVerificationCsv } from './modules/verification/verification-csv';
import { mountReportRoutes } from './modules/report/report.routes';

/** Plain HTTP routes beside /graphql; each module that has some adds its mount function here. */
export const httpRoutes: ((app: Express, deps: RouteDeps) => void)[] = [];
httpRoutes.push(mountAttachmentRoutes);
httpRoutes.push(mountVerificationCsv);
httpRoutes.push(mountReportRoutes);

