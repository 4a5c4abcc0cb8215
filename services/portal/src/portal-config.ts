import { ServiceConfig } from '@mcp/service-runtime';
import { Transform } from 'class-transformer';
import {
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

// From the raw variable: implicit conversion would already have made "false" the boolean true.
const booleanFromEnv = ({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['1', 'true', 'yes'].includes(raw.toLowerCase()) : value;
};

@ValidatorConstraint({ name: 'devSignInOutsideProduction' })
class DevSignInOutsideProduction implements ValidatorConstraintInterface {
  validate(enabled: unknown, args: ValidationArguments): boolean {
    return !(enabled === true && (args.object as PortalConfig).MCP_ENVIRONMENT === 'production');
  }

  defaultMessage(): string {
    return 'development sign-in mints tokens with the committed key: set PORTAL_DEV_SIGN_IN=false when MCP_ENVIRONMENT=production';
  }
}

export class PortalConfig extends ServiceConfig {
  /** Where people open the portal; an https URL makes the session cookie Secure. */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PORTAL_PUBLIC_URL must be an http(s) origin without a path, e.g. https://mcp.kpk.go.id' })
  PORTAL_PUBLIC_URL: string = 'http://127.0.0.1:3000';

  /** Choose a role, Pemda or wilayah and get development tokens: until a real identity provider runs. */
  @Transform(booleanFromEnv)
  @IsBoolean()
  @Validate(DevSignInOutsideProduction)
  PORTAL_DEV_SIGN_IN: boolean = true;

  /** A session lasts this long (and never longer than its access token). */
  @IsInt()
  @Min(1)
  @Max(24)
  PORTAL_SESSION_HOURS: number = 8;

  /**
   * Where each service's API is, as `name=url,…` (e.g. `submissions=http://submissions:3001`);
   * a service not listed is reached on 127.0.0.1 at its catalogue port.
   */
  @IsOptional()
  @Matches(/^([a-z-]+=https?:\/\/[^,\s]+)(,[a-z-]+=https?:\/\/[^,\s]+)*$/, {
    message: 'PORTAL_UPSTREAMS must be name=http(s)://host:port pairs separated by commas',
  })
  PORTAL_UPSTREAMS?: string;

  /** The built web app (index.html and assets); defaults to <repo>/dist/portal-web. */
  @IsOptional()
  @IsString()
  PORTAL_WEB_DIR?: string;

  /**
   * The identity provider's issuer (e.g. http://127.0.0.1:8080/realms/mcp): sign-in by
   * authorization code + PKCE at /auth/oidc/start. Unset: only development sign-in (docs/decisions.md #63).
   */
  @IsOptional()
  @Matches(/^https?:\/\/.+[^/]$/, { message: 'PORTAL_OIDC_ISSUER must be the issuer URL without a trailing slash, e.g. http://127.0.0.1:8080/realms/mcp' })
  PORTAL_OIDC_ISSUER?: string;

  /** The portal's client at the identity provider (public, PKCE); its tokens carry it as `azp`. */
  @Matches(/^[\w.:-]+$/, { message: 'PORTAL_OIDC_CLIENT_ID must be a client id such as mcp-portal' })
  PORTAL_OIDC_CLIENT_ID: string = 'mcp-portal';
}
