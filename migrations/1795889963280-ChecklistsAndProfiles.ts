import { MigrationInterface, QueryRunner } from "typeorm";

export class ChecklistsAndProfiles1795889963280 implements MigrationInterface {
    name = 'ChecklistsAndProfiles1795889963280'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "checklist_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" text NOT NULL, "name_en" text NOT NULL, "description" text, "site_kinds" text array NOT NULL, "created_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e1cda0594c9267a41c5468972ba" UNIQUE ("code"), CONSTRAINT "PK_894b21b07d6fa016cfbf2dba947" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "checklist_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "template_id" uuid NOT NULL, "number" integer NOT NULL, "status" character varying(16) NOT NULL, "notes" text, "published_at" TIMESTAMP WITH TIME ZONE, "published_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checklist_version_published_check" CHECK ((status = 'PUBLISHED') = (published_at IS NOT NULL)), CONSTRAINT "checklist_version_status_check" CHECK (status IN ('DRAFT','PUBLISHED')), CONSTRAINT "PK_ecba61dd7b7ef7c4356d0d3584f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "checklist_version_template_number_uq" ON "checklist_version"  ("template_id", "number") `);
        await queryRunner.query(`CREATE TABLE "checklist_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "code" character varying(64) NOT NULL, "position" integer NOT NULL, "category" text NOT NULL, "prompt_zh" text NOT NULL, "prompt_en" text NOT NULL, "severity" character varying(16) NOT NULL, "answer_type" character varying(16) NOT NULL, "min_value" double precision, "max_value" double precision, "unit" text, "choices" jsonb NOT NULL DEFAULT '[]', "evidence_required" boolean NOT NULL DEFAULT false, "weight" integer NOT NULL DEFAULT '1', "site_kinds" text array NOT NULL, CONSTRAINT "checklist_item_range_check" CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value), CONSTRAINT "checklist_item_weight_check" CHECK (weight >= 0 AND weight <= 100), CONSTRAINT "checklist_item_answer_type_check" CHECK (answer_type IN ('YES_NO','NUMBER','CHOICE','TEXT')), CONSTRAINT "checklist_item_severity_check" CHECK (severity IN ('CRITICAL','MAJOR','MINOR')), CONSTRAINT "PK_0c52d9590c766a9ae718e16cebf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "checklist_item_version_code_uq" ON "checklist_item"  ("version_id", "code") `);
        await queryRunner.query(`CREATE TABLE "standard_profile" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_kind" character varying(32) NOT NULL, "pass_mark" integer NOT NULL, "critical_deadline_hours" integer NOT NULL, "major_deadline_hours" integer NOT NULL, "minor_deadline_hours" integer NOT NULL, "reinspection_interval_days" integer NOT NULL, "evidence_mandatory" boolean NOT NULL, "dispute_lodging_window_days" integer NOT NULL DEFAULT '14', "dispute_resolution_days" integer NOT NULL DEFAULT '10', "pause_deadline_during_dispute_major" boolean NOT NULL DEFAULT true, "pause_deadline_during_dispute_minor" boolean NOT NULL DEFAULT true, "updated_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_610e42abed0d77a663b14aa6fa7" UNIQUE ("site_kind"), CONSTRAINT "standard_profile_dispute_check" CHECK (dispute_lodging_window_days > 0 AND dispute_resolution_days > 0), CONSTRAINT "standard_profile_interval_check" CHECK (reinspection_interval_days > 0), CONSTRAINT "standard_profile_deadlines_check" CHECK (critical_deadline_hours > 0 AND major_deadline_hours > 0 AND minor_deadline_hours > 0 AND critical_deadline_hours <= major_deadline_hours AND major_deadline_hours <= minor_deadline_hours), CONSTRAINT "standard_profile_pass_mark_check" CHECK (pass_mark BETWEEN 0 AND 100), CONSTRAINT "standard_profile_kind_check" CHECK (site_kind IN ('HOTEL','VENUE','DETENTION_FACILITY','ISOLATION_SITE','CHECKPOINT','SAMPLING_POINT')), CONSTRAINT "PK_73a7e4cc07714de11c8ec26fd63" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "standard_profile_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_kind" character varying(32) NOT NULL, "profile_version" integer NOT NULL, "snapshot" jsonb NOT NULL, "changed_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_208f8ac9cc32585d61e381ce3b2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "standard_profile_revision_kind_version_uq" ON "standard_profile_revision"  ("site_kind", "profile_version") `);
        await queryRunner.query(`ALTER TABLE "checklist_version" ADD CONSTRAINT "FK_1c5e0e0b0b71530ba166d32361e" FOREIGN KEY ("template_id") REFERENCES "checklist_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_19b3426526729d6da84764adadb" FOREIGN KEY ("version_id") REFERENCES "checklist_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Hand-written: a published checklist version and its items never change, whatever code
        // runs against the database. Publishing itself (DRAFT -> PUBLISHED) is the last update.
        await queryRunner.query(`CREATE FUNCTION checklist_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status = 'PUBLISHED' THEN
                    RAISE EXCEPTION 'checklist version % is published and cannot change (%)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER checklist_version_immutable BEFORE UPDATE OR DELETE ON "checklist_version" FOR EACH ROW EXECUTE FUNCTION checklist_version_immutable()`);
        await queryRunner.query(`CREATE FUNCTION checklist_item_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM checklist_version WHERE id = OLD.version_id AND status = 'PUBLISHED'))
                   OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM checklist_version WHERE id = NEW.version_id AND status = 'PUBLISHED')) THEN
                    RAISE EXCEPTION 'items of a published checklist version cannot change (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER checklist_item_immutable BEFORE INSERT OR UPDATE OR DELETE ON "checklist_item" FOR EACH ROW EXECUTE FUNCTION checklist_item_immutable()`);

        // Reference data: the standard profiles (detention facilities strictly the strictest) ...
        for (const p of PROFILES) {
            const [k, passMark, crit, major, minor, interval, evidence, lodging, resolution, pauseMajor, pauseMinor] = p;
            await queryRunner.query(
                `INSERT INTO standard_profile (site_kind, pass_mark, critical_deadline_hours, major_deadline_hours, minor_deadline_hours, reinspection_interval_days, evidence_mandatory, dispute_lodging_window_days, dispute_resolution_days, pause_deadline_during_dispute_major, pause_deadline_during_dispute_minor)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [k, passMark, crit, major, minor, interval, evidence, lodging, resolution, pauseMajor, pauseMinor]);
            await queryRunner.query(
                `INSERT INTO standard_profile_revision (site_kind, profile_version, snapshot) VALUES ($1, 1, $2)`,
                [k, JSON.stringify({ passMark, criticalDeadlineHours: crit, majorDeadlineHours: major, minorDeadlineHours: minor, reinspectionIntervalDays: interval, evidenceMandatory: evidence, disputeLodgingWindowDays: lodging, disputeResolutionDays: resolution, pauseDeadlineDuringDisputeMajor: pauseMajor, pauseDeadlineDuringDisputeMinor: pauseMinor })]);
        }
        // ... and one published checklist per inspected kind, in Chinese with English.
        for (const t of TEMPLATES) {
            const [{ id: templateId }] = await queryRunner.query(
                `INSERT INTO checklist_template (code, name, name_en, description, site_kinds) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
                [t.code, t.name, t.nameEn, t.description, t.siteKinds]);
            const [{ id: versionId }] = await queryRunner.query(
                `INSERT INTO checklist_version (template_id, number, status, notes) VALUES ($1, 1, 'DRAFT', 'Initial version (seeded)') RETURNING id`, [templateId]);
            let position = 0;
            for (const [code, category, severity, answerType, weight, evidenceRequired, promptZh, promptEn, extra] of t.items) {
                await queryRunner.query(
                    `INSERT INTO checklist_item (version_id, code, position, category, prompt_zh, prompt_en, severity, answer_type, min_value, max_value, unit, choices, evidence_required, weight, site_kinds)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '{}')`,
                    [versionId, code, position++, category, promptZh, promptEn, severity, answerType, extra?.min ?? null, extra?.max ?? null, extra?.unit ?? null, JSON.stringify(extra?.choices ?? []), evidenceRequired, answerType === 'TEXT' ? 0 : weight]);
            }
            await queryRunner.query(`UPDATE checklist_version SET status = 'PUBLISHED', published_at = now() WHERE id = $1`, [versionId]);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER checklist_item_immutable ON "checklist_item"`);
        await queryRunner.query(`DROP TRIGGER checklist_version_immutable ON "checklist_version"`);
        await queryRunner.query(`DROP FUNCTION checklist_item_immutable()`);
        await queryRunner.query(`DROP FUNCTION checklist_version_immutable()`);
        await queryRunner.query(`ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_19b3426526729d6da84764adadb"`);
        await queryRunner.query(`ALTER TABLE "checklist_version" DROP CONSTRAINT "FK_1c5e0e0b0b71530ba166d32361e"`);
        await queryRunner.query(`DROP INDEX "public"."standard_profile_revision_kind_version_uq"`);
        await queryRunner.query(`DROP TABLE "standard_profile_revision"`);
        await queryRunner.query(`DROP TABLE "standard_profile"`);
        await queryRunner.query(`DROP INDEX "public"."checklist_item_version_code_uq"`);
        await queryRunner.query(`DROP TABLE "checklist_item"`);
        await queryRunner.query(`DROP INDEX "public"."checklist_version_template_number_uq"`);
        await queryRunner.query(`DROP TABLE "checklist_version"`);
        await queryRunner.query(`DROP TABLE "checklist_template"`);
    }

}

type ProfileSeed = [kind: string, passMark: number, criticalHours: number, majorHours: number, minorHours: number, intervalDays: number, evidenceMandatory: boolean, lodgingDays: number, resolutionDays: number, pauseMajor: boolean, pauseMinor: boolean];

/** Detention facilities: "the standard inside must be higher than outside". */
const PROFILES: ProfileSeed[] = [
    ['HOTEL', 80, 24, 72, 168, 30, false, 14, 10, true, true],
    ['VENUE', 80, 24, 72, 168, 30, false, 14, 10, true, true],
    ['CHECKPOINT', 80, 24, 72, 168, 30, false, 14, 10, true, true],
    ['SAMPLING_POINT', 85, 12, 48, 120, 14, false, 14, 7, true, true],
    ['ISOLATION_SITE', 85, 12, 48, 120, 14, false, 14, 7, false, true],
    ['DETENTION_FACILITY', 90, 6, 24, 72, 7, true, 7, 5, false, false],
];

interface Choice { value: string; labelZh: string; labelEn: string; compliant: boolean }
type ItemSeed = [code: string, category: string, severity: string, answerType: string, weight: number, evidenceRequired: boolean, promptZh: string, promptEn: string, extra?: { min?: number; max?: number; unit?: string; choices?: Choice[] }];

const maskChoices = (who: string): Choice[] => [
    { value: 'ALL', labelZh: `${who}全部规范佩戴`, labelEn: 'all wear masks properly', compliant: true },
    { value: 'SOME', labelZh: `部分${who}未规范佩戴`, labelEn: 'some do not wear masks properly', compliant: false },
    { value: 'MOST_NOT', labelZh: `${who}普遍未佩戴`, labelEn: 'most wear no mask', compliant: false },
];
const NOTES: ItemSeed = ['NOTES', '其他 Other', 'MINOR', 'TEXT', 0, false, '其他情况说明', 'Other observations'];
const DISINFECTION: ItemSeed = ['DISINF.RECORD', '消毒 Disinfection', 'MAJOR', 'YES_NO', 6, true, '公共区域是否每日消毒并有完整消毒记录（区域、消毒剂、浓度、时间、操作人）？', 'Are public areas disinfected daily, with complete disinfection records (area, agent, concentration, time, operator)?'];
const STAFF_TEMP: ItemSeed = ['TEMP.STAFF_MAX', '体温检测 Temperature checks', 'MAJOR', 'NUMBER', 6, false, '当日工作人员晨检最高体温', "Highest staff temperature at today's morning check", { max: 37.3, unit: '°C' }];
const ENTRANCE_TEMP: ItemSeed = ['TEMP.ENTRANCE', '体温检测 Temperature checks', 'MAJOR', 'YES_NO', 8, false, '入口是否设置体温检测点并对进入人员逐一测温？', 'Is there a temperature checkpoint at the entrance that checks everyone who enters?'];

const TEMPLATES: { code: string; name: string; nameEn: string; description: string; siteKinds: string[]; items: ItemSeed[] }[] = [
    {
        code: 'HOTEL-EPI', name: '宾馆疫情防控检查表', nameEn: 'Hotel epidemic-prevention checklist',
        description: '联合检查组对宾馆、旅馆的疫情防控检查（督促住客登记、防止聚集）。 Joint-team inspection of hotels and guesthouses.',
        siteKinds: ['HOTEL'],
        items: [
            ['REG.GUEST', '住客登记 Guest registration', 'CRITICAL', 'YES_NO', 10, false, '是否对所有住客逐一查验身份证件并实名登记？', "Is every guest's identity document checked and registered under their real name?"],
            ['REG.HEALTHCODE', '住客登记 Guest registration', 'MAJOR', 'YES_NO', 8, false, '是否查验住客健康码、行程码并登记14天内行程？', "Are guests' health and travel codes checked and their 14-day travel recorded?"],
            ENTRANCE_TEMP,
            STAFF_TEMP,
            ['MASK.STAFF', '口罩佩戴 Masks', 'MAJOR', 'CHOICE', 6, false, '工作人员口罩佩戴情况', 'How do staff wear masks?', { choices: maskChoices('工作人员') }],
            ['VENT.ROOMS', '通风 Ventilation', 'MINOR', 'YES_NO', 4, false, '客房及公共区域是否每日开窗通风不少于2次、每次不少于30分钟？', 'Are rooms and public areas aired at least twice a day for at least 30 minutes?'],
            DISINFECTION,
            ['GATHER.EVENTS', '聚集管控 Gatherings', 'MAJOR', 'YES_NO', 6, false, '是否已暂停宴席、会议等聚集性活动？', 'Have banquets, meetings and other gatherings been suspended?'],
            ['OBS.ROOM', '应急处置 Emergency response', 'MINOR', 'YES_NO', 4, false, '是否设置临时留观室并制定发热人员应急处置流程？', 'Is there a temporary observation room and a procedure for guests with fever?'],
            ['SUPPLIES.DAYS', '防疫物资 Supplies', 'MINOR', 'NUMBER', 4, false, '口罩、消毒液等防疫物资储备可用天数', 'Days of masks, disinfectant and other supplies in stock', { min: 7, unit: '天 days' }],
            NOTES,
        ],
    },
    {
        code: 'VENUE-EPI', name: '经营场所疫情防控检查表', nameEn: 'Business venue epidemic-prevention checklist',
        description: '商场、超市、餐饮、网吧等经营场所的疫情防控检查。 Markets, supermarkets, restaurants, internet cafés and other venues.',
        siteKinds: ['VENUE'],
        items: [
            ['CROWD.LIMIT', '限流 Crowd limits', 'MAJOR', 'NUMBER', 8, false, '检查时在场人数占核定容量的比例', 'People present as a share of the licensed capacity at the time of inspection', { max: 75, unit: '%' }],
            ['GATHER.EVENTS', '聚集管控 Gatherings', 'CRITICAL', 'YES_NO', 10, false, '是否已停止组织演出、促销等聚集性活动？', 'Have shows, promotions and other gatherings been stopped?'],
            ['REG.SCAN', '扫码登记 Sign-in', 'MAJOR', 'YES_NO', 8, false, '是否张贴场所码并督促进入人员扫码登记？', "Is the venue's QR code posted, and is everyone who enters made to scan it?"],
            ENTRANCE_TEMP,
            ['MASK.CUSTOMERS', '口罩佩戴 Masks', 'MAJOR', 'CHOICE', 6, false, '顾客口罩佩戴情况', 'How do customers wear masks?', { choices: maskChoices('顾客') }],
            ['MASK.STAFF', '口罩佩戴 Masks', 'MAJOR', 'CHOICE', 6, false, '工作人员口罩佩戴情况', 'How do staff wear masks?', { choices: maskChoices('工作人员') }],
            ['DISTANCE.QUEUE', '限流 Crowd limits', 'MINOR', 'YES_NO', 4, false, '收银、排队区域是否设置一米间隔线？', 'Are one-metre spacing lines marked at tills and queues?'],
            ['VENT.VENUE', '通风 Ventilation', 'MINOR', 'YES_NO', 4, false, '营业场所是否保持通风，空调定期清洗消毒？', 'Is the venue kept ventilated, and is the air conditioning cleaned and disinfected regularly?'],
            DISINFECTION,
            STAFF_TEMP,
            NOTES,
        ],
    },
    {
        code: 'DETENTION-EPI', name: '监所疫情防控检查表', nameEn: 'Detention facility epidemic-prevention checklist',
        description: '看守所、拘留所等监所的疫情防控检查，标准高于外部场所（“内紧于外”）。 Detention facilities: the standard inside is higher than outside.',
        siteKinds: ['DETENTION_FACILITY'],
        items: [
            ['VISIT.SUSPENDED', '会见管控 Visitor control', 'CRITICAL', 'YES_NO', 10, false, '是否暂停现场家属会见，改为视频会见？', 'Are in-person family visits suspended and replaced by video visits?'],
            ['VISIT.CONTROL', '会见管控 Visitor control', 'CRITICAL', 'YES_NO', 10, true, '律师、送押人员等外来人员是否严格查验证件、健康码、测温并登记？', 'Are lawyers, escorting officers and other outsiders checked (identity, health code, temperature) and registered?'],
            ['INTAKE.QUARANTINE', '收押管理 Intake', 'CRITICAL', 'YES_NO', 10, false, '新收押人员是否在过渡监室单独隔离观察14天？', 'Are new detainees held alone in a transition cell for 14 days of observation?'],
            ['INTAKE.TEST', '收押管理 Intake', 'CRITICAL', 'YES_NO', 10, true, '新收押人员是否持48小时内核酸检测阴性证明？', 'Does every new detainee have a negative nucleic-acid test from the last 48 hours?'],
            ['TEMP.DETAINEES', '体温检测 Temperature checks', 'MAJOR', 'YES_NO', 8, false, '在押人员是否每日两次体温检测并全覆盖记录？', "Is every detainee's temperature taken and recorded twice a day?"],
            STAFF_TEMP,
            ['STAFF.CLOSED_DUTY', '封闭执勤 Closed-loop duty', 'MAJOR', 'CHOICE', 8, false, '民警、辅警执勤方式', 'How are officers and auxiliaries on duty?', { choices: [
                { value: 'CLOSED_ROTATION', labelZh: '全封闭轮岗执勤', labelEn: 'fully closed rotation', compliant: true },
                { value: 'HALF_CLOSED', labelZh: '半封闭执勤', labelEn: 'partly closed', compliant: false },
                { value: 'OPEN', labelZh: '未实行封闭执勤', labelEn: 'not closed', compliant: false },
            ] }],
            ['VENT.CELLS', '通风 Ventilation', 'MAJOR', 'YES_NO', 6, false, '监室是否每日定时通风并记录？', 'Are cells aired at set times every day, with a record?'],
            DISINFECTION,
            ['SUPPLIES.DAYS', '防疫物资 Supplies', 'MINOR', 'NUMBER', 4, false, '口罩、防护服、消毒液等防疫物资储备可用天数', 'Days of masks, protective suits, disinfectant and other supplies in stock', { min: 30, unit: '天 days' }],
            NOTES,
        ],
    },
    {
        code: 'ISOLATION-EPI', name: '隔离点疫情防控检查表', nameEn: 'Isolation site epidemic-prevention checklist',
        description: '集中隔离点的闭环管理检查。 Closed-loop management at centralised isolation sites.',
        siteKinds: ['ISOLATION_SITE'],
        items: [
            ['CLOSED_LOOP.ZONES', '闭环管理 Closed-loop management', 'CRITICAL', 'YES_NO', 10, false, '是否严格划分清洁区、缓冲区、污染区并设置人员和物品两条通道？', 'Are clean, buffer and contaminated zones strictly separated, with separate passages for people and goods?'],
            ['CLOSED_LOOP.STAFF', '闭环管理 Closed-loop management', 'CRITICAL', 'YES_NO', 10, false, '工作人员是否实行闭环管理、不与外界接触？', 'Are staff kept in a closed loop, with no contact outside?'],
            ['ROOM.SINGLE', '隔离管理 Isolation', 'CRITICAL', 'YES_NO', 10, false, '隔离人员是否单人单间居住、不串门？', 'Does each isolated person have a room of their own, with no visits between rooms?'],
            ['TEMP.ISOLATED', '体温检测 Temperature checks', 'MAJOR', 'YES_NO', 8, false, '是否每日两次测量隔离人员体温并记录？', "Are isolated persons' temperatures taken and recorded twice a day?"],
            ['TEST.SCHEDULE', '核酸检测 Testing', 'MAJOR', 'YES_NO', 8, true, '是否按规定频次开展核酸检测并留存结果？', 'Are nucleic-acid tests done at the required frequency, with results kept?'],
            ['WASTE.MEDICAL', '医疗废物 Medical waste', 'MAJOR', 'CHOICE', 8, false, '生活垃圾和医疗废物处置方式', 'How are household and medical waste handled?', { choices: [
                { value: 'AS_MEDICAL', labelZh: '按医疗废物规范收集、转运', labelEn: 'collected and removed as medical waste', compliant: true },
                { value: 'MIXED', labelZh: '混入普通生活垃圾', labelEn: 'mixed with ordinary waste', compliant: false },
                { value: 'UNATTENDED', labelZh: '无专人处置', labelEn: 'nobody in charge', compliant: false },
            ] }],
            DISINFECTION,
            ['VENT.ROOMS', '通风 Ventilation', 'MINOR', 'YES_NO', 4, false, '房间是否定时开窗通风，中央空调回风是否关闭？', 'Are rooms aired at set times, with central air-conditioning recirculation switched off?'],
            STAFF_TEMP,
            ['SUPPLIES.DAYS', '防疫物资 Supplies', 'MINOR', 'NUMBER', 4, false, '口罩、防护服、消毒液等防疫物资储备可用天数', 'Days of masks, protective suits, disinfectant and other supplies in stock', { min: 14, unit: '天 days' }],
            NOTES,
        ],
    },
];
