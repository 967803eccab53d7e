import type { ReadCompilerRegistry } from './read-compiler/compiler';
import { compiledSite, compiledSites, compiledSiteType, siteEntityForTypes } from './modules/site/site.compiled';
import { compiledSiteInspectionsByType } from './modules/site-inspections/site-inspections.compiled';
import { compiledInspectionFindings } from './modules/finding/finding.compiled';
import { compiledFindingDisputes } from './modules/dispute/dispute.compiled';
import { Inspection } from './modules/inspection/inspection.entity';
import { Finding } from './modules/finding/finding.entity';
import { Dispute } from './modules/dispute/dispute.entity';

/**
 * What the read compiler knows: the command-centre's nested read (sites → inspections →
 * findings → disputes) and every column field of those types. Each piece lives in its module,
 * next to the loader or service it mirrors.
 */
export const readCompilerRegistry: ReadCompilerRegistry = {
  roots: { site: compiledSite, sites: compiledSites },
  relations: {
    ...compiledSiteInspectionsByType,
    'Inspection.findings': compiledInspectionFindings,
    'Finding.disputes': compiledFindingDisputes,
  },
  entities: { ...siteEntityForTypes, Inspection, Finding, Dispute },
  abstracts: { Site: compiledSiteType },
};
