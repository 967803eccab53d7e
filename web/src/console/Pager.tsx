import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Previous / next for a cursor-paginated list. `cursors` is the stack of `after` cursors of the
 * pages seen (the first page's is null); the list reads the last one.
 */
export function Pager({ cursors, setCursors, pageInfo }: { cursors: (string | null)[]; setCursors: Dispatch<SetStateAction<(string | null)[]>>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      {cursors.length > 1 && (
        <button type="button" className="button secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('console.prev')}
        </button>
      )}
      {pageInfo?.hasNextPage && (
        <button type="button" className="button secondary" onClick={() => setCursors((c) => [...c, pageInfo.endCursor ?? null])}>
          {t('console.next')}
        </button>
      )}
    </div>
  );
}
