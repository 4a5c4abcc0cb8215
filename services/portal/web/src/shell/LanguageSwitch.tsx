import { useI18n } from '../i18n/i18n';

/** The one place the language is chosen: the header and the sign-in page both show it. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, lang, setLang } = useI18n();
  return (
    <label className={className}>
      <span className="visually-hidden">{t('header.language')}</span>
      <select value={lang} onChange={(event) => setLang(event.target.value === 'en' ? 'en' : 'id')}>
        <option value="id">Bahasa Indonesia</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
