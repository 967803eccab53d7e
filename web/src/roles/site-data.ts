import { request } from '../api';
import { DisinfectionAreasDocument, MySitesDocument, SiteEntriesSinceDocument } from '../graphql/__generated__/graphql';
import { sessionStore } from '../offline/session';

const token = () => sessionStore.get().session?.token;

/** The sites a manager or staff member works at (staff: exactly one). */
export const fetchMySites = () => request(MySitesDocument, {}, token()).then((r) => r.sites.nodes);
export const fetchAreas = (siteId: string) => request(DisinfectionAreasDocument, { siteId }, token()).then((r) => r.disinfectionAreas);

/** A site's entries started since `from`, every version (superseded ones too), oldest first. */
export const fetchEntriesSince = (siteId: string, from: string) =>
  request(SiteEntriesSinceDocument, { siteId, from }, token()).then((r) => r.disinfectionLog.nodes);
