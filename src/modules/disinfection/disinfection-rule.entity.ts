import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Compliance rule (reference data, seeded by the migration): at a site of `siteKind`, `area`
 * must be disinfected at least every `maxIntervalHours`. Detention facilities and isolation
 * sites have shorter intervals than hotels and venues.
 */
@Entity()
@Check('disinfection_rule_interval_check', `max_interval_hours > 0 AND max_interval_hours <= 720`)
export class DisinfectionRule {
  @PrimaryColumn('varchar', { length: 32 })
  siteKind: string;

  @PrimaryColumn('varchar', { length: 32 })
  area: string;

  @Column('integer')
  maxIntervalHours: number;

  /**
   * When the rule came into force ('-infinity' for those of the first migration). A site's
   * first interval for the area starts at the later of this and the site's registration.
   */
  @Column('timestamptz', { default: () => 'now()' })
  startsAt: Date;
}
