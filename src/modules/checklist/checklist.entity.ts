import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ANSWER_TYPES = ['YES_NO', 'NUMBER', 'CHOICE', 'TEXT'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];
export const CHECKLIST_VERSION_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export type ChecklistVersionStatus = (typeof CHECKLIST_VERSION_STATUSES)[number];

/** One option of a CHOICE item; `compliant` says whether choosing it passes the item. */
export interface ChoiceOption {
  value: string;
  labelZh: string;
  labelEn: string;
  compliant: boolean;
}

/** A checklist (检查清单) by name; its content lives in numbered versions. */
@Entity()
export class ChecklistTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 64, unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  nameEn: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** Site kinds the checklist is meant for. */
  @Column('text', { array: true })
  siteKinds: string[];

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A numbered version of a template. Once PUBLISHED a trigger rejects any UPDATE or DELETE of
 * the row and any change to its items, so inspections pinned to it can always be re-scored.
 */
@Entity()
@Index('checklist_version_template_number_uq', ['templateId', 'number'], { unique: true })
@Check('checklist_version_status_check', `status IN ('DRAFT','PUBLISHED')`)
@Check('checklist_version_published_check', `(status = 'PUBLISHED') = (published_at IS NOT NULL)`)
export class ChecklistVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  templateId: string;

  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: ChecklistTemplate;

  @Column('integer')
  number: number;

  @Column('varchar', { length: 16 })
  status: ChecklistVersionStatus;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @Column('uuid', { nullable: true })
  publishedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One question of a version. `code` stays the same across versions so tallies add up. */
@Entity()
@Index('checklist_item_version_code_uq', ['versionId', 'code'], { unique: true })
@Check('checklist_item_severity_check', `severity IN ('CRITICAL','MAJOR','MINOR')`)
@Check('checklist_item_answer_type_check', `answer_type IN ('YES_NO','NUMBER','CHOICE','TEXT')`)
@Check('checklist_item_weight_check', `weight >= 0 AND weight <= 100`)
@Check('checklist_item_range_check', `min_value IS NULL OR max_value IS NULL OR min_value <= max_value`)
export class ChecklistItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  versionId: string;

  @ManyToOne(() => ChecklistVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  checklistVersion?: ChecklistVersion;

  @Column('varchar', { length: 64 })
  code: string;

  @Column('integer')
  position: number;

  @Column('text')
  category: string;

  @Column('text')
  promptZh: string;

  @Column('text')
  promptEn: string;

  @Column('varchar', { length: 16 })
  severity: Severity;

  @Column('varchar', { length: 16 })
  answerType: AnswerType;

  @Column('double precision', { nullable: true })
  minValue: number | null;

  @Column('double precision', { nullable: true })
  maxValue: number | null;

  @Column('text', { nullable: true })
  unit: string | null;

  @Column('jsonb', { default: [] })
  choices: ChoiceOption[];

  @Column('boolean', { default: false })
  evidenceRequired: boolean;

  @Column('integer', { default: 1 })
  weight: number;

  /** Site kinds the item applies to; empty means every kind the checklist is used for. */
  @Column('text', { array: true })
  siteKinds: string[];
}
