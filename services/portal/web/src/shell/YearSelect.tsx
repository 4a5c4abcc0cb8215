import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { useYear } from './year';

export function YearSelect() {
  const { t } = useI18n();
  const { year, setYear, years } = useYear();
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{t('common.year')}</label>
      <select id={id} value={year ?? ''} onChange={(event) => setYear(Number(event.target.value))}>
        {year === null && <option value="">…</option>}
        {years.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}
