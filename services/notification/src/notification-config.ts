import { ServiceConfig, UploadDeadlineOverridesSetting } from '@mcp/service-runtime';
import { Transform } from 'class-transformer';
import { isIP } from 'node:net';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

const numberList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => Number(item.trim())) : value;

// Read from `obj`, not `value`: implicit conversion has already made the string "false" true.
// Without the variable, `value` is the property's default.
type TransformInput = { value: unknown; obj: Record<string, unknown>; key: string };

const optionalBoolean = ({ value, obj, key }: TransformInput) => {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw ?? value;
  const word = raw.trim().toLowerCase();
  if (word === '') return undefined;
  return ['true', '1', 'yes'].includes(word) ? true : ['false', '0', 'no'].includes(word) ? false : raw;
};

const hostList = ({ value, obj, key }: TransformInput) => {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw ?? value;
  return raw.split(',').map((host) => host.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
};

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-only-unsubscribe-secret';

// The committed secret would let anyone sign a link that switches off anyone's e-mails.
@ValidatorConstraint({ name: 'unsubscribeSecret' })
class UnsubscribeSecretRule implements ValidatorConstraintInterface {
  validate(secret: unknown, args: ValidationArguments): boolean {
    if ((args.object as NotificationConfig).MCP_ENVIRONMENT !== 'production') return typeof secret === 'string' && secret.length > 0;
    return typeof secret === 'string' && secret !== DEVELOPMENT_UNSUBSCRIBE_SECRET && secret.length >= 32;
  }

  defaultMessage(): string {
    return 'UNSUBSCRIBE_SECRET must be set to a random value of at least 32 characters when MCP_ENVIRONMENT=production: the development default would let anyone forge unsubscribe links';
  }
}

// The switch exists for development and tests (a receiver on 127.0.0.1); production names its
// in-cluster receivers one by one instead, so the metadata endpoint and the database stay out of reach.
@ValidatorConstraint({ name: 'privateWebhookTargetsOutsideProduction' })
class PrivateWebhookTargetsOutsideProduction implements ValidatorConstraintInterface {
  validate(allowed: unknown, args: ValidationArguments): boolean {
    return allowed !== true || (args.object as NotificationConfig).MCP_ENVIRONMENT !== 'production';
  }

  defaultMessage(): string {
    return 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES must not be true when MCP_ENVIRONMENT=production: webhooks could reach loopback, private and link-local addresses (the cloud metadata endpoint, the database); name an in-cluster receiver in WEBHOOK_ALLOWED_PRIVATE_HOSTS instead';
  }
}

// A wildcard, port or scheme would silently match nothing, and the receiver's deliveries would fail.
@ValidatorConstraint({ name: 'allowedPrivateHosts' })
class AllowedPrivateHostsRule implements ValidatorConstraintInterface {
  validate(hosts: unknown): boolean {
    return Array.isArray(hosts) && hosts.every((host) => typeof host === 'string' && (HOST_NAME.test(host) || isIP(host) !== 0));
  }

  defaultMessage(): string {
    return 'WEBHOOK_ALLOWED_PRIVATE_HOSTS must be a comma-separated list of host names (or IP addresses) without scheme, port or wildcard, e.g. dasbor-penerima.mcp.svc.cluster.local';
  }
}

// Belt and braces: inside the inbox's window a redelivered event is stopped twice, by its inbox row
// and by its deliveries' unique key, and pruning must not take the second guard away before the
// first. Past the retention, notices are not written at all (Notifier, #224).
@ValidatorConstraint({ name: 'deliveryRetentionCoversInbox' })
class DeliveryRetentionCoversInbox implements ValidatorConstraintInterface {
  validate(days: unknown, args: ValidationArguments): boolean {
    const inboxHours = (args.object as NotificationConfig).INBOX_RETENTION_HOURS;
    // Not a whole number of days, or no inbox retention to compare with: the other rules say so.
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || typeof inboxHours !== 'number' || Number.isNaN(inboxHours)) return true;
    return days === 0 || days * 24 >= inboxHours;
  }

  defaultMessage(args: ValidationArguments): string {
    const inboxHours = (args.object as NotificationConfig).INBOX_RETENTION_HOURS;
    return (
      `DELIVERY_RETENTION_DAYS must be 0 (keep every delivery) or at least ${Math.ceil(inboxHours / 24)} ` +
      `(INBOX_RETENTION_HOURS=${inboxHours}, in days), so a delivery outlives the inbox's record of its event`
    );
  }
}

export class NotificationConfig extends ServiceConfig {
  /** Where e-mail is handed over; locally the mail catcher `npm run up` starts. */
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL: string = 'smtp://127.0.0.1:1025';

  @IsString()
  MAIL_FROM: string = 'MCP KPK <notifikasi@mcp.kpk.go.id>';

  /** The host part of every Message-ID, so a resend of the same message is recognisable. */
  @IsString()
  MAIL_MESSAGE_ID_DOMAIN: string = 'notification.mcp.kpk.go.id';

  /** Public base URL of this service: unsubscribe links in e-mails point here. */
  @Matches(/^https?:\/\/.+/, { message: 'NOTIFICATION_PUBLIC_URL must be an http(s) URL' })
  NOTIFICATION_PUBLIC_URL: string = 'http://127.0.0.1:3004';

  /** Signs unsubscribe links; production refuses to start without a long random value of its own. */
  @Validate(UnsubscribeSecretRule)
  UNSUBSCRIBE_SECRET: string = DEVELOPMENT_UNSUBSCRIBE_SECRET;

  /**
   * The longest an idle replica waits before looking for due deliveries on its own; 0 switches
   * sending off. A new delivery wakes it at once (NOTIFY) and it sleeps only until the next retry
   * is due, so the look only catches a notice missed while its connection was re-made (#86).
   */
  @IsInt()
  @Min(0)
  DELIVERY_POLL_INTERVAL_MS: number = 30_000;

  /** Deliveries one replica sends per round (in parallel). */
  @IsInt()
  @Min(1)
  @Max(1000)
  DELIVERY_BATCH_SIZE: number = 50;

  /**
   * How long a round's deliveries stay taken while they are sent (#198). It must outlast a round's
   * sends (a batch through 5 SMTP connections, each bounded by its timeouts): a round still sending
   * when it ends may see another replica send the same deliveries again. A replica that dies
   * mid-round leaves its deliveries for this long.
   */
  @IsInt()
  @Min(10_000)
  DELIVERY_LEASE_MS: number = 10 * 60_000;

  /** First retry delay; doubled per attempt, with jitter, up to DELIVERY_RETRY_MAX_MS. */
  @IsInt()
  @Min(1)
  DELIVERY_RETRY_BASE_MS: number = 30_000;

  @IsInt()
  @Min(1)
  DELIVERY_RETRY_MAX_MS: number = 6 * 60 * 60_000;

  /** Attempts before a delivery is given up (12 with the defaults spans about a day). */
  @IsInt()
  @Min(1)
  DELIVERY_MAX_ATTEMPTS: number = 12;

  /**
   * Days a finished delivery (sent, failed or not sent) and its attempts are kept, counted from its
   * creation or its last send, whichever is later; in-app notices are deliveries, so an inbox shows
   * this far back. 0, the default, keeps
   * every one: how long KPK keeps what it told whom is KPK's decision (docs/decisions.md #224). A
   * delivery still being tried is never pruned. Pruned every MESSAGING_PRUNE_INTERVAL_MINUTES.
   */
  @IsInt()
  @Min(0)
  @Validate(DeliveryRetentionCoversInbox)
  DELIVERY_RETENTION_DAYS: number = 0;

  /** A webhook subscription failing this many times in a row is disabled and the admins are told. */
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_FAILURES: number = 20;

  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /**
   * Whether webhooks may reach loopback, private, link-local, CGNAT, multicast and reserved
   * addresses. Unset: yes outside production, no in production (where true is refused).
   * docs/decisions.md #150.
   */
  @Transform(optionalBoolean)
  @IsOptional()
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be true or false' })
  @Validate(PrivateWebhookTargetsOutsideProduction)
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES?: boolean;

  /**
   * Host names whose addresses may be private (RFC 1918, fc00::/7) or CGNAT (100.64.0.0/10) even
   * when private addresses are refused: a receiver inside the cluster. Exact names, no wildcard;
   * loopback, link-local and the rest stay refused for them too.
   */
  @Transform(hostList)
  @Validate(AllowedPrivateHostsRule)
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: string[] = [];

  /**
   * The upload deadline per year when not the framework's: the same variable, and value, as
   * submissions', so reminders count down to the deadline uploads meet (docs/decisions.md #139).
   */
  @UploadDeadlineOverridesSetting()
  UPLOAD_DEADLINES: string[] = [];

  /** Deadline reminders, in days before the upload deadline (H-30, H-7, H-1). */
  @Transform(numberList)
  @ArrayNotEmpty({ message: 'REMINDER_DAYS_BEFORE must list at least one number of days' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  REMINDER_DAYS_BEFORE: number[] = [30, 7, 1];

  /** How often each replica checks for due reminders; 0 switches reminders off. */
  @IsInt()
  @Min(0)
  REMINDER_INTERVAL_MS: number = 60_000;

  /** How often each replica looks at the dead-letter topics; 0 switches the check off. */
  @IsInt()
  @Min(0)
  DEAD_LETTER_CHECK_INTERVAL_MS: number = 60_000;

  /** At most one dead-letter notice per topic in this many minutes; what arrives meanwhile goes into the next. */
  @IsInt()
  @Min(1)
  DEAD_LETTER_NOTICE_MINUTES: number = 60;

  /** The total a reminder's priority list aims at (scoring's DEFAULT_TARGET). */
  @IsInt()
  @Min(0)
  @Max(100)
  REMINDER_TARGET: number = 75;
}
