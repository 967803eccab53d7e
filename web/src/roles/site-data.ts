import { request } from '../api';
import { DisinfectionAreasDocument, MySitesDocument } from '../graphql/__generated__/graphql';
import { sessionStore } from '../offline/session';

const token = () => sessionStore.get().session?.token;

/** The sites a manager or staff member works at (staff: exactly one). */
export const fetchMySites = () => request(MySitesDocument, {}, token()).then((r) => r.sites.nodes);
export const fetchAreas = (siteId: string) => request(DisinfectionAreasDocument, { siteId }, token()).then((r) => r.disinfectionAreas);
