import { booleanFromEnv, ServiceConfig } from '@mcp/service-runtime';
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


@ValidatorConstraint({ name: 'devSignInOutsideProduction' })
class DevSignInOutsideProduction implements ValidatorConstraintInterface {
  validate(enabled: unknown, args: ValidationArguments): boolean {
    return !(enabled === true && (args.object as PortalConfig).MCP_ENVIRONMENT === 'production');
  }

  defaultMessage(): string {
    return 'development sign-in mints tokens with the committed key: set PORTAL_DEV_SIGN_IN=false when MCP_ENVIRONMENT=production';
  }
}

/**
 * The identity provider the portal signs people in at must be the one whose tokens the services
 * accept, and reached over https in production: otherwise the portal starts and every sign-in
 * fails (SIGN_IN_FAILED, a warning in a log) or the first one answers 500.
 */
@ValidatorConstraint({ name: 'signInIssuerTheServicesTrust' })
class SignInIssuerTheServicesTrust implements ValidatorConstraintInterface {
  validate(issuer: unknown, args: ValidationArguments): boolean {
    const config = args.object as PortalConfig;
    if (typeof issuer !== 'string') return true;
    return issuer === config.AUTH_ISSUER && !(config.MCP_ENVIRONMENT === 'production' && !issuer.startsWith('https://'));
  }

  defaultMessage(args: ValidationArguments): string {
    const config = args.object as PortalConfig;
    return String(args.value) !== config.AUTH_ISSUER
      ? `PORTAL_OIDC_ISSUER (${String(args.value)}) must equal AUTH_ISSUER (${config.AUTH_ISSUER}): the services accept only that issuer's tokens`
      : 'PORTAL_OIDC_ISSUER must be an https URL when MCP_ENVIRONMENT=production';
  }
}

@ValidatorConstraint({ name: 'signInClientTheServicesTrust' })
class SignInClientTheServicesTrust implements ValidatorConstraintInterface {
  validate(clientId: unknown, args: ValidationArguments): boolean {
    const config = args.object as PortalConfig;
    return !config.PORTAL_OIDC_ISSUER || (Array.isArray(config.AUTH_CLIENTS) && config.AUTH_CLIENTS.includes(String(clientId)));
  }

  defaultMessage(args: ValidationArguments): string {
    return `PORTAL_OIDC_CLIENT_ID (${String(args.value)}) must be one of AUTH_CLIENTS: the services refuse tokens issued to any other client`;
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
  @Validate(SignInIssuerTheServicesTrust)
  PORTAL_OIDC_ISSUER?: string;

  /** The portal's client at the identity provider (public, PKCE); its tokens carry it as `azp`. */
  @Matches(/^[\w.:-]+$/, { message: 'PORTAL_OIDC_CLIENT_ID must be a client id such as mcp-portal' })
  @Validate(SignInClientTheServicesTrust)
  PORTAL_OIDC_CLIENT_ID: string = 'mcp-portal';
}
