import { stringify } from 'csv-stringify/sync';
import type { LateDecisions, NetChange, ReportData } from './report.service';
import { summaryZh } from './report.summary';

/**
 * UTF-8 byte-order mark: without it Excel and WPS read a UTF-8 CSV as the local code page
 * (GB18030 on a Chinese system) and garble Chinese. Every CSV export starts with it.
 */
export const BOM = '\uFEFF';

/**
 * One cell as exported: dates in ISO 8601, null as empty, and text that a spreadsheet would run
 * as a formula (= + - @ tab CR at the start) with a leading apostrophe, so an exported title can
 * never execute in Excel or WPS.
 */
export function csvCell(v: unknown): string {
  if (v == null) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One CSV line (RFC 4180, CRLF; csv-stringify quotes what needs it, and edge spaces). */
export const csvLine = (cells: unknown[]) => stringify([cells.map(csvCell)], { record_delimiter: 'windows', quoted_match: /^\s|\s$|[\r\n]/ });

const table = (title: string, header: string[], rows: unknown[][]) => [csvLine([title]), csvLine(header), ...rows.map(csvLine), '\r\n'].join('');

/**
 * The report as CSV: one block per section (a title line, a header line, the rows, a blank line);
 * `later`: the late section's decisions and net change (computed apart: report.service.ts).
 */
export function reportCsv(r: ReportData, later: { decisions: LateDecisions; netChange: NetChange }): string {
  const c = r.checkpoint;
  const six = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'] as const;
  const l = r.lateArrivals;
  return (
    BOM +
    table('report', ['from', 'to', 'district', 'asOf', 'cutoff', 'generatedAt'], [[r.period.from, r.period.to, r.district ?? '', r.asOf ?? '', r.cutoff, r.generatedAt]]) +
    table(
      'inspections',
      ['siteKind', 'total', 'pass', 'passWithFindings', 'fail', 'sitesInspected', 'joint', 'singleAgency'],
      [
        ...r.inspections.byKind.map((k) => [k.siteKind, k.total, k.pass, k.passWithFindings, k.fail, k.sitesInspected, k.joint, k.total - k.joint]),
        ['ALL', r.inspections.total, '', '', '', r.inspections.sitesInspected, r.inspections.joint, r.inspections.singleAgency],
      ],
    ) +
    table('findings', ['severity', 'status', 'count'], [...r.findings.bySeverityStatus.map((f) => [f.severity, f.status, f.count]), ['ALL', 'ALL', r.findings.total]]) +
    table('rectification', ['due', 'withdrawn', 'rectified', 'rectifiedOnTime', 'rate'], [[r.rectification.due, r.rectification.withdrawn, r.rectification.rectified, r.rectification.rectifiedOnTime, r.rectification.rate ?? '']]) +
    table('overdue', ['count', 'escalated'], [[r.overdue.count, r.overdue.escalated]]) +
    table('disputes', ['lodged', 'resolved', 'medianHoursToResolve'], [[r.disputes.lodged, r.disputes.resolved, r.disputes.medianHoursToResolve ?? '']]) +
    table('disputesByKind', ['kind', 'lodged', 'resolved'], r.disputes.byKind.map((k) => [k.kind, k.lodged, k.resolved])) +
    table('disputesByOutcome', ['outcome', 'count'], r.disputes.byOutcome.map((o) => [o.outcome ?? '', o.count])) +
    table(
      'disinfection',
      ['siteKind', 'sites', 'requirements', 'requirementsMet', 'complianceRate', 'requirementsInBreachAtEnd', 'sitesInBreachAtEnd'],
      r.disinfection.map((d) => [d.siteKind, d.sites, d.requirements, d.requirementsMet, d.complianceRate ?? '', d.requirementsInBreachAtEnd, d.sitesInBreachAtEnd]),
    ) +
    table('checkpoint', ['tallies', 'checkpoints', 'shiftsShortOfLeaders', ...six], [[c.tallies, c.checkpoints, c.shiftsShortOfLeaders, ...six.map((k) => c[k])]]) +
    table('checkpointRoadTypes', ['roadType', 'checkpoints'], c.byRoadType.map((x) => [x.roadType ?? 'NONE', x.checkpoints])) +
    table(
      'operations',
      ['deployments', 'officersDeployed', 'pushes', 'messagesPushed', 'peopleReached'],
      [[r.operations.deployments, r.operations.officersDeployed, r.operations.pushes, r.operations.messagesPushed, r.operations.peopleReached]],
    ) +
    table(
      'verification',
      ['received', 'needingVerification', 'routed', 'verified', 'answered', 'overdue'],
      [[r.verification.received, r.verification.needingVerification, r.verification.routed, r.verification.verified, r.verification.answered, r.verification.overdue]],
    ) +
    table('supplies', ['itemCode', 'name', 'kind', 'unit', 'quantity', 'deliveries', 'sites'], r.supplies.map((s) => [s.itemCode, s.name, s.kind, s.unit, s.quantity, s.deliveries, s.sites])) +
    table(
      'lateArrivals',
      ['total', 'inspections', 'findings', 'disputes', 'disinfectionEntries', 'checkpointTallies', 'verificationRecords', 'supplyDeliveries', ...six.map((k) => `checkpointNetChange.${k}`), 'fieldOperations'],
      [[l.total, l.inspections, l.findings, l.disputes, l.disinfectionEntries, l.checkpointTallies, l.verificationRecords, l.supplyDeliveries, ...six.map((k) => l.checkpointNetChange[k]), l.fieldOperations]],
    ) +
    table('lateDecisions', ['total', 'findings', 'disputes', 'verificationRecords', 'inspectionCorrections'], [[later.decisions.total, later.decisions.findings, later.decisions.disputes, later.decisions.verificationRecords, later.decisions.inspectionCorrections]]) +
    table('lateNetChange', ['figure', 'change'], [
      ...Object.entries(later.netChange).filter(([, v]) => typeof v === 'number').map(([k, v]) => [k, v]),
      ...later.netChange.findingsBySeverityStatus.map((f) => [`findings.${f.severity}.${f.status}`, f.count]),
    ]) +
    table('summary', ['text'], [[summaryZh(r)]])
  );
}
