import { useI18n } from '../i18n/i18n';

export function DevBanner() {
  const { t } = useI18n();
  return (
    <div className="dev-banner" role="note" data-testid="dev-banner">
      <strong aria-hidden="true">⚠</strong> {t('dev.banner')}
    </div>
  );
}
