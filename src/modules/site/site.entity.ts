import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const SITE_KINDS = ['HOTEL', 'VENUE', 'DETENTION_FACILITY', 'ISOLATION_SITE', 'CHECKPOINT', 'SAMPLING_POINT'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const SITE_STATUSES = ['ACTIVE', 'CLOSED'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/**
 * A place that is inspected (场所). One table for every kind: the common columns, plus the
 * columns of each kind, which CHECK constraints keep empty on the other kinds.
 */
@Entity()
@Check('site_kind_check', `kind IN ('HOTEL','VENUE','DETENTION_FACILITY','ISOLATION_SITE','CHECKPOINT','SAMPLING_POINT')`)
@Check('site_risk_level_check', `risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')`)
@Check('site_status_check', `status IN ('ACTIVE','CLOSED')`)
@Check('site_latitude_check', `latitude IS NULL OR (latitude BETWEEN -90 AND 90)`)
@Check('site_longitude_check', `longitude IS NULL OR (longitude BETWEEN -180 AND 180)`)
@Check('site_counts_check', `(room_count IS NULL OR room_count >= 0) AND (capacity IS NULL OR capacity >= 0) AND (bed_count IS NULL OR bed_count >= 0) AND (current_occupancy IS NULL OR current_occupancy >= 0)`)
@Check('site_occupancy_check', `current_occupancy IS NULL OR bed_count IS NULL OR current_occupancy <= bed_count`)
@Check('site_road_type_check', `road_type IS NULL OR road_type IN ('HIGHWAY_EXIT','NATIONAL_ROAD','PROVINCIAL_ROAD')`)
@Index('site_kind_status_idx', ['kind', 'status'])
@Index('site_district_idx', ['district'])
@Index('site_risk_idx', ['riskLevel'])
// Trigram GIN indexes for the text search (ILIKE '%…%'), made by hand in the SiteSearchIndexes
// migration; synchronize: false keeps the schema builder from dropping what it cannot express.
@Index('site_name_trgm_idx', { synchronize: false })
@Index('site_address_trgm_idx', { synchronize: false })
@Index('site_name_id_idx', { synchronize: false })
// The whole-area report's compliance (migration ComplianceDaySets) finds the few sites it judges
// apart, created after a period began or no longer active, through these.
@Index('site_created_idx', { synchronize: false })
@Index('site_inactive_idx', { synchronize: false })
export class Site {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 32 })
  kind: SiteKind;

  @Column('text')
  name: string;

  @Column('text')
  address: string;

  @Column('text')
  district: string;

  /** The grid (网格) of grid-based community management the site belongs to. */
  @Column('text', { nullable: true })
  grid: string | null;

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Column('varchar', { length: 16, default: 'MEDIUM' })
  riskLevel: RiskLevel;

  @Column('varchar', { length: 16, default: 'ACTIVE' })
  status: SiteStatus;

  @Column('text', { nullable: true })
  closedReason: string | null;

  @Column('text', { nullable: true })
  contactName: string | null;

  @Column('text', { nullable: true })
  contactPhone: string | null;

  // HOTEL
  @Column('integer', { nullable: true })
  roomCount: number | null;

  @Column('text', { nullable: true })
  guestRegistrationSystem: string | null;

  // VENUE
  @Column('text', { nullable: true })
  venueCategory: string | null;

  // VENUE and DETENTION_FACILITY
  @Column('integer', { nullable: true })
  capacity: number | null;

  // DETENTION_FACILITY
  @Column('text', { nullable: true })
  facilityType: string | null;

  @Column('text', { nullable: true })
  securityLevel: string | null;

  // ISOLATION_SITE
  @Column('integer', { nullable: true })
  bedCount: number | null;

  @Column('integer', { nullable: true })
  currentOccupancy: number | null;

  // CHECKPOINT (卡口): highway exit or national/provincial road
  @Column('text', { nullable: true })
  roadType: string | null;

  @Column('text', { nullable: true })
  roadName: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
