import { assertMayReadPemda, type AuthPrincipal } from '@mcp/auth';
import { explainPemdaScore, pathToTarget, verifiedValuesOf } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SubIndicatorValueRepository } from '../sub-indicator-values/sub-indicator-value.repository';
import { TargetsService } from '../targets/targets.service';
import { explanationView, PATH_ALGORITHM, pathView, type PathToTargetView, type ScoreExplanationView } from './explanation.view';

@Injectable()
export class ScoreExplanationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
    private readonly values: SubIndicatorValueRepository,
    private readonly targets: TargetsService,
  ) {}

  /** Computed afresh from the decisions in force, with the same functions as the score itself. */
  async explain(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<ScoreExplanationView> {
    const { framework, inForce } = await this.inputs(principal, pemdaCode, year);
    const explanation = explainPemdaScore(framework, inForce);
    return explanationView(pemdaCode, framework.revision, year, explanation, framework.aspects);
  }

  async pathToTarget(principal: AuthPrincipal, pemdaCode: string, year: number): Promise<PathToTargetView> {
    const { framework, inForce } = await this.inputs(principal, pemdaCode, year);
    const verified = verifiedValuesOf(inForce.values());
    const total = explainPemdaScore(framework, inForce).total;
    const target = await this.targets.targetFor(pemdaCode, year);
    return {
      pemdaCode,
      year,
      frameworkRevision: framework.revision,
      targetSource: target.source,
      ...pathView(pathToTarget(framework, verified, total, target.value)),
      algorithm: PATH_ALGORITHM,
    };
  }

  private async inputs(principal: AuthPrincipal, pemdaCode: string, year: number) {
    assertMayReadPemda(principal, pemdaCode);
    await this.referenceData.requirePemda(pemdaCode);
    const { framework } = await this.referenceData.requireFramework(year);
    return { framework, inForce: await this.values.inForce(this.dataSource.manager, pemdaCode, year) };
  }
}
