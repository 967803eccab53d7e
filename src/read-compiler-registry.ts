import type { ReadCompilerRegistry } from './read-compiler/compiler';
import { compiledSite, compiledSites, compiledSiteType, siteEntityForTypes } from './modules/site/site.compiled';
import { compiledSiteInspectionsByType } from './modules/site-inspections/site-inspections.compiled';
import { compiledFindingRelations, compiledFindings } from './modules/finding/finding.compiled';
import { compiledFindingDisputes } from './modules/dispute/dispute.compiled';
import { compiledInspectionRelations, compiledInspectionsDue } from './modules/inspection/inspection.compiled';
import { compiledDisinfectionAreas, compiledDisinfectionLog, compiledDisinfectionRelations } from './modules/disinfection/disinfection.compiled';
import { compiledAttachmentUrl, compiledEvidence } from './modules/attachment/attachment.compiled';
import { Inspection } from './modules/inspection/inspection.entity';
import { Finding, Rectification } from './modules/finding/finding.entity';
import { Dispute } from './modules/dispute/dispute.entity';
import { DisinfectionEntry } from './modules/disinfection/disinfection-entry.entity';
import { Attachment } from './modules/attachment/attachment.entity';
import { Account } from './modules/account/account.entity';
import { InspectionTeam } from './modules/account/inspection-team.entity';
import { ChecklistVersion } from './modules/checklist/checklist.entity';

/**
 * What the read compiler knows: the command-centre's nested read (sites → inspections →
 * findings → disputes), the field app's hot reads (inspectionsDue with each site's open findings
 * and planned visit, findings with their filters, disinfectionAreas, disinfectionLog) and every
 * column field of those types. Each piece lives in its module, next to the loader or service it
 * mirrors.
 */
export const readCompilerRegistry: ReadCompilerRegistry = {
  roots: { site: compiledSite, sites: compiledSites, inspectionsDue: compiledInspectionsDue, findings: compiledFindings, disinfectionAreas: compiledDisinfectionAreas, disinfectionLog: compiledDisinfectionLog },
  relations: {
    ...compiledSiteInspectionsByType,
    ...compiledFindingRelations,
    ...compiledInspectionRelations,
    ...compiledDisinfectionRelations,
    'Finding.disputes': compiledFindingDisputes,
    'Rectification.evidence': compiledEvidence('Rectification'),
    'Attachment.url': compiledAttachmentUrl,
  },
  entities: { ...siteEntityForTypes, Inspection, Finding, Dispute, Rectification, DisinfectionEntry, Attachment, Account, InspectionTeam, ChecklistVersion },
  abstracts: { Site: compiledSiteType },
};
