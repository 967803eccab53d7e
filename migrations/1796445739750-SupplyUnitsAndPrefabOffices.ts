import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each supply item carries its unit in both languages, as the reports write it after the number
 * (5000只口罩 / 5000 masks, 300双防护手套 / 300 pairs of protective gloves, 110件方便面 / 110 cases of
 * instant noodles: the seed counts noodles in 件), and a new kind PREFAB_OFFICE with the item the
 * seed lists (5间疫情卡口活动办公板房).
 */
export class SupplyUnitsAndPrefabOffices1796445739750 implements MigrationInterface {
  name = 'SupplyUnitsAndPrefabOffices1796445739750';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "supply_item" ADD "unit_zh" text`);
    await q.query(`ALTER TABLE "supply_item" ADD "unit_en" text`);
    await q.query(`ALTER TABLE "supply_item" ADD "unit_en_plural" text`);
    await q.query(`UPDATE "supply_item" SET unit_zh = CASE
        WHEN code = 'MASK' THEN '只' WHEN code = 'INSTANT_NOODLES' THEN '件'
        WHEN unit = 'PAIR' THEN '双' WHEN unit = 'LITRE' THEN '升' WHEN unit = 'CASE' THEN '箱'
        WHEN kind IN ('FACE_SHIELD','THERMOMETER') THEN '个' ELSE '件' END,
      unit_en = CASE unit WHEN 'PAIR' THEN 'pair' WHEN 'LITRE' THEN 'litre' WHEN 'CASE' THEN 'case' END,
      unit_en_plural = CASE unit WHEN 'PAIR' THEN 'pairs' WHEN 'LITRE' THEN 'litres' WHEN 'CASE' THEN 'cases' END`);
    await q.query(`ALTER TABLE "supply_item" ALTER COLUMN "unit_zh" SET NOT NULL`);
    await q.query(`ALTER TABLE "supply_item" DROP CONSTRAINT "supply_item_kind_check"`);
    await q.query(`ALTER TABLE "supply_item" ADD CONSTRAINT "supply_item_kind_check" CHECK (kind IN ('MASK','FACE_SHIELD','GLOVES','PROTECTIVE_SUIT','THERMOMETER','DISINFECTANT_ALCOHOL','FOOD','PREFAB_OFFICE','OTHER'))`);
    await q.query(`INSERT INTO "supply_item" ("code", "name", "kind", "unit", "unit_zh") VALUES ('PREFAB_OFFICE', '活动办公板房 prefab checkpoint offices', 'PREFAB_OFFICE', 'PIECE', '间') ON CONFLICT (code) DO NOTHING`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Deliveries of prefab offices would keep the item (and its kind) from going: refuse rather than lose them.
    await q.query(`DELETE FROM "supply_item" WHERE code = 'PREFAB_OFFICE' AND NOT EXISTS (SELECT 1 FROM supply_delivery WHERE item_code = 'PREFAB_OFFICE') AND NOT EXISTS (SELECT 1 FROM supply_receipt WHERE item_code = 'PREFAB_OFFICE')`);
    await q.query(`ALTER TABLE "supply_item" DROP CONSTRAINT "supply_item_kind_check"`);
    await q.query(`ALTER TABLE "supply_item" ADD CONSTRAINT "supply_item_kind_check" CHECK (kind IN ('MASK','FACE_SHIELD','GLOVES','PROTECTIVE_SUIT','THERMOMETER','DISINFECTANT_ALCOHOL','FOOD','OTHER'))`);
    await q.query(`ALTER TABLE "supply_item" DROP COLUMN "unit_en_plural"`);
    await q.query(`ALTER TABLE "supply_item" DROP COLUMN "unit_en"`);
    await q.query(`ALTER TABLE "supply_item" DROP COLUMN "unit_zh"`);
  }
}
