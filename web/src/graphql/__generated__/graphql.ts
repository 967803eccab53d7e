/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An ad-hoc finding (not tied to an item). */
export type AdHocFindingInput = {
  /** Details. */
  description?: string | null | undefined;
  /** Evidence: ids from POST /attachments (mandatory where the profile says so). */
  evidenceIds?: Array<string | number> | null | undefined;
  /** The regulation it breaches. */
  legalBasis?: string | null | undefined;
  /** How serious; the deadline follows from the site kind's profile. */
  severity: Severity;
  /** What is wrong. */
  title: string;
};

/**
 * The answer to one item: give exactly the field of the item's answer type (yes, number, choice
 * or text), or notApplicable. Another field is BAD_USER_INPUT naming it.
 */
export type AnswerInput = {
  /** CHOICE items: an option value. */
  choice?: string | null | undefined;
  /** Evidence: ids from POST /attachments. */
  evidenceIds?: Array<string | number> | null | undefined;
  /** The item's code in the pinned version. */
  itemCode: string;
  /** Not applicable here (not for CRITICAL items). */
  notApplicable?: boolean | null | undefined;
  /** A note. */
  note?: string | null | undefined;
  /** NUMBER items. */
  number?: number | null | undefined;
  /** TEXT items. */
  text?: string | null | undefined;
  /** YES_NO items. */
  yes?: boolean | null | undefined;
};

/** How an item is answered, and when the answer passes. */
export type AnswerType =
  /** One of the item's choices; it passes when the chosen option is compliant. */
  | 'CHOICE'
  /** A number; it passes within [min, max] (either bound may be absent). */
  | 'NUMBER'
  /** Free text; recorded, never scored (weight 0). */
  | 'TEXT'
  /** Yes or no; the prompt is worded so that YES is compliant. */
  | 'YES_NO';

/** Unit of an entry's concentration. */
export type ConcentrationUnit =
  /** Milligrams per litre (available chlorine). */
  | 'MG_PER_L'
  /** UV irradiance, mW/cm². */
  | 'MW_PER_CM2'
  /** No concentration (concentration must then be null). */
  | 'NONE'
  /** Percent (alcohol by volume; for chlorine, 1 % = 10,000 mg/L). */
  | 'PERCENT'
  /** Parts per million (taken as mg/L for solutions). */
  | 'PPM';

/** correctDisinfection's input: the complete new values and why. */
export type CorrectDisinfectionInput = {
  /** Agent used. */
  agent: DisinfectionAgent;
  /** Area code, one of the site's required areas (disinfectionRequirements); another is BAD_USER_INPUT on input.area naming the allowed ones. */
  area: string;
  /** Concentration (null exactly when the unit is NONE). */
  concentration?: number | null | undefined;
  /** Unit of the concentration. */
  concentrationUnit: ConcentrationUnit;
  /** The entry to correct (its latest version). */
  correctsId: string | number;
  /** Minutes, 0 to 10,080. */
  durationMinutes: number;
  /** Attachments uploaded with POST /attachments. */
  evidenceIds?: Array<string | number> | null | undefined;
  /** Client-generated; the same key with the same values corrects once. */
  idempotencyKey: string;
  /** How it was applied. */
  method: DisinfectionMethod;
  /** Notes. */
  notes?: string | null | undefined;
  /** Who did the work; left out, the corrected entry's operator is kept. */
  operatorName?: string | null | undefined;
  /** Why it is corrected. */
  reason: string;
  /** When the work started. */
  startedAt: string;
};

/** What was used to disinfect. */
export type DisinfectionAgent =
  /** Alcohol (乙醇); check range 70–90 %. */
  | 'ALCOHOL'
  /** Chlorine-based (含氯消毒剂), e.g. sodium hypochlorite; check range 250–2,000 mg/L. */
  | 'CHLORINE'
  /** Anything else; say what in notes. */
  | 'OTHER'
  /** Peracetic acid (过氧乙酸). */
  | 'PERACETIC_ACID'
  /** Quaternary ammonium compounds (季铵盐). */
  | 'QUATERNARY_AMMONIUM'
  /** Ultraviolet light (紫外线). */
  | 'UV';

/** How it was applied. */
export type DisinfectionMethod =
  /** Fumigation (熏蒸). */
  | 'FUMIGATION'
  /** Soaking (浸泡). */
  | 'SOAK'
  /** Spraying (喷洒). */
  | 'SPRAY'
  /** UV irradiation (照射). */
  | 'UV'
  /** Wiping (擦拭). */
  | 'WIPE';

/** The reviewer's decision on a finding dispute. */
export type DisputeOutcome =
  /** The finding stands with a new severity and/or deadline, and returns to the status it had before the dispute. */
  | 'AMENDED'
  /** The finding is WITHDRAWN; its inspection shows an adjusted outcome beside the original, which is never rewritten. */
  | 'OVERTURNED'
  /** The finding stands: it returns to the status it had before the dispute. */
  | 'UPHELD';

/**
 * Where a dispute stands: LODGED → UNDER_REVIEW (assigned to a reviewer) → RESOLVED, or WITHDRAWN
 * by the site's facility manager while LODGED or UNDER_REVIEW. Site conflicts are recorded RESOLVED.
 */
export type DisputeStatus =
  /** Lodged by the site; waiting for a reviewer to be assigned. */
  | 'LODGED'
  /** Decided (finding disputes), or recorded with its outcome (site conflicts). */
  | 'RESOLVED'
  /** Assigned to an independent reviewer, who decides. */
  | 'UNDER_REVIEW'
  /** Taken back by the site before a decision. */
  | 'WITHDRAWN';

/**
 * A complete inspection filed in one request after working offline. Give inspectionId to file
 * a scheduled one, or siteId, teamId and checklistVersionId for an unscheduled visit.
 */
export type FileInspectionInput = {
  /** Every applicable item's answer. */
  answers: Array<AnswerInput>;
  /** Unscheduled visit: a published version for the site's kind. */
  checklistVersionId?: string | number | null | undefined;
  /** Why the correction is made. */
  correctionReason?: string | null | undefined;
  /** Correction of this submitted inspection of the same site (needs correctionReason). */
  correctsInspectionId?: string | number | null | undefined;
  /** Ad-hoc findings. */
  findings?: Array<AdHocFindingInput> | null | undefined;
  /** Client-generated key: a retry (or a concurrent duplicate) returns the inspection the first request filed. */
  idempotencyKey: string;
  /** A SCHEDULED inspection of your team to complete. */
  inspectionId?: string | number | null | undefined;
  /** Re-inspection of this submitted inspection of the same site. */
  previousInspectionId?: string | number | null | undefined;
  /** Unscheduled visit: the site. */
  siteId?: string | number | null | undefined;
  /** Where the device was when the team started, if the device could tell (leave it out when location was denied or unavailable). */
  startLocation?: StartLocationInput | null | undefined;
  /** When the team started, on the device. */
  startedAt: string;
  /** When the team finished, on the device (not in the future). */
  submittedAt: string;
  /** Unscheduled visit: your team. */
  teamId?: string | number | null | undefined;
};

/** Where a finding stands. */
export type FindingStatus =
  /** Contested by the site; a reviewer decides (disputes workflow). */
  | 'DISPUTED'
  /** Waiting for the site to rectify it. */
  | 'OPEN'
  /** The site has answered; an inspector of the issuing team verifies or rejects. */
  | 'RECTIFICATION_SUBMITTED'
  /** Rectified and verified. */
  | 'VERIFIED'
  /** Overturned by a dispute. */
  | 'WITHDRAWN';

/**
 * The result against the site kind's profile. Any failed CRITICAL item: FAIL whatever the
 * score. Otherwise score >= pass mark: PASS with no findings, PASS_WITH_FINDINGS with some;
 * below the pass mark: FAIL.
 */
export type InspectionOutcome =
  /** A critical item failed, or the score is below the pass mark. */
  | 'FAIL'
  /** Score at or above the pass mark, no findings, no failed critical item. */
  | 'PASS'
  /** Score at or above the pass mark, with findings (none from a critical item). */
  | 'PASS_WITH_FINDINGS';

/** Where an inspection stands. */
export type InspectionStatus =
  /** Called off before submission. */
  | 'CANCELLED'
  /** Submitted and every finding VERIFIED or WITHDRAWN (set by the server; at once when there are none). */
  | 'CLOSED'
  /** The team is on site; answers may be saved in parts. */
  | 'IN_PROGRESS'
  /** Planned by the command centre; not started. */
  | 'SCHEDULED'
  /** Filed and scored; never changes again (a correction is a new, linked inspection). */
  | 'SUBMITTED';

/** A dispute of a finding of your site. */
export type LodgeDisputeInput = {
  /** Evidence attachment ids (upload first with POST /attachments). */
  evidenceIds?: Array<string | number> | null | undefined;
  /** The finding (OPEN or RECTIFICATION_SUBMITTED, raised within the lodging window). */
  findingId: string | number;
  /** Client-generated key: a retry returns the same dispute. */
  idempotencyKey: string;
  /** Why the finding is wrong, in writing (required). */
  reason: string;
};

/** Username and password. */
export type LoginInput = {
  /** Password. */
  password: string;
  /** Sign-in name (case-insensitive). */
  username: string;
};

/** recordDisinfection's input: one entry at a site. */
export type RecordDisinfectionInput = {
  /** Agent used. */
  agent: DisinfectionAgent;
  /** Area code, one of the site's required areas (disinfectionRequirements); another is BAD_USER_INPUT on input.area naming the allowed ones. */
  area: string;
  /** Concentration (null exactly when the unit is NONE). */
  concentration?: number | null | undefined;
  /** Unit of the concentration. */
  concentrationUnit: ConcentrationUnit;
  /** Minutes, 0 to 10,080. */
  durationMinutes: number;
  /** Attachments uploaded with POST /attachments. */
  evidenceIds?: Array<string | number> | null | undefined;
  /** Client-generated; the same key with the same values files the entry once. */
  idempotencyKey: string;
  /** How it was applied. */
  method: DisinfectionMethod;
  /** Notes. */
  notes?: string | null | undefined;
  /** Who did the work; leave it out when you did it yourself (your display name is used). */
  operatorName?: string | null | undefined;
  /** The site (one you manage, or work at as its staff). */
  siteId: string | number;
  /** When the work started. */
  startedAt: string;
};

/** What became of a rectification. */
export type RectificationStatus =
  /** Accepted: the finding is VERIFIED. */
  | 'ACCEPTED'
  /** Rejected with a reason: the finding is OPEN again. */
  | 'REJECTED'
  /** Waiting for an inspector. */
  | 'SUBMITTED';

/** A staff member for a site, registered by its facility manager. */
export type RegisterSiteStaffInput = {
  /** Name shown to people; also the default operatorName of the disinfection entries it records. */
  displayName: string;
  /** At least 8 characters; stored only as an argon2id hash. */
  password: string;
  /** The site the staff member works at (one you manage; ADMIN: any). */
  siteId: string | number;
  /** 3 to 64 characters: letters, digits, _ . -; stored lower case. */
  username: string;
};

/** A rejection, with its reason. */
export type RejectRectificationInput = {
  /** The finding (RECTIFICATION_SUBMITTED). */
  findingId: string | number;
  /** Why (required). */
  reason: string;
  /** The finding version you saw (stale: CONFLICT). */
  version?: number | null | undefined;
};

/** How much risk a site carries; drives how often and how strictly it is checked. */
export type RiskLevel =
  /** Critical risk. */
  | 'CRITICAL'
  /** High risk. */
  | 'HIGH'
  /** Low risk. */
  | 'LOW'
  /** Medium risk (the default). */
  | 'MEDIUM';

/** What an account may do; see the README's roles table. */
export type Role =
  /** Accounts, agencies, teams, checklist templates, standard profiles. */
  | 'ADMIN'
  /** The 24-hour command centre (指挥中心): sees everything, schedules inspections, reads reports. */
  | 'COMMAND'
  /** Manages its own sites only: disinfection logs, rectifications, disputes; registers its sites' staff. */
  | 'FACILITY_MANAGER'
  /** Staff of one site, registered by its manager: sees that site and keeps its disinfection log, nothing else. */
  | 'FACILITY_STAFF'
  /** A joint-team member: files inspections for its teams, raises findings, verifies rectifications. */
  | 'INSPECTOR'
  /** The supervision office (监察室): resolves disputes, reads the audit trail. */
  | 'REVIEWER';

/** How serious a failed item or a finding is; the site kind's profile turns it into a deadline. */
export type Severity =
  /** A danger now (e.g. no temperature checks at a detention facility): the shortest deadline; a failed CRITICAL item fails the whole inspection. */
  | 'CRITICAL'
  /** A clear breach of the rules. */
  | 'MAJOR'
  /** A shortcoming to put right. */
  | 'MINOR';

/** What kind of place a site is (场所类别). Each kind has its own type implementing Site. */
export type SiteKind =
  /** 卡口 a road checkpoint (type Checkpoint where the schema has it, otherwise OtherSite). */
  | 'CHECKPOINT'
  /** 监所 a detention facility; held to a stricter standard than outside (type DetentionFacility). */
  | 'DETENTION_FACILITY'
  /** 宾馆 a hotel or guesthouse (type Hotel). */
  | 'HOTEL'
  /** 隔离点 an isolation site (type IsolationSite). */
  | 'ISOLATION_SITE'
  /** 核酸采集点 a sampling point (type SamplingPoint where the schema has it, otherwise OtherSite). */
  | 'SAMPLING_POINT'
  /** 经营场所 a business venue: market, restaurant, internet café, ... (type Venue). */
  | 'VENUE';

/** A staff member of a site you manage. */
export type SiteStaffInput = {
  /** The staff member's account. */
  accountId: string | number;
};

/** A device's position (WGS84) and how precise the fix was. */
export type StartLocationInput = {
  /** Radius of the fix's 95 % confidence circle in metres, as the device reports it: 0 to 100,000. */
  accuracyMeters: number;
  /** Degrees, -90 to 90. */
  latitude: number;
  /** Degrees, -180 to 180. */
  longitude: number;
};

/** A rectification of a finding of your site. */
export type SubmitRectificationInput = {
  /** What was done. */
  description: string;
  /** Evidence ids (mandatory where the profile says so). */
  evidenceIds?: Array<string | number> | null | undefined;
  /** The finding (OPEN). */
  findingId: string | number;
  /** Client-generated key: a retry returns the same rectification. */
  idempotencyKey: string;
  /** The finding version you saw (stale: CONFLICT). */
  version?: number | null | undefined;
};

/** A decision on the submitted rectification. */
export type VerifyRectificationInput = {
  /** The finding (RECTIFICATION_SUBMITTED). */
  findingId: string | number;
  /** The finding version you saw (stale: CONFLICT). */
  version?: number | null | undefined;
};

export type RectificationsToReviewQueryVariables = Exact<{ [key: string]: never; }>;


export type RectificationsToReviewQuery = { findings: { nodes: Array<{ id: string, title: string, severity: Severity, deadline: string, overdue: boolean, version: number, site:
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      , rectifications: Array<{ id: string, status: RectificationStatus, description: string, submittedAt: string, evidence: Array<{ id: string, url: string }> }> }> } };

export type VerifyRectificationMutationVariables = Exact<{
  input: VerifyRectificationInput;
}>;


export type VerifyRectificationMutation = { verifyRectification: { id: string, status: FindingStatus } };

export type RejectRectificationMutationVariables = Exact<{
  input: RejectRectificationInput;
}>;


export type RejectRectificationMutation = { rejectRectification: { id: string, status: FindingStatus } };

export type InspectionsDueQueryVariables = Exact<{ [key: string]: never; }>;


export type InspectionsDueQuery = { inspectionsDue: Array<{ lastInspectedAt: string | null, dueAt: string | null, daysOverdue: number, site:
      | { id: string, name: string, kind: SiteKind, address: string, riskLevel: RiskLevel }
      | { id: string, name: string, kind: SiteKind, address: string, riskLevel: RiskLevel }
      | { id: string, name: string, kind: SiteKind, address: string, riskLevel: RiskLevel }
      | { id: string, name: string, kind: SiteKind, address: string, riskLevel: RiskLevel }
      | { id: string, name: string, kind: SiteKind, address: string, riskLevel: RiskLevel }
      | { id: string, name: string, kind: SiteKind, address: string, riskLevel: RiskLevel }
    , openFindings: Array<{ id: string, title: string, severity: Severity, deadline: string, overdue: boolean }>, plannedInspection: { id: string, status: InspectionStatus, dueAt: string | null, team: { id: string, name: string }, checklistVersion: { id: string } } | null }> };

export type MyTeamsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyTeamsQuery = { me: { id: string, teams: Array<{ id: string, name: string }> } | null };

export type PublishedChecklistsQueryVariables = Exact<{
  siteKind: SiteKind;
}>;


export type PublishedChecklistsQuery = { checklistTemplates: Array<{ id: string, latestPublishedVersion: { id: string } | null }> };

export type ChecklistVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type ChecklistVersionQuery = { checklistVersion: { id: string, number: number, template: { id: string, name: string }, items: Array<{ code: string, position: number, category: string, promptZh: string, promptEn: string, severity: Severity, answerType: AnswerType, min: number | null, max: number | null, unit: string | null, evidenceRequired: boolean, choices: Array<{ value: string, labelZh: string, labelEn: string, compliant: boolean }> }> } | null };

export type StandardProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type StandardProfilesQuery = { standardProfiles: Array<{ siteKind: SiteKind, passMark: number, evidenceMandatory: boolean, disputeLodgingWindowDays: number }> };

export type FileInspectionMutationVariables = Exact<{
  input: FileInspectionInput;
}>;


export type FileInspectionMutation = { fileInspection: { id: string, status: InspectionStatus, score: number | null, outcome: InspectionOutcome | null, passMark: number | null, findings: Array<{ id: string, title: string, severity: Severity, deadline: string }> } };

export type NoticeStatusFragment = { url: string, issuedAt: string, findings: number, firstDeadline: string, acknowledgedAt: string | null, acknowledgedBy: { id: string, displayName: string } | null };

export type SiteNoticesQueryVariables = Exact<{
  siteId: string | number;
}>;


export type SiteNoticesQuery = { inspections: { nodes: Array<{ id: string, submittedAt: string | null, team: { id: string, name: string }, rectificationNotice: { url: string, issuedAt: string, findings: number, firstDeadline: string, acknowledgedAt: string | null, acknowledgedBy: { id: string, displayName: string } | null } | null }> } };

export type TeamNoticesQueryVariables = Exact<{
  teamIds: Array<string | number> | string | number;
}>;


export type TeamNoticesQuery = { inspections: { nodes: Array<{ id: string, submittedAt: string | null, site:
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      , team: { id: string, name: string }, rectificationNotice: { url: string, issuedAt: string, findings: number, firstDeadline: string, acknowledgedAt: string | null, acknowledgedBy: { id: string, displayName: string } | null } | null }> } };

export type RectificationNoticeQueryVariables = Exact<{
  id: string | number;
}>;


export type RectificationNoticeQuery = { inspection: { id: string, status: InspectionStatus, submittedAt: string | null, outcome: InspectionOutcome | null, score: number | null, site:
      | { id: string, name: string, address: string, district: string }
      | { id: string, name: string, address: string, district: string }
      | { id: string, name: string, address: string, district: string }
      | { id: string, name: string, address: string, district: string }
      | { id: string, name: string, address: string, district: string }
      | { id: string, name: string, address: string, district: string }
    , team: { id: string, name: string }, members: Array<{ isLeader: boolean, account: { id: string, displayName: string }, agency: { id: string, name: string } | null }>, findings: Array<{ id: string, itemCode: string | null, title: string, description: string | null, legalBasis: string | null, severity: Severity, status: FindingStatus, deadline: string, overdue: boolean }>, rectificationNotice: { url: string, issuedAt: string, findings: number, firstDeadline: string, acknowledgedAt: string | null, acknowledgedBy: { id: string, displayName: string } | null } | null } | null };

export type AcknowledgeRectificationNoticeMutationVariables = Exact<{
  inspectionId: string | number;
}>;


export type AcknowledgeRectificationNoticeMutation = { acknowledgeRectificationNotice: { id: string, rectificationNotice: { url: string, issuedAt: string, findings: number, firstDeadline: string, acknowledgedAt: string | null, acknowledgedBy: { id: string, displayName: string } | null } | null } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, account: { id: string, username: string, displayName: string, role: Role } } };

export type MySitesQueryVariables = Exact<{ [key: string]: never; }>;


export type MySitesQuery = { sites: { nodes: Array<
      | { id: string, name: string, kind: SiteKind, address: string }
      | { id: string, name: string, kind: SiteKind, address: string }
      | { id: string, name: string, kind: SiteKind, address: string }
      | { id: string, name: string, kind: SiteKind, address: string }
      | { id: string, name: string, kind: SiteKind, address: string }
      | { id: string, name: string, kind: SiteKind, address: string }
    > } };

export type DisinfectionAreasQueryVariables = Exact<{
  siteId: string | number;
}>;


export type DisinfectionAreasQuery = { disinfectionAreas: Array<{ area: string, maxIntervalHours: number, lastDisinfectedAt: string | null, nextDueAt: string | null, overdue: boolean }> };

export type RecordDisinfectionMutationVariables = Exact<{
  input: RecordDisinfectionInput;
}>;


export type RecordDisinfectionMutation = { recordDisinfection: { id: string, area: string, startedAt: string, warnings: Array<{ code: string, message: string }> } };

export type SiteFindingsQueryVariables = Exact<{
  siteId: string | number;
}>;


export type SiteFindingsQuery = { findings: { totalCount: number, nodes: Array<{ id: string, title: string, description: string | null, severity: Severity, status: FindingStatus, raisedAt: string, deadline: string, overdue: boolean, version: number }> } };

export type SubmitRectificationMutationVariables = Exact<{
  input: SubmitRectificationInput;
}>;


export type SubmitRectificationMutation = { submitRectification: { id: string, status: RectificationStatus } };

export type LodgeDisputeMutationVariables = Exact<{
  input: LodgeDisputeInput;
}>;


export type LodgeDisputeMutation = { lodgeDispute: { id: string, status: DisputeStatus, resolutionDueAt: string | null } };

export type SiteStaffQueryVariables = Exact<{
  siteId: string | number;
}>;


export type SiteStaffQuery = { siteStaff: Array<{ id: string, username: string, displayName: string, active: boolean }> };

export type RegisterSiteStaffMutationVariables = Exact<{
  input: RegisterSiteStaffInput;
}>;


export type RegisterSiteStaffMutation = { registerSiteStaff: { id: string, username: string, displayName: string, active: boolean } };

export type DeactivateSiteStaffMutationVariables = Exact<{
  input: SiteStaffInput;
}>;


export type DeactivateSiteStaffMutation = { deactivateSiteStaff: { id: string, active: boolean } };

export type ReactivateSiteStaffMutationVariables = Exact<{
  input: SiteStaffInput;
}>;


export type ReactivateSiteStaffMutation = { reactivateSiteStaff: { id: string, active: boolean } };

export type SiteDisputesQueryVariables = Exact<{
  siteId: string | number;
}>;


export type SiteDisputesQuery = { disputes: { nodes: Array<{ id: string, status: DisputeStatus, outcome: DisputeOutcome | null, reason: string, lodgedAt: string, resolutionDueAt: string | null, rationale: string | null, finding: { id: string, title: string } | null }> } };

export type SiteEntriesSinceQueryVariables = Exact<{
  siteId: string | number;
  from: string;
}>;


export type SiteEntriesSinceQuery = { disinfectionLog: { nodes: Array<{ id: string, area: string, agent: DisinfectionAgent, method: DisinfectionMethod, concentration: number | null, concentrationUnit: ConcentrationUnit, startedAt: string, durationMinutes: number, recordedAt: string, correctionReason: string | null, effective: boolean, recordedBy: { username: string, displayName: string } | null, corrects: { id: string } | null, evidence: Array<{ id: string }> }> } };

export type CorrectDisinfectionMutationVariables = Exact<{
  input: CorrectDisinfectionInput;
}>;


export type CorrectDisinfectionMutation = { correctDisinfection: { id: string, area: string, startedAt: string, warnings: Array<{ code: string, message: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const NoticeStatusFragmentDoc = new TypedDocumentString(`
    fragment NoticeStatus on RectificationNotice {
  url
  issuedAt
  findings
  firstDeadline
  acknowledgedAt
  acknowledgedBy {
    id
    displayName
  }
}
    `, {"fragmentName":"NoticeStatus"}) as unknown as TypedDocumentString<NoticeStatusFragment, unknown>;
export const RectificationsToReviewDocument = new TypedDocumentString(`
    query RectificationsToReview {
  findings(filter: {status: [RECTIFICATION_SUBMITTED]}, first: 100) {
    nodes {
      id
      title
      severity
      deadline
      overdue
      version
      site {
        id
        name
      }
      rectifications {
        id
        status
        description
        submittedAt
        evidence {
          id
          url
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RectificationsToReviewQuery, RectificationsToReviewQueryVariables>;
export const VerifyRectificationDocument = new TypedDocumentString(`
    mutation VerifyRectification($input: VerifyRectificationInput!) {
  verifyRectification(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<VerifyRectificationMutation, VerifyRectificationMutationVariables>;
export const RejectRectificationDocument = new TypedDocumentString(`
    mutation RejectRectification($input: RejectRectificationInput!) {
  rejectRectification(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RejectRectificationMutation, RejectRectificationMutationVariables>;
export const InspectionsDueDocument = new TypedDocumentString(`
    query InspectionsDue {
  inspectionsDue(filter: {withinDays: 7, limit: 50}) {
    lastInspectedAt
    dueAt
    daysOverdue
    site {
      id
      name
      kind
      address
      riskLevel
    }
    openFindings {
      id
      title
      severity
      deadline
      overdue
    }
    plannedInspection {
      id
      status
      dueAt
      team {
        id
        name
      }
      checklistVersion {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InspectionsDueQuery, InspectionsDueQueryVariables>;
export const MyTeamsDocument = new TypedDocumentString(`
    query MyTeams {
  me {
    id
    teams {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<MyTeamsQuery, MyTeamsQueryVariables>;
export const PublishedChecklistsDocument = new TypedDocumentString(`
    query PublishedChecklists($siteKind: SiteKind!) {
  checklistTemplates(siteKind: $siteKind) {
    id
    latestPublishedVersion {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<PublishedChecklistsQuery, PublishedChecklistsQueryVariables>;
export const ChecklistVersionDocument = new TypedDocumentString(`
    query ChecklistVersion($id: ID!) {
  checklistVersion(id: $id) {
    id
    number
    template {
      id
      name
    }
    items {
      code
      position
      category
      promptZh
      promptEn
      severity
      answerType
      min
      max
      unit
      evidenceRequired
      choices {
        value
        labelZh
        labelEn
        compliant
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ChecklistVersionQuery, ChecklistVersionQueryVariables>;
export const StandardProfilesDocument = new TypedDocumentString(`
    query StandardProfiles {
  standardProfiles {
    siteKind
    passMark
    evidenceMandatory
    disputeLodgingWindowDays
  }
}
    `) as unknown as TypedDocumentString<StandardProfilesQuery, StandardProfilesQueryVariables>;
export const FileInspectionDocument = new TypedDocumentString(`
    mutation FileInspection($input: FileInspectionInput!) {
  fileInspection(input: $input) {
    id
    status
    score
    outcome
    passMark
    findings {
      id
      title
      severity
      deadline
    }
  }
}
    `) as unknown as TypedDocumentString<FileInspectionMutation, FileInspectionMutationVariables>;
export const SiteNoticesDocument = new TypedDocumentString(`
    query SiteNotices($siteId: ID!) {
  inspections(
    filter: {siteIds: [$siteId], status: [SUBMITTED, CLOSED]}
    first: 50
  ) {
    nodes {
      id
      submittedAt
      team {
        id
        name
      }
      rectificationNotice {
        ...NoticeStatus
      }
    }
  }
}
    fragment NoticeStatus on RectificationNotice {
  url
  issuedAt
  findings
  firstDeadline
  acknowledgedAt
  acknowledgedBy {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<SiteNoticesQuery, SiteNoticesQueryVariables>;
export const TeamNoticesDocument = new TypedDocumentString(`
    query TeamNotices($teamIds: [ID!]!) {
  inspections(filter: {teamIds: $teamIds, status: [SUBMITTED, CLOSED]}, first: 50) {
    nodes {
      id
      submittedAt
      site {
        id
        name
      }
      team {
        id
        name
      }
      rectificationNotice {
        ...NoticeStatus
      }
    }
  }
}
    fragment NoticeStatus on RectificationNotice {
  url
  issuedAt
  findings
  firstDeadline
  acknowledgedAt
  acknowledgedBy {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<TeamNoticesQuery, TeamNoticesQueryVariables>;
export const RectificationNoticeDocument = new TypedDocumentString(`
    query RectificationNotice($id: ID!) {
  inspection(id: $id) {
    id
    status
    submittedAt
    outcome
    score
    site {
      id
      name
      address
      district
    }
    team {
      id
      name
    }
    members {
      isLeader
      account {
        id
        displayName
      }
      agency {
        id
        name
      }
    }
    findings {
      id
      itemCode
      title
      description
      legalBasis
      severity
      status
      deadline
      overdue
    }
    rectificationNotice {
      ...NoticeStatus
    }
  }
}
    fragment NoticeStatus on RectificationNotice {
  url
  issuedAt
  findings
  firstDeadline
  acknowledgedAt
  acknowledgedBy {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<RectificationNoticeQuery, RectificationNoticeQueryVariables>;
export const AcknowledgeRectificationNoticeDocument = new TypedDocumentString(`
    mutation AcknowledgeRectificationNotice($inspectionId: ID!) {
  acknowledgeRectificationNotice(inspectionId: $inspectionId) {
    id
    rectificationNotice {
      ...NoticeStatus
    }
  }
}
    fragment NoticeStatus on RectificationNotice {
  url
  issuedAt
  findings
  firstDeadline
  acknowledgedAt
  acknowledgedBy {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<AcknowledgeRectificationNoticeMutation, AcknowledgeRectificationNoticeMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    token
    expiresAt
    account {
      id
      username
      displayName
      role
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const MySitesDocument = new TypedDocumentString(`
    query MySites {
  sites(first: 20) {
    nodes {
      id
      name
      kind
      address
    }
  }
}
    `) as unknown as TypedDocumentString<MySitesQuery, MySitesQueryVariables>;
export const DisinfectionAreasDocument = new TypedDocumentString(`
    query DisinfectionAreas($siteId: ID!) {
  disinfectionAreas(siteId: $siteId) {
    area
    maxIntervalHours
    lastDisinfectedAt
    nextDueAt
    overdue
  }
}
    `) as unknown as TypedDocumentString<DisinfectionAreasQuery, DisinfectionAreasQueryVariables>;
export const RecordDisinfectionDocument = new TypedDocumentString(`
    mutation RecordDisinfection($input: RecordDisinfectionInput!) {
  recordDisinfection(input: $input) {
    id
    area
    startedAt
    warnings {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RecordDisinfectionMutation, RecordDisinfectionMutationVariables>;
export const SiteFindingsDocument = new TypedDocumentString(`
    query SiteFindings($siteId: ID!) {
  findings(
    filter: {siteIds: [$siteId], status: [OPEN, RECTIFICATION_SUBMITTED, DISPUTED]}
    first: 100
  ) {
    totalCount
    nodes {
      id
      title
      description
      severity
      status
      raisedAt
      deadline
      overdue
      version
    }
  }
}
    `) as unknown as TypedDocumentString<SiteFindingsQuery, SiteFindingsQueryVariables>;
export const SubmitRectificationDocument = new TypedDocumentString(`
    mutation SubmitRectification($input: SubmitRectificationInput!) {
  submitRectification(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<SubmitRectificationMutation, SubmitRectificationMutationVariables>;
export const LodgeDisputeDocument = new TypedDocumentString(`
    mutation LodgeDispute($input: LodgeDisputeInput!) {
  lodgeDispute(input: $input) {
    id
    status
    resolutionDueAt
  }
}
    `) as unknown as TypedDocumentString<LodgeDisputeMutation, LodgeDisputeMutationVariables>;
export const SiteStaffDocument = new TypedDocumentString(`
    query SiteStaff($siteId: ID!) {
  siteStaff(siteId: $siteId) {
    id
    username
    displayName
    active
  }
}
    `) as unknown as TypedDocumentString<SiteStaffQuery, SiteStaffQueryVariables>;
export const RegisterSiteStaffDocument = new TypedDocumentString(`
    mutation RegisterSiteStaff($input: RegisterSiteStaffInput!) {
  registerSiteStaff(input: $input) {
    id
    username
    displayName
    active
  }
}
    `) as unknown as TypedDocumentString<RegisterSiteStaffMutation, RegisterSiteStaffMutationVariables>;
export const DeactivateSiteStaffDocument = new TypedDocumentString(`
    mutation DeactivateSiteStaff($input: SiteStaffInput!) {
  deactivateSiteStaff(input: $input) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<DeactivateSiteStaffMutation, DeactivateSiteStaffMutationVariables>;
export const ReactivateSiteStaffDocument = new TypedDocumentString(`
    mutation ReactivateSiteStaff($input: SiteStaffInput!) {
  reactivateSiteStaff(input: $input) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<ReactivateSiteStaffMutation, ReactivateSiteStaffMutationVariables>;
export const SiteDisputesDocument = new TypedDocumentString(`
    query SiteDisputes($siteId: ID!) {
  disputes(filter: {siteIds: [$siteId], kind: FINDING}, first: 50) {
    nodes {
      id
      status
      outcome
      reason
      lodgedAt
      resolutionDueAt
      rationale
      finding {
        id
        title
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SiteDisputesQuery, SiteDisputesQueryVariables>;
export const SiteEntriesSinceDocument = new TypedDocumentString(`
    query SiteEntriesSince($siteId: ID!, $from: DateTime!) {
  disinfectionLog(
    siteId: $siteId
    from: $from
    includeSuperseded: true
    first: 200
  ) {
    nodes {
      id
      area
      agent
      method
      concentration
      concentrationUnit
      startedAt
      durationMinutes
      recordedAt
      correctionReason
      effective
      recordedBy {
        username
        displayName
      }
      corrects {
        id
      }
      evidence {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SiteEntriesSinceQuery, SiteEntriesSinceQueryVariables>;
export const CorrectDisinfectionDocument = new TypedDocumentString(`
    mutation CorrectDisinfection($input: CorrectDisinfectionInput!) {
  correctDisinfection(input: $input) {
    id
    area
    startedAt
    warnings {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CorrectDisinfectionMutation, CorrectDisinfectionMutationVariables>;