import { request } from '../../api';
import { MyTeamsDocument, RectificationNoticeDocument, SiteNoticesDocument, TeamNoticesDocument, type NoticeStatusFragment, type RectificationNoticeQuery } from '../../graphql/__generated__/graphql';
import { sessionStore } from '../../offline/session';

export type NoticeStatus = NoticeStatusFragment;
export type Notice = NonNullable<RectificationNoticeQuery['inspection']>;
/** One row of a notice list: the inspection, where (inspectors) and its notice. */
export interface NoticeRow {
  id: string;
  submittedAt: string | null;
  site?: { id: string; name: string };
  team: { id: string; name: string };
  rectificationNotice: NoticeStatus;
}

const token = () => sessionStore.get().session?.token;

/** Unacknowledged first, then the newest. */
const order = (rows: NoticeRow[]) =>
  [...rows].sort((a, b) => Number(!!a.rectificationNotice.acknowledgedAt) - Number(!!b.rectificationNotice.acknowledgedAt) || b.rectificationNotice.issuedAt.localeCompare(a.rectificationNotice.issuedAt));
const withNotice = <T extends { rectificationNotice: NoticeStatus | null }>(rows: T[]) => rows.filter((r): r is T & { rectificationNotice: NoticeStatus } => !!r.rectificationNotice);

/** A facility manager's site: the inspections that produced a notice. */
export const fetchSiteNotices = (siteId: string) => request(SiteNoticesDocument, { siteId }, token()).then((r) => order(withNotice(r.inspections.nodes)));

/** An inspector: the notices of the inspections its teams filed. */
export async function fetchTeamNotices(): Promise<NoticeRow[]> {
  const teams = (await request(MyTeamsDocument, {}, token())).me?.teams ?? [];
  if (teams.length === 0) return [];
  const r = await request(TeamNoticesDocument, { teamIds: teams.map((t) => t.id) }, token());
  return order(withNotice(r.inspections.nodes));
}

/** One notice, rendered in the app from the stored inspection (null: none, or not mine to see). */
export const fetchNotice = (inspectionId: string) => request(RectificationNoticeDocument, { id: inspectionId }, token()).then((r) => (r.inspection?.rectificationNotice ? r.inspection : null));

/**
 * The printable page (GET /inspections/:id/rectification-notice) needs the Authorization header,
 * which a link cannot send: fetch it with the token and open it from a blob URL. The window is
 * opened at once (a popup opened after an await is blocked), then pointed at the page.
 */
export async function openPrintable(url: string): Promise<boolean> {
  const win = window.open('', '_blank');
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token() ?? ''}` } });
    if (!res.ok) throw new Error(String(res.status));
    // A blob document does not carry the response's Content-Security-Policy: state it again inside.
    const html = (await res.text()).replace(/<head>/i, `<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    const blobUrl = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    if (win) win.location.href = blobUrl;
    else window.location.href = blobUrl;
    window.setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
    return true;
  } catch {
    win?.close();
    return false;
  }
}
