import i18n from '../i18n';

/** Dates and times are shown in Asia/Shanghai (where the inspections happen), in the user's language. */
export const TIME_ZONE = 'Asia/Shanghai';

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(i18n.language, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(i18n.language, { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(new Date(iso));
}

/** The error's sentence and what to do next, in the user's language (never the server's message). */
export function errorText(code: string, field?: string): { message: string; next: string } {
  const known = i18n.exists(`errors.${code}.message`) ? code : 'INTERNAL_SERVER_ERROR';
  return {
    message: i18n.t(`errors.${known}.message`) + (field && known === 'BAD_USER_INPUT' ? ` (${field})` : ''),
    next: i18n.t(`errors.${known}.next`),
  };
}
