import { request } from '../../api';
import { SiteDisputesDocument, SiteFindingsDocument, StandardProfilesDocument, type SiteFindingsQuery } from '../../graphql/__generated__/graphql';
import { sessionStore } from '../../offline/session';

export type SiteFinding = SiteFindingsQuery['findings']['nodes'][number];
const token = () => sessionStore.get().session?.token;

/** Open findings of a site, overdue first, then by deadline. */
export const fetchFindings = (siteId: string) =>
  request(SiteFindingsDocument, { siteId }, token()).then((r) => [...r.findings.nodes].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline)));

export const fetchProfiles = () => request(StandardProfilesDocument, {}, token()).then((r) => r.standardProfiles);

/** The site's finding disputes, newest first, to follow each to its outcome. */
export const fetchDisputes = (siteId: string) => request(SiteDisputesDocument, { siteId }, token()).then((r) => [...r.disputes.nodes].reverse());
