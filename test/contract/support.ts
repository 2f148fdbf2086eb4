export * from '../../src/contract.js'
export type { MockAws as MockAwsForContract } from '../../src/index.js'
