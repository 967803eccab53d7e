import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, loader } from '../../common/loaders';
import { VerificationBatch } from './verification.entity';

export const batchesById = loader((ctx) => new DataLoader<string, VerificationBatch | null>(async (ids) => byKey(ids, await ctx.em.find(VerificationBatch, { where: { id: In([...ids]) } }), (b) => b.id)));
