import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A page that fails to render (or whose bundle is gone after a deploy) shows what to do instead of
 * leaving an empty app: the header stays, and a reload fetches the current bundles.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('The page failed to render', error);
  }

  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const { t } = useI18n();
  return (
    <div className="card" role="alert">
      <h1>{t('app.crashedTitle')}</h1>
      <p>{t('app.crashed')}</p>
      <p>
        <button type="button" className="button-primary" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </button>
      </p>
    </div>
  );
}
