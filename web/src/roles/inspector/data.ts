import { request } from '../../api';
import {
  ChecklistVersionDocument,
  InspectionsDueDocument,
  MyTeamsDocument,
  PublishedChecklistsDocument,
  StandardProfilesDocument,
  type ChecklistVersionQuery,
  type InspectionsDueQuery,
  type SiteKind,
  type StandardProfilesQuery,
} from '../../graphql/__generated__/graphql';
import { cachedRead } from '../../offline/reads';
import { sessionStore } from '../../offline/session';

export type DueEntry = InspectionsDueQuery['inspectionsDue'][number];
export type Checklist = NonNullable<ChecklistVersionQuery['checklistVersion']>;
export type ChecklistItem = Checklist['items'][number];
export type Profile = StandardProfilesQuery['standardProfiles'][number];

const token = () => sessionStore.get().session?.token;

export const fetchDue = () => request(InspectionsDueDocument, {}, token()).then((r) => r.inspectionsDue);

/** The version the visit is pinned to: the planned inspection's, else the newest published for the site's kind. */
export async function versionFor(entry: DueEntry): Promise<string | null> {
  if (entry.plannedInspection) return entry.plannedInspection.checklistVersion.id;
  const kind: SiteKind = entry.site.kind;
  const { data } = await cachedRead(`templates:${kind}`, () => request(PublishedChecklistsDocument, { siteKind: kind }, token()).then((r) => r.checklistTemplates));
  return data.find((tpl) => tpl.latestPublishedVersion)?.latestPublishedVersion?.id ?? null;
}

export const loadChecklist = (id: string) =>
  cachedRead(`checklist:${id}`, async () => {
    const r = await request(ChecklistVersionDocument, { id }, token());
    if (!r.checklistVersion) throw new Error('checklist not found');
    return r.checklistVersion;
  });

export const loadTeams = () => cachedRead('teams', () => request(MyTeamsDocument, {}, token()).then((r) => r.me?.teams ?? []));
export const loadProfiles = () => cachedRead('profiles', () => request(StandardProfilesDocument, {}, token()).then((r) => r.standardProfiles));

/** Keeps on the device everything a visit to each due site needs, so it can be done offline. */
export async function prefetchForOffline(due: DueEntry[]): Promise<void> {
  await Promise.allSettled([loadTeams(), loadProfiles()]);
  const versions = new Set<string>();
  for (const e of due) {
    const v = await versionFor(e).catch(() => null);
    if (v) versions.add(v);
  }
  await Promise.allSettled([...versions].map(loadChecklist));
}
