/**
 * `s3-kms-mock/contract` (SPEC §8): the scenarios that prove the mock tells the truth, runnable
 * against the in-process mock, the server, LocalStack, MinIO, any S3 endpoint or AWS itself —
 * from your own suite (`runContract`) or the CLI (`s3-kms-mock contract --target …`).
 * @packageDocumentation
 */
export {
  ALL_CAPABILITIES,
  defineScenario,
  type Capability,
  type CheckOptions,
  type ContractKey,
  type Difference,
  type ExpectedError,
  type ObservedError,
  type Scenario,
  type ScenarioContext,
  type ScenarioOutcome,
  type ScenarioResult,
} from './contract/define.js'
export { contractPassed, formatDifference, formatJson, formatReport } from './contract/report.js'
export {
  compareWithExpectation,
  expectationFrom,
  formatExpectationReport,
  parseExpectation,
  type DeclaredDeviation,
  type EngineExpectation,
  type ExpectationChange,
  type ExpectedOutcome,
} from './contract/expectation.js'
export { runContract, type RunContractOptions, type RunHooks } from './contract/runner.js'
export { scenarios } from './contract/scenarios/index.js'
export type { ContractTarget, TargetSession } from './contract/target.js'
export { inProcessTarget, type InProcessTargetOptions } from './contract/targets/in-process.js'
export { serverTarget, type ServerTargetOptions } from './contract/targets/server.js'
export { localStackTarget, type LocalStackTargetConfig } from './contract/targets/localstack.js'
export { minioTarget } from './contract/targets/minio.js'
export { endpointTarget, type EndpointTargetConfig } from './contract/targets/endpoint.js'
export { awsTarget, type AwsTargetConfig } from './contract/targets/aws.js'
export {
  CONTRACT_ENV,
  CONTRACT_ENV_VARIABLES,
  formatContractEnvHelp,
  type ContractEnvVariable,
} from './contract/targets/env.js'
export { TARGET_NAMES, targetByName, type TargetName } from './contract/targets/index.js'
export {
  recordingHooks,
  replayHooks,
  observeContext,
  type RecordingSession,
  type ReplaySession,
} from './contract/recordings/session.js'
export { compareExchanges, type Comparison } from './contract/recordings/replay/compare.js'
export { DEVIATIONS, type Deviation } from './contract/recordings/deviations.js'
export {
  RECORDING_FORMAT,
  parseRecording,
  type RecordedExchange,
  type Recording,
} from './contract/recordings/format.js'
