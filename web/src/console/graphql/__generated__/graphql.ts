/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The kind of public body an agency is. */
export type AgencyKind =
  /** 卫健 health */
  | 'HEALTH'
  /** 市场监管 market regulation */
  | 'MARKET_REGULATION'
  /** Any other body. */
  | 'OTHER'
  /** 公安 public security */
  | 'POLICE'
  /** 镇 township */
  | 'TOWNSHIP'
  /** 交通 transport */
  | 'TRANSPORT';

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

/** Who reviews a dispute. */
export type AssignDisputeInput = {
  /** The dispute (LODGED or UNDER_REVIEW). */
  id: string | number;
  /** A REVIEWER who is not a member of the team that raised the finding, nor of its inspection's team, nor one of the inspection's participants. */
  reviewerId: string | number;
  /** The dispute version you saw (stale: CONFLICT). */
  version: number;
};

/** Narrows auditEvents; every field given must match. */
export type AuditEventFilter = {
  /** Only this action (exact, e.g. account.create). */
  action?: string | null | undefined;
  /** Only changes made by this account. */
  actorId?: string | number | null | undefined;
  /** Only changes to this record (use with entityType). */
  entityId?: string | null | undefined;
  /** Only changes to this kind of record (exact, e.g. Account). */
  entityType?: string | null | undefined;
  /** Only changes made in this window. */
  occurredBetween?: AuditTimeRange | null | undefined;
};

/** An inclusive time window; either end may be left open. */
export type AuditTimeRange = {
  /** From this instant (inclusive). */
  from?: string | null | undefined;
  /** Up to this instant (inclusive). */
  to?: string | null | undefined;
};

/** One question. */
export type ChecklistItemInput = {
  /** How it is answered. */
  answerType: AnswerType;
  /** Group heading. */
  category: string;
  /** CHOICE only: at least two options, one compliant. */
  choices?: Array<ChoiceOptionInput> | null | undefined;
  /** Stable code (capital letters, digits, _ . -); keep it across versions. */
  code: string;
  /** Answers must carry evidence (default false). */
  evidenceRequired?: boolean | null | undefined;
  /** NUMBER only: highest compliant value. */
  max?: number | null | undefined;
  /** NUMBER only: lowest compliant value. */
  min?: number | null | undefined;
  /** Question in English. */
  promptEn: string;
  /** Question in Chinese. */
  promptZh: string;
  /** Severity of a failure. */
  severity: Severity;
  /** Kinds it applies to (default: all the checklist's kinds). */
  siteKinds?: Array<SiteKind> | null | undefined;
  /** NUMBER only: unit. */
  unit?: string | null | undefined;
  /** Points, 0-100 (default 1; TEXT items are stored with 0). */
  weight?: number | null | undefined;
};

/** Where a checklist version stands. */
export type ChecklistVersionStatus =
  /** Being written; its items may still change. Inspections cannot use it. */
  | 'DRAFT'
  /** Final: the database refuses any change to it or its items. */
  | 'PUBLISHED';

/** An option of a CHOICE item. */
export type ChoiceOptionInput = {
  /** Choosing it passes the item. */
  compliant: boolean;
  /** Label in English. */
  labelEn: string;
  /** Label in Chinese. */
  labelZh: string;
  /** Value an answer gives. */
  value: string;
};

/** A comment in a dispute's timeline. */
export type CommentOnDisputeInput = {
  /** The dispute (LODGED or UNDER_REVIEW). */
  id: string | number;
  /** The comment. */
  text: string;
};

/** A new account. */
export type CreateAccountInput = {
  /** The agency the person works for. */
  agencyId?: string | number | null | undefined;
  /** Name shown to people. */
  displayName: string;
  /** At least 8 characters; stored only as an argon2id hash. */
  password: string;
  /** What the account may do (not FACILITY_STAFF: staff are registered with registerSiteStaff). */
  role: Role;
  /** 3 to 64 characters: letters, digits, _ . -; stored lower case. */
  username: string;
};

/** A new agency. */
export type CreateAgencyInput = {
  /** Unique code: capital letters, digits, _ or -. */
  code: string;
  /** Kind of body. */
  kind: AgencyKind;
  /** Name. */
  name: string;
};

/** A new joint inspection team. */
export type CreateInspectionTeamInput = {
  /** INSPECTION (default) or COMMANDO (党员突击队). */
  kind?: TeamKind | null | undefined;
  /** The leader (an inspector); becomes a member too. */
  leaderId: string | number;
  /** The other members (inspectors). */
  memberIds?: Array<string | number> | null | undefined;
  /** Unique name. */
  name: string;
};

/** A time range, from inclusive to exclusive. */
export type DateRangeInput = {
  /** From (inclusive). */
  from?: string | null | undefined;
  /** To (exclusive). */
  to?: string | null | undefined;
};

/** What happened in a dispute's timeline. */
export type DisputeEventKind =
  /** A reviewer was assigned (or the dispute was handed to another). */
  | 'ASSIGNED'
  /** A party or the reviewer commented. */
  | 'COMMENTED'
  /** Evidence files were attached. */
  | 'EVIDENCE_ATTACHED'
  /** The site lodged the dispute. */
  | 'LODGED'
  /** Any other recorded change. */
  | 'OTHER'
  /** A site conflict was recorded. */
  | 'RECORDED'
  /** The reviewer decided. */
  | 'RESOLVED'
  /** The site withdrew the dispute. */
  | 'WITHDRAWN';

/** Which disputes. */
export type DisputeFilter = {
  /** Only this kind. */
  kind?: DisputeKind | null | undefined;
  /** Only these outcomes. */
  outcome?: Array<DisputeOutcome> | null | undefined;
  /** true: only open disputes past their resolution deadline (for the command centre); false: the others. */
  overdue?: boolean | null | undefined;
  /** Only those assigned to this reviewer. */
  reviewerId?: string | number | null | undefined;
  /** Only these sites. */
  siteIds?: Array<string | number> | null | undefined;
  /** Only these statuses. */
  status?: Array<DisputeStatus> | null | undefined;
};

/** What a dispute is about. */
export type DisputeKind =
  /** A site contests a finding (异议): lodged by its facility manager, resolved by an independent reviewer. */
  | 'FINDING'
  /** A conflict at a site that is not about a finding (纠纷), recorded once mediated, with its outcome. */
  | 'SITE_CONFLICT';

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

/** The next version of a checklist, as a DRAFT. */
export type DraftChecklistVersionInput = {
  /** Client-generated key: a retry with the same key and input returns the same draft. */
  idempotencyKey: string;
  /** The questions; omitted: a copy of the newest version's. */
  items?: Array<ChecklistItemInput> | null | undefined;
  /** What changes. */
  notes?: string | null | undefined;
  /** The checklist. */
  templateId: string | number;
};

/** Which findings. */
export type FindingFilter = {
  /** true: only escalated (overdue CRITICAL); false: the others. */
  escalated?: boolean | null | undefined;
  /** Only these inspections. */
  inspectionIds?: Array<string | number> | null | undefined;
  /** true: only overdue; false: only not overdue. */
  overdue?: boolean | null | undefined;
  /** Raised in this range. */
  raisedBetween?: DateRangeInput | null | undefined;
  /** Only these severities. */
  severity?: Array<Severity> | null | undefined;
  /** Only these sites. */
  siteIds?: Array<string | number> | null | undefined;
  /** Only these statuses. */
  status?: Array<FindingStatus> | null | undefined;
  /** Only these issuing teams. */
  teamIds?: Array<string | number> | null | undefined;
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

/** What happened. */
export type HubEventKind =
  /** A checkpoint shift tally was filed. */
  | 'CHECKPOINT_TALLY_FILED'
  /** A CRITICAL finding was raised. */
  | 'CRITICAL_FINDING_RAISED'
  /** A site lodged a dispute against a finding. */
  | 'DISPUTE_LODGED'
  /** A reviewer resolved a dispute. */
  | 'DISPUTE_RESOLVED'
  /** A finding passed its deadline without being verified or withdrawn. */
  | 'FINDING_OVERDUE'
  /** A site fell out of disinfection compliance (a required area went past its interval). */
  | 'SITE_OUT_OF_COMPLIANCE'
  /** Verification records were imported, or a verification task (区域协查) was routed, started or answered. For the roles that see every task (ADMIN, COMMAND, REVIEWER); inspectors, who see only their own unit's tasks, do not receive it. */
  | 'VERIFICATION_TASK_CHANGED';

/** Which inspections. */
export type InspectionFilter = {
  /** Only these sites. */
  siteIds?: Array<string | number> | null | undefined;
  /** Only these statuses. */
  status?: Array<InspectionStatus> | null | undefined;
  /** Submitted at or after. */
  submittedFrom?: string | null | undefined;
  /** Submitted before. */
  submittedTo?: string | null | undefined;
  /** Only these teams. */
  teamIds?: Array<string | number> | null | undefined;
};

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

/** A draft to publish. */
export type PublishChecklistVersionInput = {
  /** The draft version. */
  versionId: string | number;
};

/** What became of a rectification. */
export type RectificationStatus =
  /** Accepted: the finding is VERIFIED. */
  | 'ACCEPTED'
  /** Rejected with a reason: the finding is OPEN again. */
  | 'REJECTED'
  /** Waiting for an inspector. */
  | 'SUBMITTED';

/** The length of one bucket of a report series. */
export type ReportBucket =
  /** Local (Asia/Shanghai) calendar days. */
  | 'DAY'
  /** Weeks from local Monday midnight. */
  | 'WEEK';

/** Which of the report's dispute figures a list shows. */
export type ReportDisputeFigure =
  /** disputes.lodged: lodged in the period, recorded by the cutoff. */
  | 'LODGED'
  /** disputes.resolved: RESOLVED at the cutoff, resolved in the period and by the cutoff. */
  | 'RESOLVED';

/** The period a report covers: from (inclusive) to (exclusive). */
export type ReportPeriodInput = {
  /** Start of the period (inclusive). */
  from: string;
  /** End of the period (exclusive); at most 366 days after from. */
  to: string;
};

/** Which of the report's verification figures a list shows. */
export type ReportVerificationFigure =
  /** verification.answered: of those, tasks ANSWERED at the cutoff. */
  | 'ANSWERED'
  /** verification.received: received in the period, imported by the cutoff. */
  | 'RECEIVED';

/** A decision on a dispute. */
export type ResolveDisputeInput = {
  /** The dispute (UNDER_REVIEW, assigned to you). */
  id: string | number;
  /** AMENDED: the finding's new deadline, in the future. */
  newDeadline?: string | null | undefined;
  /** AMENDED: the finding's new severity (at least one of newSeverity and newDeadline). */
  newSeverity?: Severity | null | undefined;
  /** The decision. */
  outcome: DisputeOutcome;
  /** Why, in writing (required). */
  rationale: string;
  /** The dispute version you saw (stale: CONFLICT). */
  version: number;
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

/** Route a task to a unit (COMMAND). */
export type RouteVerificationTaskInput = {
  /** A new deadline, if any. */
  deadline?: string | null | undefined;
  /** The task. */
  id: string | number;
  /** The unit (agency). */
  unitId: string | number;
  /** The version you last saw. */
  version: number;
};

/** Switch an account on or off. */
export type SetAccountActiveInput = {
  /** The account. */
  accountId: string | number;
  /** False: it can no longer sign in, and its tokens stop working. */
  active: boolean;
};

/** How serious a failed item or a finding is; the site kind's profile turns it into a deadline. */
export type Severity =
  /** A danger now (e.g. no temperature checks at a detention facility): the shortest deadline; a failed CRITICAL item fails the whole inspection. */
  | 'CRITICAL'
  /** A clear breach of the rules. */
  | 'MAJOR'
  /** A shortcoming to put right. */
  | 'MINOR';

/** A checkpoint shift. Two twelve-hour shifts a day; a night shift belongs to the date it started on. */
export type Shift =
  /** 白班 the day shift. */
  | 'DAY'
  /** 夜班 the night shift (starts on shiftDate, ends the next morning). */
  | 'NIGHT';

/** Which sites to list; every condition given must hold. An omitted or empty list means any. */
export type SiteFilter = {
  /** Only these districts (exact names). */
  districts?: Array<string> | null | undefined;
  /** Only these kinds. */
  kinds?: Array<SiteKind> | null | undefined;
  /** Only these risk levels. */
  riskLevels?: Array<RiskLevel> | null | undefined;
  /** Text in the name or the address, case-insensitive, any script (e.g. 宾馆). */
  search?: string | null | undefined;
  /** Only this status. */
  status?: SiteStatus | null | undefined;
};

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

/** A site and a facility manager. */
export type SiteManagerInput = {
  /** The account; its role must be FACILITY_MANAGER. */
  accountId: string | number;
  /** The site. */
  siteId: string | number;
};

/** Whether a site is in operation. Changed only by closeSite and reopenSite. */
export type SiteStatus =
  /** In operation: inspected, logged. */
  | 'ACTIVE'
  /** Closed (closedReason says why); reopenSite makes it ACTIVE again. */
  | 'CLOSED';

/** What a team is for. */
export type TeamKind =
  /** 党员突击队 a Party-member commando team, formed at a checkpoint or for an operation. */
  | 'COMMANDO'
  /** 联合检查组 a (joint) inspection team: files inspections. */
  | 'INSPECTION';

/** New content for a DRAFT version. */
export type UpdateChecklistDraftInput = {
  /** The questions (replace all of them). */
  items: Array<ChecklistItemInput>;
  /** What changes. */
  notes?: string | null | undefined;
  /** The draft version. */
  versionId: string | number;
};

/** Changes to a standard profile; omitted fields stay as they are. */
export type UpdateStandardProfileInput = {
  /** Hours for CRITICAL findings. */
  criticalDeadlineHours?: number | null | undefined;
  /** Days to lodge a dispute. */
  disputeLodgingWindowDays?: number | null | undefined;
  /** Days to resolve a dispute. */
  disputeResolutionDays?: number | null | undefined;
  /** Evidence mandatory for failures and findings. */
  evidenceMandatory?: boolean | null | undefined;
  /** Interval multiplier after a FAIL, 0.05 to 1. */
  failIntervalFactor?: number | null | undefined;
  /** Interval multiplier for HIGH and CRITICAL risk sites, 0.05 to 1. */
  highRiskIntervalFactor?: number | null | undefined;
  /** Hours for MAJOR findings. */
  majorDeadlineHours?: number | null | undefined;
  /** Hours for MINOR findings. */
  minorDeadlineHours?: number | null | undefined;
  /** Pass mark 0-100. */
  passMark?: number | null | undefined;
  /** MAJOR deadlines pause during a dispute. */
  pauseDeadlineDuringDisputeMajor?: boolean | null | undefined;
  /** MINOR deadlines pause during a dispute. */
  pauseDeadlineDuringDisputeMinor?: boolean | null | undefined;
  /** Days between inspections. */
  reinspectionIntervalDays?: number | null | undefined;
  /** The site kind. */
  siteKind: SiteKind;
  /** The version you read (stale: CONFLICT). */
  version: number;
};

/** What field verification found. */
export type VerificationResult =
  /** Checked and cleared: no risk (排除). */
  | 'CLEARED'
  /** The person was found and is isolated (已落实隔离). */
  | 'CONFIRMED_ISOLATED'
  /** The person could not be found in the area (查无此人). */
  | 'NOT_FOUND'
  /** Handed on to another area or body (移交). */
  | 'REFERRED';

/** Where a verification task stands (区域协查流程). */
export type VerificationStatus =
  /** 反馈 answered with a result; final. */
  | 'ANSWERED'
  /** 接收 received; records not needing field verification stay here. */
  | 'RECEIVED'
  /** 流转 routed to a unit for field verification. */
  | 'ROUTED'
  /** 核查 being verified in the field. */
  | 'VERIFYING';

export type ConsoleReportQueryVariables = Exact<{
  period: ReportPeriodInput;
  district?: string | null | undefined;
  asOf?: string | null | undefined;
}>;


export type ConsoleReportQuery = { report: { district: string | null, cutoff: string, generatedAt: string, summaryZh: string, summaryEn: string, period: { from: string, to: string }, auditHead: { position: number, hash: string }, inspections: { total: number, sitesInspected: number, joint: number, byKind: Array<{ siteKind: string, total: number, pass: number, passWithFindings: number, fail: number }> }, findings: { total: number, bySeverityStatus: Array<{ severity: string, status: string, count: number }> }, rectification: { due: number, rectified: number, rectifiedOnTime: number, rate: number | null }, overdue: { count: number, escalated: number }, disputes: { lodged: number, resolved: number, medianHoursToResolve: number | null }, disinfection: Array<{ siteKind: string, sites: number, requirements: number, requirementsMet: number, complianceRate: number | null, sitesInBreachAtEnd: number }>, checkpoint: { tallies: number, checkpoints: number, vehiclesChecked: number, personsScreened: number, vehiclesTurnedBack: number, personsTurnedBack: number, certificatesVerified: number, samplesTaken: number }, verification: { received: number, needingVerification: number, answered: number, overdue: number }, supplies: Array<{ itemCode: string, name: string, unitZh: string, quantity: number, deliveries: number }>, lateArrivals: { total: number } } };

export type ConsoleSeriesQueryVariables = Exact<{
  period: ReportPeriodInput;
  bucket?: ReportBucket | null | undefined;
  district?: string | null | undefined;
  asOf?: string | null | undefined;
}>;


export type ConsoleSeriesQuery = { reportSeries: { buckets: Array<{ from: string, inspections: { pass: number, passWithFindings: number, fail: number }, findings: { raised: number, rectified: number, overdue: number }, disinfection: Array<{ siteKind: string, complianceRate: number | null }>, checkpoint: { vehiclesChecked: number, personsScreened: number, vehiclesTurnedBack: number, personsTurnedBack: number, certificatesVerified: number, samplesTaken: number }, verification: { received: number, answered: number }, supplies: { deliveries: number, quantity: number } }> } };

export type ConsoleDistrictsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleDistrictsQuery = { sites: { nodes: Array<
      | { district: string }
      | { district: string }
      | { district: string }
      | { district: string }
      | { district: string }
      | { district: string }
    > } };

export type ConsoleSitesOfDistrictQueryVariables = Exact<{
  district: string;
}>;


export type ConsoleSitesOfDistrictQuery = { sites: { nodes: Array<
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
    > } };

export type ConsoleFindingsQueryVariables = Exact<{
  filter?: FindingFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleFindingsQuery = { findings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, severity: Severity, status: FindingStatus, raisedAt: string, deadline: string, overdue: boolean, escalated: boolean, site:
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
      , inspection: { id: string } }> } };

export type ConsoleInspectionsQueryVariables = Exact<{
  filter?: InspectionFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleInspectionsQuery = { inspections: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, status: InspectionStatus, outcome: InspectionOutcome | null, score: number | null, submittedAt: string | null, site:
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
      , team: { name: string } }> } };

export type ConsoleDisputesQueryVariables = Exact<{
  filter?: DisputeFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleDisputesQuery = { disputes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, kind: DisputeKind, status: DisputeStatus, lodgedAt: string, resolutionDueAt: string | null, overdue: boolean, version: number, site:
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      , finding: { id: string, title: string, severity: Severity } | null, reviewer: { id: string, displayName: string } | null }> } };

export type ConsoleInspectionQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleInspectionQuery = { inspection: { id: string, status: InspectionStatus, outcome: InspectionOutcome | null, adjustedOutcome: InspectionOutcome | null, score: number | null, passMark: number | null, submittedAt: string | null, startedAt: string | null, filedOffline: boolean, site:
      | { id: string, name: string, kind: SiteKind, district: string, address: string }
      | { id: string, name: string, kind: SiteKind, district: string, address: string }
      | { id: string, name: string, kind: SiteKind, district: string, address: string }
      | { id: string, name: string, kind: SiteKind, district: string, address: string }
      | { id: string, name: string, kind: SiteKind, district: string, address: string }
      | { id: string, name: string, kind: SiteKind, district: string, address: string }
    , team: { name: string, agencies: Array<{ name: string }> }, checklistVersion: { number: number, template: { name: string } }, answers: Array<{ itemCode: string, notApplicable: boolean, yes: boolean | null, number: number | null, choice: string | null, text: string | null, note: string | null, passed: boolean | null, item: { promptZh: string, promptEn: string } | null }>, findings: Array<{ id: string, title: string, severity: Severity, status: FindingStatus, deadline: string, overdue: boolean, raisedAt: string, description: string | null }> } | null };

export type ConsoleDisputeQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDisputeQuery = { dispute: { id: string, kind: DisputeKind, status: DisputeStatus, reason: string, lodgedAt: string, resolutionDueAt: string | null, overdue: boolean, deadlinePaused: boolean, version: number, outcome: DisputeOutcome | null, rationale: string | null, resolvedAt: string | null, newSeverity: Severity | null, newDeadline: string | null, site:
      | { id: string, name: string, district: string, kind: SiteKind }
      | { id: string, name: string, district: string, kind: SiteKind }
      | { id: string, name: string, district: string, kind: SiteKind }
      | { id: string, name: string, district: string, kind: SiteKind }
      | { id: string, name: string, district: string, kind: SiteKind }
      | { id: string, name: string, district: string, kind: SiteKind }
    , lodgedBy: { displayName: string } | null, reviewer: { id: string, displayName: string } | null, evidence: Array<{ id: string, contentType: string, url: string }>, finding: { id: string, title: string, description: string | null, severity: Severity, status: FindingStatus, deadline: string, raisedAt: string, evidence: Array<{ id: string, contentType: string, url: string }>, team: { name: string }, inspection: { id: string, outcome: InspectionOutcome | null, score: number | null, submittedAt: string | null, team: { name: string } }, rectifications: Array<{ description: string, status: RectificationStatus, submittedAt: string }> } | null, timeline: Array<{ id: string, at: string, kind: DisputeEventKind, action: string, actorUsername: string | null, text: string | null }> } | null };

export type ConsoleReviewersQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleReviewersQuery = { accounts: Array<{ id: string, displayName: string, username: string, active: boolean }> };

export type ConsoleAssignDisputeMutationVariables = Exact<{
  input: AssignDisputeInput;
}>;


export type ConsoleAssignDisputeMutation = { assignDispute: { id: string, status: DisputeStatus, version: number, reviewer: { id: string, displayName: string } | null } };

export type ConsoleResolveDisputeMutationVariables = Exact<{
  input: ResolveDisputeInput;
}>;


export type ConsoleResolveDisputeMutation = { resolveDispute: { id: string, status: DisputeStatus, outcome: DisputeOutcome | null, version: number } };

export type ConsoleLiveQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleLiveQuery = { overdue: { totalCount: number, nodes: Array<{ id: string, title: string, severity: Severity, deadline: string, escalated: boolean, site:
        | { name: string }
        | { name: string }
        | { name: string }
        | { name: string }
        | { name: string }
        | { name: string }
      , inspection: { id: string } }> }, sitesInBreach: Array<{ site:
      | { id: string, name: string, district: string }
      | { id: string, name: string, district: string }
      | { id: string, name: string, district: string }
      | { id: string, name: string, district: string }
      | { id: string, name: string, district: string }
      | { id: string, name: string, district: string }
    , areas: Array<{ area: string, hoursSince: number | null, maxIntervalHours: number }> }>, queue: { totalCount: number, nodes: Array<{ id: string, status: DisputeStatus, lodgedAt: string, resolutionDueAt: string | null, overdue: boolean, version: number, site:
        | { name: string }
        | { name: string }
        | { name: string }
        | { name: string }
        | { name: string }
        | { name: string }
      , finding: { title: string, severity: Severity } | null, reviewer: { id: string, displayName: string } | null }> } };

export type ConsoleEventsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsoleEventsSubscription = { events: { id: string, cursor: string, kind: HubEventKind, occurredAt: string, message: string, entityType: string, entityId: string } };

export type ConsoleSitesQueryVariables = Exact<{
  filter?: SiteFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleSitesQuery = { sites: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<
      | { id: string, name: string, kind: SiteKind, district: string, riskLevel: RiskLevel, status: SiteStatus, address: string, latitude: number | null, longitude: number | null, inspections: Array<{ outcome: InspectionOutcome | null, submittedAt: string | null }> }
      | { id: string, name: string, kind: SiteKind, district: string, riskLevel: RiskLevel, status: SiteStatus, address: string, latitude: number | null, longitude: number | null, inspections: Array<{ outcome: InspectionOutcome | null, submittedAt: string | null }> }
      | { id: string, name: string, kind: SiteKind, district: string, riskLevel: RiskLevel, status: SiteStatus, address: string, latitude: number | null, longitude: number | null, inspections: Array<{ outcome: InspectionOutcome | null, submittedAt: string | null }> }
      | { id: string, name: string, kind: SiteKind, district: string, riskLevel: RiskLevel, status: SiteStatus, address: string, latitude: number | null, longitude: number | null, inspections: Array<{ outcome: InspectionOutcome | null, submittedAt: string | null }> }
      | { id: string, name: string, kind: SiteKind, district: string, riskLevel: RiskLevel, status: SiteStatus, address: string, latitude: number | null, longitude: number | null, inspections: Array<{ outcome: InspectionOutcome | null, submittedAt: string | null }> }
      | { id: string, name: string, kind: SiteKind, district: string, riskLevel: RiskLevel, status: SiteStatus, address: string, latitude: number | null, longitude: number | null, inspections: Array<{ outcome: InspectionOutcome | null, submittedAt: string | null }> }
    > } };

export type ConsoleAuditQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleAuditQuery = { auditEvents: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, occurredAt: string, actorUsername: string | null, actorRole: Role | null, action: string, entityType: string, entityId: string, sealed: boolean, changes: Array<{ field: string, before: unknown, after: unknown }> }> } };

export type ConsoleVerifyChainQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleVerifyChainQuery = { verifyAuditChain: { ok: boolean, sealedEvents: number, unsealedEvents: number, headHash: string, problems: Array<{ seq: string | null, problem: string }> } };

export type ConsoleAdminQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAdminQuery = { accounts: Array<{ id: string, username: string, displayName: string, role: Role, active: boolean, agency: { id: string, name: string } | null, managedSites: Array<
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
    > }>, agencies: Array<{ id: string, code: string, name: string, kind: AgencyKind }>, inspectionTeams: Array<{ id: string, name: string, kind: TeamKind, active: boolean, leader: { id: string, displayName: string }, members: Array<{ isLeader: boolean, account: { id: string, displayName: string, agency: { name: string } | null } }>, agencies: Array<{ name: string }> }>, sites: { nodes: Array<
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
      | { id: string, name: string }
    > } };

export type ConsoleCreateAccountMutationVariables = Exact<{
  input: CreateAccountInput;
}>;


export type ConsoleCreateAccountMutation = { createAccount: { id: string } };

export type ConsoleSetAccountActiveMutationVariables = Exact<{
  input: SetAccountActiveInput;
}>;


export type ConsoleSetAccountActiveMutation = { setAccountActive: { id: string, active: boolean } };

export type ConsoleCreateAgencyMutationVariables = Exact<{
  input: CreateAgencyInput;
}>;


export type ConsoleCreateAgencyMutation = { createAgency: { id: string } };

export type ConsoleCreateTeamMutationVariables = Exact<{
  input: CreateInspectionTeamInput;
}>;


export type ConsoleCreateTeamMutation = { createInspectionTeam: { id: string } };

export type ConsoleBindManagerMutationVariables = Exact<{
  input: SiteManagerInput;
}>;


export type ConsoleBindManagerMutation = { bindSiteManager:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
   };

export type ConsoleTemplatesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleTemplatesQuery = { checklistTemplates: Array<{ id: string, code: string, name: string, nameEn: string, siteKinds: Array<SiteKind>, versions: Array<{ id: string, number: number, status: ChecklistVersionStatus, publishedAt: string | null }>, draft: { id: string, number: number } | null, latestPublishedVersion: { id: string, number: number } | null }> };

export type ConsoleChecklistVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleChecklistVersionQuery = { checklistVersion: { id: string, number: number, status: ChecklistVersionStatus, notes: string | null, publishedAt: string | null, template: { id: string, name: string, nameEn: string, siteKinds: Array<SiteKind> }, items: Array<{ id: string, code: string, position: number, category: string, promptZh: string, promptEn: string, severity: Severity, answerType: AnswerType, min: number | null, max: number | null, unit: string | null, evidenceRequired: boolean, weight: number, siteKinds: Array<SiteKind>, choices: Array<{ value: string, labelZh: string, labelEn: string, compliant: boolean }> }> } | null };

export type ConsoleDraftVersionMutationVariables = Exact<{
  input: DraftChecklistVersionInput;
}>;


export type ConsoleDraftVersionMutation = { draftChecklistVersion: { id: string, number: number } };

export type ConsoleUpdateDraftMutationVariables = Exact<{
  input: UpdateChecklistDraftInput;
}>;


export type ConsoleUpdateDraftMutation = { updateChecklistDraft: { id: string } };

export type ConsolePublishVersionMutationVariables = Exact<{
  input: PublishChecklistVersionInput;
}>;


export type ConsolePublishVersionMutation = { publishChecklistVersion: { id: string, status: ChecklistVersionStatus, number: number } };

export type ConsoleProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleProfilesQuery = { standardProfiles: Array<{ siteKind: SiteKind, passMark: number, criticalDeadlineHours: number, majorDeadlineHours: number, minorDeadlineHours: number, reinspectionIntervalDays: number, evidenceMandatory: boolean, disputeLodgingWindowDays: number, disputeResolutionDays: number, version: number }> };

export type ConsoleUpdateProfileMutationVariables = Exact<{
  input: UpdateStandardProfileInput;
}>;


export type ConsoleUpdateProfileMutation = { updateStandardProfile: { siteKind: SiteKind, version: number, passMark: number } };

export type ConsoleReportDisputesQueryVariables = Exact<{
  figure: ReportDisputeFigure;
  period: ReportPeriodInput;
  district?: string | null | undefined;
  asOf?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleReportDisputesQuery = { reportDisputes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, kind: DisputeKind, status: DisputeStatus, outcome: DisputeOutcome | null, lodgedAt: string, resolvedAt: string | null, site:
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
      , finding: { id: string, title: string, severity: Severity } | null, reviewer: { displayName: string } | null }> } };

export type ConsoleReportTalliesQueryVariables = Exact<{
  period: ReportPeriodInput;
  district?: string | null | undefined;
  asOf?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleReportTalliesQuery = { reportCheckpointTallies: { totalCount: number, totals: { tallies: number, vehiclesChecked: number, personsScreened: number, vehiclesTurnedBack: number, personsTurnedBack: number, certificatesVerified: number, samplesTaken: number }, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, shiftDate: string, shift: Shift, vehiclesChecked: number, personsScreened: number, vehiclesTurnedBack: number, personsTurnedBack: number, certificatesVerified: number, samplesTaken: number, warnings: Array<string>, notes: string | null, correctionReason: string | null, createdAt: string, checkpoint: { id: string, name: string, district: string }, filedBy: { displayName: string }, officersOnDuty: Array<{ name: string, isLeader: boolean }> }> } };

export type ConsoleReportVerificationQueryVariables = Exact<{
  figure: ReportVerificationFigure;
  period: ReportPeriodInput;
  district?: string | null | undefined;
  asOf?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleReportVerificationQuery = { reportVerificationRecords: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, externalRef: string, personName: string, idNumberMasked: string | null, phoneMasked: string | null, reason: string, status: VerificationStatus, needsVerification: boolean, deadline: string | null, overdue: boolean, result: VerificationResult | null, resultNotes: string | null, answeredAt: string | null, receivedAt: string, createdAt: string, routedUnit: { id: string, name: string } | null }> } };

export type ConsoleReportDeliveriesQueryVariables = Exact<{
  itemCode?: string | null | undefined;
  period: ReportPeriodInput;
  district?: string | null | undefined;
  asOf?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleReportDeliveriesQuery = { reportSupplyDeliveries: { totalCount: number, quantity: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, quantity: number, deliveredAt: string, notes: string | null, createdAt: string, item: { code: string, name: string, unitZh: string }, site:
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
        | { id: string, name: string, district: string }
      , recordedBy: { displayName: string } }> } };

export type ConsoleCommentOnDisputeMutationVariables = Exact<{
  input: CommentOnDisputeInput;
}>;


export type ConsoleCommentOnDisputeMutation = { commentOnDispute: { id: string, version: number, timeline: Array<{ id: string, at: string, kind: DisputeEventKind, action: string, actorUsername: string | null, text: string | null }> } };

export type ConsoleVerificationBoardQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleVerificationBoardQuery = { received: { totalCount: number, nodes: Array<{ id: string, externalRef: string, personName: string, reason: string, status: VerificationStatus, deadline: string | null, overdue: boolean, version: number, result: VerificationResult | null, receivedAt: string, routedUnit: { id: string, name: string } | null }> }, routed: { totalCount: number, nodes: Array<{ id: string, externalRef: string, personName: string, reason: string, status: VerificationStatus, deadline: string | null, overdue: boolean, version: number, result: VerificationResult | null, receivedAt: string, routedUnit: { id: string, name: string } | null }> }, verifying: { totalCount: number, nodes: Array<{ id: string, externalRef: string, personName: string, reason: string, status: VerificationStatus, deadline: string | null, overdue: boolean, version: number, result: VerificationResult | null, receivedAt: string, routedUnit: { id: string, name: string } | null }> }, answered: { totalCount: number, nodes: Array<{ id: string, externalRef: string, personName: string, reason: string, status: VerificationStatus, deadline: string | null, overdue: boolean, version: number, result: VerificationResult | null, receivedAt: string, routedUnit: { id: string, name: string } | null }> }, agencies: Array<{ id: string, name: string }> };

export type BoardTaskFragment = { id: string, externalRef: string, personName: string, reason: string, status: VerificationStatus, deadline: string | null, overdue: boolean, version: number, result: VerificationResult | null, receivedAt: string, routedUnit: { id: string, name: string } | null };

export type ConsoleRouteTaskMutationVariables = Exact<{
  input: RouteVerificationTaskInput;
}>;


export type ConsoleRouteTaskMutation = { routeVerificationTask: { id: string, status: VerificationStatus, version: number, routedUnit: { id: string, name: string } | null } };

export type ConsoleMapSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMapSettingsQuery = { mapSettings: { tileUrl: string, attribution: string } | null };

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
export const BoardTaskFragmentDoc = new TypedDocumentString(`
    fragment BoardTask on VerificationTask {
  id
  externalRef
  personName
  reason
  status
  deadline
  overdue
  version
  result
  receivedAt
  routedUnit {
    id
    name
  }
}
    `, {"fragmentName":"BoardTask"}) as unknown as TypedDocumentString<BoardTaskFragment, unknown>;
export const ConsoleReportDocument = new TypedDocumentString(`
    query ConsoleReport($period: ReportPeriodInput!, $district: String, $asOf: DateTime) {
  report(period: $period, district: $district, asOf: $asOf) {
    period {
      from
      to
    }
    district
    cutoff
    generatedAt
    summaryZh
    summaryEn
    auditHead {
      position
      hash
    }
    inspections {
      total
      sitesInspected
      joint
      byKind {
        siteKind
        total
        pass
        passWithFindings
        fail
      }
    }
    findings {
      total
      bySeverityStatus {
        severity
        status
        count
      }
    }
    rectification {
      due
      rectified
      rectifiedOnTime
      rate
    }
    overdue {
      count
      escalated
    }
    disputes {
      lodged
      resolved
      medianHoursToResolve
    }
    disinfection {
      siteKind
      sites
      requirements
      requirementsMet
      complianceRate
      sitesInBreachAtEnd
    }
    checkpoint {
      tallies
      checkpoints
      vehiclesChecked
      personsScreened
      vehiclesTurnedBack
      personsTurnedBack
      certificatesVerified
      samplesTaken
    }
    verification {
      received
      needingVerification
      answered
      overdue
    }
    supplies {
      itemCode
      name
      unitZh
      quantity
      deliveries
    }
    lateArrivals {
      total
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleReportQuery, ConsoleReportQueryVariables>;
export const ConsoleSeriesDocument = new TypedDocumentString(`
    query ConsoleSeries($period: ReportPeriodInput!, $bucket: ReportBucket, $district: String, $asOf: DateTime) {
  reportSeries(period: $period, bucket: $bucket, district: $district, asOf: $asOf) {
    buckets {
      from
      inspections {
        pass
        passWithFindings
        fail
      }
      findings {
        raised
        rectified
        overdue
      }
      disinfection {
        siteKind
        complianceRate
      }
      checkpoint {
        vehiclesChecked
        personsScreened
        vehiclesTurnedBack
        personsTurnedBack
        certificatesVerified
        samplesTaken
      }
      verification {
        received
        answered
      }
      supplies {
        deliveries
        quantity
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleSeriesQuery, ConsoleSeriesQueryVariables>;
export const ConsoleDistrictsDocument = new TypedDocumentString(`
    query ConsoleDistricts {
  sites(first: 500) {
    nodes {
      district
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDistrictsQuery, ConsoleDistrictsQueryVariables>;
export const ConsoleSitesOfDistrictDocument = new TypedDocumentString(`
    query ConsoleSitesOfDistrict($district: String!) {
  sites(filter: {districts: [$district]}, first: 500) {
    nodes {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleSitesOfDistrictQuery, ConsoleSitesOfDistrictQueryVariables>;
export const ConsoleFindingsDocument = new TypedDocumentString(`
    query ConsoleFindings($filter: FindingFilter, $first: Int, $after: String) {
  findings(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      title
      severity
      status
      raisedAt
      deadline
      overdue
      escalated
      site {
        id
        name
        district
      }
      inspection {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleFindingsQuery, ConsoleFindingsQueryVariables>;
export const ConsoleInspectionsDocument = new TypedDocumentString(`
    query ConsoleInspections($filter: InspectionFilter, $first: Int, $after: String) {
  inspections(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      status
      outcome
      score
      submittedAt
      site {
        id
        name
        district
      }
      team {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleInspectionsQuery, ConsoleInspectionsQueryVariables>;
export const ConsoleDisputesDocument = new TypedDocumentString(`
    query ConsoleDisputes($filter: DisputeFilter, $first: Int, $after: String) {
  disputes(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      kind
      status
      lodgedAt
      resolutionDueAt
      overdue
      version
      site {
        id
        name
      }
      finding {
        id
        title
        severity
      }
      reviewer {
        id
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDisputesQuery, ConsoleDisputesQueryVariables>;
export const ConsoleInspectionDocument = new TypedDocumentString(`
    query ConsoleInspection($id: ID!) {
  inspection(id: $id) {
    id
    status
    outcome
    adjustedOutcome
    score
    passMark
    submittedAt
    startedAt
    filedOffline
    site {
      id
      name
      kind
      district
      address
    }
    team {
      name
      agencies {
        name
      }
    }
    checklistVersion {
      number
      template {
        name
      }
    }
    answers {
      itemCode
      notApplicable
      yes
      number
      choice
      text
      note
      passed
      item {
        promptZh
        promptEn
      }
    }
    findings {
      id
      title
      severity
      status
      deadline
      overdue
      raisedAt
      description
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleInspectionQuery, ConsoleInspectionQueryVariables>;
export const ConsoleDisputeDocument = new TypedDocumentString(`
    query ConsoleDispute($id: ID!) {
  dispute(id: $id) {
    id
    kind
    status
    reason
    lodgedAt
    resolutionDueAt
    overdue
    deadlinePaused
    version
    outcome
    rationale
    resolvedAt
    newSeverity
    newDeadline
    site {
      id
      name
      district
      kind
    }
    lodgedBy {
      displayName
    }
    reviewer {
      id
      displayName
    }
    evidence {
      id
      contentType
      url
    }
    finding {
      id
      title
      description
      severity
      status
      deadline
      raisedAt
      evidence {
        id
        contentType
        url
      }
      team {
        name
      }
      inspection {
        id
        outcome
        score
        submittedAt
        team {
          name
        }
      }
      rectifications {
        description
        status
        submittedAt
      }
    }
    timeline {
      id
      at
      kind
      action
      actorUsername
      text
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDisputeQuery, ConsoleDisputeQueryVariables>;
export const ConsoleReviewersDocument = new TypedDocumentString(`
    query ConsoleReviewers {
  accounts(role: REVIEWER) {
    id
    displayName
    username
    active
  }
}
    `) as unknown as TypedDocumentString<ConsoleReviewersQuery, ConsoleReviewersQueryVariables>;
export const ConsoleAssignDisputeDocument = new TypedDocumentString(`
    mutation ConsoleAssignDispute($input: AssignDisputeInput!) {
  assignDispute(input: $input) {
    id
    status
    version
    reviewer {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAssignDisputeMutation, ConsoleAssignDisputeMutationVariables>;
export const ConsoleResolveDisputeDocument = new TypedDocumentString(`
    mutation ConsoleResolveDispute($input: ResolveDisputeInput!) {
  resolveDispute(input: $input) {
    id
    status
    outcome
    version
  }
}
    `) as unknown as TypedDocumentString<ConsoleResolveDisputeMutation, ConsoleResolveDisputeMutationVariables>;
export const ConsoleLiveDocument = new TypedDocumentString(`
    query ConsoleLive {
  overdue: findings(filter: {overdue: true}, first: 20) {
    totalCount
    nodes {
      id
      title
      severity
      deadline
      escalated
      site {
        name
      }
      inspection {
        id
      }
    }
  }
  sitesInBreach {
    site {
      id
      name
      district
    }
    areas {
      area
      hoursSince
      maxIntervalHours
    }
  }
  queue: disputes(filter: {status: [LODGED, UNDER_REVIEW]}, first: 50) {
    totalCount
    nodes {
      id
      status
      lodgedAt
      resolutionDueAt
      overdue
      version
      site {
        name
      }
      finding {
        title
        severity
      }
      reviewer {
        id
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleLiveQuery, ConsoleLiveQueryVariables>;
export const ConsoleEventsDocument = new TypedDocumentString(`
    subscription ConsoleEvents($after: String) {
  events(after: $after) {
    id
    cursor
    kind
    occurredAt
    message
    entityType
    entityId
  }
}
    `) as unknown as TypedDocumentString<ConsoleEventsSubscription, ConsoleEventsSubscriptionVariables>;
export const ConsoleSitesDocument = new TypedDocumentString(`
    query ConsoleSites($filter: SiteFilter, $first: Int, $after: String) {
  sites(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      name
      kind
      district
      riskLevel
      status
      address
      latitude
      longitude
      inspections(first: 5) {
        outcome
        submittedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleSitesQuery, ConsoleSitesQueryVariables>;
export const ConsoleAuditDocument = new TypedDocumentString(`
    query ConsoleAudit($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      occurredAt
      actorUsername
      actorRole
      action
      entityType
      entityId
      sealed
      changes {
        field
        before
        after
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditQuery, ConsoleAuditQueryVariables>;
export const ConsoleVerifyChainDocument = new TypedDocumentString(`
    query ConsoleVerifyChain {
  verifyAuditChain {
    ok
    sealedEvents
    unsealedEvents
    headHash
    problems {
      seq
      problem
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleVerifyChainQuery, ConsoleVerifyChainQueryVariables>;
export const ConsoleAdminDocument = new TypedDocumentString(`
    query ConsoleAdmin {
  accounts {
    id
    username
    displayName
    role
    active
    agency {
      id
      name
    }
    managedSites {
      id
      name
    }
  }
  agencies {
    id
    code
    name
    kind
  }
  inspectionTeams {
    id
    name
    kind
    active
    leader {
      id
      displayName
    }
    members {
      isLeader
      account {
        id
        displayName
        agency {
          name
        }
      }
    }
    agencies {
      name
    }
  }
  sites(first: 500) {
    nodes {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAdminQuery, ConsoleAdminQueryVariables>;
export const ConsoleCreateAccountDocument = new TypedDocumentString(`
    mutation ConsoleCreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleCreateAccountMutation, ConsoleCreateAccountMutationVariables>;
export const ConsoleSetAccountActiveDocument = new TypedDocumentString(`
    mutation ConsoleSetAccountActive($input: SetAccountActiveInput!) {
  setAccountActive(input: $input) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<ConsoleSetAccountActiveMutation, ConsoleSetAccountActiveMutationVariables>;
export const ConsoleCreateAgencyDocument = new TypedDocumentString(`
    mutation ConsoleCreateAgency($input: CreateAgencyInput!) {
  createAgency(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleCreateAgencyMutation, ConsoleCreateAgencyMutationVariables>;
export const ConsoleCreateTeamDocument = new TypedDocumentString(`
    mutation ConsoleCreateTeam($input: CreateInspectionTeamInput!) {
  createInspectionTeam(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleCreateTeamMutation, ConsoleCreateTeamMutationVariables>;
export const ConsoleBindManagerDocument = new TypedDocumentString(`
    mutation ConsoleBindManager($input: SiteManagerInput!) {
  bindSiteManager(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleBindManagerMutation, ConsoleBindManagerMutationVariables>;
export const ConsoleTemplatesDocument = new TypedDocumentString(`
    query ConsoleTemplates {
  checklistTemplates {
    id
    code
    name
    nameEn
    siteKinds
    versions {
      id
      number
      status
      publishedAt
    }
    draft {
      id
      number
    }
    latestPublishedVersion {
      id
      number
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleTemplatesQuery, ConsoleTemplatesQueryVariables>;
export const ConsoleChecklistVersionDocument = new TypedDocumentString(`
    query ConsoleChecklistVersion($id: ID!) {
  checklistVersion(id: $id) {
    id
    number
    status
    notes
    publishedAt
    template {
      id
      name
      nameEn
      siteKinds
    }
    items {
      id
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
      weight
      siteKinds
      choices {
        value
        labelZh
        labelEn
        compliant
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleChecklistVersionQuery, ConsoleChecklistVersionQueryVariables>;
export const ConsoleDraftVersionDocument = new TypedDocumentString(`
    mutation ConsoleDraftVersion($input: DraftChecklistVersionInput!) {
  draftChecklistVersion(input: $input) {
    id
    number
  }
}
    `) as unknown as TypedDocumentString<ConsoleDraftVersionMutation, ConsoleDraftVersionMutationVariables>;
export const ConsoleUpdateDraftDocument = new TypedDocumentString(`
    mutation ConsoleUpdateDraft($input: UpdateChecklistDraftInput!) {
  updateChecklistDraft(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleUpdateDraftMutation, ConsoleUpdateDraftMutationVariables>;
export const ConsolePublishVersionDocument = new TypedDocumentString(`
    mutation ConsolePublishVersion($input: PublishChecklistVersionInput!) {
  publishChecklistVersion(input: $input) {
    id
    status
    number
  }
}
    `) as unknown as TypedDocumentString<ConsolePublishVersionMutation, ConsolePublishVersionMutationVariables>;
export const ConsoleProfilesDocument = new TypedDocumentString(`
    query ConsoleProfiles {
  standardProfiles {
    siteKind
    passMark
    criticalDeadlineHours
    majorDeadlineHours
    minorDeadlineHours
    reinspectionIntervalDays
    evidenceMandatory
    disputeLodgingWindowDays
    disputeResolutionDays
    version
  }
}
    `) as unknown as TypedDocumentString<ConsoleProfilesQuery, ConsoleProfilesQueryVariables>;
export const ConsoleUpdateProfileDocument = new TypedDocumentString(`
    mutation ConsoleUpdateProfile($input: UpdateStandardProfileInput!) {
  updateStandardProfile(input: $input) {
    siteKind
    version
    passMark
  }
}
    `) as unknown as TypedDocumentString<ConsoleUpdateProfileMutation, ConsoleUpdateProfileMutationVariables>;
export const ConsoleReportDisputesDocument = new TypedDocumentString(`
    query ConsoleReportDisputes($figure: ReportDisputeFigure!, $period: ReportPeriodInput!, $district: String, $asOf: DateTime, $first: Int, $after: String) {
  reportDisputes(
    figure: $figure
    period: $period
    district: $district
    asOf: $asOf
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      kind
      status
      outcome
      lodgedAt
      resolvedAt
      site {
        id
        name
        district
      }
      finding {
        id
        title
        severity
      }
      reviewer {
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleReportDisputesQuery, ConsoleReportDisputesQueryVariables>;
export const ConsoleReportTalliesDocument = new TypedDocumentString(`
    query ConsoleReportTallies($period: ReportPeriodInput!, $district: String, $asOf: DateTime, $first: Int, $after: String) {
  reportCheckpointTallies(
    period: $period
    district: $district
    asOf: $asOf
    first: $first
    after: $after
  ) {
    totalCount
    totals {
      tallies
      vehiclesChecked
      personsScreened
      vehiclesTurnedBack
      personsTurnedBack
      certificatesVerified
      samplesTaken
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      shiftDate
      shift
      vehiclesChecked
      personsScreened
      vehiclesTurnedBack
      personsTurnedBack
      certificatesVerified
      samplesTaken
      warnings
      notes
      correctionReason
      createdAt
      checkpoint {
        id
        name
        district
      }
      filedBy {
        displayName
      }
      officersOnDuty {
        name
        isLeader
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleReportTalliesQuery, ConsoleReportTalliesQueryVariables>;
export const ConsoleReportVerificationDocument = new TypedDocumentString(`
    query ConsoleReportVerification($figure: ReportVerificationFigure!, $period: ReportPeriodInput!, $district: String, $asOf: DateTime, $first: Int, $after: String) {
  reportVerificationRecords(
    figure: $figure
    period: $period
    district: $district
    asOf: $asOf
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      externalRef
      personName
      idNumberMasked
      phoneMasked
      reason
      status
      needsVerification
      deadline
      overdue
      result
      resultNotes
      answeredAt
      receivedAt
      createdAt
      routedUnit {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleReportVerificationQuery, ConsoleReportVerificationQueryVariables>;
export const ConsoleReportDeliveriesDocument = new TypedDocumentString(`
    query ConsoleReportDeliveries($itemCode: String, $period: ReportPeriodInput!, $district: String, $asOf: DateTime, $first: Int, $after: String) {
  reportSupplyDeliveries(
    itemCode: $itemCode
    period: $period
    district: $district
    asOf: $asOf
    first: $first
    after: $after
  ) {
    totalCount
    quantity
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      quantity
      deliveredAt
      notes
      createdAt
      item {
        code
        name
        unitZh
      }
      site {
        id
        name
        district
      }
      recordedBy {
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleReportDeliveriesQuery, ConsoleReportDeliveriesQueryVariables>;
export const ConsoleCommentOnDisputeDocument = new TypedDocumentString(`
    mutation ConsoleCommentOnDispute($input: CommentOnDisputeInput!) {
  commentOnDispute(input: $input) {
    id
    version
    timeline {
      id
      at
      kind
      action
      actorUsername
      text
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleCommentOnDisputeMutation, ConsoleCommentOnDisputeMutationVariables>;
export const ConsoleVerificationBoardDocument = new TypedDocumentString(`
    query ConsoleVerificationBoard {
  received: verificationTasks(filter: {status: RECEIVED}, first: 50) {
    totalCount
    nodes {
      ...BoardTask
    }
  }
  routed: verificationTasks(filter: {status: ROUTED}, first: 50) {
    totalCount
    nodes {
      ...BoardTask
    }
  }
  verifying: verificationTasks(filter: {status: VERIFYING}, first: 50) {
    totalCount
    nodes {
      ...BoardTask
    }
  }
  answered: verificationTasks(filter: {status: ANSWERED}, first: 20) {
    totalCount
    nodes {
      ...BoardTask
    }
  }
  agencies {
    id
    name
  }
}
    fragment BoardTask on VerificationTask {
  id
  externalRef
  personName
  reason
  status
  deadline
  overdue
  version
  result
  receivedAt
  routedUnit {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConsoleVerificationBoardQuery, ConsoleVerificationBoardQueryVariables>;
export const ConsoleRouteTaskDocument = new TypedDocumentString(`
    mutation ConsoleRouteTask($input: RouteVerificationTaskInput!) {
  routeVerificationTask(input: $input) {
    id
    status
    version
    routedUnit {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleRouteTaskMutation, ConsoleRouteTaskMutationVariables>;
export const ConsoleMapSettingsDocument = new TypedDocumentString(`
    query ConsoleMapSettings {
  mapSettings {
    tileUrl
    attribution
  }
}
    `) as unknown as TypedDocumentString<ConsoleMapSettingsQuery, ConsoleMapSettingsQueryVariables>;