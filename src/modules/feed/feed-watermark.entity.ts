import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the time-driven feed scans have got, so each crossing is announced once. */
@Entity()
export class FeedWatermark {
  @PrimaryColumn('text')
  name: string;

  @Column('timestamptz')
  scannedTo: Date;
}
