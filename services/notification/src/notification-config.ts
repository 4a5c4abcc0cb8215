import { ServiceConfig, UploadDeadlineOverridesSetting } from '@mcp/service-runtime';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsInt,
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

  /** A webhook subscription failing this many times in a row is disabled and the admins are told. */
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_FAILURES: number = 20;

  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

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
