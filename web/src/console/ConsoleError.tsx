import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../ui/components';

/**
 * A refusal from the hub in the user's language: the code's message and next step, and where the
 * console knows the rule behind a field (console.refusal.<field>), that rule in words.
 */
export function ConsoleError({ error }: { error: { code: string; field?: string; detail?: string } | null }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const key = error.field ? `console.refusal.${error.code}.${error.field.replace(/\.\d+/g, '.n').replaceAll('.', '_')}` : null;
  return (
    <>
      <ErrorNote code={error.code} field={error.field} />
      {error.detail && error.code !== 'INTERNAL_SERVER_ERROR' && (
        <p className="error detail" data-testid="refusal-detail" lang="en">
          {t('console.hubSays')} {error.detail}
        </p>
      )}
      {error.detail && /detention facility standard must stay stricter/.test(error.detail) && (
        <p className="error" data-testid="refusal-reason">
          {t('console.refusal.detentionStricter')}
        </p>
      )}
      {key && i18n.exists(key) && (
        <p className="error" data-testid="refusal-reason">
          {t(key)}
        </p>
      )}
    </>
  );
}
