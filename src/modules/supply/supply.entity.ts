import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Site } from '../site/site.entity';

export const SUPPLY_KINDS = ['MASK', 'FACE_SHIELD', 'GLOVES', 'PROTECTIVE_SUIT', 'THERMOMETER', 'DISINFECTANT_ALCOHOL', 'FOOD', 'PREFAB_OFFICE', 'OTHER'] as const;
export type SupplyKind = (typeof SUPPLY_KINDS)[number];
export const SUPPLY_UNITS = ['PIECE', 'PAIR', 'LITRE', 'CASE'] as const;
export type SupplyUnit = (typeof SUPPLY_UNITS)[number];

/**
 * A kind of supply held in the central store (防疫物资), counted in whole units. The CHECK keeps
 * stock from ever going negative, whatever the code does.
 */
@Entity()
@Check('supply_item_stock_check', `stock >= 0`)
@Check('supply_item_kind_check', `kind IN ('MASK','FACE_SHIELD','GLOVES','PROTECTIVE_SUIT','THERMOMETER','DISINFECTANT_ALCOHOL','FOOD','PREFAB_OFFICE','OTHER')`)
@Check('supply_item_unit_check', `unit IN ('PIECE','PAIR','LITRE','CASE')`)
export class SupplyItem {
  /** Stable code, e.g. MASK, INSTANT_NOODLES. */
  @PrimaryColumn('varchar', { length: 64 })
  code: string;

  @Column('text')
  name: string;

  @Column('varchar', { length: 32 })
  kind: SupplyKind;

  @Column('varchar', { length: 16 })
  unit: SupplyUnit;

  /** The unit as the Chinese reports write it after the number (只, 双, 升, 件 …). */
  @Column('text')
  unitZh: string;

  /** The unit in English, singular ("pair"); null where the item is counted as itself ("5000 masks"). */
  @Column('text', { nullable: true })
  unitEn: string | null;

  /** Its plural ("pairs"). */
  @Column('text', { nullable: true })
  unitEnPlural: string | null;

  @Column('integer', { default: 0 })
  stock: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Stock that came into the central store (purchase, donation, transfer). */
@Entity()
@Check('supply_receipt_quantity_check', `quantity > 0`)
@Index('supply_receipt_item_idx', ['itemCode', 'createdAt'])
export class SupplyReceipt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 64 })
  itemCode: string;

  @ManyToOne(() => SupplyItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_code' })
  item?: SupplyItem;

  @Column('integer')
  quantity: number;

  @Column('text')
  source: string;

  @Column('uuid')
  recordedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Account;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Stock moved from the central store to a site (送至一线). */
@Entity()
@Check('supply_delivery_quantity_check', `quantity > 0`)
@Index('supply_delivery_site_idx', ['siteId', 'deliveredAt'])
@Index('supply_delivery_item_idx', ['itemCode', 'deliveredAt'])
export class SupplyDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 64 })
  itemCode: string;

  @ManyToOne(() => SupplyItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_code' })
  item?: SupplyItem;

  @Column('uuid')
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column('integer')
  quantity: number;

  @Column('timestamptz')
  deliveredAt: Date;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('uuid')
  recordedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Account;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
