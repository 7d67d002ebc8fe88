import { makeStyles, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';

/** A failure as the main process sent it: a stable code and the English sentence (with names, hosts). */
export interface ShownError {
  code?: string;
  message: string;
}

export function shownError(err: unknown): ShownError {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code, message } : { message };
}

/** Runs `fn`; a failure becomes a ShownError for `onError`, and the result undefined. */
export async function catchShown<T>(fn: () => Promise<T>, onError: (e: ShownError) => void): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    onError(shownError(err));
    return undefined;
  }
}

type ErrorCode = keyof typeof import('@shared/i18n/locales/en/connect.json')['error']['code'];
// The server's sentence adds nothing a user needs to these (and sign-in's names only what was typed).
const NO_DETAIL = new Set<string>(['AUTH_FAILED', 'CANCELLED']);

/**
 * The sentence to show: in English the main process's own (it names the login, host or file);
 * in another language the catalogue's sentence for the code, with the English kept as detail.
 */
export function useErrorText(): (e: ShownError) => { text: string; detail?: { label: string; english: string } } {
  const { t, i18n } = useTranslation('connect');
  const language = useLanguage();
  return (e) => {
    if (language === 'en') return { text: e.message };
    const key = `error.code.${e.code as ErrorCode}` as const;
    const text = e.code && i18n.exists(`connect:${key}`) ? t(key) : t('error.unknown');
    return e.code && NO_DETAIL.has(e.code) ? { text } : { text, detail: { label: t('error.detail'), english: e.message } };
  };
}

const useStyles = makeStyles({ detail: { display: 'block', marginTop: '4px' } });

/** An error message bar: the translated sentence, and the server's English as a detail line. */
export function ErrorBar({ error }: { error: ShownError | null }) {
  const s = useStyles();
  const describe = useErrorText();
  if (!error) return null;
  const { text, detail } = describe(error);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {text}
        {detail ? <Text size={200} className={s.detail}>{detail.label} <span lang="en">{detail.english}</span></Text> : null}
      </MessageBarBody>
    </MessageBar>
  );
}
