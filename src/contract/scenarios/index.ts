import type { Scenario } from '../define.js'

/**
 * Every contract scenario, in the order the report lists them. Each group lives in its own file
 * (kms-*.ts, s3-*.ts) and is spread in here.
 */
export const scenarios: readonly Scenario[] = []
