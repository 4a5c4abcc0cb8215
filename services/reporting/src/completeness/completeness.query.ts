import { AsOfDay } from '../reports/as-of.query';
import { ReportScopeQuery } from '../reports/report-scope.query';

/** A completeness scope, optionally `asOf=2024-10-31`: uploads, withdrawals and decisions before the end of that day (WIB). */
export class CompletenessQuery extends ReportScopeQuery {
  @AsOfDay('The state at the end of that day (WIB): uploads and withdrawals before it, the decision in force then (default: now)')
  asOf?: string;
}
