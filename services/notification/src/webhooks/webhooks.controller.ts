import { auditTrail } from '@mcp/audit-trail';
import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { DeliveryRepository } from '../deliveries/delivery.repository';
import { CreateWebhookDto } from './webhook.dto';
import { newWebhookSecret } from './webhook-signature';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { CreatedWebhookView, deliveryView, ResendQueuedView, subscriptionView, WebhookDeliveryView, WebhookSecretView, WebhookSubscriptionView } from './webhook.view';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types';
import { WebhookTargetPolicy, WebhookTargetRefused } from './webhook-target-policy';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/webhooks')
/**
 * Where KPK's events go is an admin's decision the audit trail keeps: every subscription, secret
 * rotation, re-enabling and resend is recorded with who made it, in the change's own transaction.
 * The secrets themselves never enter the trail.
 */
export class WebhooksController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly clock: Clock,
    private readonly targets: WebhookTargetPolicy,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to event types (optionally one Pemda or province); answers the signing secret once',
    description:
      'In production the URL must be https and resolve to a public address (400 WEBHOOK_TARGET_REFUSED, details.rule https or address); ' +
      'receivers inside the cluster are named in WEBHOOK_ALLOWED_PRIVATE_HOSTS. Every send checks the address again.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookView })
  async create(@CurrentPrincipal() principal: AuthPrincipal, @Body() body: CreateWebhookDto): Promise<CreatedWebhookView> {
    const unknown = body.eventTypes.filter((type) => !WEBHOOK_EVENT_TYPES.includes(type));
    if (unknown.length > 0) {
      throw new DomainError('invalid-input', 'UNKNOWN_EVENT_TYPE', `Jenis event tidak dapat dilanggan: ${unknown.join(', ')}`, {
        subscribable: WEBHOOK_EVENT_TYPES,
      });
    }
    await this.assertTargetAllowed(body.url);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const subscription = { id, url: body.url, eventTypes: body.eventTypes, pemdaCode: body.pemdaCode ?? null, provinceCode: body.provinceCode ?? null };
    await this.dataSource.transaction(async (tx) => {
      await this.subscriptions.create({ ...subscription, secrets: [secret] }, tx);
      await auditTrail.append(tx, {
        actor: principal,
        action: 'webhook.subscribed',
        ...(subscription.pemdaCode ? { pemdaCode: subscription.pemdaCode } : {}),
        ids: { subscriptionId: id },
        details: { url: auditedUrl(subscription.url), eventTypes: subscription.eventTypes, pemdaCode: subscription.pemdaCode, provinceCode: subscription.provinceCode },
      });
    });
    return { ...(await this.view(id)), secret };
  }

  @Get()
  @ApiOperation({ summary: 'Every subscription with its state' })
  @ApiOkResponse({ type: [WebhookSubscriptionView] })
  async list(): Promise<WebhookSubscriptionView[]> {
    return (await this.subscriptions.list()).map(subscriptionView);
  }

  @Post(':id/secrets')
  @ApiOperation({ summary: 'Rotate: a new secret signs from now on, together with the previous one until the next rotation' })
  @ApiCreatedResponse({ type: WebhookSecretView })
  async rotate(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSecretView> {
    const secret = newWebhookSecret();
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.subscriptions.addSecret(id, secret, tx))) throw unknownSubscription(id);
      await auditTrail.append(tx, { actor: principal, action: 'webhook.secret-rotated', ids: { subscriptionId: id } });
    });
    return { secret };
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enable a disabled subscription; its waiting deliveries go out again',
    description: 'Its URL meets the target policy again (400 WEBHOOK_TARGET_REFUSED), as on subscribing.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  async enable(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSubscriptionView> {
    // A subscription made before the policy (or under a looser one) would only fail every delivery.
    const subscription = await this.subscriptions.find(id);
    if (!subscription) throw unknownSubscription(id);
    await this.assertTargetAllowed(subscription.url);
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.subscriptions.enable(id, tx))) throw unknownSubscription(id);
      await auditTrail.append(tx, { actor: principal, action: 'webhook.enabled', ids: { subscriptionId: id }, details: { url: auditedUrl(subscription.url) } });
    });
    return this.view(id);
  }

  /** The send-time check runs again on every connection; this one tells the admin at once. */
  private async assertTargetAllowed(url: string): Promise<void> {
    try {
      await this.targets.check(new URL(url));
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      throw new DomainError('invalid-input', 'WEBHOOK_TARGET_REFUSED', error.message, { rule: error.rule, ...(error.category ? { category: error.category } : {}) });
    }
  }

  private async view(id: string): Promise<WebhookSubscriptionView> {
    const subscription = await this.subscriptions.find(id);
    if (!subscription) throw unknownSubscription(id);
    return subscriptionView(subscription);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: each delivery with its attempts (status code, response time, error)' })
  @ApiOkResponse({ type: [WebhookDeliveryView], description: 'The newest 100' })
  async log(@Param('id', ParseUUIDPipe) id: string): Promise<WebhookDeliveryView[]> {
    if (!(await this.subscriptions.find(id))) throw unknownSubscription(id);
    const deliveries = await this.deliveries.forRecipient('webhook', id, 100);
    return Promise.all(deliveries.map(async (delivery) => deliveryView(delivery, await this.deliveries.attempts(delivery.id))));
  }

  @Post('deliveries/:deliveryId/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send one delivery again now (same webhook-id, so the receiver can recognise it)' })
  @ApiAcceptedResponse({ type: ResendQueuedView })
  async resend(@CurrentPrincipal() principal: AuthPrincipal, @Param('deliveryId', ParseUUIDPipe) deliveryId: string): Promise<ResendQueuedView> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.deliveries.requeue(deliveryId, this.clock.now(), tx))) {
        throw new DomainError('not-found', 'UNKNOWN_DELIVERY', `Pengiriman ${deliveryId} tidak dikenal`);
      }
      await auditTrail.append(tx, { actor: principal, action: 'webhook.delivery-resent', ids: { deliveryId } });
    });
    return { queued: true };
  }
}

/**
 * The receiver as the append-only trail keeps it: origin and path. A user name, password or query
 * (receivers often take `?token=`) would be a credential kept for good.
 */
export function auditedUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

function unknownSubscription(id: string): DomainError {
  return new DomainError('not-found', 'UNKNOWN_WEBHOOK', `Langganan webhook ${id} tidak dikenal`);
}
