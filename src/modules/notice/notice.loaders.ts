import DataLoader from 'dataloader';
import { loader } from '../../common/loaders';
import { noticeStatuses, type NoticeStatus } from './notice.service';

/** The rectification notice of each inspection (null: none), for lists such as `inspections { rectificationNotice }`. Not scoped: the resolver applies the read rule. */
export const noticeStatusByInspectionId = loader((ctx) => new DataLoader<string, NoticeStatus | null>((ids) => noticeStatuses(ctx, ids)));
